"""Lead: the scheme (weights, gates, panel share), the members and their codes, the bids."""

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from app_pages.panel import state as panel_state
from app_pages.shared.present import problems_table
from app_pages.shared.tables import show_table
from evaluations import services, views
from evaluations.criteria import READY_SCHEMES, PanelScheme
from evaluations.process import Action, Role
from scoring.scheme import DEFAULT_GATES
from scoring.words import area_name

READY_NAMES = {"rule_areas": "The six rule areas (default)",
               "psr": "Provider Selection Regime key criteria"}
GATE_WORDS = {gate.rule: gate.requirement for gate in DEFAULT_GATES}
ADDED_ROLES = (Role.evaluator, Role.service_user, Role.observer)


def scheme_section(me: dict, page: dict, editable: bool) -> None:
    st.header("The scheme", anchor=False)
    scheme = PanelScheme.model_validate(_scheme_json(page))
    if not editable:
        st.caption("The scheme was frozen when scoring opened.")
    if editable:
        ready = st.selectbox("Start from", list(READY_SCHEMES), format_func=READY_NAMES.get,
                             key="panel_ready_scheme", index=None,
                             placeholder="Keep the scheme below")
        if ready and st.button("Use this ready-made scheme"):
            _save_scheme(me, READY_SCHEMES[ready]())
    table = pd.DataFrame([{"id": c.id, "Criterion": c.title, "Weight": c.weight,
                           "Panel share": c.panel_share, "Fed by rule areas":
                               "; ".join(area_name(a.value) for a in c.areas) or "panel only"}
                          for c in scheme.criteria])
    st.markdown("**Panel share** is how much of a criterion's score is the panel's agreed "
                "score; the rest is the rules'. 0 means the rules alone decide it.")
    edited = st.data_editor(
        table, hide_index=True, width="stretch", disabled=not editable,
        column_order=("Criterion", "Weight", "Panel share", "Fed by rule areas"),
        column_config={
            "Criterion": st.column_config.TextColumn(disabled=True),
            "Fed by rule areas": st.column_config.TextColumn(disabled=True),
            "Weight": st.column_config.NumberColumn(min_value=0, max_value=100, step=1),
            "Panel share": st.column_config.NumberColumn(
                min_value=0.0, max_value=1.0, step=0.05),
        }, key="panel_scheme_table")
    gates = st.multiselect(
        "Minimum requirements (gates): a bid failing one ranks below every bid that passes",
        list(GATE_WORDS), default=[g for g in scheme.gates if g in GATE_WORDS],
        format_func=lambda rule: f"{GATE_WORDS[rule]} ({rule})", disabled=not editable)
    if editable and st.button("Save the scheme", type="primary"):
        weights = dict(zip(edited["id"], edited["Weight"], strict=True))
        shares = dict(zip(edited["id"], edited["Panel share"], strict=True))
        try:
            new = scheme.model_copy(update={
                "gates": tuple(gates),
                "criteria": tuple(c.model_copy(update={
                    "weight": float(weights[c.id]), "panel_share": float(shares[c.id])})
                    for c in scheme.criteria)})
            new = PanelScheme.model_validate(new.model_dump())
        except ValidationError as invalid:
            st.error("; ".join(e["msg"].removeprefix("Value error, ")
                               for e in invalid.errors()))
            return
        _save_scheme(me, new)


def _scheme_json(page: dict) -> dict:
    summary = page["scheme"]
    return {"name": summary["name"], "gates": summary["gates"],
            "headings": summary["headings"],
            "criteria": [{"id": c["id"], "title": c["title"], "weight": c["weight"],
                          "kind": c["kind"], "areas": c["rule_areas"],
                          "panel_share": c["panel_share"], "heading": c["heading"],
                          "key_criterion": c["key_criterion"]}
                         for c in summary["criteria"]]}


def _save_scheme(me: dict, scheme: PanelScheme) -> None:
    _, error = panel_state.attempt(services.set_scheme, me["member_id"], scheme)
    if error:
        st.error(panel_state.escape(panel_state.sentence(error)))
    else:
        st.toast("Scheme saved", icon=":material/check:")
        st.rerun()


def members_section(me: dict, editable: bool) -> None:
    st.header("The panel", anchor=False)
    progress = panel_state.read(views.progress, me["member_id"])
    show_table(pd.DataFrame([{
        "Member": m["member"], "Role": panel_state.ROLE_WORDS[m["role"]],
        "Removed": "yes" if m["removed"] else "no"} for m in progress["members"]]))
    panel_state.show_new_codes()
    manage_members(me, progress)
    if not editable:
        return
    with st.form("panel_add_member", clear_on_submit=True):
        st.markdown("**Add a member**")
        name = st.text_input("Name")
        role = st.radio("Role", ADDED_ROLES, format_func=panel_state.ROLE_WORDS.get,
                        horizontal=True)
        email = st.text_input("E-mail (optional: for sign-in with your organisation's account)")
        added = st.form_submit_button("Add and issue a code", type="primary")
    if added:
        result, error = panel_state.attempt(services.add_member, me["member_id"], name, role,
                                            email.strip() or None)
        if error:
            st.error(panel_state.escape(panel_state.sentence(error)))
            return
        st.session_state[panel_state.NEW_CODES] = [*st.session_state.get(panel_state.NEW_CODES, []),
                                       {"member": name.strip(), "role": role.value,
                                        "code": result[1]}]
        st.rerun()


def confirmed(flag: str, question: str, yes: str) -> bool:
    """A question with Yes and Cancel under it; True once Yes is pressed."""
    with st.container(border=True):
        st.warning(question, icon=":material/help:")
        left, right = st.columns(2)
        agreed = left.button(yes, type="primary", key=f"{flag}_yes")
        right.button("Cancel", key=f"{flag}_no", on_click=lambda: st.session_state.pop(flag))
    if agreed:
        st.session_state.pop(flag, None)
    return agreed


def done(error: str | None) -> None:
    if error:
        st.error(panel_state.escape(panel_state.sentence(error)))
    else:
        st.rerun()


def manage_members(me: dict, progress: dict) -> None:
    """Reissue a lost code (the old one stops working) or remove a member."""
    others = [m["member"] for m in progress["members"]
              if not m["removed"] and m["role"] != Role.lead.value]
    if not others:
        return
    removing = "panel_confirm_remove"
    with st.expander("Reissue a lost code, or remove a member",
                     expanded=removing in st.session_state):
        name = st.selectbox("Member", others, index=None, key="panel_manage_member")
        left, right = st.columns(2)
        if left.button("Issue a new code", disabled=name is None, key="panel_reissue"):
            code, error = panel_state.attempt(services.issue_code, me["member_id"], name)
            if not error:
                role = next(m["role"] for m in progress["members"] if m["member"] == name)
                st.session_state[panel_state.NEW_CODES] = [
                    *st.session_state.get(panel_state.NEW_CODES, []),
                    {"member": name, "role": role, "code": code}]
            done(error)
        if panel_state.may(me, Action.remove_member) and right.button(
                "Remove from the panel…", disabled=name is None, key="panel_remove"):
            st.session_state[removing] = name
        st.caption("A new code ends the member's old code and any session it opened.")
        target = st.session_state.get(removing)
        if target and confirmed(removing, f"**Remove {panel_state.escape(target)}?** Their "
                                "code stops working and they are signed out at their next "
                                "click. Scores they have not submitted do not count. This "
                                "is logged and cannot be undone.", f"Yes, remove {target}"):
            done(panel_state.attempt(services.remove_member, me["member_id"], target)[1])


def withdraw_bids(me: dict, bids: list[dict]) -> None:
    withdrawing = "panel_confirm_withdraw"
    with st.expander("Withdraw a bid", expanded=withdrawing in st.session_state):
        names = {b["reference"]: b["provider"] for b in bids}
        chosen = st.selectbox("Bid", list(names), index=None, key="panel_withdraw_bid",
                              format_func=lambda r: f"{names[r]} ({r})")
        if st.button("Withdraw this bid…", disabled=chosen is None, key="panel_withdraw"):
            st.session_state[withdrawing] = chosen
        target = st.session_state.get(withdrawing)
        if target and confirmed(withdrawing, f"**Withdraw {panel_state.escape(target)}?** "
                                "It is no longer scored, moderated or ranked; its file and "
                                "digest stay in the record. This is logged.",
                                "Yes, withdraw it"):
            done(panel_state.attempt(services.withdraw_bid, me["member_id"], target)[1])


def bids_section(me: dict, page: dict, editable: bool) -> None:
    st.header("The bids", anchor=False)
    bids = page.get("bids", [])
    if bids:
        show_table(pd.DataFrame([{"Reference": b["reference"], "Provider": b["provider"],
                                  "File": b["file"], "SHA-256": b["sha256"][:16] + "…"}
                                 for b in bids]))
    elif not page.get("declared", True):
        st.info("Declare your interests to see the bids you added.")
    if not editable:
        return
    if bids and panel_state.may(me, Action.withdraw_bid):
        withdraw_bids(me, bids)
    generation = st.session_state.setdefault("panel_bid_uploader", 0)
    files = st.file_uploader("Add bid workbooks (.xlsx)", type=["xlsx", "xlsm", "xls", "csv"],
                             accept_multiple_files=True, key=f"panel_bids_{generation}")
    if files and st.button("Add these bids", type="primary"):
        outcomes = []
        for file in files:
            data = file.getvalue()
            report = panel_state.read_and_score(data, file.name)
            added, error = panel_state.attempt(services.add_bid, me["member_id"], data,
                                               file.name, report)
            outcomes.append((file.name, added, error))
        st.session_state["panel_bid_outcomes"] = outcomes
        st.session_state["panel_bid_uploader"] = generation + 1
        st.rerun()
    for name, added, error in st.session_state.get("panel_bid_outcomes", []):
        if error:
            st.error(panel_state.escape(f"{name}: {error}"))
        elif added.accepted:
            st.success(panel_state.escape(f"{name}: added as {added.report.provider}"),
                       icon=":material/check:")
        else:
            st.error(panel_state.escape(f"{name}: refused. " + (
                added.refusal or "Fix these problems in the workbook and add it again:")),
                     icon=":material/block:")
            if added.report.errors:
                show_table(problems_table(added.report.errors))


me = panel_state.member()
page = panel_state.read(views.show, me["member_id"])
editable = panel_state.may(me, Action.set_scheme)
st.title("Set up the evaluation", anchor=False)
st.markdown(f"**{panel_state.escape(me['name'])}**, stage: **{panel_state.stage_words(me)}**.")
if editable:
    st.caption("Everything here can change until scoring opens; then the scheme, the "
               "panel and the bids freeze. Move stages on *Progress and stages*.")
scheme_section(me, page, editable)
members_section(me, editable)
bids_section(me, page, editable)
