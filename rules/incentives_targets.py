"""Incentives: targets that push people out of treatment (INC-05, INC-06).

A target is as strong as what follows a miss. Exit targets for the OST group, and
completion targets far beyond what opiate clients achieve nationally, can only be met
by pushing people out.
"""

from scoring.models import Bid, Cohort, Measure, Target, Unit
from scoring.rulebook import Area, Finding, Flag, Rule, amber, pct, read, red, words

NATIONAL_OPIATE_COMPLETION_PCT = 7.4  # 2014, after 6.6% (2010) and 8.6% (2011)
REACHABLE_OPIATE_COMPLETION_PCT = 2 * NATIONAL_OPIATE_COMPLETION_PCT
OPIATE_COHORTS = {Cohort.opiate, Cohort.long_term_ost}


def _consequence_cells(target: Target) -> tuple[str, ...]:
    return (target.cell("measure"), target.cell("consequence"))


def _stake(target: Target) -> str:
    return words(target.consequence)


def _grade(targets: list[tuple[Target, str]]) -> tuple[float, tuple[Flag, ...]]:
    """Red when a miss costs money, jobs or the contract; amber otherwise."""
    flags = []
    for target, concern in targets:
        if target.costs_money_jobs_or_contract:
            flags.append(red(f"{concern}, and a miss means {_stake(target)}",
                             *_consequence_cells(target)))
        else:
            flags.append(amber(concern, *_consequence_cells(target)))
    score = 0.0 if any(f.severity == "red" for f in flags) else 0.5
    return score, tuple(flags)


def check_exit_targets(bid: Bid) -> Finding:
    exit_targets = [t for t in bid.targets if t.measure in {Measure.ost_exits,
                                                             Measure.low_dose_exits}]
    if not exit_targets:
        return Finding(1.0, "No target counts exits from OST")
    score, flags = _grade([
        (t, f"Target '{t.kpi}' counts {words(t.measure)}")
        for t in exit_targets
    ])
    readings = tuple(r for t in exit_targets for r in read(t, "kpi", "measure", "consequence"))
    return Finding(score, "Targets count exits from OST", flags, readings)


def check_completion_targets_within_reach(bid: Bid) -> Finding:
    judged = [
        t for t in bid.targets
        if t.measure in {Measure.successful_completions, Measure.abstinence_rate}
        and t.unit == Unit.percent and t.cohort in OPIATE_COHORTS
    ]
    if not judged:
        return Finding(None, "No percentage completion target for opiate clients")
    beyond = [t for t in judged if t.target > REACHABLE_OPIATE_COMPLETION_PCT]
    readings = tuple(r for t in judged for r in read(t, "kpi", "target", "cohort",
                                                     "consequence"))
    if not beyond:
        return Finding(1.0, "Completion targets for opiate clients are within reach",
                       readings=readings)
    score, flags = _grade([
        (t, f"Target '{t.kpi}' asks {pct(t.target)} of {words(t.cohort)} "
            f"clients to complete, against about {pct(NATIONAL_OPIATE_COMPLETION_PCT)} "
            "nationally")
        for t in beyond
    ])
    return Finding(score, "Completion targets for opiate clients are beyond reach", flags,
                   readings)


RULES = [
    Rule(
        id="INC-05",
        area=Area.incentives,
        title="No targets on OST exits or low-dose exits",
        rationale=(
            "Staff judged on exit targets pressed people to come off methadone and singled "
            "out those on low doses. Leaving OST is the riskiest moment in treatment. A "
            "target of this kind is amber; it is red when a miss costs money, jobs or the "
            "contract."
        ),
        stronger_bid="Sets targets on retention, safety and the person's own goals, not on "
        "exits from OST.",
        evidence=("R-ACCOUNTS", "R-CORNISH", "R-ACMD14"),
        check=check_exit_targets,
    ),
    Rule(
        id="INC-06",
        area=Area.incentives,
        title="Completion targets for opiate clients within reach",
        rationale=(
            "Only about 7% of opiate clients complete treatment successfully each year "
            "nationally. A completion target far above that for an ageing, long-term OST "
            "group can only be met by pushing people out. We flag targets above twice the "
            "national rate; red when a miss costs money, jobs or the contract."
        ),
        stronger_bid="Sets completion ambitions for opiate clients near the national rate, "
        "with no penalty attached.",
        evidence=("R-QWATCH", "R-PHOF", "R-ACMD16"),
        check=check_completion_targets_within_reach,
    ),
]
