"""Run the stress test: follow the cohort, price the payment table, give the verdict.

Every run evaluates the model at once on: the assumptions' central values; each
unconfirmed assumption at each end of its range, the others central (whether a verdict
holds at both ends, which only a claim that a change makes a design safe needs); and
`draws` joint draws of every figure, which give the verdict (the mean gain, and the
share of draws in which pushing pays) and the 80% ranges. The scorecard's rule, the
Stress test page and the export use the same draws and seed, so they say the same.
A run's course is kept per assumptions, draws, seed and the months bids need.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence

import numpy as np

from scoring.models import Bid, Cohort, Measure, Target
from scoring.stress.assumptions import DEFAULT_ASSUMPTIONS, Assumptions
from scoring.stress.model import (
    Course,
    Paces,
    cap_schedule,
    failed_within,
    follow,
    paces,
    sample,
    settings,
)
from scoring.stress.payments import (
    HOLDING,
    PERSON_PACED,
    STRATEGIES,
    TARGET_DRIVEN,
    Caseload,
    Contract,
    checkpoints,
    line_incomes,
)
from scoring.stress.results import (
    NO_GAIN_GBP,
    CapCost,
    Interval,
    LineGain,
    StrategyOutcome,
    StressResult,
    Variation,
    drivers,
    flips,
    gbp_per_extra_death,
    holding_level,
    incentive_level,
    verdict,
)
from scoring.stress.summary import describe

DRAWS = 10_000
SEED = 20261122
EXIT_MEASURES = frozenset({Measure.successful_completions, Measure.ost_exits,
                           Measure.low_dose_exits})
PEOPLE = ("deaths", "drug_free_exits", "relapses", "re_presentations", "unplanned_exits")


def stress_test(bid: Bid, assumptions: Assumptions = DEFAULT_ASSUMPTIONS, draws: int = DRAWS,
                seed: int = SEED) -> StressResult:
    """Does pushing people out of treatment pay under this bid, and what would it cost?"""
    return stress_many([bid], assumptions, draws, seed)[0]


def stress_many(bids: Sequence[Bid], assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
                draws: int = DRAWS, seed: int = SEED, ranges: bool = True
                ) -> list[StressResult]:
    """Stress-test several bids on the same figures, in one run of the model.

    A bid's figures do not depend on the other bids in the call. Without `ranges` the
    figures' intervals are their central values alone (the verdict, its share of draws
    and the mean gain are the same): the scorecard's rule needs no more.
    """
    if draws < 0:
        raise ValueError(f"draws cannot be negative, not {draws}")
    if not bids:
        return []
    run = _run(assumptions, draws, seed)
    needed = [checkpoints(bid) for bid in bids]
    run.course.ensure(set().union(*(full for full, _ in needed)),
                      set().union(*(exits for _, exits in needed)))
    return [run.result(bid, ranges) for bid in bids]


@functools.lru_cache(maxsize=2)  # the published figures, and one set edited on a page
def _run(assumptions: Assumptions, draws: int, seed: int) -> _Run:
    """The model for these figures, followed as far as bids have needed it so far."""
    columns, ends = settings(assumptions)
    if draws:
        sampled = sample(assumptions, draws, seed)
        columns = {name: np.concatenate([columns[name], sampled[name]]) for name in columns}
    pace = paces(columns)
    return _Run(assumptions, columns, ends, pace, Course(pace), draws, seed)


def exit_pressures(bid: Bid) -> list[Target]:
    """Targets that count exits or completions, where a miss costs money, jobs or contract."""
    return [target for target in bid.targets
            if target.measure in EXIT_MEASURES and target.costs_money_jobs_or_contract]


@dataclasses.dataclass
class _Run:
    """One run of the model over shared figures; prices each bid's table on it."""

    assumptions: Assumptions
    figures: dict[str, np.ndarray]
    ends: list[tuple[str, str]]  # the figure at an end, for columns 1..len(ends)
    pace: Paces
    course: Course
    draws: int
    seed: int
    capped: dict[tuple[float, int], Course] = dataclasses.field(default_factory=dict)
    failing: dict[tuple[int, frozenset[str], bool], np.ndarray] = dataclasses.field(
        default_factory=dict)

    def failed_within(self, window: int, failures: frozenset[str], pushed: bool) -> np.ndarray:
        """The chance an exit fails within its window, kept per window and failures."""
        key = (window, failures, pushed)
        if key not in self.failing:
            self.failing[key] = failed_within(self.course.chances, window, failures, pushed)
        return self.failing[key]

    def expected(self, gain: np.ndarray) -> tuple[float, float | None]:
        """The mean over the joint draws, and the share of them in which the gain is real.

        With no draws (central figures only), the central gain and no share.
        """
        if not self.draws:
            return float(gain[0]), None
        sampled = gain[self.sampled]
        return float(sampled.mean()), float((sampled > NO_GAIN_GBP).mean())

    @property
    def sampled(self) -> slice:
        """The columns of the joint draws."""
        return slice(1 + len(self.ends), 1 + len(self.ends) + self.draws)

    def summarised(self, per_column: dict[str, np.ndarray], ranges: bool
                   ) -> dict[str, Interval]:
        """Central value (column 0) and 80% range (the sampled columns) of each figure."""
        if not ranges:
            return {name: Interval(float(values[0]), float(values[0]), float(values[0]))
                    for name, values in per_column.items()}
        keep = np.r_[0, 1 + len(self.ends):1 + len(self.ends) + self.draws]
        return Interval.each({name: values[keep] for name, values in per_column.items()})

    def result(self, bid: Bid, ranges: bool = True) -> StressResult:
        contract = Contract.of(bid)
        caseload = Caseload.of(bid, self.figures["low_dose_share"])
        to_pct = 100 / contract.value_gbp
        # Lines are summed as they come and each kept only as its interval, so memory
        # stays the same however many lines the bid has.
        income = dict.fromkeys((*STRATEGIES, HOLDING), 0.0)
        lines = []
        for line in line_incomes(bid, self.course, caseload,
                                 self.figures["new_presentations_rate"], self.failed_within):
            for strategy in income:
                income[strategy] = income[strategy] + getattr(line, strategy)
            line_gain = self.summarised({"gain": line.target_driven - line.person_paced},
                                        ranges)["gain"]
            lines.append(LineGain(line.index, line.line.outcome, line.line.category.value,
                                  line.line.share_pct, line_gain, line_gain.scaled(to_pct)))
        gain = income[TARGET_DRIVEN] - income[PERSON_PACED]
        # Without ranges only the central value of each count of people is read.
        counting, columns = (caseload, slice(None)) if ranges else (caseload.central(),
                                                                     slice(0, 1))
        people = {(strategy, name): counting.count(
                      self.course.at(name, contract.months)[:, columns], Cohort.opiate, strategy)
                  for strategy in STRATEGIES for name in PEOPLE}
        per_column = {
            "income_gain_gbp": gain,
            **{f"extra_{name}": people[TARGET_DRIVEN, name] - people[PERSON_PACED, name]
               for name in PEOPLE},
            **{f"{strategy}.income_gbp": income[strategy] for strategy in STRATEGIES},
            **{f"{strategy}.{name}": people[strategy, name]
               for strategy in STRATEGIES for name in PEOPLE},
            **self._cap_columns(bid, contract, caseload, people[PERSON_PACED, "deaths"],
                                ranges),
        }
        interval = self.summarised(per_column, ranges)
        mean_gain, p_gain = self.expected(gain)
        mean_holding, p_hold = self.expected(income[HOLDING] - income[PERSON_PACED])
        called = verdict(mean_gain * to_pct)
        variations = self._variations(gain, to_pct)
        strategies = {
            strategy: StrategyOutcome(income_gbp=interval[f"{strategy}.income_gbp"],
                                      **{name: interval[f"{strategy}.{name}"] for name in PEOPLE})
            for strategy in STRATEGIES
        }
        flipped = flips(called, variations)
        result = StressResult(
            provider=bid.provider,
            verdict=called,
            level=incentive_level(called, mean_gain * to_pct, p_gain),
            p_gain=p_gain,
            mean_gain_gbp=mean_gain,
            mean_gain_pct=mean_gain * to_pct,
            holding_gain_pct=mean_holding * to_pct,
            p_hold=p_hold,
            holding_level=holding_level(mean_holding * to_pct, p_hold),
            robust=not flipped,
            flipped_by=flipped,
            income_gain_gbp=interval["income_gain_gbp"],
            income_gain_pct=interval["income_gain_gbp"].scaled(to_pct),
            extra_deaths=interval["extra_deaths"],
            extra_exits=interval["extra_drug_free_exits"],
            extra_relapses=interval["extra_relapses"],
            extra_re_presentations=interval["extra_re_presentations"],
            gbp_per_extra_death=gbp_per_extra_death(interval["income_gain_gbp"],
                                                    interval["extra_deaths"]),
            strategies=strategies,
            drivers=drivers(lines, called),
            pressures=tuple(target.kpi for target in exit_pressures(bid)),
            cap=self._cap(bid, interval),
            summary="",
            reference=bid.overview.bid_reference,
            contract_value_gbp=contract.value_gbp,
            term_years=bid.overview.contract_term_years,
            people_on_ost=caseload.long_term_ost + caseload.short_term_opiate,
            people_pushed=caseload.long_term_ost + float(caseload.low_dose[0]),
            extra_unplanned_exits=interval["extra_unplanned_exits"],
            lines=tuple(lines),
            variations=variations,
            draws=self.draws if ranges else 0,
            seed=self.seed,
        )
        return dataclasses.replace(result, summary=describe(result))

    def _variations(self, gain: np.ndarray, to_pct: float) -> tuple[Variation, ...]:
        variations = []
        for column, (name, end) in enumerate(self.ends, start=1):
            parameter = getattr(self.assumptions, name)
            variations.append(Variation(
                name, parameter.label, end, float(self.figures[name][column]), parameter.unit,
                float(gain[column]), float(gain[column] * to_pct)))
        return tuple(variations)

    def _cap_columns(self, bid: Bid, contract: Contract, caseload: Caseload,
                     uncapped_deaths: np.ndarray, ranges: bool) -> dict[str, np.ndarray]:
        """Deaths and forced exits a cap on time in OST causes, person-paced, per column.

        Without ranges only the central column is wanted, so only it is followed.
        """
        cap_months = bid.treatment.ost_max_duration_months
        if cap_months is None:
            return {}
        capped = self._capped_course(cap_months, contract.months, central_only=not ranges)
        count = {name: caseload.count(capped.at(name, contract.months), Cohort.opiate,
                                      PERSON_PACED) for name in ("deaths", "forced_exits")}
        columns = {"cap.extra_deaths": count["deaths"] - uncapped_deaths,
                   "cap.forced_exits": count["forced_exits"]}
        return columns if ranges else {name: values[:1] for name, values in columns.items()}

    def _capped_course(self, cap_months: float, months: int, central_only: bool) -> Course:
        """The course with a cap on time in OST, kept per cap, term and columns for this run."""
        key = (cap_months, months, central_only)
        if key not in self.capped:
            pace = self.pace
            if central_only:
                pace = Paces(**{f.name: getattr(pace, f.name)[:, :1]
                                for f in dataclasses.fields(pace)})
            self.capped[key] = follow(pace, (months,), cap_schedule(cap_months, months))
        return self.capped[key]

    @staticmethod
    def _cap(bid: Bid, interval: dict[str, Interval]) -> CapCost | None:
        cap_months = bid.treatment.ost_max_duration_months
        if cap_months is None:
            return None
        return CapCost(cap_months, interval["cap.forced_exits"], interval["cap.extra_deaths"])
