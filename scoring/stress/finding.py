"""The stress test's finding as rule INC-12 gives it: flags on the lines behind a reward,
amber for exit targets with money, jobs or the contract at stake, and the headline.

It lives beside the stress test so that the design check, which has already run the
model, can give the same finding without running it again.
"""

from scoring.models import Bid
from scoring.rulebook import Finding, amber, read, red, words
from scoring.stress.results import StressResult
from scoring.stress.run import exit_pressures
from scoring.stress.summary import headline

STRESS_RULE_ID = "INC-12"


def finding_for(bid: Bid, result: StressResult) -> Finding:
    """The rule's finding from the bid's stress result (for callers that already ran it)."""
    summary = headline(result)
    readings = tuple(r for line in bid.payment_lines if line.at_risk
                     for r in read(line, "category", "share_pct"))
    flags = []
    if result.level is not None:
        driving = [line for line in result.lines if line.outcome in result.drivers]
        cells = tuple(bid.payment_lines[line.index].cell("share_pct") for line in driving)
        flags.append((red if result.level == "red" else amber)(summary, *cells))
    pressures = exit_pressures(bid)
    flags += [amber(f"Target '{target.kpi}' counts {words(target.measure)} and a miss means "
                    f"{words(target.consequence)}: pressure to push people out",
                    target.cell("measure"), target.cell("consequence"))
              for target in pressures]
    readings += tuple(r for target in pressures
                      for r in read(target, "kpi", "measure", "consequence"))
    if bid.treatment.ost_max_duration_months is not None:
        readings += read(bid.treatment, "ost_max_duration_months")
    if result.level is not None:
        score = 0.0 if result.level == "red" else 0.5
    else:
        score = 0.5 if pressures else 1.0
    return Finding(score, summary, tuple(flags), readings)
