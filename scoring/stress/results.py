"""What the stress test says about one bid: central figures with their 80% ranges, a
verdict from the mean gain and the share of joint draws in which pushing pays, the
opposite check for holding people, and whether the verdict holds at both ends of every
unconfirmed assumption (which only a claim that a change makes a design safe uses)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

REWARDS_PUSH, NEUTRAL, PENALISES_PUSH = "rewards_push", "neutral", "penalises_push"
VERDICTS = (REWARDS_PUSH, NEUTRAL, PENALISES_PUSH)
# A gain within a pound over the whole term is no gain: this only absorbs rounding.
NO_GAIN_GBP = 1.0
# How sure a verdict is (decided on the mean gain over the joint draws, and the share of
# draws in which pushing pays; shared/domain.md, after Claxton 1999 and Briggs 2012).
# Below MATERIAL_GAIN_PCT of the contract value either way there is no material
# incentive ("neutral"). Red: pays in at least RED_SHARE of draws and a mean gain of at
# least RED_GAIN_PCT; amber: at least AMBER_SHARE of draws and MATERIAL_GAIN_PCT.
MATERIAL_GAIN_PCT = 0.1
RED_GAIN_PCT = 0.25
RED_SHARE = 0.9
AMBER_SHARE = 0.5
# The opposite harm, holding people in treatment longer than they would choose, is
# weighed as the lesser one: staying on OST lowers the risk of death rather than raising
# it (R-SORDO), and the drug advisers found people leave too soon more often than they
# stay too long (R-ACMD14). So only a large reward counts: amber from a mean gain of
# HOLD_AMBER_PCT of the value (what paying about a fifth of a five-year contract per
# month in treatment earns by holding people), red from HOLD_RED_PCT (about a third),
# with the same shares of draws. Our reading, not a published limit.
HOLD_AMBER_PCT = 1.5
HOLD_RED_PCT = 2.5
# A line moving income by less than this share of the contract value is not named as
# driving the verdict (it still counts in the total).
MATERIAL_PCT = 0.05


@dataclass(frozen=True)
class Interval:
    """A figure at the assumptions' central values, and its 80% range over the draws.

    `low` and `high` are the 10th and 90th percentiles of the sampled draws; with no
    draws (as in the scorecard's rule) they equal the central value.
    """

    central: float
    low: float
    high: float

    @classmethod
    def each(cls, named: dict[str, np.ndarray]) -> dict[str, Interval]:
        """An interval for each figure, from its draws: column 0 central, the rest sampled."""
        stacked = np.stack(list(named.values()))
        centrals = stacked[:, 0]
        sampled = stacked[:, 1:] if stacked.shape[1] > 1 else stacked
        lows, highs = np.percentile(sampled, [10, 90], axis=1)
        return {name: cls(float(central), float(low), float(high))
                for name, central, low, high in zip(named, centrals, lows, highs, strict=True)}

    def scaled(self, factor: float) -> Interval:
        return Interval(self.central * factor, self.low * factor, self.high * factor)


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
class Variation:
    """The gain from pushing with one unconfirmed assumption at one end of its range."""

    name: str
    label: str
    end: str  # "low" or "high"
    value: float
    unit: str
    income_gain_gbp: float
    income_gain_pct: float


@dataclass(frozen=True)
class CapCost:
    """What a cap on time in OST does to the people in treatment at the start.

    Both figures compare the person-paced strategy with and without the cap.
    """

    cap_months: float
    forced_exits: Interval  # people whose prescription stops at the cap
    extra_deaths: Interval


@dataclass(frozen=True)
class StressResult:
    """Does pushing people out of treatment pay under this bid, and what would it cost?"""

    provider: str
    verdict: str  # rewards_push | neutral (no material incentive) | penalises_push
    level: str | None  # "red" or "amber" for a reward this sure, else None
    p_gain: float | None  # share of the joint draws in which pushing pays (None: no draws)
    mean_gain_gbp: float  # the expected gain over the joint draws (central without draws)
    mean_gain_pct: float  # of the contract value over the term
    # The opposite harm: holding people in treatment longer than they would choose.
    holding_gain_pct: float  # mean gain from holding people, % of the value
    p_hold: float | None  # share of the joint draws in which holding people pays
    holding_level: str | None  # "red" or "amber" for a reward for holding this sure
    robust: bool  # the verdict holds at both ends of every unconfirmed assumption's range
    flipped_by: tuple[Variation, ...]  # the ends at which it does not hold
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
    cap: CapCost | None  # the bid's cap on time in OST, if it has one
    summary: str
    reference: str
    contract_value_gbp: float  # over the term
    term_years: float
    people_on_ost: float  # opiate clients at the start
    people_pushed: float  # long-term and (centrally) low-dose OST clients
    extra_unplanned_exits: Interval
    lines: tuple[LineGain, ...]
    variations: tuple[Variation, ...]  # every unconfirmed assumption at each end
    draws: int
    seed: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def verdict(gain_pct: float) -> str:
    """The direction of an expected gain, or no material incentive below 0.1% of value."""
    if gain_pct >= MATERIAL_GAIN_PCT:
        return REWARDS_PUSH
    if gain_pct <= -MATERIAL_GAIN_PCT:
        return PENALISES_PUSH
    return NEUTRAL


def incentive_level(verdict_: str, mean_gain_pct: float, p_gain: float | None) -> str | None:
    """Red, amber or nothing for a reward, by how large and how likely the gain is.

    Without draws (central figures only) a reward can be no more than amber.
    """
    if verdict_ != REWARDS_PUSH:
        return None
    if p_gain is None:
        return "amber"
    if p_gain >= RED_SHARE and mean_gain_pct >= RED_GAIN_PCT:
        return "red"
    if p_gain >= AMBER_SHARE:
        return "amber"
    return None


def holding_level(mean_gain_pct: float, p_hold: float | None) -> str | None:
    """Red, amber or nothing for a reward for holding people in treatment."""
    if mean_gain_pct < HOLD_AMBER_PCT:
        return None
    if p_hold is None:
        return "amber"
    if p_hold >= RED_SHARE and mean_gain_pct >= HOLD_RED_PCT:
        return "red"
    return "amber" if p_hold >= AMBER_SHARE else None


def flips(verdict_: str, variations: tuple[Variation, ...]) -> tuple[Variation, ...]:
    """The variations under which the verdict would not be called."""
    return tuple(v for v in variations if verdict(v.income_gain_pct) != verdict_)


def drivers(lines: tuple[LineGain, ...], verdict_: str) -> tuple[str, ...]:
    """The lines whose central gain points the verdict's way, the largest first."""
    sign = {REWARDS_PUSH: 1, PENALISES_PUSH: -1}.get(verdict_, 0)
    pointing = [line for line in lines if sign * line.gain_pct.central > 0]
    driving = ([line for line in pointing if abs(line.gain_pct.central) >= MATERIAL_PCT]
               or pointing)
    return tuple(line.outcome for line in sorted(driving, key=lambda line:
                                                 -abs(line.gain_pct.central)))


def gbp_per_extra_death(gain: Interval, extra_deaths: Interval) -> float | None:
    if gain.central > 0 and extra_deaths.central > 0:
        return gain.central / extra_deaths.central
    return None
