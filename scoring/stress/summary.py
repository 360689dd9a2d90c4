"""The stress test's finding in plain words, for a service-user representative to read aloud."""

from __future__ import annotations

from scoring.stress.results import (
    MATERIAL_PCT,
    PENALISES_PUSH,
    REWARDS_PUSH,
    StressResult,
)

CAVEAT = ("These are estimates for the people in treatment when the contract starts, built "
          "from published death rates and assumptions we state; they are not predictions.")


def describe(result: StressResult) -> str:
    """One paragraph: what pushing would earn the provider and what it would cost people."""
    if result.people_on_ost == 0:
        return (f"{result.provider}'s bid has no one on OST at the start, so there is no one "
                "to push out of treatment and the test has nothing to show.")
    return " ".join(part for part in (
        _money(result), _lines(result), _people(result), _price_of_a_death(result),
        _pressures(result), CAVEAT) if part)


def _money(result: StressResult) -> str:
    gain, pct = result.income_gain_gbp, result.income_gain_pct
    term = f"the {_number(result.term_years)}-year contract"
    if all(line.category == "block" for line in result.lines):
        return (f"{result.provider} is paid a fixed block whatever happens to the people it "
                f"treats, so pushing them out of treatment would earn it nothing more over "
                f"{term}.")
    share = (f"{abs(pct.mean):.1f}% of its {gbp(result.contract_value_gbp)} value; likely "
             f"between {_change(gain.low)} and {_change(gain.high)}")
    if result.verdict == REWARDS_PUSH:
        return (f"Under its own payment table, {result.provider} would earn about "
                f"{gbp(gain.mean)} more over {term} by pushing people off OST ({share}).")
    if result.verdict == PENALISES_PUSH:
        return (f"Under its own payment table, {result.provider} would earn about "
                f"{gbp(-gain.mean)} less over {term} by pushing people off OST ({share}).")
    return (f"Under its own payment table, pushing people off OST would make little "
            f"difference to what {result.provider} earns over {term}: about "
            f"{_change(gain.mean)} ({share}).")


def _lines(result: StressResult) -> str:
    if result.drivers and result.verdict == REWARDS_PUSH:
        return f"The extra money comes from {_quoted(result.drivers)}."
    if result.drivers and result.verdict == PENALISES_PUSH:
        return (f"The loss is on {_quoted(result.drivers)}, paid for people staying in "
                "treatment, well or alive.")
    gaining = [line.outcome for line in result.lines if line.gain_pct.mean >= MATERIAL_PCT]
    losing = [line.outcome for line in result.lines if line.gain_pct.mean <= -MATERIAL_PCT]
    if gaining and losing:
        return f"What {_quoted(gaining)} would gain, {_quoted(losing)} would lose."
    return ""


def _people(result: StressResult) -> str:
    deaths = result.extra_deaths
    return (
        f"Pushing the {_count(result.people_pushed)} people on long-term or low-dose OST out "
        f"several times faster than they would choose to leave would mean, among the "
        f"{_count(result.people_on_ost)} opiate clients, about "
        f"{_count(result.extra_exits.mean)} more drug-free exits, "
        f"{_count(result.extra_unplanned_exits.mean)} more unplanned exits, "
        f"{_count(result.extra_relapses.mean)} more relapses, "
        f"{_count(result.extra_re_presentations.mean)} more returns to treatment and "
        f"{deaths.mean:.1f} more deaths (likely between {deaths.low:.1f} and "
        f"{deaths.high:.1f}).")


def _price_of_a_death(result: StressResult) -> str:
    if result.gbp_per_extra_death is None:
        return ""
    return f"That is about {gbp(result.gbp_per_extra_death)} gained for each extra death."


def _pressures(result: StressResult) -> str:
    if not result.pressures:
        return ""
    return ("Its targets also put money, jobs or the contract at stake on exits: "
            f"{_quoted(result.pressures)}.")


def gbp(amount: float) -> str:
    """An amount of money for a sentence: £2.3m, £960,000, £450."""
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if amount >= 1_000_000:
        return f"{sign}£{amount / 1_000_000:.1f}m"
    if amount >= 10_000:
        return f"{sign}£{round(amount, -3):,.0f}"
    return f"{sign}£{amount:,.0f}"


def _change(amount: float) -> str:
    if round(amount) == 0:
        return "nothing"
    return f"{gbp(abs(amount))} {'more' if amount > 0 else 'less'}"


def _count(value: float) -> str:
    return f"{value:.1f}" if abs(value) < 10 else f"{value:,.0f}"


def _number(value: float) -> str:
    return f"{value:g}"


def _quoted(names: list[str] | tuple[str, ...]) -> str:
    quoted = [f"'{name}'" for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]

