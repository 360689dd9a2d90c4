"""Incentives: targets that push people out of treatment (INC-05, INC-06).

A target is as strong as what follows a miss. Exit targets for the OST group, and
completion targets far beyond what opiate clients achieve nationally, can only be met
by pushing people out. A target given as a count is judged as the share it is of its
cohort (shared/bid-workbook.md).
"""

from dataclasses import dataclass

from scoring.models import Bid, Cohort, Measure, Target, Unit
from scoring.rulebook import Area, Finding, Flag, Rule, amber, number, pct, read, red, words


@dataclass(frozen=True)
class NationalRate:
    """A published national figure, with the year it describes and where it comes from."""

    pct: float
    year: str
    source: str  # an evidence key


# The latest published national rate: successful completions as a share of opiate
# clients in treatment, 2022 to 2023 (OHID, from NDTMS). It was 7.4% in 2014.
NATIONAL_OPIATE_COMPLETION = NationalRate(5.0, "2022 to 2023", "R-OHID23")
# Beyond twice the national rate a completion target can only be met by pushing people
# out; with money, jobs or the contract at stake we flag from the national rate itself.
REACH_MULTIPLE = 2
OPIATE_COHORTS = {Cohort.opiate, Cohort.long_term_ost}
EXIT_MEASURES = {Measure.ost_exits, Measure.low_dose_exits}


def _consequence_cells(target: Target) -> tuple[str, ...]:
    return (target.cell("measure"), target.cell("target"), target.cell("consequence"))


def _stake(target: Target) -> str:
    return words(target.consequence)


def _size(bid: Bid, target: Target, counted: str = "") -> str:
    """The target in words; a count says the share of its cohort it is."""
    if target.unit == Unit.percent:
        return pct(target.target)
    if target.unit != Unit.count:
        return f"{number(target.target)} {target.unit.value}"
    amount = " ".join(filter(None, (number(target.target), counted, "a year")))
    share = bid.target_pct(target)
    if share is None:
        return amount
    size = number(bid.overview.cohort_size(target.cohort))
    return f"{amount} ({pct(share)} of the {size} {_people(target.cohort)})"


def _people(cohort: Cohort) -> str:
    return "people in treatment" if cohort == Cohort.all else f"{words(cohort)} clients"


def check_exit_targets(bid: Bid) -> Finding:
    exit_targets = [t for t in bid.targets if t.measure in EXIT_MEASURES]
    if not exit_targets:
        return Finding(1.0, "No target counts exits from OST")
    flags = []
    for target in exit_targets:
        concern = (f"Target '{target.kpi}' counts {words(target.measure)}: "
                   f"{_size(bid, target)}")
        if target.costs_money_jobs_or_contract:
            flags.append(red(f"{concern}, and a miss means {_stake(target)}",
                             *_consequence_cells(target)))
        else:
            flags.append(amber(concern, *_consequence_cells(target)))
    score = 0.0 if any(f.severity == "red" for f in flags) else 0.5
    readings = tuple(r for t in exit_targets
                     for r in read(t, "kpi", "measure", "target", "unit", "consequence"))
    return Finding(score, "Targets count exits from OST", tuple(flags), readings)


def _completion_flag(bid: Bid, target: Target) -> Flag | None:
    """Amber beyond twice the national rate; with a stake, amber beyond it and red beyond twice."""
    share = bid.target_pct(target)
    national = NATIONAL_OPIATE_COMPLETION.pct
    if share is None or share <= national:
        return None
    asked = (_size(bid, target, "completions") if target.unit == Unit.count
             else f"{pct(share)} of {_people(target.cohort)} to complete")
    concern = (f"Target '{target.kpi}' asks for {asked}, against {pct(national)} of opiate "
               f"clients nationally "
               f"({NATIONAL_OPIATE_COMPLETION.year})")
    beyond_reach = share > REACH_MULTIPLE * national
    if target.costs_money_jobs_or_contract:
        make = red if beyond_reach else amber
        return make(f"{concern}, and a miss means {_stake(target)}", *_consequence_cells(target))
    return amber(concern, *_consequence_cells(target)) if beyond_reach else None


def check_completion_targets_within_reach(bid: Bid) -> Finding:
    judged = [
        t for t in bid.targets
        if t.measure == Measure.successful_completions and t.cohort in OPIATE_COHORTS
        and bid.target_pct(t) is not None
    ]
    if not judged:
        return Finding(None, "No completion target for opiate clients")
    readings = tuple(r for t in judged for r in read(t, "kpi", "target", "unit", "cohort",
                                                     "consequence"))
    flags = tuple(flag for flag in (_completion_flag(bid, t) for t in judged) if flag)
    if not flags:
        return Finding(1.0, "Completion targets for opiate clients are within reach",
                       readings=readings)
    score = 0.0 if any(f.severity == "red" for f in flags) else 0.5
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
            "target of this kind, whether a count or a percentage, is amber; it is red "
            "when a miss costs money, jobs or the contract."
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
            f"Nationally, successful completions were {pct(NATIONAL_OPIATE_COMPLETION.pct)} "
            f"of opiate clients in treatment in {NATIONAL_OPIATE_COMPLETION.year}, down "
            "from 7.4% in 2014. A completion target far above that for an ageing, "
            "long-term OST group can only be met by pushing people out. A target given "
            "as a count is judged as the share it is of its cohort. Where a miss only "
            f"leads to a review, we flag targets above {REACH_MULTIPLE} times the national "
            "rate amber. Where money, jobs or the contract are at stake we judge more "
            "severely: amber above the national rate, red above twice it. The multiple is "
            "our reading, not a published limit."
        ),
        stronger_bid="Sets completion ambitions for opiate clients near the national rate, "
        "with no penalty attached.",
        evidence=("R-OHID23", "R-QWATCH", "R-PHOF", "R-ACMD16"),
        check=check_completion_targets_within_reach,
    ),
]
