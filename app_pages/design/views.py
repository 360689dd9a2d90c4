"""A payment design as the tables and words the Design page shows, and back.

Pure functions with no Streamlit calls. Categories, cohorts, measures, units and
consequences are shown in words ("Successful completion"), never as the workbook's
codes; `design_from_tables` turns the edited tables back into a `Design`, or into
what is wrong with them, in words.
"""

from __future__ import annotations

import io
import math
from enum import StrEnum
from typing import Any

import pandas as pd
from pydantic import ValidationError

from scoring.design import DesignCheck
from scoring.models import (
    TEMPLATE_VERSION,
    Cohort,
    Consequence,
    Design,
    DesignOverview,
    Measure,
    PaymentCategory,
    PaymentLine,
    Target,
    Unit,
)
from scoring.rulebook import Severity, words
from templates.bid_workbook import design_workbook

PAYMENT_COLUMNS = ["Outcome", "Paid for", "Share %", "Window months", "Clawback", "Cohort"]
TARGET_COLUMNS = ["KPI", "Measure", "Target", "Unit", "Cohort", "Consequence"]
TERMS = {  # the Bid sheet's contract and cohort figures, as the page asks for them
    "contract_annual_value_gbp": "Annual contract value (£)",
    "contract_term_years": "Contract term (years)",
    "cohort_in_treatment": "People in treatment at the start",
    "cohort_opiate_clients": "Of whom opiate clients",
    "cohort_long_term_ost_clients": "Of whom on OST for two years or more",
}
SAFEGUARDS = {
    "payment_case_mix_adjusted": "Outcome prices adjusted for how complex clients are",
    "payment_independent_assessment": "Outcomes assessed by someone other than the provider",
    "payment_stepped_triggers": "Outcome payments rise in steps, not all-or-nothing",
}
BLANK_TERMS = {"contract_annual_value_gbp": 3_000_000.0, "contract_term_years": 5.0,
               "cohort_in_treatment": 1_000.0, "cohort_opiate_clients": 600.0,
               "cohort_long_term_ost_clients": 300.0}


def in_words(value: StrEnum) -> str:
    """An enum value as the page shows it: `successful_completion` -> 'Successful completion'."""
    text = words(value)
    return text[:1].upper() + text[1:]


def _choices(enum: type[StrEnum]) -> dict[str, StrEnum]:
    return {in_words(member): member for member in enum}


CATEGORIES = _choices(PaymentCategory)
COHORTS = _choices(Cohort)
MEASURES = _choices(Measure)
UNITS = _choices(Unit)
CONSEQUENCES = _choices(Consequence)


def blank_design() -> Design:
    """A design to start from: all of a middling contract in a block payment."""
    return Design(
        overview=DesignOverview(template_version=TEMPLATE_VERSION, **BLANK_TERMS),
        payment_lines=[PaymentLine(outcome="Core service", category=PaymentCategory.block,
                                   share_pct=100)],
    )


def payment_table(design: Design) -> pd.DataFrame:
    return pd.DataFrame([{
        "Outcome": line.outcome,
        "Paid for": in_words(line.category),
        "Share %": line.share_pct,
        "Window months": line.window_months,
        "Clawback": line.clawback,
        "Cohort": in_words(line.cohort),
    } for line in design.payment_lines], columns=PAYMENT_COLUMNS)


def targets_table(design: Design) -> pd.DataFrame:
    return pd.DataFrame([{
        "KPI": target.kpi,
        "Measure": in_words(target.measure),
        "Target": target.target,
        "Unit": in_words(target.unit),
        "Cohort": in_words(target.cohort),
        "Consequence": in_words(target.consequence),
    } for target in design.targets], columns=TARGET_COLUMNS)


def terms_of(design: Design) -> dict[str, Any]:
    """The contract, cohort and safeguard answers, by field name."""
    return {name: getattr(design.overview, name) for name in (*TERMS, *SAFEGUARDS)}


def design_from_tables(terms: dict[str, Any], payment: pd.DataFrame,
                       targets: pd.DataFrame) -> tuple[Design | None, list[str]]:
    """The edited tables as a design, or what is wrong with them in words."""
    lines = [_row(record, {
        "outcome": "Outcome", "share_pct": "Share %", "window_months": "Window months",
        "clawback": "Clawback"}, category=CATEGORIES, cohort=COHORTS)
        for record in _records(payment)]
    goals = [_row(record, {"kpi": "KPI", "target": "Target"}, measure=MEASURES,
                  unit=UNITS, cohort=COHORTS, consequence=CONSEQUENCES)
             for record in _records(targets)]
    try:
        design = Design.model_validate({
            "overview": {"template_version": TEMPLATE_VERSION, **terms},
            "payment_lines": [line for line in lines if line],
            "targets": [goal for goal in goals if goal],
        })
    except ValidationError as invalid:
        return None, [_problem(error) for error in invalid.errors(include_url=False)]
    return design, []


def flag_rows(check: DesignCheck) -> list[tuple[Severity, str]]:
    """Each flag as (severity, message), red first: the message says it in words."""
    ordered = sorted(check.flags, key=lambda flag: flag.severity != Severity.red)
    return [(flag.severity, flag.message) for flag in ordered]


def workbook_bytes(design: Design, for_bidders: bool = False) -> bytes:
    buffer = io.BytesIO()
    design_workbook(design, for_bidders).save(buffer)
    return buffer.getvalue()


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    return [{key: None if _blank(value) else value for key, value in record.items()}
            for record in table.to_dict("records")]


def _blank(value: Any) -> bool:
    return (value is None or (isinstance(value, float) and math.isnan(value))
            or (isinstance(value, str) and not value.strip()))


def _row(record: dict[str, Any], plain: dict[str, str],
         **choices: dict[str, StrEnum]) -> dict[str, Any] | None:
    """A table row for the model: words turned back into the workbook's values."""
    if all(value is None for value in record.values()):
        return None  # an empty row the editor added
    row = {field: record.get(column) for field, column in plain.items()}
    header = {"category": "Paid for", "cohort": "Cohort", "measure": "Measure",
              "unit": "Unit", "consequence": "Consequence"}
    for field, options in choices.items():
        chosen = record.get(header[field])
        row[field] = options.get(chosen, chosen)
    return {field: value for field, value in row.items() if value is not None}


def _problem(error: dict[str, Any]) -> str:
    location = error["loc"]
    message = ("a value is needed" if error["type"] == "missing"
               else error["msg"].removeprefix("Value error, "))
    if location[:1] == ("payment_lines",) and len(location) == 1:
        return f"Payment: {message}"
    if location[:1] in (("payment_lines",), ("targets",)) and len(location) >= 3:
        table, model = (("Payment", PaymentLine) if location[0] == "payment_lines"
                        else ("Targets", Target))
        column = model.label(location[2]) if location[2] in model.model_fields else location[2]
        column = {"Category": "Paid for"}.get(column, column)
        return f"{table}, row {location[1] + 1}, {column}: {message}"
    if location[:1] == ("overview",):
        names = {**TERMS, **SAFEGUARDS}
        field = location[1] if len(location) > 1 else ""
        return f"{names.get(field, 'Contract')}: {message}"
    return message
