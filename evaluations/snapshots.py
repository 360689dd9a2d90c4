"""An evaluation frozen as the documents' input (`documents.snapshot.Snapshot`).

Read by the documents adapter (reports) and by the drafting of reasons (services), so it
sits below both. Nothing here changes the store.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from documents.drafting import DRAFTER, draft_selection_reasons
from documents.snapshot import (
    Bid,
    Change,
    Consensus,
    Contract,
    Decision,
    Declaration,
    Gate,
    Member,
    PanelScore,
    RuleFlag,
    Scheme,
    ServiceUserView,
    Snapshot,
    Standing,
)
from evaluations import audit
from evaluations.bids import gate_failures
from evaluations.criteria import DESCRIPTORS, PanelScheme, rule_score
from evaluations.details import AwardDetails
from evaluations.models import BidFile
from evaluations.models import Consensus as ConsensusRow
from evaluations.models import Member as MemberRow
from evaluations.models import PanelScore as PanelScoreRow
from evaluations.models import ServiceUserView as ViewRow
from evaluations.moderation import decision_ranking
from evaluations.process import Action, Refused, Role
from evaluations.records import Acting, acting, award_details, latest_declaration, live_bids
from evaluations.store import UnitOfWork
from scoring.scheme import DEFAULT_GATES as PUBLISHED_GATES


def snapshot_of(uow: UnitOfWork, member_id: int, action: Action = Action.report) -> Snapshot:
    """The evaluation as its documents see it now; for whoever may do `action` (the
    documents: the lead only, in moderation or decided)."""
    context = acting(uow, member_id, action)
    evaluation, scheme = context.evaluation, context.scheme
    facts = award_details(uow, evaluation.id)
    chain = audit.verify(uow.session, evaluation.id)
    if not chain.verified:
        raise Refused(f"the audit log does not verify ({chain.first_difference}), so no "
                      "document can be made from this evaluation")
    names = dict(uow.session.execute(select(MemberRow.id, MemberRow.name).where(
        MemberRow.evaluation_id == evaluation.id)).all())
    bids = live_bids(uow, evaluation.id)
    snapshot = Snapshot(
        evaluation_id=evaluation.id, name=evaluation.name,
        service=facts.service or facts.contract.title or evaluation.name,
        regime=evaluation.regime, stage=evaluation.stage,
        contract=Contract(**facts.contract.model_dump()),
        scheme=_scheme(scheme, facts),
        members=tuple(Member(name=m.name, role=m.role, email=m.email,
                             job_title=facts.job_titles.get(m.name, ""))
                      for m in _members(uow, evaluation.id)),
        declarations=_declarations(uow, evaluation.id, facts),
        bids=tuple(_bid(bid, scheme, facts) for bid in bids),
        panel_scores=_panel_scores(uow, evaluation.id),
        consensus=_consensus(uow, evaluation.id, names, _drafted_texts(uow, evaluation.id)),
        changes=_changes(uow, evaluation.id),
        service_user_views=_views(uow, evaluation.id, facts),
        clarifications=facts.clarifications,
        ranking=_ranking(uow, context),
        decision=Decision(makers=facts.decision_makers, body=facts.decision_body,
                          instrument=facts.decision_instrument, decided_on=facts.decision_date,
                          process=facts.process, reasons=facts.selection_reasons),
        publication_date=facts.publication_date, representations_to=facts.representations_to,
        summaries_sent_on=facts.summaries_sent_on, withheld=facts.withheld,
        audit_head=chain.head, produced_at=audit.now(),
    )
    if facts.selection_reasons.strip():
        return snapshot
    return snapshot.model_copy(update={"decision": draft_selection_reasons(snapshot)})


def _scheme(scheme: PanelScheme, facts: AwardDetails) -> Scheme:
    published = {gate.rule: gate for gate in PUBLISHED_GATES}
    return Scheme(
        name=scheme.name,
        criteria=tuple(c.for_documents(scheme.overall_weight(c),
                                       facts.importance_reasons.get(c.id, ""))
                       for c in scheme.criteria),
        gates=tuple(Gate(rule=rule,
                         requirement=published[rule].requirement if rule in published
                         else f"rule {rule} raises no red flag",
                         reason=published[rule].reason if rule in published else "")
                    for rule in scheme.gates),
        descriptors=DESCRIPTORS, full_text_at=facts.scheme_full_text_at)


def _members(uow: UnitOfWork, evaluation_id: int) -> list[MemberRow]:
    return list(uow.session.scalars(select(MemberRow).where(
        MemberRow.evaluation_id == evaluation_id, MemberRow.removed_at.is_(None))
        .order_by(MemberRow.id)))


def _declarations(uow: UnitOfWork, evaluation_id: int, facts: AwardDetails
                  ) -> tuple[Declaration, ...]:
    found = []
    for member in _members(uow, evaluation_id):
        if member.role == Role.observer.value:
            continue
        declaration = latest_declaration(uow, member.id)
        if declaration is not None:
            found.append(Declaration(member=member.name, conflicts=tuple(declaration.conflicts),
                                     declared_at=declaration.declared_at,
                                     action=facts.conflict_actions.get(member.name, "")))
    return tuple(found)


def _bid(bid: BidFile, scheme: PanelScheme, facts: AwardDetails) -> Bid:
    result = bid.rule_result
    provider = facts.providers.get(bid.reference)
    return Bid(
        reference=bid.reference, provider=bid.provider, file_name=bid.filename,
        sha256=bid.sha256,
        rule_scores={c.id: rule_score(c, result["areas"]) for c in scheme.criteria},
        flags=tuple(RuleFlag(rule=f["rule"], area=f["area"], severity=f["severity"],
                             message=f["message"], cells=tuple(f["cells"]))
                    for f in result["flags"]),
        gates_failed=tuple(gate_failures(result, scheme)),
        **(provider.model_dump() if provider else {}))


def _panel_scores(uow: UnitOfWork, evaluation_id: int) -> tuple[PanelScore, ...]:
    """Every submitted evaluator's own scores and notes, exactly as submitted."""
    rows = uow.session.execute(
        select(MemberRow.name, BidFile.reference, PanelScoreRow.criterion, PanelScoreRow.score,
               PanelScoreRow.comment, MemberRow.submitted_at)
        .join(MemberRow, MemberRow.id == PanelScoreRow.member_id)
        .join(BidFile, BidFile.id == PanelScoreRow.bid_id)
        .where(PanelScoreRow.evaluation_id == evaluation_id,
               MemberRow.submitted_at.is_not(None), MemberRow.removed_at.is_(None),
               BidFile.withdrawn_at.is_(None))
        .order_by(BidFile.reference, PanelScoreRow.criterion, MemberRow.name))
    return tuple(PanelScore(evaluator=name, bid=bid, criterion=criterion, score=score,
                            comment=comment, submitted_at=at)
                 for name, bid, criterion, score, comment, at in rows)


def _drafted_texts(uow: UnitOfWork, evaluation_id: int) -> dict[tuple[str, str], str]:
    """What the tool last drafted for each (bid, criterion), from the audit log: a reason
    approved unedited is not yet the panel's own."""
    return {(event["data"]["bid"], event["data"]["criterion"]): event["data"]["reason"]
            for event in audit.events(uow.session, evaluation_id)
            if event["action"] == "consensus_drafted"}


def _consensus(uow: UnitOfWork, evaluation_id: int, names: dict[int, str],
               drafted: dict[tuple[str, str], str]) -> tuple[Consensus, ...]:
    rows = uow.session.execute(
        select(BidFile.reference, ConsensusRow)
        .join(BidFile, BidFile.id == ConsensusRow.bid_id)
        .where(ConsensusRow.evaluation_id == evaluation_id, BidFile.withdrawn_at.is_(None))
        .order_by(BidFile.reference, ConsensusRow.criterion))
    return tuple(
        Consensus(bid=reference, criterion=row.criterion, score=row.score, reason=row.reason,
                  by=DRAFTER if row.reason_status == "drafted" else names[row.saved_by],
                  at=row.saved_at, reason_status=row.reason_status,
                  approved_by=names.get(row.approved_by, ""),
                  drafted_text=drafted.get((reference, row.criterion), ""))
        for reference, row in rows)


def _views(uow: UnitOfWork, evaluation_id: int, facts: AwardDetails
           ) -> tuple[ServiceUserView, ...]:
    rows = uow.session.execute(
        select(BidFile.reference, ViewRow.criterion, ViewRow.view, ViewRow.comment,
               ViewRow.consent_to_quote)
        .join(BidFile, BidFile.id == ViewRow.bid_id)
        .where(ViewRow.evaluation_id == evaluation_id, BidFile.withdrawn_at.is_(None))
        .order_by(BidFile.reference, ViewRow.criterion, ViewRow.id))
    return tuple(ServiceUserView(bid=bid, criterion=criterion, view=view, comment=comment,
                                 panel_response=facts.response(bid, criterion),
                                 consent_to_quote=consent)
                 for bid, criterion, view, comment, consent in rows)


def _changes(uow: UnitOfWork, evaluation_id: int) -> tuple[Change, ...]:
    """Every agreed score or reason changed after it was first saved or drafted, every
    draft approved, and scores voided for a late conflict, from the audit log."""
    agreed: dict[tuple[str, str], tuple[int, str]] = {}
    changes = []
    for event in audit.events(uow.session, evaluation_id):
        data, when = event["data"], datetime.fromisoformat(event["at"])
        action, who = event["action"], event["actor"]
        if action in ("consensus_saved", "consensus_drafted"):
            cell = (data["bid"], data["criterion"])
            before = agreed.get(cell)
            agreed[cell] = (data["score"], data["reason"])
            if before is None or before == agreed[cell]:
                continue
            what = (f"agreed score {before[0]} changed to {data['score']}"
                    if before[0] != data["score"] else "agreed reason rewritten")
            changes.append(Change(who=who, what=what, why=data["reason"], when=when,
                                  bid=cell[0], criterion=cell[1]))
        elif action == "reason_approved":
            changes.append(Change(
                who=who, what=f"the tool's drafted score {data['score']} and reason approved, "
                "the reason edited into the panel's words", why=data["reason"], when=when,
                bid=data["bid"], criterion=data["criterion"]))
        elif action == "scores_voided_for_conflict":
            changes.append(Change(
                who=who, what=f"own scores for {', '.join(data['bids'])} voided",
                why="a conflict of interest with these bids was declared after scoring "
                "began", when=when))
    return tuple(changes)


def _ranking(uow: UnitOfWork, context: Acting) -> tuple[Standing, ...]:
    titles = {c.id: c.title for c in context.scheme.criteria}
    standings = []
    for entry in decision_ranking(uow, context):
        failed = [f.removeprefix("gate ") if f.startswith("gate ")
                  else f"the pass/fail criterion {titles[f.removeprefix('pass/fail ')]}"
                  for f in entry["failures"]]
        standings.append(Standing(
            bid=entry["bid"], rank=entry["rank"], overall=entry["overall"],
            passes_gates=entry["passes"], gates_failed=tuple(failed),
            criterion_scores={k: v for k, v in entry["criteria"].items()
                              if not isinstance(v, str)}))
    return tuple(standings)
