"""Lead: per bid and area, everything the panel said beside the agreed score and its reason.

The reason is checked (`views.check_consensus_reason`) every time it or the score
changes, before anything is saved; the blended result and the ranking follow each save.
The score and reason are drawn from the store (their keys carry its version) and saved
against that version: a change made in another window since is refused, never merged.
A reason the tool drafted is marked, and the lead approves it as it stands or rewrites it.
A member the lead named to moderate a bid in their place (the lead's conflict) sees that
bid only.
"""

import pandas as pd
import streamlit as st

from app_pages.panel import state as panel_state
from app_pages.shared.robustness_views import show_robustness
from app_pages.shared.tables import show_table
from evaluations import services, views
from evaluations.process import Action, Refused, Stale
from evaluations.robustness import robustness
from evaluations.versions import NOTHING_SAVED

BID = "panel_moderate_bid"
VIEW_WORDS = {"agree": "agrees", "concern": "concern", "serious_concern": "SERIOUS CONCERN"}


def key(kind: str, bid: str, criterion: str, version: int | None = None) -> str:
    return f"panel_mod_{kind}|{bid}|{criterion}" + ("" if version is None else f"|v{version}")


def progress_grid(cells: list[dict], titles: dict) -> pd.DataFrame:
    """Bid by area: the agreed score, or a dash while it is still to agree."""
    table: dict[str, dict[str, str]] = {}
    for cell in cells:
        if not cell["panel_scored"]:
            continue
        row = table.setdefault(cell["bid"], {"Bid": cell["provider"]})
        agreed = cell["consensus"]
        shown = "still to agree" if agreed is None else str(agreed["score"])
        row[titles[cell["criterion"]]] = shown
    return pd.DataFrame(list(table.values()))


def check(me: dict, bid: str, criterion: str, version: int) -> None:
    """Callback on the score or reason: the reason checks, shown before saving."""
    score = st.session_state.get(key("score", bid, criterion, version))
    reason = st.session_state.get(key("reason", bid, criterion, version)) or ""
    st.session_state[key("checks", bid, criterion)] = panel_state.read(
        views.check_consensus_reason, me["member_id"], bid, criterion, score, reason)


def save(me: dict, bid: str, criterion: str, version: int) -> None:
    score = st.session_state.get(key("score", bid, criterion, version))
    reason = st.session_state.get(key("reason", bid, criterion, version)) or ""
    _record(bid, criterion, services.moderate, me["member_id"], bid, criterion, score, reason,
            expected_version=version)


def approve(me: dict, bid: str, criterion: str, version: int) -> None:
    """Make the draft the panel's, with the reason as the lead has edited it."""
    reason = st.session_state.get(key("reason", bid, criterion, version)) or ""
    _record(bid, criterion, services.approve_reason, me["member_id"], bid, criterion,
            reason=reason, expected_version=version)


def _record(bid: str, criterion: str, service, *args, **kwargs) -> None:
    try:
        warnings = panel_state.change(service, *args, **kwargs)
    except Stale as stale:
        st.session_state[key("said", bid, criterion)] = ("stale", str(stale)[0].upper()
                                                         + str(stale)[1:] + ".")
        st.session_state.pop(key("checks", bid, criterion), None)
        return
    except Refused as refused:
        st.session_state[key("checks", bid, criterion)] = [str(refused)]
        return
    st.session_state[key("checks", bid, criterion)] = warnings
    st.session_state[key("said", bid, criterion)] = ("saved", "Saved.")


def evidence_column(cell: dict) -> None:
    values = [s["score"] for s in cell["scores"]]
    spread = f"spread {cell['spread']}" if cell["spread"] is not None else "no scores"
    st.markdown(f"**Evaluators** ({spread}" + (", :red[2 or more: resolve it]"
                                               if cell["spread_flag"] else "") + ")")
    if values:
        st.markdown("\n".join(f"- **{s['score']}** {panel_state.escape(s['evaluator'])}: "
                               f"{panel_state.escape(s['comment'])}" for s in cell["scores"]))
    rule = cell["rule_score"]
    st.markdown(f"**Rules**: {'not scored' if rule is None else f'{rule:.0f} of 100'}"
                + (", :red[the panel's score disagrees with the rules]"
                   if cell["rules_disagreement"] else ""))
    for flag in cell["flags"]:
        colour = "red" if flag["severity"] == "red" else "orange"
        st.markdown(f"- :{colour}[**{flag['severity'].capitalize()}**] "
                    f"{panel_state.escape(flag['message'])} "
                    f"(workbook {', '.join(flag.get('cells', [])) or 'as a whole'})")
    if cell["service_user_views"]:
        st.markdown("**Service-user panel**")
        for view in cell["service_user_views"]:
            words = VIEW_WORDS[view["view"]]
            mark = f":red[**{words}**]" if view["view"] == "serious_concern" else words
            st.markdown(f"- {mark}: {panel_state.escape(view['comment'] or '(no comment)')}")


def consensus_column(me: dict, cell: dict, editable: bool) -> None:
    bid, criterion = cell["bid"], cell["criterion"]
    agreed = cell["consensus"]
    version = agreed["version"] if agreed else NOTHING_SAVED
    options = [0, 1] if cell["criterion_kind"] == "pass_fail" else [0, 1, 2, 3, 4]
    drafted = bool(agreed) and agreed["reason_status"] == "drafted"
    if drafted:
        st.info("The tool drafted this score and reason from the evaluators' notes. It is "
                "not the panel's until you edit the reason into the panel's own words and "
                "approve it.", icon=":material/edit_note:")
    st.radio("Agreed score", options, key=key("score", bid, criterion, version),
             index=options.index(agreed["score"]) if agreed else None, horizontal=True,
             on_change=check, args=(me, bid, criterion, version), disabled=not editable)
    st.text_area("Reason (judge the bid against the criterion, not against other bids)",
                 value=agreed["reason"] if agreed else "",
                 key=key("reason", bid, criterion, version), height=140,
                 disabled=not editable, on_change=check, args=(me, bid, criterion, version))
    checks = st.session_state.get(key("checks", bid, criterion))
    if checks is None and agreed:
        checks = agreed["warnings"]
    if checks:
        for warning in checks:
            st.warning(panel_state.escape(warning[0].upper() + warning[1:]),
                       icon=":material/warning:")
    elif checks is not None and not drafted:
        st.markdown(":green[:material/check: The reason passes every check.]")
    if editable:
        left, right = st.columns(2)
        left.button("Save the agreed score", key=key("save", bid, criterion, version),
                    type="primary", on_click=save, args=(me, bid, criterion, version))
        if drafted:
            right.button("Approve the draft with my edits",
                         key=key("approve", bid, criterion, version), on_click=approve,
                         args=(me, bid, criterion, version))
    said = st.session_state.pop(key("said", bid, criterion), None)
    if said and said[0] == "stale":
        st.warning(panel_state.escape(said[1]), icon=":material/sync_problem:")
    elif said:
        st.success(said[1], icon=":material/check:")
    elif agreed:
        by = f" by {panel_state.escape(agreed['saved_by'])}" if agreed.get("saved_by") else ""
        st.caption(f"Agreed so far: {agreed['score']}{by}"
                   + (" (drafted, not yet approved)." if drafted else "."))


def ranking_section(me: dict) -> None:
    outcome = panel_state.read(views.decision, me["member_id"])
    st.header("Blended result and ranking so far", anchor=False)
    rows = []
    for entry in outcome["ranking"]:
        row = {"Rank": entry["rank"], "Bid": entry.get("provider", entry["bid"]),
               "Overall": entry.get("overall"),
               "Fails": "; ".join(entry.get("fails", [])) or "nothing"}
        row |= {outcome["criteria"].get(c, c): v
                for c, v in entry.get("criteria", {}).items()}
        rows.append(row)
    show_table(pd.DataFrame(rows))


def stand_in_section(me: dict) -> None:
    """For a lead with a conflict: who moderates each such bid in their place."""
    st.header("Bids you declared a conflict with", anchor=False)
    st.markdown("You do not see these bids, so another member must agree their scores. "
                "Name an evaluator without a conflict with the bid; the choice is recorded "
                "in the audit log and in the moderation record.")
    evaluators = [m["member"] for m in panel_state.read(views.progress, me["member_id"])
                  ["members"] if m["role"] == "evaluator" and not m["removed"]]
    for reference, stand_in in me["stand_ins"].items():
        with st.form(f"panel_stand_in|{reference}"):
            st.markdown(f"**{panel_state.escape(reference)}**: " + (
                f"moderated by {panel_state.escape(stand_in)}." if stand_in else
                "nobody moderates it yet, so the evaluation cannot be decided."))
            chosen = st.selectbox("Evaluator to moderate it", evaluators, index=None,
                                  key=f"panel_stand_in_choice|{reference}")
            named = st.form_submit_button("Name this evaluator")
        if named and chosen:
            _, error = panel_state.attempt(services.assign_moderator, me["member_id"],
                                           reference, chosen)
            if error:
                st.error(panel_state.escape(panel_state.sentence(error)))
            else:
                st.rerun()


def drafting_section(me: dict, missing: int) -> None:
    if not missing:
        return
    st.caption(f"{missing} bid area{'s' if missing != 1 else ''} still without an agreed "
               "score. The tool can draft them from the evaluators' notes for you to approve "
               "or rewrite; a draft is never the panel's until you do.")
    if st.button("Draft the reasons not yet agreed", icon=":material/edit_note:"):
        _, error = panel_state.attempt(services.draft_reasons, me["member_id"])
        if error:
            st.error(panel_state.escape(panel_state.sentence(error)))
        else:
            st.rerun()


me = panel_state.member()
st.title("Moderation", anchor=False)
stand_in = me["role"] != "lead"
editable = panel_state.may(me, Action.moderate) or (stand_in and me["stage"] == "moderation")
if stand_in:
    st.markdown("The lead declared a conflict with the bid below and named you to agree its "
                "scores and reasons in their place.")
    cells = [cell for reference in me["moderates"]
             for cell in panel_state.read(views.moderation_view, me["member_id"], reference)]
else:
    cells = panel_state.read(views.moderation_view, me["member_id"])
page_scheme = me["scheme"]
kinds = {c["id"]: c["kind"] for c in page_scheme["criteria"]}
titles = {c["id"]: c["title"] for c in page_scheme["criteria"]}
panel_cells = [c | {"criterion_kind": kinds[c["criterion"]]} for c in cells if c["panel_scored"]]
done = sum(c["consensus"] is not None for c in panel_cells)
st.progress(done / len(panel_cells) if panel_cells else 1.0,
            text=f"Agreed: {done} of {len(panel_cells)} bid areas")
if not stand_in and editable:
    drafting_section(me, len(panel_cells) - done)
if not stand_in and me["stand_ins"]:
    stand_in_section(me)
with st.expander("Progress across every bid and area", expanded=False):
    show_table(progress_grid(cells, titles))
names = {}
for cell in panel_cells:
    names.setdefault(cell["bid"], cell["provider"])
if not names:
    st.info("There is nothing to moderate.")
    st.stop()
left = {b: sum(c["consensus"] is None for c in panel_cells if c["bid"] == b) for b in names}
chosen = st.selectbox("Bid", list(names), key=BID, format_func=lambda r: f"{names[r]} ({r})")
st.markdown("Still to agree: " + "; ".join(f"{panel_state.escape(names[r])}, {n} "
                                           f"{'area' if n == 1 else 'areas'}"
                                           for r, n in left.items() if n)
            if any(left.values()) else "Every bid and area has an agreed score.")
st.header(panel_state.escape(names[chosen]), anchor=False)
panel_state.reader_notes(next(c["reader_notes"] for c in panel_cells if c["bid"] == chosen))
for cell in (c for c in panel_cells if c["bid"] == chosen):
    with st.container(border=True):
        st.subheader(panel_state.escape(cell["title"]), anchor=False)
        evidence, consensus = st.columns([3, 2], gap="large")
        with evidence:
            evidence_column(cell)
        with consensus:
            consensus_column(me, cell, editable)
if not stand_in:
    ranking_section(me)
if not stand_in and panel_state.may(me, Action.see_robustness) and st.toggle(
        "Test how safe this ranking is: one mark, a weight, an evaluator, an answer",
        key="panel_moderate_robustness",
        help="Works out, from the scores agreed so far, what would change who comes first. "
        "It takes a second or two, so it runs only while this is on."):
    show_robustness(panel_state.read(robustness, me["member_id"]),
                    "How safe is this ranking?")
