"""The award details as a form drawn from `evaluations.details.AwardDetails` itself.

Every field of the model (and of the models inside it) becomes a widget by its type, so a
field added to the model appears here without a change to this page: text, numbers, dates,
yes/no, a list of names (one a line), a table for a list of records, and one input per
criterion, member or bid for the tables keyed by them. Values the store already knows are
filled in (the contract's title is the evaluation's name; keys are the evaluation's own
criteria, members and bids). A value the model refuses comes back as words naming the field.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import pandas as pd
import streamlit as st
from pydantic import BaseModel, ValidationError

from evaluations.details import AwardDetails

# which of the evaluation's own names a table's keys are (other tables: free keys)
KEYED_BY = {"importance_reasons": "criteria", "conflict_actions": "conflicted",
            "job_titles": "members", "providers": "bids"}
LONG_TEXT = ("reason", "process", "description", "details", "response", "answer",
             "evidence", "point", "text")
LABELS = {"cpv_code": "CPV code", "scheme_full_text_at": "Where the full scheme can be read",
          "lifetime_value": "Lifetime value (£, approximate)", "decided_by":
          "The decision-makers (one a line: name and job title, or the committee)",
          "importance_reasons": "Why each criterion weighs what it does",
          "conflict_actions": "How each declared conflict was managed",
          "selection_reasons": "The decision-makers' reasons for selecting the provider",
          "responses": "The panel's response to each serious service-user concern"}
ERROR_WORDS = {
    "greater_than_equal": "must be {ge} or more",
    "less_than_equal": "must be {le} or less",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "date_parsing": "must be a date",
    "date_from_datetime_parsing": "must be a date",
    "date_type": "must be a date",
    "missing": "is needed",
    "extra_forbidden": "is not one of the award details",
    "string_type": "must be text",
    "bool_parsing": "must be yes or no",
    "bool_type": "must be yes or no",
    "literal_error": "must be one of {expected}",
}


@dataclass
class Known:
    """What the store knows that the form can offer or fill in."""

    name: str = ""
    criteria: dict[str, str] = field(default_factory=dict)  # id -> title
    members: dict[str, str] = field(default_factory=dict)  # name -> role in words
    conflicted: dict[str, str] = field(default_factory=dict)  # name -> conflicts in words
    bids: dict[str, str] = field(default_factory=dict)  # reference -> provider
    concerns: list[tuple[str, str]] = field(default_factory=list)  # (bid, criterion)

    def keys(self, name: str) -> dict[str, str] | None:
        domain = KEYED_BY.get(name)
        return None if domain is None else getattr(self, domain)


def label(name: str) -> str:
    return LABELS.get(name, name.replace("_", " ").capitalize())


def error_words(error: ValidationError) -> list[str]:
    """Each problem as a sentence naming the field, never the library's own report."""
    found = []
    for problem in error.errors(include_url=False):
        where = " › ".join(label(part) if isinstance(part, str) else f"row {part + 1}"
                           for part in problem["loc"]) or "The award details"
        words = ERROR_WORDS.get(problem["type"])
        try:
            said = words.format(**problem.get("ctx", {})) if words else problem["msg"]
        except (KeyError, IndexError):
            said = problem["msg"]
        found.append(f"{where}: {said}.")
    return found


def _optional(annotation: Any) -> Any:
    """`X | None` → X (anything else as it is)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        kinds = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(kinds) == 1:
            return kinds[0]
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _long(name: str) -> bool:
    return any(word in name for word in LONG_TEXT)


def draw_model(model: type[BaseModel], value: BaseModel, path: str, known: Known
               ) -> dict[str, Any]:
    """A widget per field of `model`; what they hold now, as the model's data."""
    drawn = {}
    for name, info in model.model_fields.items():
        current = getattr(value, name)
        drawn[name] = draw_field(name, info.annotation, current, f"{path}.{name}", known,
                                 info.description)
    return drawn


def draw_field(name: str, annotation: Any, current: Any, path: str, known: Known,
               help_text: str | None = None) -> Any:
    kind = _optional(annotation)
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    title = label(name)
    if _is_model(kind):
        with st.container(border=True):
            st.markdown(f"**{title}**")
            return draw_model(kind, current, path, known)
    if kind is bool:
        return st.checkbox(title, value=bool(current), key=path, help=help_text)
    if kind is int or kind is float:
        return st.number_input(title, value=current, min_value=0 if kind is int else None,
                               step=1 if kind is int else None, key=path, help=help_text)
    if kind is date:
        return st.date_input(title, value=current, key=path, format="DD/MM/YYYY",
                             help=help_text)
    if origin is Literal:
        return st.selectbox(title, list(args), index=list(args).index(current)
                            if current in args else None, key=path, help=help_text)
    if origin is tuple and args and args[0] is str:
        text = st.text_area(title, value="\n".join(current), key=path, height=90,
                            help=help_text or "One a line.")
        return [line.strip() for line in text.splitlines() if line.strip()]
    if origin is tuple and args and _is_model(args[0]):
        return _table(name, args[0], current, path, known)
    if origin is dict and args and args[0] is str:
        return _keyed(name, args[1], current, path, known)
    if kind is str:
        if _long(name):
            return st.text_area(title, value=current, key=path, height=100, help=help_text)
        return st.text_input(title, value=current, key=path, help=help_text)
    st.caption(f"{title}: set this with the command line's `details` verb.")
    return current


def _keyed(name: str, value_type: Any, current: dict, path: str, known: Known) -> dict:
    """One input per criterion, member or bid; free keys when the table has no domain."""
    keys = known.keys(name)
    st.markdown(f"**{label(name)}**")
    if keys is None:
        rows = pd.DataFrame([{"Name": k, "Value": v} for k, v in current.items()]
                            or [{"Name": "", "Value": ""}])
        edited = st.data_editor(rows, key=path, num_rows="dynamic", hide_index=True,
                                width="stretch")
        return {str(r["Name"]).strip(): str(r["Value"] or "").strip()
                for r in edited.to_dict("records") if str(r["Name"] or "").strip()}
    if not keys:
        st.caption("Nothing to fill in for this evaluation.")
        return {}
    drawn = {}
    for key, words in keys.items():
        if _is_model(value_type):
            with st.expander(f"{words} ({key})" if words != key else key):
                value = current.get(key) or value_type()
                drawn[key] = draw_model(value_type, value, f"{path}.{key}", known)
        else:
            typed = st.text_input(f"{key}: {words}" if words else key,
                                  value=current.get(key, ""), key=f"{path}.{key}")
            if typed.strip():
                drawn[key] = typed.strip()
    return drawn


def _table(name: str, row_type: type[BaseModel], current: tuple, path: str,
           known: Known) -> list[dict]:
    """A list of records as an editable table, one column per field of the record."""
    fields = row_type.model_fields
    rows = [row.model_dump(mode="json") for row in current]
    if name == "responses":  # a row ready for each serious concern not yet answered
        answered = {(r["bid"], r["criterion"]) for r in rows}
        rows += [{"bid": b, "criterion": c, "response": ""} for b, c in known.concerns
                 if (b, c) not in answered]
    config = {}
    for field_name, info in fields.items():
        kind = _optional(info.annotation)
        if kind is bool:
            config[field_name] = st.column_config.CheckboxColumn(label(field_name))
        elif typing.get_origin(kind) is Literal:
            config[field_name] = st.column_config.SelectboxColumn(
                label(field_name), options=list(typing.get_args(kind)))
        elif field_name == "bid" and known.bids:
            config[field_name] = st.column_config.SelectboxColumn(
                "Bid", options=list(known.bids))
        elif field_name == "criterion" and known.criteria:
            config[field_name] = st.column_config.SelectboxColumn(
                "Criterion", options=list(known.criteria))
        else:
            config[field_name] = st.column_config.TextColumn(label(field_name))
    frame = pd.DataFrame(rows, columns=list(fields))
    st.markdown(f"**{label(name)}**")
    edited = st.data_editor(frame, key=path, num_rows="dynamic", hide_index=True,
                            width="stretch", column_config=config)
    kept = []
    for row in edited.to_dict("records"):
        cleaned = {k: v for k, v in row.items() if v is not None and not (
            isinstance(v, float) and pd.isna(v)) and v != ""}
        if any(isinstance(v, str) and v.strip() for v in cleaned.values()):
            kept.append(cleaned)
    return kept


def award_details_form(details: AwardDetails, version: int, known: Known,
                       drafted_selection: str = "", evaluation: int = 0
                       ) -> dict[str, Any] | None:
    """The whole form; the values typed when *Save the award details* is pressed, else None.

    The widgets' keys carry the evaluation and the stored version, so after any save (here
    or elsewhere) the form is drawn again from what the store holds, and never shows what
    was typed for another evaluation.
    """
    filled = details.model_copy(update={
        "contract": details.contract.model_copy(
            update={"title": details.contract.title or known.name}),
        "selection_reasons": details.selection_reasons or drafted_selection})
    scope = f"panel_award|{evaluation}|v{version}"
    with st.form(scope, border=False):
        drawn = draw_model(AwardDetails, filled, scope, known)
        if drafted_selection and not details.selection_reasons:
            st.caption("The reasons for selecting the provider above were drafted from the "
                       "panel's agreed reasons: saving them here approves them as the "
                       "decision-makers' own words.")
        sent = st.form_submit_button("Save the award details", type="primary",
                                     icon=":material/save:")
    return drawn if sent else None
