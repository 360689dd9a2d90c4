"""Lead: per bid and area, everything the panel said beside the agreed score and its reason.

The reason is checked (`views.check_consensus_reason`) every time it or the score
changes, before anything is saved; the blended result and the ranking follow each save.
"""

import pandas as pd
import streamlit as st

from app_pages.panel import state as panel_state
from app_pages.shared.robustness_views import show_robustness
from app_pages.shared.tables import show_table
from evaluations import services, views
from evaluations.process import Action
from evaluations.robustness import robustness

BID = "panel_moderate_bid"
VIEW_WORDS = {"agree": "agrees", "concern": "concern", "serious_concern": "SERIOUS CONCERN"}


def key(kind: str, bid: str, criterion: str) -> str:
    return f"panel_mod_{kind}|{bid}|{criterion}"


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


def check(me: dict, bid: str, criterion: str) -> None:
    """Callback on the score or reason: the reason checks, shown before saving."""
    score = st.session_state.get(key("score", bid, criterion))
    reason = st.session_state.get(key("reason", bid, criterion)) or ""
    st.session_state[key("checks", bid, criterion)] = panel_state.read(
        views.check_consensus_reason, me["member_id"], bid, criterion, score, reason)


def save(me: dict, bid: str, criterion: str) -> None:
    score = st.session_state.get(key("score", bid, criterion))
    reason = st.session_state.get(key("reason", bid, criterion)) or ""
    warnings, error = panel_state.attempt(services.moderate, me["member_id"], bid, criterion,
                                          score, reason)
    st.session_state[key("checks", bid, criterion)] = [error] if error else warnings
    st.session_state[key("saved", bid, criterion)] = error is None


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
    if key("score", bid, criterion) not in st.session_state:
        st.session_state[key("score", bid, criterion)] = agreed["score"] if agreed else None
        st.session_state[key("reason", bid, criterion)] = agreed["reason"] if agreed else ""
    options = [0, 1] if cell["criterion_kind"] == "pass_fail" else [0, 1, 2, 3, 4]
    st.radio("Agreed score", options, key=key("score", bid, criterion), horizontal=True,
             on_change=check, args=(me, bid, criterion), disabled=not editable)
    st.text_area("Reason (judge the bid against the criterion, not against other bids)",
                 key=key("reason", bid, criterion), height=140, disabled=not editable,
                 on_change=check, args=(me, bid, criterion))
    checks = st.session_state.get(key("checks", bid, criterion))
    if checks is None and agreed:
        checks = agreed["warnings"]
    if checks:
        for warning in checks:
            st.warning(panel_state.escape(warning[0].upper() + warning[1:]),
                       icon=":material/warning:")
    elif checks is not None:
        st.markdown(":green[:material/check: The reason passes every check.]")
    if editable:
        st.button("Save the agreed score", key=key("save", bid, criterion), type="primary",
                  on_click=save, args=(me, bid, criterion),
                  disabled=st.session_state.get(key("score", bid, criterion)) is None)
    if st.session_state.pop(key("saved", bid, criterion), False):
        st.success("Saved.", icon=":material/check:")
    elif agreed:
        st.caption(f"Agreed so far: {agreed['score']}.")


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


me = panel_state.member()
st.title("Moderation", anchor=False)
editable = panel_state.may(me, Action.moderate)
cells = panel_state.read(views.moderation_view, me["member_id"])
page_scheme = me["scheme"]
kinds = {c["id"]: c["kind"] for c in page_scheme["criteria"]}
titles = {c["id"]: c["title"] for c in page_scheme["criteria"]}
panel_cells = [c | {"criterion_kind": kinds[c["criterion"]]} for c in cells if c["panel_scored"]]
done = sum(c["consensus"] is not None for c in panel_cells)
st.progress(done / len(panel_cells) if panel_cells else 1.0,
            text=f"Agreed: {done} of {len(panel_cells)} bid areas")
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
for cell in (c for c in panel_cells if c["bid"] == chosen):
    with st.container(border=True):
        st.subheader(panel_state.escape(cell["title"]), anchor=False)
        evidence, consensus = st.columns([3, 2], gap="large")
        with evidence:
            evidence_column(cell)
        with consensus:
            consensus_column(me, cell, editable)
ranking_section(me)
if panel_state.may(me, Action.see_robustness) and st.toggle(
        "Test how safe this ranking is: one mark, a weight, an evaluator, an answer",
        key="panel_moderate_robustness",
        help="Works out, from the scores agreed so far, what would change who comes first. "
        "It takes a second or two, so it runs only while this is on."):
    show_robustness(panel_state.read(robustness, me["member_id"]),
                    "How safe is this ranking?")
