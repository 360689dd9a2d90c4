"""Incentives: sanctions and churn (INC-08, INC-10)."""

from scoring.models import Bid
from scoring.rulebook import Area, Finding, Rule, amber, expect_answer, number, read, red, scale

SHORT_TERM_YEARS = 3
SETTLED_TERM_YEARS = 5


def check_no_prescription_sanctions(bid: Bid) -> Finding:
    return expect_answer(
        bid.treatment,
        "ost_prescription_sanctions",
        False,
        red,
        "Prescriptions are cut or stopped as a sanction",
        "Prescriptions are never used as a sanction",
    )


def check_contract_term(bid: Bid) -> Finding:
    term = bid.overview.contract_term_years
    readings = read(bid.overview, "contract_term_years")
    cell = bid.overview.cell("contract_term_years")
    summary = f"A {number(term)}-year contract"
    score = scale(term, SHORT_TERM_YEARS - 1, SETTLED_TERM_YEARS)
    if term < SHORT_TERM_YEARS:
        concern = f"A {number(term)}-year term means re-tendering, and churn, within three years"
        return Finding(score, concern, (red(concern, cell),), readings)
    if term < SETTLED_TERM_YEARS:
        concern = f"A {number(term)}-year term is short of the five years a service needs to settle"
        return Finding(score, concern, (amber(concern, cell),), readings)
    return Finding(score, summary, readings=readings)


RULES = [
    Rule(
        id="INC-08",
        area=Area.incentives,
        title="Prescriptions never used as sanctions",
        rationale=(
            "People told of prescriptions being cut or stopped for missed appointments, "
            "used as a bargaining tool. Stopping OST puts a person in the weeks of "
            "highest overdose risk; OST should continue for as long as it is needed."
        ),
        stronger_bid="Never cuts or stops a prescription as a sanction; re-engages people "
        "who miss appointments.",
        evidence=("R-ACCOUNTS", "R-CORNISH", "R-ACMD16"),
        check=check_no_prescription_sanctions,
    ),
    Rule(
        id="INC-10",
        area=Area.incentives,
        title="A term long enough to avoid churn",
        rationale=(
            "The government's drug advisers found that frequent re-tendering wastes "
            "money, churns services and worsens recovery outcomes. We flag terms under "
            "five years and mark under three red: our reading, not a published limit."
        ),
        stronger_bid="Runs for five years or more, with break clauses for poor quality "
        "rather than short terms.",
        evidence=("R-ACMD17",),
        check=check_contract_term,
    ),
]
