"""Incentives: does the payment table pay the provider to push people out? (INC-12)

The other incentive rules read single lines of the payment table; this one runs the
whole table through the stress test (`scoring/stress`) on the bid's own cohort and term,
with fewer parameter draws than the full test so that scoring stays quick.
"""

from scoring.models import Bid
from scoring.rulebook import Area, Finding, Rule, amber, pct, read, red, words
from scoring.stress import REWARDS_PUSH, exit_pressures, stress_test
from scoring.stress.summary import gbp

RULE_DRAWS = 500


def check_pushing_does_not_pay(bid: Bid) -> Finding:
    result = stress_test(bid, draws=RULE_DRAWS)
    gain, deaths = result.income_gain_gbp.mean, result.extra_deaths.mean
    readings = tuple(r for line in bid.payment_lines if line.at_risk
                     for r in read(line, "category", "share_pct"))
    flags = []
    if result.verdict == REWARDS_PUSH:
        driving = [line for line in result.lines
                   if line.outcome in result.drivers and line.gain_gbp.mean > 0]
        names = ", ".join(f"'{line.outcome}'" for line in driving)
        summary = (f"Pushing people off OST would earn the provider about {gbp(gain)} more "
                   f"({pct(result.income_gain_pct.mean)} of the contract value), through "
                   f"{names}, at a cost of about {deaths:.1f} more deaths")
        flags.append(red(summary, *(bid.payment_lines[line.index].cell("share_pct")
                                    for line in driving)))
    elif gain < 0:
        summary = (f"Pushing people off OST would cost the provider about {gbp(-gain)} "
                   "under its payment table")
    else:
        summary = "Pushing people off OST would earn the provider nothing more"
    pressures = exit_pressures(bid)
    flags += [amber(f"Target '{target.kpi}' counts {words(target.measure)} and a miss means "
                    f"{words(target.consequence)}: pressure to push people out",
                    target.cell("measure"), target.cell("consequence"))
              for target in pressures]
    readings += tuple(r for target in pressures
                      for r in read(target, "kpi", "measure", "consequence"))
    score = 0.0 if result.verdict == REWARDS_PUSH else 0.5 if pressures else 1.0
    return Finding(score, summary, tuple(flags), readings)


RULE = Rule(
    id="INC-12",
    area=Area.incentives,
    title="Pushing people out of treatment does not pay",
    rationale=(
        "Leaving OST is the most dangerous moment in treatment: deaths in the first weeks "
        "after leaving are several times those on it. We run the bid's own payment table "
        "over its own cohort, month by month for its term, twice: once with people leaving "
        "OST when they choose, once with the long-term and low-dose group pushed out "
        "several times faster. Red when pushing would earn the provider more than half a "
        "percent of the contract value on our central estimate; amber for each target "
        "that counts exits where a miss costs money, jobs or the contract. The death rates "
        "are published; how hard people are pushed and how many relapse after a pushed "
        "exit are our assumptions (unconfirmed), stated with their ranges in the stress "
        "test."
    ),
    stronger_bid="Pays in a way that earns nothing more when people are pushed out: a block, "
    "retention, or outcomes that must hold well beyond six months, and no exit targets with "
    "penalties.",
    evidence=("R-CORNISH", "R-SORDO", "R-PILOTS", "R-DERBYSHIRE", "R-ACCOUNTS"),
    check=check_pushing_does_not_pay,
)
