"""From the bid's payment table to the provider's income under each strategy.

Each payment line pays for one kind of outcome among one cohort. Its price per outcome
is its share of the contract value divided by the outcomes expected under the
person-paced strategy (the commissioner's baseline), so under that strategy every line
earns its share; under the target-driven strategy it earns that price times the
outcomes that strategy produces. Block lines pay the same under both.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from scoring.models import PAID_WHEN, Bid, Cohort, PaidWhen, PaymentCategory, PaymentLine
from scoring.stress.model import (
    LONG_TERM,
    LONG_TERM_PUSHED,
    LOW_DOSE_PUSHED,
    NEWER,
    NON_OPIATE,
    Course,
)

PERSON_PACED, TARGET_DRIVEN = "person_paced", "target_driven"
STRATEGIES = (PERSON_PACED, TARGET_DRIVEN)
RE_PRESENTATION_MONTHS = 6  # the national completion measure looks six months ahead

# What a line pays for, as the model counts it, by when the line is earned.
PRESENTATIONS = "presentations"  # starts of treatment: people coming back, and new people
HELD_EXITS = "held_exits"  # drug-free exits not followed by a return within the window
COUNTED: dict[PaidWhen, str] = {
    PaidWhen.on_entry: PRESENTATIONS,
    PaidWhen.while_staying: "months_in_treatment",
    PaidWhen.on_leaving: HELD_EXITS,
    PaidWhen.in_treatment: "months_in_treatment",  # measured at reviews in treatment
    PaidWhen.on_safety: "months_alive",  # fewer drug-related deaths: paid for months lived
}


def counted(category: PaymentCategory) -> str | None:
    """What the model counts for a line of this category; None for a fixed block."""
    return COUNTED.get(PAID_WHEN[category])


@dataclass(frozen=True)
class Caseload:
    """The people in treatment at the start, by how they move."""

    long_term_ost: float
    short_term_opiate: float  # opiate clients on OST for under two years
    low_dose: np.ndarray  # of whom on low doses and pushed too (one figure per draw)
    non_opiate: float

    @classmethod
    def of(cls, bid: Bid, low_dose_share: np.ndarray) -> Caseload:
        overview = bid.overview
        short_term = overview.cohort_opiate_clients - overview.cohort_long_term_ost_clients
        return cls(overview.cohort_long_term_ost_clients, short_term,
                   short_term * low_dose_share / 100,
                   overview.cohort_in_treatment - overview.cohort_opiate_clients)

    def size(self, cohort: Cohort) -> float:
        """How many people of a line's cohort are in treatment at the start.

        New presentations cannot be told apart in a cohort followed from the start, so
        lines for them count everyone.
        """
        opiate = self.long_term_ost + self.short_term_opiate
        return {Cohort.opiate: opiate, Cohort.long_term_ost: self.long_term_ost,
                Cohort.non_opiate: self.non_opiate, Cohort.alcohol: self.non_opiate,
                }.get(cohort, opiate + self.non_opiate)

    def count(self, per_person: np.ndarray, cohort: Cohort, strategy: str) -> np.ndarray:
        """People-weighted total of a per-person figure (pace x draw) among a cohort.

        Alcohol clients are counted with non-opiate ones; lines for new presentations
        count everyone (see `size`).
        """
        pushing = strategy == TARGET_DRIVEN
        long_term = self.long_term_ost * per_person[LONG_TERM_PUSHED if pushing else LONG_TERM]
        low_dose = per_person[LOW_DOSE_PUSHED] if pushing else per_person[NEWER]
        opiate = (long_term + self.low_dose * low_dose
                  + (self.short_term_opiate - self.low_dose) * per_person[NEWER])
        others = self.non_opiate * per_person[NON_OPIATE]
        if cohort == Cohort.long_term_ost:
            return long_term
        if cohort == Cohort.opiate:
            return opiate
        if cohort in (Cohort.non_opiate, Cohort.alcohol):
            return others
        return opiate + others


@dataclass(frozen=True)
class Contract:
    """The bid's term and value, as the model needs them."""

    months: int
    value_gbp: float  # over the whole term

    @classmethod
    def of(cls, bid: Bid) -> Contract:
        years = bid.overview.contract_term_years
        return cls(round(years * 12), bid.overview.contract_annual_value_gbp * years)


def window_months(line: PaymentLine, contract: Contract) -> int:
    """How long a drug-free exit must hold, in whole months, before the line keeps paying.

    A window and a clawback do the same job here: the payment stands only if the person
    has not come back within the window. A clawback with no window, and a payment for
    non-re-presentation, look six months ahead as the national measure does.
    """
    window = math.ceil(line.window_months or 0)
    if window == 0 and (line.clawback or line.category == PaymentCategory.non_representation):
        window = RE_PRESENTATION_MONTHS
    return min(window, contract.months)


def checkpoints(bid: Bid) -> tuple[set[int], int]:
    """The months whose running totals the bid needs, and its longest window."""
    contract = Contract.of(bid)
    windows = {window_months(line, contract) for line in bid.payment_lines
               if counted(line.category) == HELD_EXITS}
    return {contract.months - w for w in windows} | {contract.months}, max(windows, default=0)


def outcomes(line: PaymentLine, contract: Contract, caseload: Caseload, course: Course,
             new_presentations_rate: np.ndarray, strategy: str) -> np.ndarray:
    """How many of what a line pays for happen over the term, per draw."""
    kind = counted(line.category)
    if kind == HELD_EXITS:
        window = window_months(line, contract)
        held = (course.at("drug_free_exits", contract.months - window)
                * (1 - course.returned_within[window]))
        return caseload.count(held, line.cohort, strategy)
    if kind == PRESENTATIONS:
        returns = caseload.count(course.at("re_presentations", contract.months), line.cohort,
                                 strategy)
        newcomers = (0.0 if line.cohort == Cohort.long_term_ost else
                     caseload.size(line.cohort) * new_presentations_rate / 100
                     * contract.months / 12)
        return returns + newcomers
    return caseload.count(course.at(kind, contract.months), line.cohort, strategy)


@dataclass(frozen=True)
class LineIncome:
    """What one payment line pays the provider under each strategy, per draw."""

    index: int  # position in bid.payment_lines
    line: PaymentLine
    person_paced: np.ndarray
    target_driven: np.ndarray


def line_incomes(bid: Bid, course: Course, caseload: Caseload,
                 new_presentations_rate: np.ndarray) -> Iterator[LineIncome]:
    """Each line's income, one at a time: the caller keeps what it needs of each, so
    memory does not grow with the number of lines."""
    contract = Contract.of(bid)
    for index, line in enumerate(bid.payment_lines):
        money = np.full(caseload.low_dose.shape, line.share_pct / 100 * contract.value_gbp)
        if counted(line.category) is None:
            yield LineIncome(index, line, money, money)
            continue
        paced, pushed = (outcomes(line, contract, caseload, course, new_presentations_rate, s)
                         for s in STRATEGIES)
        # A line whose outcome cannot happen at all has no price and pays nothing.
        price = np.divide(money, paced, out=np.zeros_like(money), where=paced > 0)
        yield LineIncome(index, line, price * paced, price * pushed)
