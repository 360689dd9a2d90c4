"""A realistic decided evaluation of the six sample bids, for tests and the demo.

The rule scores are real: `load_sample` scores sample_tenders/*.xlsx with the published
rules. The panel (its scores, notes, reasons, views and decision) is fictional, written
the way a careful council panel would write it. `bid_from_rule_result` turns the
scorer's JSON for one bid, which the evaluations store keeps, into a snapshot `Bid`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from statistics import median_low
from typing import Any

from documents.docx_kit import area_names
from documents.snapshot import (
    DESCRIPTORS,
    Bid,
    Change,
    Clarification,
    Consensus,
    Contract,
    Criterion,
    Decision,
    DecisionMaker,
    Declaration,
    Gate,
    Member,
    PanelScore,
    RuleFlag,
    Scheme,
    SelectionCheck,
    ServiceUserView,
    Snapshot,
    Standing,
)

SAMPLES = Path(__file__).resolve().parent.parent / "sample_tenders"
AT = datetime(2026, 12, 10, 10, 0, tzinfo=UTC)

PSR_CRITERIA = (
    Criterion(id="quality_innovation", key_criterion="quality_innovation",
              title="Quality and innovation", weight=35,
              rule_areas=("balance", "safety", "recovery_capital"),
              importance_reason="Whether people stay alive and can reach recovery depends most "
              "on the clinical model, so it carries the most weight."),
    Criterion(id="value", key_criterion="value", title="Value", weight=15,
              rule_areas=("incentives",),
              importance_reason="The budget is fixed; what matters is that payments do not "
              "reward pushing people out of treatment, which the payment rules test."),
    Criterion(id="integration", key_criterion="integration", weight=25,
              title="Integration, collaboration and service sustainability",
              rule_areas=("mutual_aid", "recovery_capital"),
              importance_reason="Recovery is sustained in the community: housing, work and "
              "mutual aid partners decide whether people keep what treatment gives them."),
    Criterion(id="access", key_criterion="access", weight=10,
              title="Improving access, reducing health inequalities and facilitating choice",
              rule_areas=("balance", "voice"),
              importance_reason="Choice of goal and a voice for service users matter, and most "
              "of what decides access is already scored under quality."),
    Criterion(id="social_value", key_criterion="social_value", title="Social value",
              weight=15,
              importance_reason="The council's social value policy sets 10 to 20 per cent; "
              "local jobs for people in recovery were asked for in the specification."),
)
GATES = (
    Gate(rule="BAL-01", requirement="Long-term OST is open to everyone who chooses it, with "
         "no time cap", reason="Deaths off OST are about three times those on it."),
    Gate(rule="BAL-02", requirement="Nobody has to agree a dose-reduction plan to start "
         "treatment", reason="A reduction plan as the price of entry keeps people out."),
    Gate(rule="INC-08", requirement="Prescriptions are never cut or stopped as a sanction",
         reason="Stopping a prescription puts the person at the highest overdose risk."),
    Gate(rule="SAF-01", requirement="Take-home naloxone is supplied",
         reason="Naloxone reverses an opioid overdose."),
)
PSR_SCHEME = Scheme(name="Provider Selection Regime key criteria (Westvale 2027)",
                    criteria=PSR_CRITERIA, gates=GATES,
                    full_text_at="Invitation to tender, Schedule 3: Evaluation methodology")

LEAD, TOM, HELEN, MARK = "Asha Patel", "Dr Tom Reid", "Helen Okafor", "Mark Evans"
MEMBERS = (
    Member(name=LEAD, role="lead", job_title="Head of Public Health Commissioning",
           email="asha.patel@westvale.gov.uk"),
    Member(name=TOM, role="evaluator", job_title="Consultant Addiction Psychiatrist"),
    Member(name=HELEN, role="evaluator", job_title="Senior Commissioning Manager"),
    Member(name=MARK, role="evaluator", job_title="Finance Business Partner"),
    Member(name="Jo Williams", role="service_user", job_title="Lived Experience Representative"),
    Member(name="Priya Shah", role="observer", job_title="Procurement Lawyer"),
)
# Per provider: registered office, platform identifier, the panel's view of its social
# value, and what the panel read in its narrative (so each reason is about its own bid).
PROVIDERS: dict[str, tuple[str, str, int]] = {
    "NRP-2027-01": ("14 Mill Lane, Northgate NG1 4RP", "GB-PPON-PNKR-1187-342A", 3),
    "SWO/26/114": ("Suite 4, 200 Harbour Road, Eastport EP2 9QT", "GB-PPON-QWTR-1183-492B", 1),
    "SMS-0427": ("Steadfast House, Hospital Road, Westvale WV3 1SM", "GB-PPON-LMZX-0427-004C",
                 2),
    "BP-2027-3": ("3 Station Yard, Brightwell BW1 2PB", "GB-PPON-BRTW-1290-047D", 3),
    "RHW-77": ("Riverside Centre, Quay Street, Westvale WV1 7RH", "GB-PPON-RVHW-1099-281E", 2),
    "DCDAS-2027": ("The Old School, Market Place, Dalesby DL8 3CD", "GB-PPON-DLSB-2027-009F",
                   3),
}
NARRATIVE: dict[str, str] = {
    "NRP-2027-01": "a peer-led front door open six days a week",
    "SWO/26/114": "a central hub in Eastport with outreach two days a week",
    "SMS-0427": "hospital-based clinics with a liaison nurse in the emergency department",
    "BP-2027-3": "satellite clinics in four market towns with evening hours",
    "RHW-77": "a riverside day centre with a women-only morning",
    "DCDAS-2027": "a mobile unit serving the dales villages every fortnight",
}
DECISION_MAKERS = (
    DecisionMaker(name="Dr Ruth Ellis", job_title="Director of Public Health, Westvale "
                  "Council", declaration="No interests to declare",
                  declared_on=date(2026, 12, 11)),
    DecisionMaker(name="Councillor Sam Green", job_title="Cabinet Member for Adult Social "
                  "Care and Health", declaration="No interests to declare",
                  declared_on=date(2026, 12, 11)),
)
CONFLICTED = {MARK: "RHW-77"}  # Mark Evans was Riverside's finance director until 2024
EVALUATOR_LEAN = {TOM: (0, 0, -1, 0, 1), HELEN: (1, 0, 0, -1, 0), MARK: (0, -1, 0, 0, 0)}
# The Braceurself pattern, caught: one evaluator misread a cell, and moderation found it.
MISREAD = (TOM, "DCDAS-2027", "quality_innovation")
MISREAD_NOTE = ("Rehab for only 0.012% of the treatment population (Treatment!C14), far below "
                "the 2% ambition: a serious gap for people who want abstinence.")
RECONCILED_NOTE = (" Evaluators' scores differed by two marks: one evaluator had read "
                   "Treatment!C14 as 0.012%; the panel re-read the cell together, found 1.2% "
                   "typed as an Excel percentage, and agreed this score.")


def bid_from_rule_result(result: Mapping[str, Any], file_name: str, sha256: str,
                         criteria: Sequence[Criterion], **details: Any) -> Bid:
    """A snapshot bid from the scorer's JSON for one bid (`BidReport.to_json()`).

    `details` are what the workbook does not hold: registered office, identifier and the
    basic selection checks.
    """
    return Bid(
        reference=result["reference"], provider=result["provider"], file_name=file_name,
        sha256=sha256, rule_scores={c.id: rule_score(c, result["areas"]) for c in criteria},
        flags=tuple(RuleFlag(rule=f["rule"], area=f["area"], severity=f["severity"],
                             message=f["message"], cells=tuple(f["cells"]))
                    for f in result["flags"]),
        gates_failed=tuple(result["gates_failed"]), **details)


def rule_score(criterion: Criterion, areas: Mapping[str, float | None]) -> float | None:
    """The rules' score for a criterion: the mean of the rule areas feeding it, 0-100."""
    scored = [areas[a] for a in criterion.rule_areas if areas.get(a) is not None]
    return round(sum(scored) / len(scored), 1) if scored else None


def selection_checks() -> tuple[SelectionCheck, ...]:
    """Basic selection and exclusion checks, all met, as a council would record them."""
    return (
        SelectionCheck(check="Suitability to pursue the activity", met=True,
                       evidence="CQC registration for treatment of disease, disorder or injury "
                       "confirmed on the CQC register"),
        SelectionCheck(check="Economic and financial standing", met=True,
                       evidence="Last two years' audited accounts reviewed; turnover above "
                       "twice the annual contract value"),
        SelectionCheck(check="Technical and professional ability", met=True,
                       evidence="Two references for comparable community treatment services"),
        SelectionCheck(check="Exclusion grounds and the debarment list", kind="exclusion",
                       met=True, evidence="No mandatory or discretionary exclusion ground "
                       "declared; not on the debarment list (checked 1 December 2026)"),
    )


def blended(criterion: Criterion, rules: float | None, panel: int | None) -> float | None:
    """(1 - panel share) x rule score + panel share x (panel score / 4 x 100)."""
    if panel is None:
        return rules
    if rules is None:
        return round(panel / 4 * 100, 1)
    share = criterion.share
    return round((1 - share) * rules + share * panel * 25, 1)


def rank(bids: Sequence[Bid], consensus: Sequence[Consensus], scheme: Scheme
         ) -> tuple[Standing, ...]:
    """Bids failing a gate below those that pass, then by overall score; ties share a rank."""
    agreed = {(c.bid, c.criterion): c.score for c in consensus}
    total = scheme.scored_weight
    rows = []
    for bid in bids:
        scores = {c.id: blended(c, bid.rule_scores.get(c.id), agreed.get((bid.reference, c.id)))
                  for c in scheme.criteria}
        weighted = [(c.weight, scores[c.id]) for c in scheme.criteria
                    if c.kind == "scored" and scores[c.id] is not None]
        overall = round(sum(w * s for w, s in weighted) / total, 1) if weighted else None
        rows.append((bid, scores, overall))
    rows.sort(key=lambda r: (bool(r[0].gates_failed), -(r[2] or 0)))
    standings, previous = [], None
    for position, (bid, scores, overall) in enumerate(rows, start=1):
        key = (bool(bid.gates_failed), overall)
        number = standings[-1].rank if key == previous else position
        previous = key
        standings.append(Standing(bid=bid.reference, rank=number, overall=overall,
                                  passes_gates=not bid.gates_failed,
                                  gates_failed=bid.gates_failed, criterion_scores=scores))
    return tuple(standings)


def _base(bid: Bid, criterion: Criterion) -> int:
    rules = bid.rule_scores.get(criterion.id)
    if rules is None:
        return PROVIDERS.get(bid.reference, ("", "", 2))[2]
    reds = sum(1 for f in bid.flags if f.area in criterion.rule_areas and f.severity == "red")
    return max(0, min(4, round(rules / 25) - reds))


def _note(bid: Bid, criterion: Criterion, score: int, evaluator: str) -> str:
    flags = [f for f in bid.flags if f.area in criterion.rule_areas]
    if not criterion.rule_areas:
        verdict = ("Local recovery jobs are costed and counted." if score >= 3
                   else "Commitments are general and not measured.")
        return f"Social value offer read in Narrative section 7: {DESCRIPTORS[score]}. {verdict}"
    if flags:
        worst = sorted(flags, key=lambda f: f.severity != "red")[0]
        weight = ("Serious: this is a design the evidence links to harm." if worst.severity == "red"
                  else "To probe at moderation.")
        return f"{worst.message} ({', '.join(worst.cells)}). {weight}"
    opening = {TOM: "Clinically sound", HELEN: "Meets the specification",
               MARK: "Payment and governance answers are consistent"}[evaluator]
    areas = area_names(criterion.rule_areas)
    return f"{opening}; the workbook answers on {areas} raise no concern."


def _reason(bid: Bid, criterion: Criterion, score: int) -> str:
    word, meaning = DESCRIPTORS[score].split(": ", 1)
    flags = [f for f in bid.flags if f.area in criterion.rule_areas]
    reds = [f for f in flags if f.severity == "red"]
    seen = NARRATIVE.get(bid.reference, "its service model")
    if not criterion.rule_areas:
        found = (f"the social value plan commits to named local recovery jobs through {seen}, "
                 "with numbers and a yearly report to the council" if score >= 3 else
                 f"the social value plan for {seen} lists intentions but sets no numbers, "
                 "owners or reporting, so delivery cannot be checked")
    elif flags:
        shown = (reds or flags)[:2]
        found = "the workbook shows " + "; ".join(
            f"{f.message[0].lower()}{f.message[1:]} ({', '.join(f.cells)})" for f in shown)
    else:
        found = (f"its workbook answers on {area_names(criterion.rule_areas)} meet every "
                 f"published rule, and the narrative describes {seen} with named partners, "
                 "dates and measures")
    short = ("Full marks: every commitment is specific, funded and governed, with outcome "
             "measures the council can check." if score == 4 else
             "Full marks were not given because "
             + ("of the red flags named, which the evidence links to harm to service users."
                if reds else "these points leave gaps the descriptor for a 4 does not allow."))
    return (f"Agreed {score} ({word}): {meaning}. On {criterion.title.lower()}, the panel "
            f"found that {found}. {short}")


def sample_snapshot(bids: Sequence[Bid]) -> Snapshot:
    """The Westvale 2027 evaluation of `bids`, decided, with a complete panel record."""
    criteria = PSR_SCHEME.criteria
    scores, consensus = [], []
    for b_index, bid in enumerate(bids):
        for c_index, criterion in enumerate(criteria):
            base = _base(bid, criterion)
            given = []
            for e_index, evaluator in enumerate(EVALUATOR_LEAN):
                if CONFLICTED.get(evaluator) == bid.reference:
                    continue
                lean = EVALUATOR_LEAN[evaluator][(b_index + c_index) % 5]
                score = max(0, min(4, base + lean))
                note = _note(bid, criterion, score, evaluator)
                if (evaluator, bid.reference, criterion.id) == MISREAD:
                    score, note = 2, MISREAD_NOTE
                given.append(score)
                scores.append(PanelScore(
                    evaluator=evaluator, bid=bid.reference, criterion=criterion.id,
                    score=score, comment=note,
                    submitted_at=AT - timedelta(days=6, hours=e_index)))
            agreed = median_low(given)
            reason = _reason(bid, criterion, agreed)
            if (bid.reference, criterion.id) == MISREAD[1:]:
                reason += RECONCILED_NOTE
            consensus.append(Consensus(
                bid=bid.reference, criterion=criterion.id, score=agreed, reason=reason, by=LEAD,
                at=AT + timedelta(minutes=10 * len(consensus)), approved_by=LEAD))
    ranking = rank(bids, consensus, PSR_SCHEME)
    winner = next(s for s in ranking if s.passes_gates)
    winner_name = next(b.provider for b in bids if b.reference == winner.bid)
    return Snapshot(
        evaluation_id=7, name="Westvale drug and alcohol treatment 2027",
        service="drug and alcohol treatment and recovery in Westvale", regime="psr",
        stage="decided",
        contract=Contract(
            authority="Westvale Council",
            title="Westvale Integrated Drug and Alcohol Treatment and Recovery Service",
            reference="WVC-PH-2027-014",
            description="Community drug and alcohol treatment for adults: assessment, opioid "
            "substitution treatment, psychosocial support, detox and residential "
            "rehabilitation placements, harm reduction and recovery support.",
            cpv_code="85312500-4 Rehabilitation services", lifetime_value=43_400_000,
            term="5 years from 1 April 2027, with an option to extend by 2 years"),
        scheme=PSR_SCHEME, members=MEMBERS,
        declarations=tuple(
            Declaration(member=m.name, declared_at=AT - timedelta(days=20),
                        conflicts=(CONFLICTED[m.name],) if m.name in CONFLICTED else (),
                        action="Mark Evans was Riverside's finance director until 2024. "
                        "Riverside's bid was withheld from him: he did not see, score or "
                        "moderate it, and left the room for its discussion."
                        if m.name in CONFLICTED else "")
            for m in MEMBERS if m.role != "observer"),
        bids=tuple(bids), panel_scores=tuple(scores), consensus=tuple(consensus),
        changes=(Change(who=LEAD, when=AT + timedelta(hours=2), bid="DCDAS-2027",
                        criterion="quality_innovation",
                        what="agreed score 2 changed to 3",
                        why="Dr Tom Reid had read the rehab figure in Treatment!C14 as 0.012%; "
                        "the cell holds 1.2% as an Excel percentage. The panel re-read the "
                        "cell together and agreed the higher score."),),
        service_user_views=_views(bids),
        clarifications=(
            Clarification(bid="DCDAS-2027", point="Percentages in the Treatment sheet are "
                          "typed as Excel percentages (Treatment!C14)",
                          answer="The reader scales them; rehab placements are 1.2%."),
            Clarification(bid="RHW-77", point="Who assesses the outcomes that trigger "
                          "payment?", answer="Clients self-assess at reviews (clarification "
                          "response 3, 2 December 2026)."),
        ),
        ranking=ranking,
        decision=Decision(
            makers=DECISION_MAKERS,
            body="The Director of Public Health, under delegation from Cabinet, with the "
            "Cabinet Member for Adult Social Care and Health",
            instrument="Delegated officer decision DPH/2026/031, taken under Cabinet key "
            "decision KD/2026/118",
            decided_on=date(2026, 12, 14),
            process="Competitive process under PSR reg 11. The scheme was published with the "
            "invitation to tender and frozen before bids were opened. Three evaluators scored "
            "every bid alone against the descriptors; a service-user representative recorded "
            "views on every bid; the panel moderated on 10 December 2026 and agreed each score "
            "with a written reason; the lead recommended and the decision-makers decided on "
            "14 December 2026.",
            reasons=f"{winner_name} ranks first of the bids that meet every minimum "
            "requirement. On quality and innovation it keeps both routes open: maintenance "
            "without a time limit and a funded route to detox and rehab. Its payments do not "
            "reward pushing people out of treatment, and its recovery partners are funded, "
            "governed and part of its referral routes."),
        publication_date=date(2026, 12, 18),
        representations_to="procurement@westvale.gov.uk, quoting WVC-PH-2027-014",
        summaries_sent_on=date(2026, 12, 17),
        audit_head=hashlib.sha256(b"westvale-2027 event 412").hexdigest(),
        produced_at=AT + timedelta(days=4),
    )


def _views(bids: Sequence[Bid]) -> tuple[ServiceUserView, ...]:
    present = {b.reference for b in bids}
    views = (
        ServiceUserView(bid="SWO/26/114", criterion="quality_innovation",
                        view="serious_concern",
                        comment="A two-year limit on methadone would push people off before "
                        "they are ready. I have lost friends that way.",
                        panel_response="We agree. This bid fails our minimum requirement on time "
                        "limits for treatment, so it could not be chosen."),
        ServiceUserView(bid="BP-2027-3", criterion="integration", view="concern",
                        comment="The mutual aid groups are only listed. Nobody has asked them.",
                        panel_response="We gave a lower score for this. The groups have no "
                        "agreement and no funding."),
        ServiceUserView(bid="SMS-0427", criterion="quality_innovation", view="concern",
                        comment="There is no way into detox or rehab if you want to stop.",
                        panel_response="We agree. This is why its quality score is lower."),
        ServiceUserView(bid="NRP-2027-01", criterion="access", view="agree",
                        comment="People I know would feel welcome here. Peers run the front "
                        "door.", consent_to_quote=True),
    )
    return tuple(v for v in views if v.bid in present)


def load_sample(folder: Path = SAMPLES) -> Snapshot:
    """The sample snapshot, with rule scores and digests from the real sample workbooks."""
    from scoring.batch import score_files

    paths = sorted(folder.glob("*.xlsx"))
    reports = score_files(paths)
    bids = []
    for path, report in zip(paths, reports, strict=True):
        if report.scorecard is None:
            continue
        office, identifier, _ = PROVIDERS[report.scorecard.reference]
        bids.append(bid_from_rule_result(
            report.to_json(), path.name, hashlib.sha256(path.read_bytes()).hexdigest(),
            PSR_CRITERIA, registered_office=office, identifier=identifier,
            email=f"tenders@{report.scorecard.reference.lower().replace('/', '-')}.example.org",
            sme=True, vcse=identifier.endswith(("A", "D", "E")), consortium=False,
            selection=selection_checks()))
    return sample_snapshot(bids)
