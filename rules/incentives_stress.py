"""Incentives: does the payment table pay the provider to push people out? (INC-12)

The other incentive rules read single lines of the payment table; this one runs the
whole table through the stress test (`scoring/stress`) on the bid's own cohort and term,
at the assumptions' central values and at both ends of each unconfirmed assumption's
range. It says what the Stress test page says, in the same words (`headline`).
"""

from scoring.models import Bid
from scoring.rulebook import Area, Finding, Rule, amber, read, red, words
from scoring.stress import REWARDS_PUSH, exit_pressures, stress_test
from scoring.stress.summary import headline


def check_pushing_does_not_pay(bid: Bid) -> Finding:
    result = stress_test(bid, draws=0)
    summary = headline(result)
    readings = tuple(r for line in bid.payment_lines if line.at_risk
                     for r in read(line, "category", "share_pct"))
    flags = []
    if result.verdict == REWARDS_PUSH:
        driving = [line for line in result.lines if line.outcome in result.drivers]
        cells = tuple(bid.payment_lines[line.index].cell("share_pct") for line in driving)
        flags.append((red if result.robust else amber)(summary, *cells))
    pressures = exit_pressures(bid)
    flags += [amber(f"Target '{target.kpi}' counts {words(target.measure)} and a miss means "
                    f"{words(target.consequence)}: pressure to push people out",
                    target.cell("measure"), target.cell("consequence"))
              for target in pressures]
    readings += tuple(r for target in pressures
                      for r in read(target, "kpi", "measure", "consequence"))
    if bid.treatment.ost_max_duration_months is not None:
        readings += read(bid.treatment, "ost_max_duration_months")
    if result.verdict == REWARDS_PUSH:
        score = 0.0 if result.robust else 0.5
    else:
        score = 0.5 if pressures else 1.0
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
        "several times faster. Red when pushing would earn the provider more at the "
        "central values and still at both ends of the range of every figure that is our "
        "own assumption (how hard people are pushed, how many relapse, how fast they "
        "return, and the rest); amber when the gain rests on those assumptions, naming "
        "the ones that would remove it. Amber too for each target that counts exits where "
        "a miss costs money, jobs or the contract. A cap on time in OST is reported with "
        "the deaths it would cause; the rule on maintenance flags the cap itself."
    ),
    stronger_bid="Pays in a way that earns nothing more when people are pushed out: a block, "
    "retention, or outcomes that must hold well beyond six months, and no exit targets with "
    "penalties.",
    evidence=("R-CORNISH", "R-SORDO", "R-PILOTS", "R-MASON15", "R-DERBYSHIRE", "R-ACCOUNTS",
              "R-ACMD14"),
    check=check_pushing_does_not_pay,
)
