"""Weights: change how much each area counts, see the ranking move, and test its stability."""

import pandas as pd
import streamlit as st

from app_pages.quick import state
from app_pages.shared.present import AREA_NAMES, bid_labels, plain
from app_pages.shared.tables import show_table
from scoring.ranking import minimum_requirements, ranking, top_bid_sensitivity
from scoring.rulebook import Area
from scoring.scheme import DEFAULT_AREA_WEIGHTS, DEFAULT_SCHEME

SPREAD = 10
MAX_WEIGHT = 100


def widget_key(area: Area) -> str:
    return f"weight_{area.value}"


def keep_weights() -> None:
    """Weight-input callback: keep all six inputs if they make a valid scheme."""
    chosen = {area: float(st.session_state[widget_key(area)]) for area in Area}
    problem = state.set_weights(chosen)
    st.session_state["weights_problem"] = problem
    if problem:  # the fields show the weights still in force, not the refused ones
        for area, weight in state.weights().items():
            st.session_state[widget_key(area)] = weight


def reset_weights() -> None:
    state.set_weights(dict(DEFAULT_AREA_WEIGHTS))
    for area in Area:
        st.session_state[widget_key(area)] = float(DEFAULT_AREA_WEIGHTS[area])
    st.session_state["weights_problem"] = None


def weight_inputs() -> None:
    kept = state.weights()
    columns = st.columns(3)
    for index, area in enumerate(Area):
        st.session_state.setdefault(widget_key(area), kept[area])
        columns[index % 3].number_input(
            f"{AREA_NAMES[area]} (published: {DEFAULT_AREA_WEIGHTS[area]:g})",
            min_value=0.0, max_value=float(MAX_WEIGHT), step=5.0, format="%g",
            key=widget_key(area), on_change=keep_weights,
        )
    problem = st.session_state.get("weights_problem")
    if problem:
        st.error(f"Those weights cannot be used: {problem}. The fields show the weights "
                 "still in force.", icon=":material/error:")
    st.button("Reset to the published weights", on_click=reset_weights,
              icon=":material/restart_alt:", disabled=not state.weights_changed())


def ranking_table(ranked, labels) -> None:
    published = {entry.report.read.digest: entry.rank
                 for entry in ranking(state.reports(), DEFAULT_SCHEME)}
    rows = []
    for entry, label in zip(ranked, labels, strict=True):
        before = published[entry.report.read.digest]
        moved = before - entry.rank
        rows.append({
            "Rank": entry.rank,
            "Provider": label,
            "Overall": entry.scorecard.overall,
            "Rank with published weights": before,
            "Change": "no change" if not moved else
                      f"▲ up {moved}" if moved > 0 else f"▼ down {-moved}",
            "Minimum requirements": minimum_requirements(entry.scorecard),
        })
    show_table(pd.DataFrame(rows))


def sensitivity(ranked, labels) -> None:
    weights = state.weights()
    results = top_bid_sensitivity(ranked, weights, SPREAD)
    leaders = [labels[i] for i, entry in enumerate(ranked) if entry.rank == 1]
    holds = all(result.top_holds for result in results)
    top = " and ".join(leaders)
    if holds:
        st.success(f"Stable: {plain(top)} stays first however any one weight moves "
                   f"within {SPREAD} points either way.", icon=":material/verified:")
    else:
        st.warning(f"Sensitive: a different bid would come first if one of the weights "
                   f"below moved by {SPREAD} points or less.", icon=":material/warning:")
    rows = []
    for result in results:
        changes = "; ".join(
            f"at {change.weight:g}, {' and '.join(labels[i] for i in change.leaders)} "
            "would come first"
            for change in result.changes
        )
        rows.append({
            "Area": AREA_NAMES[result.area],
            "Weight": f"{result.weight:g}",
            "Range tested": f"{result.lowest:g} to {result.highest:g}",
            "Top bid": "stays the same" if result.top_holds else "changes",
            "Where it changes": changes or "—",
        })
    show_table(pd.DataFrame(rows))
    st.caption("Each weight is moved on its own, one point at a time, while the others "
               "stay as they are. Only a bid that meets every minimum requirement can come "
               "first while one does.")


st.title("Area weights")
st.markdown("How much each area counts towards the overall score. The weights are "
            "relative: what matters is each area's share of the total. Change them to "
            "see whether the ranking depends on them; the published weights can be "
            "restored at any time.")
weight_inputs()
total = sum(state.weights().values())
st.caption("Shares of the overall score now: " + ", ".join(
    f"{AREA_NAMES[area]} {100 * weight / total:.0f}%" for area, weight in state.weights().items()
))
ranked = state.ranked()
if not ranked:
    state.stop_for_want_of_bids("Load some bids to see how the weights change their ranking.")
labels = bid_labels(ranked)
st.header("Ranking with these weights", anchor=False)
st.caption(state.ASSUMPTIONS_NOTE)
st.caption("A bid that fails a minimum requirement ranks below every bid that meets them "
           "all, whatever the weights: no weight can buy back a red on a minimum "
           "requirement.")
ranking_table(ranked, labels)
st.header(f"Would the top bid change within ±{SPREAD} points?", anchor=False)
sensitivity(ranked, labels)
