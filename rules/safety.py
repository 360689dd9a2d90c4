"""Safety: keeping people alive in and after treatment (SAF-01 to SAF-08).

Each rule turns on one Yes/No answer on the Safety sheet. Red where the evidence ties
the gap to deaths; amber where it is a weakness to probe.
"""

from functools import partial

from scoring.models import Bid
from scoring.rulebook import Area, Rule, amber, expect_answer, red


def _safety_answer(field, flag, concern, reassurance, bid: Bid):
    return expect_answer(bid.safety, field, True, flag, concern, reassurance)


def _rule(rule_id, title, field, flag, concern, reassurance, rationale, stronger, evidence):
    return Rule(
        id=rule_id,
        area=Area.safety,
        title=title,
        rationale=rationale,
        stronger_bid=stronger,
        evidence=evidence,
        check=partial(_safety_answer, field, flag, concern, reassurance),
    )


RULES = [
    _rule(
        "SAF-01", "Take-home naloxone", "safety_naloxone_supply", red,
        "No take-home naloxone", "Take-home naloxone is supplied",
        "Naloxone reverses an opioid overdose. Wide supply is one of the two best-supported "
        "responses to rising opioid deaths.",
        "Supplies take-home naloxone to everyone at risk and to their families.",
        ("R-ACMD16",),
    ),
    _rule(
        "SAF-02", "Needle and syringe programme", "safety_needle_syringe_programme", red,
        "No needle and syringe programme", "A needle and syringe programme runs",
        "Clean equipment stops the spread of HIV and hepatitis among people who inject; "
        "the drug advisers warned that virus spread would rise if treatment were cut back.",
        "Runs a needle and syringe programme, with outreach.",
        ("R-ACMD14", "R-ORANGE"),
    ),
    _rule(
        "SAF-03", "Blood-borne virus testing and vaccination", "safety_bbv_testing_vaccination",
        amber, "No blood-borne virus testing or hepatitis vaccination",
        "Blood-borne virus testing and hepatitis vaccination are offered",
        "A trust that reviewed its service after rising deaths added hepatitis screening and "
        "vaccination; untreated hepatitis C shortens lives in an ageing treatment group.",
        "Tests for blood-borne viruses and vaccinates against hepatitis.",
        ("R-DERBYSHIRE", "R-ACMD14"),
    ),
    _rule(
        "SAF-04", "Every drug-related death reviewed", "safety_drug_death_review", amber,
        "Drug-related deaths are not each reviewed", "Every drug-related death is reviewed",
        "Deaths rose in an ageing cohort with complex needs while budgets fell; reviewing "
        "each death is how a service learns what would have prevented the next.",
        "Reviews every drug-related death with partners and acts on what it finds.",
        ("R-ACMD16", "R-BLACKPOOL"),
    ),
    _rule(
        "SAF-05", "Overdose risk assessed before any reduction or exit",
        "safety_pre_reduction_risk_assessment", red,
        "Overdose risk is not assessed before a dose reduction or exit",
        "Overdose risk is assessed before any reduction or exit",
        "Tolerance falls as a dose comes down, and deaths in the first weeks after leaving "
        "OST are several times those on treatment. Risk must be assessed before, not after.",
        "Assesses overdose risk before every reduction and exit, and plans for it.",
        ("R-CORNISH", "R-SORDO", "R-DERBYSHIRE"),
    ),
    _rule(
        "SAF-06", "Contact in the first weeks after leaving OST", "safety_post_exit_followup",
        red, "No contact in the first weeks after leaving OST",
        "People are contacted in the first weeks after leaving OST",
        "The first four weeks after OST stops carry the highest risk of death: 4.8 deaths "
        "per 100 person-years in weeks 1-2 against 0.7 on treatment. A Norwegian cohort "
        "found a smaller spike, but no study found leaving safe.",
        "Contacts everyone in the first weeks after they leave OST and offers a quick way back.",
        ("R-CORNISH", "R-SORDO", "R-NORWAY"),
    ),
    _rule(
        "SAF-07", "High-risk service users identified proactively", "safety_high_risk_register",
        amber, "No proactive identification of high-risk service users",
        "High-risk service users are identified proactively",
        "After a rise in deaths, one trust started risk profiling of high-risk service users; "
        "the drug advisers link deaths to an ageing group with complex needs.",
        "Keeps a high-risk register and reaches out to those on it.",
        ("R-DERBYSHIRE", "R-ACMD16"),
    ),
    _rule(
        "SAF-08", "Physical health checks", "safety_physical_health_checks", amber,
        "No physical health checks", "Physical health checks are offered",
        "The treatment population is ageing and has complex health needs, which the drug "
        "advisers link to rising deaths; regular health checks find illness early.",
        "Offers regular physical health checks and links to primary care.",
        ("R-ACMD16",),
    ),
]
