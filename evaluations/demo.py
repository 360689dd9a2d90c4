"""A demo evaluation: the six sample bids, a panel, scores submitted, moderation begun.

`python -m scoring evaluation demo` loads it and prints every member's sign-in code, so
a newcomer can look at the whole process as each role. The lead has agreed the first two
bids in their own words and set the award details, so `report` writes the draft
documents at once (and `draft-reasons` shows the tool's drafts for the rest).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from documents.sample import PROVIDERS, selection_checks
from documents.snapshot import DecisionMaker
from evaluations import services
from evaluations.details import AwardDetails, ContractDetails, ProviderDetails, Response
from evaluations.process import Role
from evaluations.store import unit_of_work
from evaluations.views import show

SAMPLES = Path(__file__).resolve().parent.parent / "sample_tenders"
LEAD = "Alex Morgan (commissioning lead)"
EVALUATORS = ("Priya Shah", "Sam Okafor", "Jordan Lee")
SERVICE_USER = "Chris Walker (service-user panel)"
OBSERVER = "Pat Hughes (audit)"
CONFLICTED = ("Jordan Lee", "SWO/26/114")  # Jordan once worked for Swift Outcomes

LEANING = {"Priya Shah": 0, "Sam Okafor": 1, "Jordan Lee": -1}
WORDS = {
    0: "No credible evidence against the descriptor; the answers leave the key risks open.",
    1: "Meets the criterion only in part; the workbook answers leave serious gaps.",
    2: "Meets the criterion with gaps that the provider should close in mobilisation.",
    3: "Meets the criterion fully, with clear evidence in the answers and tables.",
    4: "Meets the criterion fully with strong evidence and something extra for service users.",
}


def load_demo(engine: Engine) -> dict[str, Any]:
    """Create the demo evaluation in moderation and return its id and every member's code.

    One transaction: the demo is there whole or not at all.
    """
    codes: dict[str, tuple[str, str]] = {}
    with unit_of_work(engine) as uow:
        evaluation, lead, code = services.create_evaluation(
            uow, "Demo: Anyshire drug and alcohol treatment 2027", LEAD, regime="psr")
        codes[LEAD] = ("lead", code)
        members = {LEAD: lead}
        for name, role in [*((e, Role.evaluator) for e in EVALUATORS),
                           (SERVICE_USER, Role.service_user), (OBSERVER, Role.observer)]:
            members[name], code = services.add_member(uow, lead, name, role)
            codes[name] = (role.value, code)
        for path in sorted(SAMPLES.glob("*.xlsx")):
            services.add_bid(uow, lead, path.read_bytes(), path.name)
        services.declare(uow, lead, [])
        services.advance(uow, lead)
        for name in (*EVALUATORS, SERVICE_USER):
            conflicts = [CONFLICTED[1]] if name == CONFLICTED[0] else []
            services.declare(uow, members[name], conflicts)
        for name in EVALUATORS:
            _score_everything(uow, members[name], LEANING[name])
            services.submit(uow, members[name])
        _service_user_views(uow, members[SERVICE_USER])
        services.advance(uow, lead)
        _moderate_first_bids(uow, lead)
        services.set_award_details(uow, lead, _award_details(uow, lead))
    return {"evaluation": evaluation, "stage": "moderation",
            "members": [{"member": name, "role": role, "code": code}
                        for name, (role, code) in codes.items()]}


def _score_everything(uow, member_id: int, leaning: int) -> None:
    page = show(uow, member_id)
    for bid in page["bids"]:
        for criterion in page["scheme"]["criteria"]:
            rules = bid["areas"].get(criterion["id"])
            base = 2 if rules is None else round(rules / 25)
            score = max(0, min(4, base - 1 + leaning if bid["flags"] else base + leaning))
            services.save_score(uow, member_id, bid["reference"], criterion["id"], score,
                                f"{WORDS[score]} ({criterion['title']}, {bid['provider']})")


def _service_user_views(uow, member_id: int) -> None:
    page = show(uow, member_id)
    for bid in page["bids"]:
        for criterion in bid["criteria"]:
            serious = any(f["severity"] == "serious" for f in criterion["what_the_tool_found"])
            view = "serious_concern" if serious else "agree"
            comment = ("If this went ahead people could be pushed off their script before "
                       "they are ready; that is when people die." if serious else
                       "This matches what people in recovery told us they need.")
            services.save_view(uow, member_id, bid["reference"], criterion["id"], view,
                               comment)


def _moderate_first_bids(uow, lead: int) -> None:
    from evaluations.views import moderation_view

    cells = [cell for cell in moderation_view(uow, lead) if cell["panel_scored"]]
    for cell in cells[:12]:  # the first two bids, every criterion
        scores = [s["score"] for s in cell["scores"]]
        agreed = round(sum(scores) / len(scores)) if scores else 2
        reason = (
            f"On {cell['title'].lower()} for {cell['provider']}, the panel agreed {agreed} "
            "against the descriptor after discussing the evaluators' spread of scores and the "
            f"rules' findings for this bid: {WORDS[agreed][0].lower()}{WORDS[agreed][1:]}")
        services.moderate(uow, lead, cell["bid"], cell["criterion"], agreed, reason)


IMPORTANCE = {
    "balance": "Whether people stay alive and can reach recovery depends most on keeping "
    "both maintenance and abstinence open, so it carries the joint-highest weight.",
    "incentives": "Payments must never reward pushing people out of treatment; the budget "
    "itself is fixed.",
    "mutual_aid": "Recovery lasts in the community: mutual aid partners decide whether people "
    "keep what treatment gives them.",
    "recovery_capital": "Housing, work and relationships predict lasting recovery as much as "
    "treatment does.",
    "safety": "Naloxone, safe prescribing and safeguarding prevent deaths; a failure here "
    "cannot be bought back elsewhere.",
    "voice": "Services designed with the people who use them keep them engaged; it matters, "
    "but less than the clinical model.",
}


def _award_details(uow, lead: int) -> AwardDetails:
    """The facts a council would supply before the notice: fictional, as the bids are."""
    page = show(uow, lead)
    serious = [(cell["bid"], cell["criterion"]) for cell in page["moderation"]
               if any(v["view"] == "serious_concern" for v in cell["service_user_views"])]
    failing = {entry["bid"] for entry in page["ranking"] if not entry["passes"]}
    return AwardDetails(
        contract=ContractDetails(
            authority="Anyshire County Council",
            title="Anyshire Integrated Drug and Alcohol Treatment and Recovery Service",
            reference="ACC-PH-2027-003",
            description="Community drug and alcohol treatment for adults: assessment, opioid "
            "substitution treatment, psychosocial support, detox and residential rehabilitation "
            "placements, harm reduction and recovery support.",
            cpv_code="85312500-4 Rehabilitation services", lifetime_value=38_000_000,
            term="5 years from 1 April 2027, with an option to extend by 2 years"),
        service="drug and alcohol treatment and recovery in Anyshire",
        importance_reasons=IMPORTANCE,
        conflict_actions={CONFLICTED[0]: "Jordan Lee worked for Swift Outcomes until 2025. "
                          "Its bid was withheld from Jordan, who did not see, score or "
                          "moderate it and left the room for its discussion."},
        job_titles={LEAD: "Head of Public Health Commissioning",
                    "Priya Shah": "Consultant Addiction Psychiatrist",
                    "Sam Okafor": "Senior Commissioning Manager",
                    "Jordan Lee": "Finance Business Partner",
                    SERVICE_USER: "Lived Experience Representative",
                    OBSERVER: "Internal Audit"},
        providers={bid["reference"]: ProviderDetails(
            registered_office=PROVIDERS[bid["reference"]][0],
            identifier=PROVIDERS[bid["reference"]][1], sme=True, vcse=True, consortium=False,
            email=f"tenders@{bid['reference'].lower().replace('/', '-')}.example.org",
            selection=selection_checks())
            for bid in page["bids"] if bid["reference"] in PROVIDERS},
        decision_makers=(
            DecisionMaker(name="Dr Morgan Price", job_title="Director of Public Health, "
                          "Anyshire County Council", declaration="No interests to declare",
                          declared_on=date(2027, 1, 6)),
            DecisionMaker(name="Councillor Jan Rees", job_title="Cabinet Member for Adult "
                          "Social Care and Health", declaration="No interests to declare",
                          declared_on=date(2027, 1, 6)),
        ),
        decision_body="The Director of Public Health, under delegation from Cabinet, with the "
        "Cabinet Member for Adult Social Care and Health",
        decision_instrument="Delegated officer decision DPH/2027/002, taken under Cabinet key "
        "decision KD/2026/141",
        decision_date=date(2027, 1, 7),
        representations_to="procurement@anyshire.example.gov.uk, quoting ACC-PH-2027-003",
        publication_date=date(2027, 1, 11),
        process="Open competitive procedure. The scheme was published with the "
        "invitation to tender and frozen before bids were opened. Three evaluators scored "
        "every bid alone against the descriptors; a service-user representative recorded "
        "views on every bid; the panel moderated and agreed each score with a written "
        "reason; the lead recommends and the decision-makers decide.",
        responses=tuple(Response(
            bid=bid, criterion=criterion,
            response="We agree. This bid fails one of our minimum requirements, so it "
            "cannot be chosen." if bid in failing else
            "We agree this is a real risk. We gave a lower score for it.")
            for bid, criterion in serious),
    )
