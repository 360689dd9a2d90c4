"""The cohort model: where people are, month by month, under each way of leaving treatment.

Everything is an expected share of one person, for every parameter draw at once (NumPy
arrays, draws on the last axis); the only loop is over months. Five *paces* cover both
strategies, because a group of people moves in one of five ways:

- `long_term`: people on OST two years or more, leaving when they choose (rarely);
- `newer`: opiate clients on OST under two years, leaving when they choose;
- `long_term_pushed` and `low_dose_pushed`: the same groups pushed out several times
  faster than their own pace, some unplanned, more relapsing;
- `non_opiate`: other clients, who complete at their own rate and are never pushed
  (their deaths are not modelled: the death rates are those of people on OST).

A cap on time in OST is a *forced exit*: at the month a person reaches the cap, their
prescription stops and they leave unplanned (`forced` in `follow`).

States: in treatment; back in treatment (re-presented); left drug-free (months 1-6,
while relapse is counted, then drug-free); left unplanned (first month out); just
relapsed (first month after a relapse); relapsed out of treatment; dead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import NamedTuple

import numpy as np

from scoring.stress.assumptions import ORDERED, Assumptions

PACES = ("long_term", "newer", "long_term_pushed", "low_dose_pushed", "non_opiate")
LONG_TERM, NEWER, LONG_TERM_PUSHED, LOW_DOSE_PUSHED, NON_OPIATE = range(len(PACES))
LONG_TERM_MONTHS = 24  # "long-term OST" in the workbook: two years or more
RELAPSE_MONTHS = 6  # relapse is counted in the six months after a drug-free exit
TOTALS = ("drug_free_exits", "unplanned_exits", "forced_exits", "relapses",
          "re_presentations", "deaths", "months_in_treatment", "months_alive")
# Figures drawn together: death rates rise and fall as one, and so does relapse.
SHARED_DRAWS = {
    "mortality_on_ost": "mortality", "mortality_after_leaving": "mortality",
    "mortality_later_off": "mortality", "mortality_after_relapse": "mortality",
    "relapse_after_chosen_exit": "relapse", "relapse_after_pushed_exit": "relapse",
}


def sample(assumptions: Assumptions, draws: int, seed: int) -> dict[str, np.ndarray]:
    """`draws` values of every figure, between its low and high, most often near its default.

    Each figure follows a triangular distribution (low, default, high). Figures in one
    group of SHARED_DRAWS share their quantile; a draw that would put a figure above one
    it must not exceed (ORDERED) is raised to it.
    """
    if draws < 1:
        raise ValueError(f"draws must be at least 1, not {draws}")
    parameters = assumptions.parameters()
    groups = list(dict.fromkeys(SHARED_DRAWS.get(p.name, p.name) for p in parameters))
    quantiles = np.random.default_rng(seed).random((len(groups), draws))
    figures = {
        p.name: _triangular(quantiles[groups.index(SHARED_DRAWS.get(p.name, p.name))],
                            p.low, p.default, p.high)
        for p in parameters
    }
    return keep_order(figures)


def settings(assumptions: Assumptions) -> tuple[dict[str, np.ndarray], list[tuple[str, str]]]:
    """Every figure at its central value (column 0), then each unconfirmed figure at the
    low and at the high end of its range with the others central (one column each).

    Returns the columns and, for columns 1 on, which figure is at which end.
    """
    ends = [(p.name, end) for p in assumptions.unconfirmed() for end in ("low", "high")]
    columns = {p.name: np.full(1 + len(ends), p.default) for p in assumptions.parameters()}
    for column, (name, end) in enumerate(ends, start=1):
        columns[name][column] = getattr(getattr(assumptions, name), end)
    return keep_order(columns), ends


def keep_order(figures: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Raise any figure that would fall below one it must not be below (ORDERED)."""
    for lower, upper, _ in ORDERED:
        figures[upper] = np.maximum(figures[upper], figures[lower])
    return figures


def _triangular(u: np.ndarray, low: float, mode: float, high: float) -> np.ndarray:
    """The triangular distribution's quantiles at `u`."""
    if high == low:
        return np.full_like(u, low)
    split = (mode - low) / (high - low)
    rising = low + np.sqrt(u * (high - low) * (mode - low))
    falling = high - np.sqrt((1 - u) * (high - low) * (high - mode))
    return np.where(u < split, rising, falling)


@dataclass(frozen=True)
class Paces:
    """Monthly chances for each pace (axis 0) and draw (axis 1)."""

    leave: np.ndarray  # of leaving treatment
    unplanned: np.ndarray  # share of those leaving who leave unplanned, not drug-free
    relapse: np.ndarray  # of relapse, in each of the six months after a drug-free exit
    return_: np.ndarray  # of coming back into treatment, once relapsed
    death_on: np.ndarray
    death_after_leaving: np.ndarray
    death_later_off: np.ndarray
    death_after_relapse: np.ndarray

    @property
    def death_after_drug_free_exit(self) -> np.ndarray:
        """By month since a drug-free exit: the first month's risk, then the later one."""
        later = np.broadcast_to(self.death_later_off, (RELAPSE_MONTHS - 1, *self.leave.shape))
        return np.concatenate([self.death_after_leaving[None], later])


def paces(figures: dict[str, np.ndarray]) -> Paces:
    """Turn yearly, six-monthly and per-100-person-year figures into monthly chances."""
    newer_rate = figures["opiate_completion_rate"] / 100
    long_term_rate = figures["long_term_completion_rate"] / 100
    push = figures["push_multiplier"] / 12
    chosen_relapse = _monthly(figures["relapse_after_chosen_exit"] / 100, 1 / RELAPSE_MONTHS)
    pushed_relapse = _monthly(figures["relapse_after_pushed_exit"] / 100, 1 / RELAPSE_MONTHS)
    unplanned = figures["pushed_unplanned_share"] / 100
    none = np.zeros_like(newer_rate)

    def death(name: str) -> np.ndarray:
        rate = 1 - np.exp(-figures[name] / 100 / 12)
        return np.stack([rate, rate, rate, rate, none])

    return Paces(
        leave=np.stack([_monthly(long_term_rate, 1 / 12), _monthly(newer_rate, 1 / 12),
                        _monthly(long_term_rate, push), _monthly(newer_rate, push),
                        _monthly(figures["non_opiate_completion_rate"] / 100, 1 / 12)]),
        unplanned=np.stack([none, none, unplanned, unplanned, none]),
        relapse=np.stack([chosen_relapse, chosen_relapse, pushed_relapse, pushed_relapse,
                          chosen_relapse]),
        return_=np.stack([figures["re_presentation_rate"] / 100] * len(PACES)),
        death_on=death("mortality_on_ost"),
        death_after_leaving=death("mortality_after_leaving"),
        death_later_off=death("mortality_later_off"),
        death_after_relapse=death("mortality_after_relapse"),
    )


def cap_schedule(cap_months: float, months: int) -> np.ndarray:
    """For each month and pace, the share of people still in their first episode whom a cap
    on time in OST forces out that month (axes: month - 1, pace).

    People on OST two years or more are taken to have been on it exactly two years at
    the start (the least they can have, so the cap bites no earlier than it would);
    newer clients' time on OST is spread evenly over their first two years. Only the
    person-paced groups are capped: the cap's cost is reported beside the payment
    verdict, not mixed into it.
    """
    schedule = np.zeros((months, len(PACES)))
    long_term_month = max(1, math.ceil(cap_months - LONG_TERM_MONTHS))
    if long_term_month <= months:
        schedule[long_term_month - 1, LONG_TERM] = 1.0
    due = [max(1, math.ceil(cap_months - tenure - 0.5)) for tenure in range(LONG_TERM_MONTHS)]
    remaining = len(due)
    for month_ in range(1, months + 1):
        now = due.count(month_)
        if now and remaining:
            schedule[month_ - 1, NEWER] = now / remaining
        remaining -= now
    return schedule


def _monthly(chance: np.ndarray, periods: np.ndarray | float) -> np.ndarray:
    """The chance in one month of an event whose chance over a longer time is `chance`.

    `periods` is the month as a fraction of that time, times any speed-up.
    """
    return 1 - (1 - chance) ** periods


class People(NamedTuple):
    """Expected shares of one person in each state (pace x draw arrays)."""

    in_treatment: np.ndarray
    back_in_treatment: np.ndarray
    left_drug_free: np.ndarray  # months 1..6 since a drug-free exit, on axis 0
    drug_free: np.ndarray
    left_unplanned: np.ndarray
    just_relapsed: np.ndarray
    relapsed: np.ndarray

    @classmethod
    def nobody(cls, shape: tuple[int, ...]) -> People:
        zeros = {name: np.zeros(shape) for name in cls._fields}
        zeros["left_drug_free"] = np.zeros((RELAPSE_MONTHS, *shape))
        return cls(**zeros)


class Chances(NamedTuple):
    """A pace's monthly chances, turned once per run into what each month multiplies by."""

    pace: Paces
    survive_on: np.ndarray
    survive_later_off: np.ndarray
    survive_leaving: np.ndarray
    survive_relapse: np.ndarray
    stay_out: np.ndarray  # relapsed and not coming back this month
    tunnel_relapse: np.ndarray  # by month since a drug-free exit: survive, then relapse
    tunnel_stay: np.ndarray  # survive, and stay drug-free

    @classmethod
    def of(cls, pace: Paces) -> Chances:
        survive_tunnel = 1 - pace.death_after_drug_free_exit
        return cls(pace, 1 - pace.death_on, 1 - pace.death_later_off,
                   1 - pace.death_after_leaving, 1 - pace.death_after_relapse,
                   1 - pace.return_, survive_tunnel * pace.relapse,
                   survive_tunnel * (1 - pace.relapse))


def month(people: People, chances: Chances, forced: np.ndarray | None = None
          ) -> tuple[People, dict[str, np.ndarray]]:
    """One month: some die, then the living move; returns the new states and the flows.

    `forced` is, per pace, the share of people in their first episode whose
    prescription stops this month (a cap on time in OST); they leave unplanned.
    """
    pace = chances.pace
    treated = people.in_treatment + people.back_in_treatment
    out_using = people.left_unplanned + people.just_relapsed + people.relapsed
    just_left, later_in_tunnel = people.left_drug_free[0], people.left_drug_free[1:].sum(0)
    deaths = (treated * pace.death_on
              + just_left * pace.death_after_leaving
              + (later_in_tunnel + people.drug_free + people.relapsed) * pace.death_later_off
              + people.left_unplanned * pace.death_after_leaving
              + people.just_relapsed * pace.death_after_relapse)

    first = people.in_treatment * chances.survive_on
    back = people.back_in_treatment * chances.survive_on
    relapsing = people.left_drug_free * chances.tunnel_relapse
    stayed_drug_free = people.left_drug_free * chances.tunnel_stay
    drug_free = people.drug_free * chances.survive_later_off
    left_unplanned = people.left_unplanned * chances.survive_leaving
    still_out = people.just_relapsed * chances.survive_relapse \
        + people.relapsed * chances.survive_later_off

    first_leaving, back_leaving = first * pace.leave, back * pace.leave
    staying = first - first_leaving
    forced_out = 0.0 if forced is None else staying * forced[:, None]
    leaving = first_leaving + back_leaving
    unplanned = leaving * pace.unplanned
    relapses = relapsing.sum(0)
    returning = still_out * pace.return_

    moved = People(
        in_treatment=staying - forced_out,
        back_in_treatment=back - back_leaving + returning,
        left_drug_free=np.concatenate([(leaving - unplanned)[None], stayed_drug_free[:-1]]),
        drug_free=drug_free + stayed_drug_free[-1],
        left_unplanned=unplanned + forced_out,
        just_relapsed=relapses,
        relapsed=still_out * chances.stay_out + left_unplanned,
    )
    flows = {
        "drug_free_exits": leaving - unplanned,
        "unplanned_exits": unplanned + forced_out,
        "forced_exits": forced_out,
        "relapses": relapses,
        "re_presentations": returning,
        "deaths": deaths,
        "months_in_treatment": treated,
        "months_alive": treated + just_left + later_in_tunnel + people.drug_free + out_using,
    }
    return moved, flows


@dataclass(frozen=True)
class Course:
    """Running totals for one person starting in treatment, at chosen months.

    `totals[name]` has axes (month checkpoint, pace, draw); `returned_within[w]` is the
    chance that a person who has just left drug-free is back in treatment within w months
    (axes: window, pace, draw).
    """

    months: tuple[int, ...]
    totals: dict[str, np.ndarray]
    returned_within: np.ndarray

    def at(self, name: str, month_: int) -> np.ndarray:
        """A running total after `month_` months (pace x draw); zero before the start."""
        if month_ <= 0:
            return np.zeros(self.totals[name].shape[1:])
        return self.totals[name][self.months.index(month_)]


def follow(pace: Paces, checkpoints: tuple[int, ...], longest_window: int,
           forced: np.ndarray | None = None) -> Course:
    """Run the model to the last checkpoint, keeping the running totals at each one.

    `forced`, from `cap_schedule`, stops prescriptions at a cap on time in OST.
    """
    shape = pace.leave.shape
    people = People.nobody(shape)
    people.in_treatment[...] = 1.0
    running = {name: np.zeros(shape) for name in TOTALS}
    kept = {name: [] for name in TOTALS}
    wanted = sorted(m for m in set(checkpoints) if m > 0)
    chances = Chances.of(pace)
    for number in range(1, (wanted[-1] if wanted else 0) + 1):
        now = None if forced is None or number > len(forced) else forced[number - 1]
        people, flows = month(people, chances, now)
        kept_now = number in checkpoints
        for name in TOTALS:
            running[name] += flows[name]
            if kept_now:
                kept[name].append(running[name].copy())
    totals = {name: np.array(kept[name]).reshape(len(wanted), *shape) for name in TOTALS}
    return Course(tuple(wanted), totals, _returned_within(pace, longest_window))


def _returned_within(pace: Paces, longest_window: int) -> np.ndarray:
    """For someone who has just left drug-free: the chance of being back within w months."""
    shape = pace.leave.shape
    people = People.nobody(shape)
    people.left_drug_free[0] = 1.0
    staying = replace(pace, leave=np.zeros(shape))  # so that only first returns count
    chances = Chances.of(staying)
    returned = [np.zeros(shape)]
    for _ in range(longest_window):
        people, flows = month(people, chances)
        returned.append(returned[-1] + flows["re_presentations"])
    return np.array(returned)
