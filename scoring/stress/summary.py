"""The stress test's finding in plain words, for a service-user representative to read aloud.

`headline` is the one sentence-group both the scorecard (rule INC-12) and the Stress test
page show: the expected gain over the joint draws of our assumptions, how often pushing
pays, and a cap's cost. `describe` adds the ranges and what would happen to people.
"""

from __future__ import annotations

from scoring.stress.results import (
    AMBER_SHARE,
    MATERIAL_GAIN_PCT,
    PENALISES_PUSH,
    RED_GAIN_PCT,
    RED_SHARE,
    REWARDS_PUSH,
    StressResult,
)

# The verdict by its direction and how sure it is (`StressResult.level`).
VERDICT_WORDS = {
    (REWARDS_PUSH, "red"): "Pays the provider to push people out",
    (REWARDS_PUSH, "amber"): "Likely to pay the provider to push people out",
    (REWARDS_PUSH, None): "May pay the provider to push people out, but seldom",
    ("neutral", None): "No material incentive either way",
    (PENALISES_PUSH, None): "Pushing people out costs the provider",
}
# The verdict rule in two plain sentences, for the pages and the sample bids' README.
VERDICT_RULE = (
    f"We run each payment table over many joint draws of every figure we are unsure of, "
    f"and average what pushing people out of treatment would earn the provider. It is red "
    f"when pushing pays in at least {RED_SHARE:.0%} of the draws and the average gain is at "
    f"least {RED_GAIN_PCT:g}% of the contract value, amber when it pays in at least "
    f"{AMBER_SHARE:.0%} of them and gains at least {MATERIAL_GAIN_PCT:g}%, and below "
    f"{MATERIAL_GAIN_PCT:g}% either way there is no material incentive."
)

CAVEAT = ("These are estimates for the people in treatment when the contract starts, built "
          "from published death rates and assumptions we state; they are not predictions.")


def verdict_words(result: StressResult) -> str:
    """The verdict, and how sure it is, in a few words."""
    return VERDICT_WORDS[result.verdict, result.level]


def headline(result: StressResult) -> str:
    """What pushing would earn, whether that survives our assumptions, and a cap's cost."""
    if result.people_on_ost == 0:
        return (f"{result.provider}'s bid has no one on OST at the start, so there is no one "
                "to push out of treatment and the test has nothing to show.")
    return " ".join(part for part in (_money(result), _robustness(result), _cap(result))
                    if part)


def describe(result: StressResult) -> str:
    """One paragraph: the headline, then the ranges, the people and the caveat."""
    if result.people_on_ost == 0:
        return headline(result)
    return " ".join(part for part in (
        headline(result), _ranges(result), _lines(result), _people(result),
        _pressures(result), _holding(result), CAVEAT) if part)


def _holding(result: StressResult) -> str:
    """The opposite check, said only when holding people in treatment would pay."""
    if result.holding_level is None:
        return ""
    how_sure = "clearly" if result.holding_level == "red" else "probably"
    share = "" if result.p_hold is None else f", in {result.p_hold:.0%} of the joint draws"
    return (f"Its payments would also {how_sure} reward holding people in treatment longer "
            f"than they choose: about {pct_of_value(result.holding_gain_pct)} of the value "
            f"on average{share}.")


def _money(result: StressResult) -> str:
    gain = result.mean_gain_gbp
    term = f"the {_number(result.term_years)}-year contract"
    deaths = f"about {result.extra_deaths.central:.1f} more deaths"
    if all(line.category == "block" for line in result.lines):
        return (f"{result.provider} is paid a fixed block whatever happens to the people it "
                f"treats, so pushing them out of treatment would earn it nothing more over "
                f"{term}; pushing would still mean {deaths}.")
    share = f"{pct_of_value(result.mean_gain_pct)} of its {gbp(result.contract_value_gbp)} value"
    expected = "on average over our assumptions" if result.p_gain is not None else \
        "at our central figures"
    if result.verdict == REWARDS_PUSH:
        through = f", through {_quoted(result.drivers)}" if result.drivers else ""
        per_death = (f"; about {gbp(result.gbp_per_extra_death)} for each extra death"
                     if result.gbp_per_extra_death else "")
        return (f"Under its own payment table, pushing people off OST would earn "
                f"{result.provider} about {gbp(gain)} more over {term} ({share}) {expected}"
                f"{through}, at a cost of {deaths}{per_death}.")
    if result.verdict == PENALISES_PUSH:
        return (f"Under its own payment table, pushing people off OST would cost "
                f"{result.provider} about {gbp(-gain)} over {term} ({share}) {expected}, so "
                f"its payments do not reward it; pushing would still mean {deaths}.")
    return (f"Under its own payment table, pushing people off OST would change "
            f"{result.provider}'s income by {_change(gain)} over {term} ({share}) {expected}: "
            f"no material incentive, under {MATERIAL_GAIN_PCT:g}% of the value; it would "
            f"still mean {deaths}.")


def _robustness(result: StressResult) -> str:
    """How often pushing pays over the joint draws, and what that makes the verdict."""
    if all(line.category == "block" for line in result.lines) or result.p_gain is None:
        return ""
    share = f"{result.p_gain:.0%} of the joint draws of our assumptions"
    if result.level == "red":
        return f"Pushing pays in {share}: a clear reward."
    if result.level == "amber":
        return (f"Pushing pays in {share}: likely, but not sure enough, or not large "
                "enough, to be a clear reward.")
    if result.verdict == REWARDS_PUSH:
        return f"Pushing pays in only {share}, so the reward is uncertain."
    return f"Pushing pays in {share}."


def pct_of_value(value: float) -> str:
    """A share of the value with the precision it needs: never '+0.0%' for a real change."""
    shown = abs(value)
    if shown == 0:
        return "0%"
    if shown < 0.1:
        return f"{shown:.2f}%"
    return f"{shown:.1f}%"


def _cap(result: StressResult) -> str:
    cap = result.cap
    if cap is None:
        return ""
    return (f"Its cap of {_number(cap.cap_months)} months on OST would stop the prescriptions "
            f"of about {_count(cap.forced_exits.central)} people over the term, at a cost of "
            f"about {cap.extra_deaths.central:.1f} more deaths, whatever the payments.")


def _ranges(result: StressResult) -> str:
    if not result.draws:
        return ""
    gain, deaths = result.income_gain_gbp, result.extra_deaths
    text = (f"Over {result.draws:,} combinations of the assumptions, the change in income is "
            f"likely between {_change(gain.low)} and {_change(gain.high)}, and the extra "
            f"deaths between {deaths.low:.1f} and {deaths.high:.1f}.")
    if result.cap is not None:
        cap_deaths = result.cap.extra_deaths
        text += (f" The cap's deaths are likely between {cap_deaths.low:.1f} and "
                 f"{cap_deaths.high:.1f}.")
    return text


def _lines(result: StressResult) -> str:
    if result.drivers and result.verdict == PENALISES_PUSH:
        return (f"The loss is on {_quoted(result.drivers)}, paid for people staying in "
                "treatment, well or alive.")
    return ""


def _people(result: StressResult) -> str:
    return (
        f"Pushing the {_count(result.people_pushed)} people on long-term or low-dose OST out "
        f"several times faster than they would choose to leave would mean, among the "
        f"{_count(result.people_on_ost)} opiate clients, about "
        f"{_count(result.extra_exits.central)} more drug-free exits, "
        f"{_count(result.extra_unplanned_exits.central)} more unplanned exits, "
        f"{_count(result.extra_relapses.central)} more relapses and "
        f"{_count(result.extra_re_presentations.central)} more returns to treatment.")


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
