"""How safe the decision is (`documents.robustness`), drawn for the lead and the quick look.

The plain reading comes first; then the margin, and each thing that would change who
comes first in its own table, in words. Provider names, answers and member names are
bid- or person-supplied, so every text goes through `plain` (or a table that does).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.shared.present import plain
from app_pages.shared.tables import show_table
from documents.robustness import DISAGREEMENT, WEIGHT_RANGE, Robustness


def show_reading(reading: str) -> None:
    """The plain reading ("The decision holds unless ..."), as everyone who may sees it."""
    st.info(plain(reading), icon=":material/balance:")


def show_robustness(report: Robustness, heading: str = "How safe is this decision?") -> None:
    """The whole analysis under `heading`; panel parts only when there is a panel."""
    st.header(heading, anchor=False)
    show_reading(report.reading)
    name, title = report.name, (lambda c: report.titles.get(c, c))
    margin = "none" if report.margin is None else f"{report.margin:.1f} points out of 100"
    st.markdown(plain(f"First: {name(report.winner)}. Runner-up: "
                      f"{name(report.runner_up) if report.runner_up else 'none'}. "
                      f"Margin: {margin}."))

    if not report.rules_only:  # the quick look has no panel marks to move
        one_mark_section(report)

    st.markdown("### Weights")
    st.caption(f"Each criterion's share of the score moved up to {WEIGHT_RANGE:.0f} points "
               "either way, the others rescaled to keep their proportions.")
    show_table(pd.DataFrame([{
        "Criterion": title(w.criterion), "Share now (of 100)": w.weight,
        "Smallest change that changes the winner":
            "none within the range" if w.change is None else f"{w.change:+.1f} points",
        "First would be": "" if w.change is None else name(w.winner_then)}
        for w in report.weights]))

    if not report.rules_only:
        st.markdown("### Each evaluator left out")
        st.caption("Wherever they scored, the agreed score is replaced by the median of the "
                   "other evaluators' own scores.")
        if report.evaluators:
            show_table(pd.DataFrame([{"Without": e.member, "First would be":
                                      name(e.winner_without)} for e in report.evaluators]))
        agreement = report.agreement
        if agreement is not None:
            overall = ("cannot be measured" if agreement.overall is None
                       else f"{agreement.overall:.2f}")
            st.markdown(f"**Agreement between evaluators** (Krippendorff's alpha, ordinal; 1 "
                        f"is full agreement, 0 no better than chance): {overall}: "
                        f"{agreement.reading}.")
            show_table(pd.DataFrame([{"Criterion": title(c), "Alpha": (
                "cannot be measured" if a is None else f"{a:.2f}")}
                for c, a in agreement.criteria.items()]))

    st.markdown("### Answers to confirm with the provider")
    if report.decisive_answers:
        st.caption("Each answer below, had the provider chosen the other value shown, would "
                   "change who comes first through the rules. Confirm it before deciding: "
                   "a clarification question is drafted for each.")
        for answer in report.decisive_answers:
            with st.container(border=True):
                st.markdown(plain(
                    f"{name(answer.bid)}, {answer.cell}: read as “{answer.answer}”; "
                    f"if it were “{answer.alternative}”, "
                    f"{report.comes_first(answer.winner_then)}."))
                st.code(answer.clarification, language=None, wrap_lines=True)
    else:
        st.caption("No single answer chosen from a list in any bid would change who comes "
                   "first.")

    if not report.rules_only:
        st.markdown(f"### Rules and panel {DISAGREEMENT:.0f} points or more apart")
        if report.disagreements:
            show_table(pd.DataFrame([{
                "Bid": name(d.bid), "Criterion": title(d.criterion), "Rules": d.rules,
                "Panel": d.panel, "Apart": d.gap} for d in report.disagreements]))
        else:
            st.caption("On the first and second bids, the rules and the panel are within "
                       f"{DISAGREEMENT:.0f} points on every criterion.")


def one_mark_section(report: Robustness) -> None:
    name, title = report.name, (lambda c: report.titles.get(c, c))
    st.markdown("### One mark up or down")
    if not report.one_mark_changes:
        st.caption("No single mark up or down on any bid and criterion would change who "
                   "comes first.")
        return
    show_table(pd.DataFrame([{
        "Bid": name(c.bid), "Criterion": title(c.criterion),
        "Now": f"agreed {c.from_:g}" if c.agreed else
        f"nothing agreed (the rules' score counts as {c.from_:g})",
        "If it were": c.to, "First would be": name(c.winner_then)}
        for c in report.one_mark_changes]))
