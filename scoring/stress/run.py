"""Run the stress test: follow the cohort, price the payment table, test the verdict.

Every run evaluates the model at once on: the assumptions' central values (the figures
every headline uses, so the scorecard and the Stress test page say the same); each
unconfirmed assumption at each end of its range, the others central (the verdict's
robustness); and `draws` sampled combinations (the 80% ranges). The scorecard's rule
runs with no sampled draws.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence

import numpy as np

from scoring.models import Bid, Cohort, Measure, Target
from scoring.stress.assumptions import DEFAULT_ASSUMPTIONS, Assumptions
from scoring.stress.model import Course, Paces, cap_schedule, follow, paces, sample, settings
from scoring.stress.payments import (
    PERSON_PACED,
    STRATEGIES,
    TARGET_DRIVEN,
    Caseload,
    Contract,
    checkpoints,
    line_incomes,
)
from scoring.stress.results import (
    CapCost,
    Interval,
    LineGain,
    StrategyOutcome,
    StressResult,
    Variation,
    drivers,
    flips,
    gbp_per_extra_death,
    verdict,
)
from scoring.stress.summary import describe

DRAWS = 10_000
SEED = 20261122
EXIT_MEASURES = frozenset({Measure.successful_completions, Measure.ost_exits,
                           Measure.low_dose_exits})
LONGEST_TERM_MONTHS = 15 * 12  # the workbook allows terms of up to 15 years
PEOPLE = ("deaths", "drug_free_exits", "relapses", "re_presentations", "unplanned_exits")


def stress_test(bid: Bid, assumptions: Assumptions = DEFAULT_ASSUMPTIONS, draws: int = DRAWS,
                seed: int = SEED) -> StressResult:
    """Does pushing people out of treatment pay under this bid, and what would it cost?"""
    return stress_many([bid], assumptions, draws, seed)[0]


def stress_many(bids: Sequence[Bid], assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
                draws: int = DRAWS, seed: int = SEED) -> list[StressResult]:
    """Stress-test several bids on the same figures, in one run of the model.

    A bid's figures do not depend on the other bids in the call.
    """
    if draws < 0:
        raise ValueError(f"draws cannot be negative, not {draws}")
    if not bids:
        return []
    if not draws:
        return [_settings_only(assumptions).result(bid) for bid in bids]
    columns, ends = settings(assumptions)
    sampled = sample(assumptions, draws, seed)
    columns = {name: np.concatenate([columns[name], sampled[name]]) for name in columns}
    pace = paces(columns)
    needed = [checkpoints(bid) for bid in bids]
    months = sorted(set().union(*(months for months, _ in needed)))
    course = follow(pace, tuple(months), max(window for _, window in needed))
    run = _Run(assumptions, columns, ends, pace, course, draws, seed)
    return [run.result(bid) for bid in bids]


@functools.lru_cache(maxsize=16)
def _settings_only(assumptions: Assumptions) -> _Run:
    """A run on the central values and the robustness ends alone, every month kept.

    These few columns are cheap to keep for the longest possible term, so the course is
    followed once and every bid (the scorecard's rule runs on each) only prices its table.
    """
    columns, ends = settings(assumptions)
    pace = paces(columns)
    course = follow(pace, tuple(range(1, LONGEST_TERM_MONTHS + 1)), LONGEST_TERM_MONTHS)
    return _Run(assumptions, columns, ends, pace, course, 0, SEED)


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

    def summarised(self, per_column: dict[str, np.ndarray]) -> dict[str, Interval]:
        """Central value (column 0) and 80% range (the sampled columns) of each figure."""
        keep = np.r_[0, 1 + len(self.ends):1 + len(self.ends) + self.draws]
        return Interval.each({name: values[keep] for name, values in per_column.items()})

    def result(self, bid: Bid) -> StressResult:
        contract = Contract.of(bid)
        caseload = Caseload.of(bid, self.figures["low_dose_share"])
        to_pct = 100 / contract.value_gbp
        # Lines are summed as they come and each kept only as its interval, so memory
        # stays the same however many lines the bid has.
        income = dict.fromkeys(STRATEGIES, 0.0)
        lines = []
        for line in line_incomes(bid, self.course, caseload,
                                 self.figures["new_presentations_rate"]):
            for strategy in STRATEGIES:
                income[strategy] = income[strategy] + getattr(line, strategy)
            line_gain = self.summarised({"gain": line.target_driven - line.person_paced})["gain"]
            lines.append(LineGain(line.index, line.line.outcome, line.line.category.value,
                                  line.line.share_pct, line_gain, line_gain.scaled(to_pct)))
        gain = income[TARGET_DRIVEN] - income[PERSON_PACED]
        people = {(strategy, name): caseload.count(self.course.at(name, contract.months),
                                                   Cohort.opiate, strategy)
                  for strategy in STRATEGIES for name in PEOPLE}
        per_column = {
            "income_gain_gbp": gain,
            **{f"extra_{name}": people[TARGET_DRIVEN, name] - people[PERSON_PACED, name]
               for name in PEOPLE},
            **{f"{strategy}.income_gbp": income[strategy] for strategy in STRATEGIES},
            **{f"{strategy}.{name}": people[strategy, name]
               for strategy in STRATEGIES for name in PEOPLE},
            **self._cap_columns(bid, contract, caseload, people[PERSON_PACED, "deaths"]),
        }
        interval = self.summarised(per_column)
        called = verdict(interval["income_gain_gbp"].central)
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
            draws=self.draws,
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
                     uncapped_deaths: np.ndarray) -> dict[str, np.ndarray]:
        """Deaths and forced exits a cap on time in OST causes, person-paced, per column."""
        cap_months = bid.treatment.ost_max_duration_months
        if cap_months is None:
            return {}
        capped = self._capped_course(cap_months, contract.months)
        count = {name: caseload.count(capped.at(name, contract.months), Cohort.opiate,
                                      PERSON_PACED) for name in ("deaths", "forced_exits")}
        return {"cap.extra_deaths": count["deaths"] - uncapped_deaths,
                "cap.forced_exits": count["forced_exits"]}

    def _capped_course(self, cap_months: float, months: int) -> Course:
        """The course with a cap on time in OST, kept per cap and term for this run."""
        key = (cap_months, months)
        if key not in self.capped:
            self.capped[key] = follow(self.pace, (months,), 0, cap_schedule(cap_months, months))
        return self.capped[key]

    @staticmethod
    def _cap(bid: Bid, interval: dict[str, Interval]) -> CapCost | None:
        cap_months = bid.treatment.ost_max_duration_months
        if cap_months is None:
            return None
        return CapCost(cap_months, interval["cap.forced_exits"], interval["cap.extra_deaths"])
