"""Why: for any bid and area, every rule with its score, reasons, the cells it read and evidence."""

import streamlit as st

from app_pages.quick import state
from app_pages.shared.present import (
    AREA_NAMES,
    SEVERITY_MEANING,
    SEVERITY_WORD,
    area_description,
    badge,
    bid_labels,
    evidence_lines,
    flag_counts,
    flags_in_order,
    flags_table,
    opened_rule,
    plain,
    readings_table,
    rule_heading,
    rule_reference,
    score_text,
)
from app_pages.shared.tables import reader_notes, show_table
from scoring.glossary import terms_in
from scoring.ranking import minimum_requirements
from scoring.rulebook import Area, Severity

FOCUS_RULE = "why_focus_rule"  # the rule of the flag selected in the flags table


def choose_bid(ranked, labels):
    digests = [entry.report.read.digest for entry in ranked]
    focus = st.session_state.get(state.FOCUS_BID)
    choice = st.selectbox(
        "Bid", digests, index=digests.index(focus) if focus in digests else 0,
        format_func=dict(zip(digests, labels, strict=True)).get, key="why_bid",
        on_change=lambda: (state.focus(st.session_state["why_bid"]),
                           st.session_state.pop(FOCUS_RULE, None),
                           st.session_state.pop("why_flag", None)),
    )
    return ranked[digests.index(choice)]


def open_flag(flags) -> None:
    """Flag-chooser callback: open the area and rule of the flag just chosen."""
    chosen = st.session_state.get("why_flag")
    if chosen is None:
        st.session_state.pop(FOCUS_RULE, None)
        return
    flag = flags[chosen]
    st.session_state[state.FOCUS_AREA] = flag.area.value
    st.session_state["why_area"] = flag.area.value
    st.session_state[FOCUS_RULE] = flag.rule


def all_flags(card) -> None:
    """Every flag, in full (the table wraps), and a chooser that opens a flag's rule."""
    flags = flags_in_order(card)
    with st.expander(f"All {len(flags)} flags in this bid", expanded=True):
        show_table(flags_table(card))
        st.selectbox(
            "Open the rule behind a flag", list(range(len(flags))), index=None,
            format_func=lambda i: f"{SEVERITY_WORD[flags[i].severity]} · "
                                  f"{AREA_NAMES[flags[i].area]}: {flags[i].message}",
            placeholder="Choose a flag", key="why_flag", on_change=lambda: open_flag(flags),
        )


def choose_area(card) -> Area:
    wanted = st.session_state.get(state.FOCUS_AREA)
    if wanted not in {area.value for area in Area}:
        flagged = [flag.area for flag in sorted(card.flags, key=lambda f: f.severity != "red")]
        wanted = (flagged[0] if flagged else Area.balance).value
    choice = st.radio(
        "Area", [area.value for area in Area], index=[a.value for a in Area].index(wanted),
        format_func=lambda value: AREA_NAMES[Area(value)],
        horizontal=True, key="why_area",
        on_change=lambda: st.session_state.update({state.FOCUS_AREA: st.session_state["why_area"]}),
    )
    return Area(choice)


def rule_detail(outcome, scheme) -> None:
    rule, finding = outcome.rule, outcome.finding
    if finding is None:
        st.warning("This rule could not be checked on this bid, so it does not count "
                   "towards the score. Please tell the tool's maintainers.",
                   icon=":material/build:")
    else:
        st.markdown(f"**What we found:** {plain(finding.summary)}")
        for flag in finding.flags:
            st.markdown(
                f"{badge(flag.severity)} ({SEVERITY_MEANING[flag.severity]}): "
                f"{plain(flag.message)}  \n"
                f"Workbook cells: {plain(', '.join(flag.cells))}"
            )
    st.markdown(f"**Why this matters:** {plain(rule.rationale)}")
    st.markdown(f"**What a stronger bid would do:** {plain(rule.stronger_bid)}")
    if scheme.rule_weight(rule.id) != 1:
        st.caption(f"This rule counts {scheme.rule_weight(rule.id):g} times as much as "
                   "others in its area, because the evidence ties it most directly to deaths.")
    readings = readings_table(outcome)
    if not readings.empty:
        st.markdown("**What the workbook said:**")
        show_table(readings)
    st.caption(plain(rule_reference(outcome)))
    st.markdown("**Evidence behind this rule:**")
    for key, citation, found in evidence_lines(outcome):
        st.markdown(f"- {plain(citation)} ({plain(key)})  \n  {plain(found)}")
    words = terms_in(" ".join([rule.title, rule.rationale, rule.stronger_bid,
                               finding.summary if finding else ""]))
    if words:
        st.markdown("**Words used here:**")
        for term in words:
            st.markdown(f"- **{plain(term.term)}**: {plain(term.meaning)}")


st.title("Why these scores?")
ranked = state.ranked()
if not ranked:
    state.stop_for_want_of_bids(
        "Load some bids first; then every score can be traced here to the rule, "
        "the workbook cells and the evidence behind it.")

entry = choose_bid(ranked, bid_labels(ranked))
card = entry.scorecard
summary, counts = st.columns([2, 3])
summary.metric(f"Overall score, rank {entry.rank} of {len(ranked)}", score_text(card.overall))
if not card.passes_gates:
    st.error(plain(f"{minimum_requirements(card)}. It ranks below every bid that meets "
                   "them all."), icon=":material/block:")
    st.caption(plain(f"Minimum-requirement rules failed: {', '.join(card.gates_failed)}"))
counts.markdown(f"**Flags:** {flag_counts(card)}  \n"
                f"{badge(Severity.red)}: {SEVERITY_MEANING[Severity.red]}.  \n"
                f"{badge(Severity.amber)}: {SEVERITY_MEANING[Severity.amber]}.")
if card.flags:
    all_flags(card)
reader_notes(entry.report.warnings)

st.caption(state.ASSUMPTIONS_NOTE)
st.caption("Area scores: " + " · ".join(
    f"{AREA_NAMES[area]} {score_text(card.areas[area])}" for area in Area))
st.header("The rules, one area at a time", anchor=False)
area = choose_area(card)
st.subheader(f"{area_description(area)}: {score_text(card.areas[area])}", anchor=False)
st.caption(f"The {AREA_NAMES[area].lower()} score is the weighted average of the rules "
           "below; a rule that does not apply to this bid is left out. The Glossary "
           "page explains the words.")
scheme = state.scheme()
focus_rule = st.session_state.get(FOCUS_RULE)
outcomes = sorted(card.outcomes_in(area), key=lambda outcome: outcome.rule.id != focus_rule)
if any(outcome.rule.id == focus_rule for outcome in outcomes):
    st.info("The rule behind the flag you selected comes first, open.",
            icon=":material/arrow_downward:")
opened = focus_rule if any(o.rule.id == focus_rule for o in outcomes) else opened_rule(outcomes)
for outcome in outcomes:
    title, icon = rule_heading(outcome)
    with st.expander(title, expanded=outcome.rule.id == opened, icon=icon):
        rule_detail(outcome, scheme)
