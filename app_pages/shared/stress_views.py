"""The stress test's results and assumptions as plain words, tables and a chart.

Pure functions with no Streamlit calls. The stress test itself is the library's
(`scoring.stress`); this module only says what it found.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from app_pages.shared.present import wrapped
from scoring.evidence import EVIDENCE
from scoring.stress import (
    DEFAULT_ASSUMPTIONS,
    NEUTRAL,
    PENALISES_PUSH,
    REWARDS_PUSH,
    Assumptions,
    AssumptionsError,
    Interval,
    StressResult,
    with_values,
)
from scoring.stress.summary import VERDICT_WORDS, gbp, verdict_words

# The verdict in words and a symbol, never colour alone; a reward that rests on our own
# assumptions is told apart from one that holds across them.
VERDICT_MARKS = {
    (REWARDS_PUSH, True): ":red[:material/dangerous:]",
    (REWARDS_PUSH, False): ":orange[:material/warning:]",
    (NEUTRAL, True): ":gray[:material/remove_circle:]",
    (NEUTRAL, False): ":gray[:material/remove_circle:]",
    (PENALISES_PUSH, True): ":green[:material/check_circle:]",
    (PENALISES_PUSH, False): ":green[:material/check_circle:]",
}
STRATEGY_WORDS = {
    "person_paced": "Person-paced: people leave OST when they choose",
    "target_driven": "Target-driven: the long-term and low-dose group is pushed out",
}
STRATEGY_NAMES = list(STRATEGY_WORDS.values())
OURS_MARK = " *"  # beside an assumption that is ours, not a published figure
EDITOR_COLUMNS = ["Assumption", "Value", "Low", "High", "Unit", "Our assumption?",
                  "Sources", "What it means", "name"]


def label(name: str) -> str:
    return getattr(DEFAULT_ASSUMPTIONS, name).label


def verdict_badge(result: StressResult) -> str:
    """Markdown: the verdict's symbol in its colour, then the verdict in words."""
    key = (result.verdict, result.robust)
    return f"{VERDICT_MARKS[key]} **{VERDICT_WORDS[key]}**"


def holds(result: StressResult) -> str:
    """Whether the verdict survives our own assumptions, in words."""
    if result.robust:
        return "Yes, at both ends of every range we assume"
    names = ", ".join(f"{v.label.lower()} ({v.end} end)" for v in result.flipped_by)
    return f"No: it turns with {names}"


def figure(interval: Interval, digits: int = 1, suffix: str = "") -> str:
    """'3.8 (likely 1.6 to 6.5)': the central value and the 80% interval."""
    return (f"{interval.central:.{digits}f}{suffix} (likely {interval.low:.{digits}f}{suffix} "
            f"to {interval.high:.{digits}f}{suffix})")


def cap_text(result: StressResult) -> str:
    """A cap on OST: prescriptions stopped and deaths caused, with their ranges."""
    if result.cap is None:
        return "No cap"
    return (f"{result.cap.cap_months:g} months: {figure(result.cap.forced_exits, 0)} "
            f"prescriptions stopped, {figure(result.cap.extra_deaths)} more deaths")


def money(interval: Interval) -> str:
    return f"{gbp(interval.central)} (likely {gbp(interval.low)} to {gbp(interval.high)})"


def verdict_table(results: Sequence[StressResult], labels: Sequence[str]) -> pd.DataFrame:
    """One row a bid: verdict in words, money gained by pushing, and its human cost."""
    return pd.DataFrame([
        {
            "Provider": name,
            "Verdict": verdict_words(result),
            "Holds across our assumptions?": holds(result),
            "Change in income from pushing (% of contract)": figure(result.income_gain_pct,
                                                                     suffix="%"),
            "Change in income (£)": money(result.income_gain_gbp),
            "Extra deaths": figure(result.extra_deaths),
            "Extra relapses": figure(result.extra_relapses, 0),
            "Extra returns to treatment": figure(result.extra_re_presentations, 0),
            "£ gained per extra death": (gbp(result.gbp_per_extra_death)
                                         if result.gbp_per_extra_death else "—"),
            "Payment lines behind it": ", ".join(result.drivers) or "—",
            "Exit targets with money or jobs at stake": ", ".join(result.pressures) or "—",
            "Cap on time in OST": cap_text(result),
        }
        for result, name in zip(results, labels, strict=True)
    ])


def strategy_rows(results: Sequence[StressResult], labels: Sequence[str]) -> pd.DataFrame:
    """Income and deaths under each strategy, with their 80% intervals, for the chart."""
    return pd.DataFrame([
        {
            "Bid": name,
            "Strategy": STRATEGY_WORDS.get(strategy, strategy),
            "Income (£m)": outcome.income_gbp.central / 1e6,
            "Income low": outcome.income_gbp.low / 1e6,
            "Income high": outcome.income_gbp.high / 1e6,
            "Deaths": outcome.deaths.central,
            "Deaths low": outcome.deaths.low,
            "Deaths high": outcome.deaths.high,
        }
        for result, name in zip(results, labels, strict=True)
        for strategy, outcome in result.strategies.items()
    ])


def income_deaths_chart(rows: pd.DataFrame, bid: str) -> alt.LayerChart:
    """One bid's panel: income against expected deaths under both strategies.

    Each bid has its own chart and scales (contracts differ tenfold in value), sized by
    its container so it fits a phone; the strategies are told apart by shape as well
    as colour, and whiskers show the 80% intervals. The name is wrapped, never cut.
    """
    strategy = alt.Color("Strategy:N", legend=None,
                         scale=alt.Scale(domain=STRATEGY_NAMES, range=["#4C78A8", "#C0392B"]))
    base = alt.Chart().encode(
        x=alt.X("Deaths:Q", title="Expected deaths over the contract",
                scale=alt.Scale(zero=False, nice=True, padding=12)),
        y=alt.Y("Income (£m):Q", title="Provider income (£m)", axis=alt.Axis(format=",.2f"),
                scale=alt.Scale(zero=False, nice=True, padding=12)),
    )
    path = base.mark_line(color="#888888", strokeDash=[4, 3]).encode(
        order=alt.Order("Strategy:N"), detail="Bid:N")
    deaths_range = base.mark_rule().encode(x="Deaths low:Q", x2="Deaths high:Q", color=strategy)
    income_range = base.mark_rule().encode(y="Income low:Q", y2="Income high:Q", color=strategy)
    points = base.mark_point(size=140, filled=True).encode(
        color=strategy,
        shape=alt.Shape("Strategy:N", legend=None,
                        scale=alt.Scale(domain=STRATEGY_NAMES, range=["circle", "triangle-up"])),
        tooltip=["Bid", "Strategy", alt.Tooltip("Income (£m):Q", format=".2f"),
                 alt.Tooltip("Deaths:Q", format=".1f"),
                 alt.Tooltip("Deaths low:Q", format=".1f"),
                 alt.Tooltip("Deaths high:Q", format=".1f")],
    )
    title = alt.TitleParams(wrapped(bid).split("\n"), fontSize=13, anchor="start")
    return alt.layer(path, deaths_range, income_range, points,
                     data=rows[rows["Bid"] == bid]).properties(height=220, title=title)


def assumptions_table(assumptions: Assumptions) -> pd.DataFrame:
    """The editable table: each figure's value, its range, unit, sources and meaning."""
    return pd.DataFrame([
        {
            "Assumption": label(parameter.name) + (OURS_MARK if parameter.unconfirmed else ""),
            "Value": parameter.default,
            "Low": parameter.low,
            "High": parameter.high,
            "Unit": parameter.unit,
            "Our assumption?": "ours" if parameter.unconfirmed else "published",
            "Sources": ", ".join(parameter.source) or "none",
            "What it means": " ".join(parameter.description.split()),
            "name": parameter.name,
        }
        for parameter in assumptions.parameters()
    ], columns=EDITOR_COLUMNS)


def assumption_notes(assumptions: Assumptions) -> list[tuple[str, str, list[str]]]:
    """(heading, meaning, source citations) for each figure, for people to read in full."""
    notes = []
    for parameter in assumptions.parameters():
        kind = "our assumption, unconfirmed" if parameter.unconfirmed else "published"
        heading = (f"{label(parameter.name)}: {parameter.low:g} to {parameter.high:g} "
                   f"{parameter.unit} ({kind})")
        sources = [f"{key}: {EVIDENCE[key].citation}" for key in parameter.source
                   if key in EVIDENCE]
        notes.append((heading, " ".join(parameter.description.split()), sources))
    return notes


def edited_values(
    table: pd.DataFrame, published: Assumptions
) -> tuple[dict[str, float], list[str]]:
    """The values that differ from the published ones, and a sentence for each refused value."""
    changed: dict[str, float] = {}
    problems: list[str] = []
    for row in table.itertuples(index=False):
        name, value = row.name, row.Value
        if value is None or (isinstance(value, float) and math.isnan(value)):
            problems.append(f"{label(name)} needs a value.")
            continue
        parameter = getattr(published, name)
        try:
            with_values(published, {name: float(value)})
        except AssumptionsError:
            problems.append(f"{label(name)} {parameter.out_of_range(float(value))}.")
            continue
        if float(value) != parameter.default:
            changed[name] = float(value)
    return changed, problems


def assumption_key(values: Mapping[str, float]) -> tuple[tuple[str, float], ...]:
    """The assumptions as a hashable key for the cache: every figure by name."""
    return tuple(sorted(values.items()))
