"""What the stress test says about one bid: figures with their 80% intervals, and a verdict."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

REWARDS_PUSH, NEUTRAL, PENALISES_PUSH = "rewards_push", "neutral", "penalises_push"
VERDICTS = (REWARDS_PUSH, NEUTRAL, PENALISES_PUSH)
# A central gain or loss within this share of the contract value is too small to call.
NEUTRAL_BAND_PCT = 0.5
# A line moving income by less than this share of the contract value drives nothing.
MATERIAL_PCT = 0.05


@dataclass(frozen=True)
class Interval:
    """A central value and an 80% interval (the 10th and 90th percentiles of the draws)."""

    mean: float
    low: float
    high: float

    @classmethod
    def of(cls, values: np.ndarray) -> Interval:
        return cls.each({"values": values})["values"]

    @classmethod
    def each(cls, named: dict[str, np.ndarray]) -> dict[str, Interval]:
        """An interval for each named set of draws, in one pass."""
        stacked = np.stack(list(named.values()))
        means = stacked.mean(axis=1)
        lows, highs = np.percentile(stacked, [10, 90], axis=1)
        return {name: cls(float(mean), float(low), float(high))
                for name, mean, low, high in zip(named, means, lows, highs, strict=True)}


@dataclass(frozen=True)
class StrategyOutcome:
    """One strategy over the contract term.

    Income is the provider's from the whole payment table; the people counts are among
    the opiate clients in treatment at the start, and those who come back.
    """

    income_gbp: Interval
    deaths: Interval
    drug_free_exits: Interval
    relapses: Interval
    re_presentations: Interval
    unplanned_exits: Interval


@dataclass(frozen=True)
class LineGain:
    """What pushing gains (or loses) the provider through one payment line."""

    index: int  # position in the bid's payment table
    outcome: str
    category: str
    share_pct: float
    gain_gbp: Interval
    gain_pct: Interval  # of the contract value over the term


@dataclass(frozen=True)
class StressResult:
    """Does pushing people out of treatment pay under this bid, and what would it cost?"""

    provider: str
    verdict: str  # rewards_push | neutral | penalises_push
    income_gain_gbp: Interval  # target-driven minus person-paced, over the term
    income_gain_pct: Interval  # of the contract value over the term
    extra_deaths: Interval
    extra_exits: Interval  # drug-free exits
    extra_relapses: Interval
    extra_re_presentations: Interval
    gbp_per_extra_death: float | None  # where both the gain and extra deaths are positive
    strategies: dict[str, StrategyOutcome]  # person_paced, target_driven
    drivers: tuple[str, ...]  # payment lines (their Outcome) that drive the verdict
    pressures: tuple[str, ...]  # exit targets (their KPI) with money, jobs or contract at stake
    summary: str
    reference: str
    contract_value_gbp: float  # over the term
    term_years: float
    people_on_ost: float  # opiate clients at the start
    people_pushed: float  # long-term and (on average) low-dose OST clients
    extra_unplanned_exits: Interval
    lines: tuple[LineGain, ...]
    draws: int
    seed: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def verdict(gain_pct: Interval) -> str:
    if gain_pct.mean > NEUTRAL_BAND_PCT:
        return REWARDS_PUSH
    if gain_pct.mean < -NEUTRAL_BAND_PCT:
        return PENALISES_PUSH
    return NEUTRAL


def drivers(lines: tuple[LineGain, ...], verdict_: str) -> tuple[str, ...]:
    """The lines whose gain points the verdict's way, the largest first."""
    sign = {REWARDS_PUSH: 1, PENALISES_PUSH: -1}.get(verdict_, 0)
    pointing = [line for line in lines if sign * line.gain_pct.mean > 0]
    driving = [line for line in pointing if abs(line.gain_pct.mean) >= MATERIAL_PCT] or pointing
    return tuple(line.outcome for line in sorted(driving, key=lambda line:
                                                 -abs(line.gain_pct.mean)))


def gbp_per_extra_death(gain: Interval, extra_deaths: Interval) -> float | None:
    if gain.mean > 0 and extra_deaths.mean > 0:
        return gain.mean / extra_deaths.mean
    return None
