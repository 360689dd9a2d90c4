"""Balance: a real route to abstinence beside maintenance (BAL-05 to BAL-10).

A good bid keeps both doors open: people who want to become drug-free get a graded
route with detox, rehab and support that lasts, and relapse is planned for.
"""

from scoring.models import Bid
from scoring.rulebook import (
    Area,
    Finding,
    Rule,
    amber,
    expect_answer,
    number,
    pct,
    read,
    red,
    scale,
)

REHAB_AMBITION_PCT = 2.0  # national ambition: 2% of the treatment population
REHAB_RED_PCT = 0.4  # half the national figure at its lowest (0.8%)
POST_EXIT_SUPPORT_MONTHS = 6  # the completion measure looks six months ahead
REENTRY_GOOD_DAYS = 7
REENTRY_POOR_DAYS = 28


def check_choice_of_goal(bid: Bid) -> Finding:
    return expect_answer(
        bid.treatment,
        "pathway_choice_of_goal",
        True,
        amber,
        "The person does not choose between abstinence and maintenance as their goal",
        "The person chooses abstinence or maintenance as their goal",
    )


def check_stepped_care(bid: Bid) -> Finding:
    return expect_answer(
        bid.treatment,
        "pathway_stepped_care",
        True,
        amber,
        "There is no graded, stepped route through treatment",
        "A stepped route lets people move at their own pace",
    )


def check_detox_route(bid: Bid) -> Finding:
    treatment = bid.treatment
    readings = read(treatment, "pathway_community_detox_places",
                    "pathway_inpatient_detox_places")
    community = treatment.pathway_community_detox_places
    inpatient = treatment.pathway_inpatient_detox_places
    if not community and not inpatient:
        concern = "No detox places at all: there is no route to abstinence for those who want it"
        cells = (treatment.cell("pathway_community_detox_places"),
                 treatment.cell("pathway_inpatient_detox_places"))
        return Finding(0.0, concern, (red(concern, *cells),), readings)
    flags = []
    if not community:
        flags.append(amber("No community detox places",
                           treatment.cell("pathway_community_detox_places")))
    if not inpatient:
        flags.append(amber("No inpatient detox places",
                           treatment.cell("pathway_inpatient_detox_places")))
    score = 0.5 * bool(community) + 0.5 * bool(inpatient)
    summary = f"{number(community)} community and {number(inpatient)} inpatient detox places a year"
    return Finding(score, summary, tuple(flags), readings)


def check_residential_rehab(bid: Bid) -> Finding:
    placements = bid.treatment.pathway_residential_rehab_placements
    in_treatment = bid.overview.cohort_in_treatment
    readings = (read(bid.treatment, "pathway_residential_rehab_placements")
                + read(bid.overview, "cohort_in_treatment"))
    if not in_treatment:
        return Finding(None, "No treatment population given, so rehab cannot be compared",
                       readings=readings)
    share = 100 * placements / in_treatment
    summary = (f"{number(placements)} rehab placements a year for {number(in_treatment)} people in "
               f"treatment ({pct(share)}; national ambition {pct(REHAB_AMBITION_PCT)})")
    if share >= REHAB_AMBITION_PCT:
        return Finding(1.0, summary, readings=readings)
    concern = (f"Residential rehab for {pct(share)} of the treatment population, below the "
               f"national ambition of {pct(REHAB_AMBITION_PCT)}")
    make = red if share < REHAB_RED_PCT else amber
    flag = make(concern, bid.treatment.cell("pathway_residential_rehab_placements"))
    return Finding(scale(share, 0, REHAB_AMBITION_PCT), concern, (flag,), readings)


def check_psychosocial(bid: Bid) -> Finding:
    return expect_answer(
        bid.treatment,
        "pathway_psychosocial_interventions",
        True,
        amber,
        "No psychosocial interventions are offered",
        "Psychosocial interventions are offered",
    )


def check_support_after_exit(bid: Bid) -> Finding:
    treatment = bid.treatment
    readings = read(treatment, "pathway_post_exit_support_months", "pathway_rapid_reentry_days")
    months = treatment.pathway_post_exit_support_months
    days = treatment.pathway_rapid_reentry_days
    flags = []
    support = scale(months, 0, POST_EXIT_SUPPORT_MONTHS)
    if months < POST_EXIT_SUPPORT_MONTHS:
        flags.append(amber(f"Support after a planned exit lasts {number(months)} months, under "
                           f"the {POST_EXIT_SUPPORT_MONTHS} months in which relapse is measured",
                           treatment.cell("pathway_post_exit_support_months")))
    if days is None:
        reentry = 0.0
        flags.append(amber("No promise of how fast treatment restarts after a relapse",
                           treatment.cell("pathway_rapid_reentry_days")))
    else:
        reentry = scale(days, REENTRY_POOR_DAYS, REENTRY_GOOD_DAYS)
        if days > REENTRY_GOOD_DAYS:
            make = red if days >= REENTRY_POOR_DAYS else amber
            flags.append(make(f"Treatment restarts {number(days)} days after a relapse; "
                              f"a week or less keeps people safer",
                              treatment.cell("pathway_rapid_reentry_days")))
    summary = (f"{number(months)} months of support after exit; re-entry after relapse "
               + ("not stated" if days is None else f"within {number(days)} days"))
    return Finding((support + reentry) / 2, summary, tuple(flags), readings)


RULES = [
    Rule(
        id="BAL-05",
        area=Area.balance,
        title="The person chooses their goal: abstinence or maintenance",
        rationale=(
            "Maintenance and recovery are not opposites: in one long GP cohort, staying "
            "in treatment went with leaving drug-free. People do best when the goal is "
            "theirs, whether that is to stop or to stay stable on medication."
        ),
        stronger_bid="Lets every person choose abstinence or maintenance and change their mind.",
        evidence=("R-SHEFFIELD", "R-MIR", "R-BLACK"),
        check=check_choice_of_goal,
    ),
    Rule(
        id="BAL-06",
        area=Area.balance,
        title="Stepped care at the person's pace",
        rationale=(
            "A trust that had driven recovery too hard saw relapse and overdose deaths "
            "rise, and moved to a stepped approach: substitute prescribing first, then "
            "reduction at the person's pace."
        ),
        stronger_bid="Offers a graded route, e.g. stabilisation on OST before any detox.",
        evidence=("R-DERBYSHIRE", "R-MIR"),
        check=check_stepped_care,
    ),
    Rule(
        id="BAL-07",
        area=Area.balance,
        title="Detox places for those who want to become drug-free",
        rationale=(
            "Keeping maintenance open must not close the other door: people who want to "
            "stop need a real route, in the community and, when needed, in hospital."
        ),
        stronger_bid="Funds both community and inpatient detox places every year.",
        evidence=("R-BLACK", "R-REHAB", "R-SHEFFIELD"),
        check=check_detox_route,
    ),
    Rule(
        id="BAL-08",
        area=Area.balance,
        title="Residential rehab placements against the national ambition of 2%",
        rationale=(
            "Residential rehab is among the most effective options for those who want it, "
            "yet under 1% of people in treatment reach it; the national ambition is 2% of "
            "the treatment population. Amber below 2%; red below 0.4%, half the national "
            "figure at its lowest (0.8%), where the door to rehab is all but closed."
        ),
        stronger_bid="Buys rehab placements for at least 2% of the people in treatment each year.",
        evidence=("R-REHAB", "R-BLACK"),
        check=check_residential_rehab,
    ),
    Rule(
        id="BAL-09",
        area=Area.balance,
        title="Psychosocial support beside medication",
        rationale=(
            "OST is a platform for recovery, not an end in itself: talking therapies and "
            "keywork help people build on the stability medication gives."
        ),
        stronger_bid="Offers psychosocial interventions to everyone in treatment.",
        evidence=("R-MIR", "R-ORANGE"),
        check=check_psychosocial,
    ),
    Rule(
        id="BAL-10",
        area=Area.balance,
        title="Support after exit and rapid re-entry after relapse",
        rationale=(
            "Dependence is a chronic, relapsing condition and relapse must be planned "
            "for: around one in seven people who leave successfully come back within six "
            "months, and the weeks after leaving treatment carry the highest risk of "
            "dying. A quick way back in saves lives. The 7- and 28-day marks we score "
            "re-entry against are our working assumption, not a published standard: amber "
            "beyond a week, red from four weeks, the span over which deaths after leaving "
            "treatment run 4 to 9 times those on it. Support after exit shorter than six "
            "months stays amber: no study sets a length, only the window relapse is "
            "measured in."
        ),
        stronger_bid="Supports people for at least six months after they leave and restarts "
        "treatment within a week of a relapse.",
        evidence=("R-BLACK", "R-ROTHERHAM", "R-PHOF", "R-CORNISH"),
        check=check_support_after_exit,
    ),
]
