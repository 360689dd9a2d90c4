"""Balance: maintenance stays open, on the person's terms (BAL-01 to BAL-04, BAL-11).

Opioid substitution treatment (OST) keeps people alive; the evidence finds no case
for limiting it by time, and people told of being pushed off it so that a service
could count an exit.
"""

from scoring.models import Bid, ReductionDecision
from scoring.rulebook import Area, Finding, Rule, amber, expect_answer, number, read, red, words


def check_maintenance_open(bid: Bid) -> Finding:
    treatment = bid.treatment
    readings = read(treatment, "ost_maintenance_available", "ost_max_duration_months")
    flags = []
    if not treatment.ost_maintenance_available:
        flags.append(
            red(
                "Long-term OST is not open to everyone who chooses it",
                treatment.cell("ost_maintenance_available"),
            )
        )
    if treatment.ost_max_duration_months is not None:
        flags.append(
            red(
                f"Time on OST is capped at {number(treatment.ost_max_duration_months)} months",
                treatment.cell("ost_max_duration_months"),
            )
        )
    if flags:
        return Finding(0.0, "Maintenance is limited: " + "; ".join(f.message for f in flags),
                       tuple(flags), readings)
    return Finding(1.0, "Long-term OST is open to anyone who chooses it, with no time cap",
                   readings=readings)


def check_no_reduction_plan_at_entry(bid: Bid) -> Finding:
    return expect_answer(
        bid.treatment,
        "ost_reduction_plan_required_at_entry",
        False,
        red,
        "Starting treatment requires agreeing to a dose-reduction plan",
        "No reduction plan is demanded as a condition of starting treatment",
    )


def check_reduction_decision(bid: Bid) -> Finding:
    treatment = bid.treatment
    decision = treatment.ost_reduction_decision
    readings = read(treatment, "ost_reduction_decision")
    cell = treatment.cell("ost_reduction_decision")
    if decision in {ReductionDecision.patient_led, ReductionDecision.shared}:
        return Finding(1.0, f"Dose reductions are {words(decision)}",
                       readings=readings)
    if decision == ReductionDecision.clinician_led:
        concern = "The clinician decides dose reductions without the person sharing the decision"
        return Finding(0.5, concern, (amber(concern, cell),), readings)
    concern = "Dose reductions are driven by service targets, not by the person"
    return Finding(0.0, concern, (red(concern, cell),), readings)


def check_no_low_dose_exit_programme(bid: Bid) -> Finding:
    return expect_answer(
        bid.treatment,
        "ost_low_dose_exit_programme",
        False,
        red,
        "People on low doses are singled out for exit",
        "People on low doses are not singled out for exit",
    )


def check_no_gp_registration_needed(bid: Bid) -> Finding:
    return expect_answer(
        bid.treatment,
        "ost_gp_registration_required",
        False,
        amber,
        "Treatment needs registration with a GP, which keeps people without one out",
        "Treatment does not need registration with a GP",
    )


RULES = [
    Rule(
        id="BAL-01",
        area=Area.balance,
        title="Maintenance open to all who choose it, with no time cap",
        rationale=(
            "Staying on methadone or buprenorphine protects people: deaths are several "
            "times higher off treatment than on it. The government's drug advisers found "
            "no evidence for a time limit on OST and warned that one would raise relapse, "
            "overdose deaths, crime and virus spread."
        ),
        stronger_bid="Keeps long-term OST open to anyone who chooses it, for as long as they need.",
        evidence=("R-ACMD14", "R-ACMD16", "R-SORDO", "R-CORNISH"),
        check=check_maintenance_open,
    ),
    Rule(
        id="BAL-02",
        area=Area.balance,
        title="No reduction plan as a condition of entry",
        rationale=(
            "People told of having to agree to cut their dose before they could start "
            "treatment. Leaving OST too early harms people, mainly through relapse; the "
            "pace of any reduction should be the person's, agreed once they are stable."
        ),
        stronger_bid="Starts treatment on clinical need alone; reductions are discussed later, "
        "if and when the person wants them.",
        evidence=("R-ACCOUNTS", "R-MIR", "R-ACMD14"),
        check=check_no_reduction_plan_at_entry,
    ),
    Rule(
        id="BAL-03",
        area=Area.balance,
        title="The person decides, or shares the decision, when a dose comes down",
        rationale=(
            "When targets decide reductions, people are pushed off OST before they are "
            "ready; one trust found that driving recovery too hard raised relapse and "
            "overdose deaths, and moved to reductions at the person's pace."
        ),
        stronger_bid="Reductions are led by the person or decided together with the "
        "prescriber, never by a target.",
        evidence=("R-DERBYSHIRE", "R-MIR", "R-ACCOUNTS"),
        check=check_reduction_decision,
    ),
    Rule(
        id="BAL-04",
        area=Area.balance,
        title="No programme singling out low-dose clients for exit",
        rationale=(
            "Clients on low doses were singled out for exit so that a service could count "
            "more drug-free exits. The weeks after leaving OST carry the highest risk of "
            "dying, several times that on treatment."
        ),
        stronger_bid="Offers every client the same choice, whatever their dose.",
        evidence=("R-ACCOUNTS", "R-CORNISH", "R-ACMD14"),
        check=check_no_low_dose_exit_programme,
    ),
    Rule(
        id="BAL-11",
        area=Area.balance,
        title="No GP registration needed to start treatment",
        rationale=(
            "A peer worker told of people kept out of treatment because it needed "
            "registration with a GP: those without a settled address, newly out of "
            "prison or moving between areas are the least likely to have one and among "
            "the most at risk. Time out of treatment is time at higher risk of dying."
        ),
        stronger_bid="Starts treatment without GP registration and helps people register "
        "once they are in.",
        evidence=("R-ACCOUNTS", "R-SORDO", "R-BLACK"),
        check=check_no_gp_registration_needed,
    ),
]
