"""The cohort model: where people are, month by month, under each way of leaving treatment.

Everything is an expected share of one person, for every parameter draw at once (NumPy
arrays, draws on the last axis); the only loop is over months. Five *paces* cover both
strategies, because a group of people moves in one of five ways:

- `long_term`: people on OST two years or more, leaving when they choose (rarely);
- `newer`: opiate clients on OST under two years, leaving when they choose;
- `long_term_pushed` and `low_dose_pushed`: the same groups pushed out several times
  faster than their own pace. Only the *extra* exits pushing causes are pushed exits:
  people who would have left drug-free at their own pace still do, and relapse as
  after any chosen exit; of the push-caused exits some are unplanned, and more of the
  drug-free ones relapse;
- `non_opiate`: other clients, who complete at their own rate and are never pushed
  (their deaths are not modelled: the death rates are those of people on OST);
- `long_term_held` and `newer_held`: the opposite harm, opiate clients held in
  treatment, leaving as many times *slower* than their own pace as pushing makes
  others leave faster.

A cap on time in OST is a *forced exit*: at the month a person reaches the cap, their
prescription stops and they leave unplanned (`forced` in `follow`).

States: in treatment; back in treatment (re-presented); left drug-free by choice or
pushed (months 1-6, while relapse is counted, then drug-free); left unplanned (first
month out); just relapsed (first month after a relapse); relapsed out of treatment; dead.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import NamedTuple

import numpy as np

from scoring.stress.assumptions import ORDERED, Assumptions

PACES = ("long_term", "newer", "long_term_pushed", "low_dose_pushed", "non_opiate",
         "long_term_held", "newer_held")
(LONG_TERM, NEWER, LONG_TERM_PUSHED, LOW_DOSE_PUSHED, NON_OPIATE, LONG_TERM_HELD,
 NEWER_HELD) = range(len(PACES))
PUSHED = [LONG_TERM_PUSHED, LOW_DOSE_PUSHED]  # the only paces with exits pushing causes
LONG_TERM_MONTHS = 24  # "long-term OST" in the workbook: two years or more
RELAPSE_MONTHS = 6  # relapse is counted in the six months after a drug-free exit
TOTALS = ("drug_free_exits", "pushed_drug_free_exits", "unplanned_exits", "forced_exits",
          "relapses", "re_presentations", "deaths", "months_in_treatment", "months_alive")
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
    leave_own: np.ndarray  # of leaving at the person's own pace (the rest is pushed)
    unplanned: np.ndarray  # share of push-caused exits that are unplanned, not drug-free
    relapse: np.ndarray  # of relapse, in each of the six months after a chosen exit
    relapse_pushed: np.ndarray  # the same after a drug-free exit pushing caused
    return_: np.ndarray  # of coming back into treatment, once relapsed
    custody: np.ndarray  # of being taken into custody, once relapsed
    death_on: np.ndarray
    death_after_leaving: np.ndarray
    death_later_off: np.ndarray
    death_after_relapse: np.ndarray

    def as_float32(self) -> Paces:
        """The same chances in single precision: the monthly steps move half the memory,
        and running totals are kept in double precision."""
        return Paces(**{f.name: getattr(self, f.name).astype(np.float32) for f in fields(self)})

    @property
    def death_after_drug_free_exit(self) -> np.ndarray:
        """By month since a drug-free exit: the first month's risk, then the later one."""
        # Repeated, not broadcast: a broadcast input would leave the result laid out with
        # this axis innermost, which makes every monthly step over it twice as slow.
        later = np.repeat(self.death_later_off[None], RELAPSE_MONTHS - 1, axis=0)
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
        return np.stack([rate, rate, rate, rate, none, rate, rate])

    own = [_monthly(long_term_rate, 1 / 12), _monthly(newer_rate, 1 / 12)]
    non_opiate = _monthly(figures["non_opiate_completion_rate"] / 100, 1 / 12)
    held = [_monthly(long_term_rate, 1 / 12 / figures["push_multiplier"]),
            _monthly(newer_rate, 1 / 12 / figures["push_multiplier"])]
    return Paces(
        leave=np.stack([*own, _monthly(long_term_rate, push), _monthly(newer_rate, push),
                        non_opiate, *held]),
        leave_own=np.stack([*own, *own, non_opiate, *held]),
        unplanned=np.stack([none, none, unplanned, unplanned, none, none, none]),
        relapse=np.stack([chosen_relapse] * len(PACES)),
        relapse_pushed=np.stack([pushed_relapse] * len(PACES)),
        return_=np.stack([figures["re_presentation_rate"] / 100] * len(PACES)),
        custody=np.stack([figures["custody_rate"] / 100] * len(PACES)),
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
    left_drug_free: np.ndarray  # months 1..6 since a chosen drug-free exit, on axis 0
    left_pushed: np.ndarray  # the same after an exit pushing caused (PUSHED paces only)
    drug_free: np.ndarray
    left_unplanned: np.ndarray
    just_relapsed: np.ndarray
    relapsed: np.ndarray

    @classmethod
    def nobody(cls, shape: tuple[int, ...]) -> People:
        zeros = {name: np.zeros(shape, np.float32) for name in cls._fields}
        zeros["left_drug_free"] = np.zeros((RELAPSE_MONTHS, *shape), np.float32)
        zeros["left_pushed"] = np.zeros((RELAPSE_MONTHS, len(PUSHED), *shape[1:]), np.float32)
        return cls(**zeros)


class Chances(NamedTuple):
    """A pace's monthly chances, turned once per run into what each month multiplies by."""

    pace: Paces
    survive_on: np.ndarray
    stay_on: np.ndarray  # in treatment and not leaving it this month
    survive_later_off: np.ndarray
    survive_leaving: np.ndarray
    survive_relapse: np.ndarray
    stay_out: np.ndarray  # relapsed and not coming back this month
    tunnel_relapse: np.ndarray  # by month since a chosen exit: survive, then relapse
    tunnel_stay: np.ndarray  # survive, and stay drug-free
    pushed_relapse: np.ndarray  # the same two after a drug-free exit pushing caused
    pushed_stay: np.ndarray
    pushed_only: tuple[np.ndarray, np.ndarray]  # those two for the PUSHED paces alone

    @classmethod
    def of(cls, pace: Paces) -> Chances:
        pace = pace.as_float32()
        survive_tunnel = 1 - pace.death_after_drug_free_exit
        return cls(pace, 1 - pace.death_on, 1 - pace.leave, 1 - pace.death_later_off,
                   1 - pace.death_after_leaving, 1 - pace.death_after_relapse,
                   1 - pace.return_, survive_tunnel * pace.relapse,
                   survive_tunnel * (1 - pace.relapse), survive_tunnel * pace.relapse_pushed,
                   survive_tunnel * (1 - pace.relapse_pushed),
                   ((survive_tunnel * pace.relapse_pushed)[:, PUSHED],
                    (survive_tunnel * (1 - pace.relapse_pushed))[:, PUSHED]))


def month(people: People, chances: Chances, forced: np.ndarray | None = None
          ) -> tuple[People, dict[str, np.ndarray]]:
    """One month: some die, then the living move; returns the new states and the flows.

    Of the people leaving a pushed pace, those who would have left at their own pace
    leave drug-free as by choice; only the rest, the exits pushing causes, are split
    into unplanned and pushed drug-free exits. `forced` is, per pace, the share of people
    in their first episode whose prescription stops this month (a cap on time in OST);
    they leave unplanned.
    """
    pace = chances.pace
    treated = people.in_treatment + people.back_in_treatment
    out_using = people.left_unplanned + people.just_relapsed + people.relapsed
    just_left, later_in_tunnel = people.left_drug_free[0].copy(), people.left_drug_free[1:].sum(0)
    just_left[PUSHED] += people.left_pushed[0]
    later_in_tunnel[PUSHED] += people.left_pushed[1:].sum(0)
    deaths = (treated * pace.death_on
              + just_left * pace.death_after_leaving
              + (later_in_tunnel + people.drug_free + people.relapsed) * pace.death_later_off
              + people.left_unplanned * pace.death_after_leaving
              + people.just_relapsed * pace.death_after_relapse)

    first = people.in_treatment * chances.survive_on
    back = people.back_in_treatment * chances.survive_on
    relapsing = people.left_drug_free * chances.tunnel_relapse
    relapse_pushed, stay_pushed = chances.pushed_only
    relapsing_pushed = people.left_pushed * relapse_pushed
    drug_free = people.drug_free * chances.survive_later_off
    left_unplanned = people.left_unplanned * chances.survive_leaving
    still_out = people.just_relapsed * chances.survive_relapse \
        + people.relapsed * chances.survive_later_off

    treated_now = first + back
    leaving = treated_now * pace.leave
    chosen = treated_now * pace.leave_own
    caused = leaving - chosen  # the exits pushing adds
    unplanned = caused * pace.unplanned
    staying = first * chances.stay_on
    forced_out = 0.0 if forced is None else staying * forced[:, None]
    relapses = relapsing.sum(0)
    relapses[PUSHED] += relapsing_pushed.sum(0)
    left_drug_free, stayed_drug_free = _a_month_on(people.left_drug_free, chances.tunnel_stay,
                                                   chosen)
    left_pushed, stayed_pushed = _a_month_on(people.left_pushed, stay_pushed,
                                             (caused - unplanned)[PUSHED])
    drug_free = drug_free + stayed_drug_free
    drug_free[PUSHED] += stayed_pushed
    returning = still_out * pace.return_

    moved = People(
        in_treatment=staying - forced_out,
        back_in_treatment=back * chances.stay_on + returning,
        left_drug_free=left_drug_free,
        left_pushed=left_pushed,
        drug_free=drug_free,
        left_unplanned=unplanned + forced_out,
        just_relapsed=relapses,
        relapsed=still_out * chances.stay_out + left_unplanned,
    )
    flows = {
        "drug_free_exits": leaving - unplanned,
        "pushed_drug_free_exits": caused - unplanned,
        "unplanned_exits": unplanned + forced_out,
        "forced_exits": forced_out,
        "relapses": relapses,
        "re_presentations": returning,
        "deaths": deaths,
        "months_in_treatment": treated,
        "months_alive": treated + just_left + later_in_tunnel + people.drug_free + out_using,
    }
    return moved, flows


def _a_month_on(tunnel: np.ndarray, stay: np.ndarray, entering: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
    """People in the months after a drug-free exit (axis 0), a month on: `entering` in
    the first month, in each later one those of the month before who lived and stayed
    drug-free (`stay`); and those who did so in the last month, now past relapse."""
    moved = np.empty_like(tunnel)
    moved[0] = entering
    np.multiply(tunnel[:-1], stay[:-1], out=moved[1:])  # written in place: no copy
    return moved, tunnel[-1] * stay[-1]


EXIT_TOTALS = ("drug_free_exits", "pushed_drug_free_exits")  # needed at term - window
FULL_EVERY = 12  # months: every total is kept at each whole year (terms are in years)...
EXITS_EVERY = 3  # ...and the exit totals each quarter (windows of 3, 6, 12 months)


class Course:
    """Running totals for one person starting in treatment, kept at chosen months.

    A course grows: asked for months beyond those followed so far, it carries on from
    where it stopped, keeping every total each FULL_EVERY months and the exit totals each
    EXITS_EVERY months on the way, so that the next bid's term and windows are most
    likely already there; asked for a month it passed without keeping, it follows the
    model again from the start. `at(name, m)` is a total after month m (pace x draw).
    """

    def __init__(self, pace: Paces, forced: np.ndarray | None = None):
        self.pace = pace
        self.forced = None if forced is None else forced.astype(np.float32)
        self.chances = Chances.of(pace)
        self.kept: dict[int, dict[str, np.ndarray]] = {}
        self._restart()

    def _restart(self) -> None:
        shape = self.pace.leave.shape
        self.people = People.nobody(shape)
        self.people.in_treatment[...] = 1.0
        self.running = {name: np.zeros(shape) for name in TOTALS}
        self.month = 0

    def ensure(self, full: Iterable[int] = (), exits: Iterable[int] = ()) -> Course:
        """Make sure every total after each of `full` months, and the exit totals after
        each of `exits` months, are kept."""
        full = {m for m in full if m > 0}
        exits = {m for m in exits if m > 0} - full
        missing = ({m for m in full if len(self.kept.get(m, ())) < len(TOTALS)}
                   | {m for m in exits if m not in self.kept})
        if any(m <= self.month for m in missing):
            full |= {m for m, kept in self.kept.items() if len(kept) == len(TOTALS)}
            exits |= set(self.kept) - full
            self.kept = {}
            self._restart()
        last = max(full | exits, default=0)
        while self.month < last:
            self.month += 1
            forced = self.forced
            now = None if forced is None or self.month > len(forced) else forced[self.month - 1]
            self.people, flows = month(self.people, self.chances, now)
            for name in TOTALS:
                self.running[name] += flows[name]
            if self.month in full or self.month % FULL_EVERY == 0:
                names = TOTALS
            elif self.month in exits or self.month % EXITS_EVERY == 0:
                names = EXIT_TOTALS
            else:
                continue
            self.kept[self.month] = {name: self.running[name].astype(np.float32)
                                     for name in names}  # single precision: half the memory
        return self

    def at(self, name: str, month_: int) -> np.ndarray:
        """A running total after `month_` months (pace x draw); zero before the start."""
        if month_ <= 0:
            return np.zeros(self.pace.leave.shape)
        return self.kept[month_][name]


def follow(pace: Paces, checkpoints: Iterable[int], forced: np.ndarray | None = None
           ) -> Course:
    """Run the model to the last checkpoint, keeping every running total at each one.

    `forced`, from `cap_schedule`, stops prescriptions at a cap on time in OST.
    """
    return Course(pace, forced).ensure(checkpoints)


# What, within an exit payment's window, can undo it (the Payment sheet's `Counts as
# failed`): the person comes back to treatment, dies, is taken into custody, or relapses
# (an unplanned end to the drug-free exit, whether or not they come back).
FAILURES = ("re_presentation", "death", "custody", "unplanned_exit")


def failed_within(chances: Chances, window: int, failures: frozenset[str], pushed: bool
                  ) -> np.ndarray:
    """For someone who has just left drug-free: the chance that one of `failures` has
    happened within `window` months (pace x draw).

    `pushed` follows an exit pushing caused (its own relapse rate) rather than a chosen
    one. A person who dies without death counting stays a success: the dead never come
    back; once someone has come back to treatment without that counting, nothing later
    in the window is held against the exit.
    """
    pace = chances.pace
    tunnel_relapse = chances.pushed_relapse if pushed else chances.tunnel_relapse
    tunnel_stay = chances.pushed_stay if pushed else chances.tunnel_stay
    shape = pace.leave.shape
    tunnel = np.zeros((RELAPSE_MONTHS, *shape), np.float32)
    tunnel[0] = 1.0
    drug_free, just_relapsed, relapsed = (np.zeros(shape, np.float32) for _ in range(3))
    failed = np.zeros(shape, np.float32)
    dying = 1 - tunnel_relapse - tunnel_stay  # by month since the exit
    for _ in range(window):
        if "death" in failures:
            failed = failed + (tunnel * dying).sum(0) \
                + drug_free * (1 - chances.survive_later_off) \
                + just_relapsed * (1 - chances.survive_relapse) \
                + relapsed * (1 - chances.survive_later_off)
        relapsing = (tunnel * tunnel_relapse).sum(0)
        out = just_relapsed * chances.survive_relapse + relapsed * chances.survive_later_off
        returning = out * pace.return_
        custody = (out - returning) * pace.custody
        if "re_presentation" in failures:
            failed = failed + returning
        if "custody" in failures:
            failed = failed + custody
            out = out - custody
        if "unplanned_exit" in failures:
            failed = failed + relapsing
            relapsing = np.zeros(shape, np.float32)
        staying = tunnel * tunnel_stay
        drug_free = drug_free * chances.survive_later_off + staying[-1]
        tunnel = np.concatenate([np.zeros((1, *shape), np.float32), staying[:-1]])
        just_relapsed, relapsed = relapsing, out - returning
    return failed
