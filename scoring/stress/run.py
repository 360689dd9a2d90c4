"""Run the stress test: sample the assumptions, follow the cohort, price the payment table."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from scoring.models import Bid, Cohort, Measure, Target
from scoring.stress.assumptions import DEFAULT_ASSUMPTIONS, Assumptions
from scoring.stress.model import Course, follow, paces, sample
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
    Interval,
    LineGain,
    StrategyOutcome,
    StressResult,
    drivers,
    gbp_per_extra_death,
    verdict,
)
from scoring.stress.summary import describe

DRAWS = 10_000
SEED = 20261122
EXIT_MEASURES = frozenset({Measure.successful_completions, Measure.ost_exits,
                           Measure.low_dose_exits, Measure.abstinence_rate})
PEOPLE = ("deaths", "drug_free_exits", "relapses", "re_presentations", "unplanned_exits")


def stress_test(bid: Bid, assumptions: Assumptions = DEFAULT_ASSUMPTIONS, draws: int = DRAWS,
                seed: int = SEED) -> StressResult:
    """Does pushing people out of treatment pay under this bid, and what would it cost?"""
    return stress_many([bid], assumptions, draws, seed)[0]


def stress_many(bids: Sequence[Bid], assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
                draws: int = DRAWS, seed: int = SEED) -> list[StressResult]:
    """Stress-test several bids on the same parameter draws, in one run of the model.

    A bid's figures do not depend on the other bids in the call.
    """
    if not bids:
        return []
    figures = sample(assumptions, draws, seed)
    needed = [checkpoints(bid) for bid in bids]
    months = sorted(set().union(*(months for months, _ in needed)))
    course = follow(paces(figures), tuple(months), max(window for _, window in needed))
    return [_result(bid, course, figures, draws, seed) for bid in bids]


def exit_pressures(bid: Bid) -> list[Target]:
    """Targets that count exits or completions, where a miss costs money, jobs or contract."""
    return [target for target in bid.targets
            if target.measure in EXIT_MEASURES and target.costs_money_jobs_or_contract]


def _result(bid: Bid, course: Course, figures: dict[str, np.ndarray], draws: int,
            seed: int) -> StressResult:
    contract = Contract.of(bid)
    caseload = Caseload.of(bid, figures["low_dose_share"])
    incomes = line_incomes(bid, course, caseload, figures["new_presentations_rate"])
    gains = [income.target_driven - income.person_paced for income in incomes]
    gain = np.sum(gains, axis=0)
    people = {(strategy, name): caseload.count(course.at(name, contract.months),
                                               Cohort.opiate, strategy)
              for strategy in STRATEGIES for name in PEOPLE}
    draws_of = {
        "income_gain_gbp": gain,
        "income_gain_pct": 100 * gain / contract.value_gbp,
        **{f"extra_{name}": people[TARGET_DRIVEN, name] - people[PERSON_PACED, name]
           for name in PEOPLE},
        **{f"{strategy}.income_gbp": np.sum([getattr(income, strategy) for income in incomes],
                                            axis=0) for strategy in STRATEGIES},
        **{f"{strategy}.{name}": people[strategy, name]
           for strategy in STRATEGIES for name in PEOPLE},
        **{f"line{i}": line_gain for i, line_gain in enumerate(gains)},
    }
    interval = Interval.each(draws_of)
    strategies = {
        strategy: StrategyOutcome(income_gbp=interval[f"{strategy}.income_gbp"],
                                  **{name: interval[f"{strategy}.{name}"] for name in PEOPLE})
        for strategy in STRATEGIES
    }
    lines = tuple(
        LineGain(income.index, income.line.outcome, income.line.category.value,
                 income.line.share_pct, interval[f"line{i}"],
                 _scaled(interval[f"line{i}"], 100 / contract.value_gbp))
        for i, income in enumerate(incomes))
    called = verdict(interval["income_gain_pct"])
    result = StressResult(
        provider=bid.provider,
        verdict=called,
        income_gain_gbp=interval["income_gain_gbp"],
        income_gain_pct=interval["income_gain_pct"],
        extra_deaths=interval["extra_deaths"],
        extra_exits=interval["extra_drug_free_exits"],
        extra_relapses=interval["extra_relapses"],
        extra_re_presentations=interval["extra_re_presentations"],
        gbp_per_extra_death=gbp_per_extra_death(interval["income_gain_gbp"],
                                                interval["extra_deaths"]),
        strategies=strategies,
        drivers=drivers(lines, called),
        pressures=tuple(target.kpi for target in exit_pressures(bid)),
        summary="",
        reference=bid.overview.bid_reference,
        contract_value_gbp=contract.value_gbp,
        term_years=bid.overview.contract_term_years,
        people_on_ost=caseload.long_term_ost + caseload.short_term_opiate,
        people_pushed=caseload.long_term_ost + float(np.mean(caseload.low_dose)),
        extra_unplanned_exits=interval["extra_unplanned_exits"],
        lines=lines,
        draws=draws,
        seed=seed,
    )
    return dataclasses.replace(result, summary=describe(result))


def _scaled(interval: Interval, factor: float) -> Interval:
    return Interval(interval.mean * factor, interval.low * factor, interval.high * factor)
