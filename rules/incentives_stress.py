"""Incentives: does the payment table pay the provider to push people out? (INC-12)

The other incentive rules read single lines of the payment table; this one runs the
whole table through the stress test (`scoring/stress`) on the bid's own cohort and term,
over the same 10,000 joint draws of the assumptions as the Stress test page. It says
what that page says, in the same words (`headline`).
"""

from scoring.models import Bid
from scoring.rulebook import Area, Finding, Rule
from scoring.stress import stress_many
from scoring.stress.finding import STRESS_RULE_ID, finding_for


def check_pushing_does_not_pay(bid: Bid) -> Finding:
    (result,) = stress_many([bid], ranges=False)
    return finding_for(bid, result)


RULE = Rule(
    id=STRESS_RULE_ID,
    area=Area.incentives,
    title="Pushing people out of treatment does not pay",
    rationale=(
        "Leaving OST is the most dangerous moment in treatment: deaths in the first weeks "
        "after leaving are several times those on it. We run the bid's own payment table "
        "over its own cohort, month by month for its term, twice: once with people leaving "
        "OST when they choose, once with the long-term and low-dose group pushed out "
        "several times faster (only the extra exits pushing causes count as pushed). Each "
        "line is priced in its own unit. As health economists decide, the verdict rests "
        "on the expected gain over 10,000 joint draws of every figure we are unsure of, "
        "and on how often pushing pays: red when it pays in at least 90% of the draws and "
        "the mean gain is at least 0.25% of the contract value; amber when it pays in at "
        "least half of them and gains at least 0.1%; below 0.1% either way there is no "
        "material incentive. No agency publishes a probability threshold; 90% and the "
        "0.25% mark are our reading. Amber too for each target that counts exits where "
        "a miss costs money, jobs or the contract. A cap on time in OST is reported with "
        "the deaths it would cause; the rule on maintenance flags the cap itself."
    ),
    stronger_bid="Pays in a way that earns nothing more when people are pushed out: a block, "
    "retention, or outcomes that must hold well beyond six months, and no exit targets with "
    "penalties.",
    evidence=("R-CORNISH", "R-SORDO", "R-PILOTS", "R-MASON15", "R-DERBYSHIRE", "R-ACCOUNTS",
              "R-ACMD14", "R-NOSYK12", "R-PSA"),
    check=check_pushing_does_not_pay,
)
