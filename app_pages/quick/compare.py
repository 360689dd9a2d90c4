"""Compare: one column per bid (rank, provider, overall, areas, flags), a sortable table,
and how safe the top bid is on the rules' scores alone."""

from dataclasses import replace

import streamlit as st

from app_pages.quick import state
from app_pages.shared.charts import area_chart, bid_areas_chart
from app_pages.shared.present import (
    AREA_NAMES,
    area_rows,
    bid_labels,
    comparison_table,
    flag_counts,
    plain,
    score_text,
)
from app_pages.shared.robustness_views import show_robustness
from app_pages.shared.tables import reader_notes, show_table
from documents.robustness import Robustness, analyse_rules
from scoring.ranking import minimum_requirements

MOST_IN_ONE_ROW = 4
COLUMNS_PER_ROW = 3
SORTS = ["Rank", "Overall", *AREA_NAMES.values(), "Red flags", "Amber flags"]


def scorecards(ranked, labels) -> None:
    per_row = len(ranked) if len(ranked) <= MOST_IN_ONE_ROW else COLUMNS_PER_ROW
    for start in range(0, len(ranked), per_row):
        row = ranked[start : start + per_row]
        for column, entry, label in zip(
            st.columns(per_row, gap="medium"), row, labels[start:], strict=False
        ):
            card = entry.scorecard
            with column.container(border=True):
                st.markdown(f"**Rank {entry.rank} of {len(ranked)}**")
                st.subheader(plain(label), anchor=False)
                st.metric("Overall score (0-100)", score_text(card.overall))
                if not card.passes_gates:
                    st.error(plain(minimum_requirements(card)), icon=":material/block:")
                st.markdown(flag_counts(card))
                reader_notes(entry.report.warnings, cell_by_cell=False)
                st.altair_chart(bid_areas_chart(area_rows(card, label)), width="stretch")
                digest = entry.report.read.digest
                if st.button("Why these scores?", key=f"why_{digest}", icon=":material/help:"):
                    state.focus(digest)
                    st.switch_page("app_pages/quick/why.py")


ROBUSTNESS = "compare_robustness"  # (the bids and weights it was worked out for, the result)


def robustness(ranked, labels) -> Robustness:
    """Margin, weights and decisive answers on the rules' scores under this user's weights;
    worked out once per set of bids and weights in this session."""
    weights = {area.value: weight for area, weight in state.weights().items()}
    asked = (tuple(entry.report.read.digest for entry in ranked), tuple(weights.items()))
    kept = st.session_state.get(ROBUSTNESS)
    if kept and kept[0] == asked:
        return kept[1]
    # Each bid goes by its label (references may repeat across uploaded files).
    cards = [replace(entry.scorecard, reference=label, provider=label)
             for entry, label in zip(ranked, labels, strict=True)]
    found = analyse_rules(
        cards, weights, [gate.rule for gate in state.scheme().gates],
        {label: entry.report.read.bid for entry, label in zip(ranked, labels, strict=True)},
        {area.value: name for area, name in AREA_NAMES.items()})
    st.session_state[ROBUSTNESS] = (asked, found)
    return found


def table(ranked) -> None:
    frame = comparison_table(ranked)
    sort_by, order = st.columns([2, 1])
    key = sort_by.selectbox("Sort by", SORTS, index=0)
    ascending = order.radio("Order", ["Best first", "Worst first"], horizontal=True)
    # Rank and flag counts are better when low; scores are better when high.
    best_low = key in {"Rank", "Red flags", "Amber flags"}
    frame = frame.sort_values(key, ascending=best_low == (ascending == "Best first"),
                              kind="stable", na_position="last")
    show_table(frame)


st.title("Compare bids")
ranked = state.ranked()
refused = [file for file in state.loaded() if not file.accepted]
if not ranked:
    state.stop_for_want_of_bids(
        "There are no scored bids to compare yet. Upload the workbooks or load the "
        "sample bids first.")
if refused:
    st.warning(f"{len(refused)} file(s) were refused and are not compared; the Bids in page "
               "says what to fix.", icon=":material/error:")
if state.weights_changed():
    st.info("Scores use your own area weights (see Weights).", icon=":material/tune:")
st.caption(state.ASSUMPTIONS_NOTE)
st.caption("Scores run from 0 to 100; higher is always better. Bars show each area; "
           "red and amber flags are named beside the bar as well as coloured. A bid that "
           "fails a minimum requirement ranks below every bid that meets them all, "
           "whatever its score.")
labels = bid_labels(ranked)
st.header("The bids, best first", anchor=False)
scorecards(ranked, labels)
st.header("Area by area", anchor=False)
st.caption("Each chart is one area, best bid first; the colour of a bar is its worst flag "
           "(blue none, amber, red), and the words beside the score say the same.")
rows = [row for entry, label in zip(ranked, labels, strict=True)
        for row in area_rows(entry.scorecard, label)]
for start in range(0, len(AREA_NAMES), COLUMNS_PER_ROW):
    names = list(AREA_NAMES.values())[start : start + COLUMNS_PER_ROW]
    for column, area in zip(st.columns(COLUMNS_PER_ROW, gap="medium"), names, strict=True):
        column.altair_chart(area_chart(rows, labels, area), width="stretch")
st.header("Table", anchor=False)
table(ranked)
show_robustness(robustness(ranked, labels), "How safe is the top bid?")
st.caption("On the rules' scores alone: an evaluation adds the panel's scores, and its "
           "Moderation and Decision pages test those too.")
