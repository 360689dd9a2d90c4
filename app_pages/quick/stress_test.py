"""Stress test: would each bid's payments reward pushing people out of treatment, at what cost?"""

import logging

import streamlit as st

from app_pages.quick import state
from app_pages.shared.present import bid_labels, plain
from app_pages.shared.stress_views import (
    EDITOR_COLUMNS,
    assumption_key,
    assumption_notes,
    assumptions_table,
    cap_text,
    edited_values,
    figure,
    how_often,
    income_deaths_chart,
    money,
    strategy_rows,
    verdict_badge,
    verdict_table,
)
from app_pages.shared.tables import show_table
from scoring.stress import DEFAULT_ASSUMPTIONS, DRAWS
from scoring.stress.summary import VERDICT_RULE, gbp, headline

MOST_IN_ONE_ROW = 4
COLUMNS_PER_ROW = 3
SUMMARIES_OPEN = 6  # more bids than this and the summaries start closed
EDITOR_GENERATION = "stress_editor_generation"  # bumped to throw away unsaved edits
PROBLEMS = "stress_problems"


def explain() -> None:
    st.markdown(
        "Some payment designs pay a provider more when people leave treatment, even "
        "people who are stable on OST and do not want to leave. The stress test runs each "
        "bid's own payment table twice over its contract: **person-paced**, where people "
        "leave OST when they choose, and **target-driven**, where the long-term and "
        "low-dose OST group is pushed out several times faster. It then compares what the "
        "provider would earn, and what would happen to people, including deaths."
    )
    st.markdown(f"**How the verdict is decided.** {plain(VERDICT_RULE)}")
    st.caption(f"The test uses {DRAWS:,} joint draws. Each figure is given at the central "
               "value of every assumption, with the middle 80% of the draws as 'likely'. "
               "These are estimates built from published death rates and stated "
               "assumptions, not predictions.")


def results_for(ranked, labels, values):
    """Each bid's result and its label, from the cache where these bids and figures ran.

    A bid the model cannot run on is named and left out; the others still show.
    """
    key = assumption_key(values)
    progress = st.progress(0.0, text="Running the stress test…")
    results, shown, failed = [], [], []
    for done, (entry, label) in enumerate(zip(ranked, labels, strict=True), start=1):
        try:
            results.append(state.stress_result(entry.report.read.digest, key,
                                               entry.report.read.bid))
            shown.append(label)
        except Exception:  # one bid the model cannot handle must not hide the others
            logging.getLogger(__name__).exception("stress test failed for %s", label)
            failed.append(label)
        progress.progress(done / len(ranked), text=f"Stress-tested {done} of {len(ranked)} bids")
    progress.empty()
    if failed:
        st.warning("The stress test could not run on: " + plain(", ".join(failed))
                   + ". The other bids are shown.", icon=":material/error:")
    return results, shown


def verdicts(results, labels) -> None:
    per_row = len(results) if len(results) <= MOST_IN_ONE_ROW else COLUMNS_PER_ROW
    for start in range(0, len(results), per_row):
        for column, result, label in zip(st.columns(per_row, gap="medium"),
                                         results[start : start + per_row], labels[start:],
                                         strict=False):
            with column.container(border=True):
                st.subheader(plain(label), anchor=False)
                st.markdown(verdict_badge(result))
                st.markdown(plain(headline(result)))
                st.markdown(
                    f"**Change in the provider's income if people are pushed out:** "
                    f"{plain(money(result.income_gain_gbp))}, that is "
                    f"{plain(figure(result.income_gain_pct, suffix='%'))} of the contract  \n"
                    f"**Extra deaths:** {plain(figure(result.extra_deaths))}  \n"
                    f"**Extra relapses:** {plain(figure(result.extra_relapses, 0))}  \n"
                    f"**How often pushing pays:** {plain(how_often(result))}"
                )
                if result.cap is not None:
                    st.markdown(f"**Cap on time in OST:** {plain(cap_text(result))}")
                if result.gbp_per_extra_death:
                    st.markdown(f"**Gained for each extra death:** "
                                f"{plain(gbp(result.gbp_per_extra_death))}")
                if result.drivers:
                    st.markdown("**Payment lines behind it:** "
                                + plain(", ".join(result.drivers)))
                if result.pressures:
                    st.markdown("**Exit targets with money or jobs at stake:** "
                                + plain(", ".join(result.pressures)))


def assumptions_editor() -> None:
    st.header("Assumptions", anchor=False)
    st.markdown("Every figure the test rests on, with its plausible range and the evidence "
                "behind it. Change a **Value** within its range, then run the test again.")
    generation = st.session_state.setdefault(EDITOR_GENERATION, 0)
    edited = st.data_editor(
        assumptions_table(state.stress_assumptions()),
        key=f"stress_editor_{generation}", hide_index=True, width="stretch",
        disabled=[column for column in EDITOR_COLUMNS if column != "Value"],
        # Only what fits beside the value; the meaning and sources are in full below.
        column_order=["Assumption", "Value", "Low", "High", "Unit"],
        column_config={
            "Value": st.column_config.NumberColumn(width="small"),
            "Low": st.column_config.NumberColumn(width="small"),
            "High": st.column_config.NumberColumn(width="small"),
        },
    )
    st.caption("\\* our own assumption, not yet confirmed by published figures; the others "
               "are published figures.")
    run, reset = st.columns([1, 1])
    if run.button("Run again with these figures", type="primary", icon=":material/refresh:"):
        changed, problems = edited_values(edited, DEFAULT_ASSUMPTIONS)
        st.session_state[PROBLEMS] = problems
        if not problems:
            st.session_state[state.STRESS_VALUES] = changed
        else:  # the table goes back to the figures in force, not the refused ones
            st.session_state[EDITOR_GENERATION] = generation + 1
        st.rerun()
    reset.button("Reset to the published figures", icon=":material/restart_alt:",
                 on_click=reset_assumptions,
                 disabled=not st.session_state.get(state.STRESS_VALUES))
    for problem in st.session_state.get(PROBLEMS, []):
        st.error(f"{problem} The test still uses the last figures that were in range, "
                 "and the table shows them.",
                 icon=":material/error:")
    with st.expander("What each figure means, and where it comes from"):
        for heading, meaning, sources in assumption_notes(DEFAULT_ASSUMPTIONS):
            st.markdown(f"**{plain(heading)}**  \n{plain(meaning)}")
            for source in sources:
                st.caption(plain(source))


def reset_assumptions() -> None:
    st.session_state[state.STRESS_VALUES] = {}
    st.session_state[PROBLEMS] = []
    st.session_state[EDITOR_GENERATION] = st.session_state.get(EDITOR_GENERATION, 0) + 1


st.title("Stress test: does the payment reward pushing people out?")
explain()
ranked = state.ranked()
if not ranked:
    state.stop_for_want_of_bids(
        "Load some bids first; the stress test then runs on each bid's payment table.")

changed = st.session_state.get(state.STRESS_VALUES, {})
if changed:
    st.info(f"Using your own figures for {len(changed)} assumption"
            f"{'s' if len(changed) != 1 else ''} (see the bottom of the page). They apply to "
            "this page only: the scores on the other pages always use the published figures.",
            icon=":material/tune:")
else:
    st.caption(state.ASSUMPTIONS_NOTE)
results, labels = results_for(ranked, bid_labels(ranked), state.stress_assumptions().values())
st.header("Verdicts", anchor=False)
verdicts(results, labels)
st.header("Income and expected deaths under both strategies", anchor=False)
st.caption("Each panel is one bid, on its own scale. The blue circle is person-paced "
           "(people leave OST when they choose); the red triangle is target-driven (the "
           "long-term and low-dose group is pushed out). A line rising from the circle to "
           "the triangle means pushing people out would earn the provider more; a line "
           "moving right means more deaths. Whiskers show the likely range.")
panels = strategy_rows(results, labels)
for start in range(0, len(labels), COLUMNS_PER_ROW):
    for column, label in zip(st.columns(COLUMNS_PER_ROW, gap="medium"),
                             labels[start : start + COLUMNS_PER_ROW], strict=False):
        column.altair_chart(income_deaths_chart(panels, label), width="stretch")
st.header("In plain words", anchor=False)
for result, label in zip(results, labels, strict=True):
    with st.expander(plain(label), expanded=len(results) <= SUMMARIES_OPEN):
        st.markdown(plain(result.summary))
with st.expander("All figures as a table"):
    show_table(verdict_table(results, labels))
assumptions_editor()
