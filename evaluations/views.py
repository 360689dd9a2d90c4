"""What each member may see: the read side of the process, one function a page.

Every function takes a unit of work and the acting member, and shows only what their
role, the stage, their declaration and (for evaluators) their own submission allow.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select

from documents.checks import SPREAD
from evaluations import audit
from evaluations.bids import gate_failures
from evaluations.criteria import (
    DESCRIPTORS,
    PASS_FAIL,
    PanelScheme,
    rule_score,
)
from evaluations.models import (
    AuditEvent,
    BidFile,
    Consensus,
    Evaluation,
    Member,
    PanelScore,
    ServiceUserView,
)
from evaluations.moderation import (
    decision_ranking,
    panel_cells,
    reason_context_for,
    reason_warnings,
)
from evaluations.process import Action, NotAllowed, Refused, Role, Stage, allowed, require
from evaluations.records import (
    WITHHELD,
    Acting,
    acting,
    award_details,
    conflicts_of,
    live_bids,
    missing_scores,
    moderating,
    stand_in_bids,
    visible_bids,
)
from evaluations.store import UnitOfWork
from scoring import plain_words


def show(uow: UnitOfWork, member_id: int) -> dict[str, Any]:
    """Everything this member may see now, as the app and `show` present it."""
    context = acting(uow, member_id)
    role, stage = context.role, context.stage
    page: dict[str, Any] = {
        "evaluation": context.evaluation.id, "name": context.evaluation.name,
        "member": context.member.name, "role": role.value, "stage": stage.value,
        "regime": context.evaluation.regime, "scheme": scheme_summary(context.scheme),
        "bids": [],
    }
    declared = conflicts_of(uow, member_id) is not None
    if role is not Role.observer:
        page["declared"] = declared
    if not allowed(role, stage, Action.see_bids) or not declared:
        if role is not Role.observer and not declared:
            page["bidders"] = declaration_form(uow, member_id)
        if allowed(role, stage, Action.see_outcome):
            page["outcome"] = ranking(uow, member_id)
        return page
    shown, withheld = visible_bids(uow, context)
    page["withheld"] = [WITHHELD] * withheld
    if role is Role.service_user:
        page["bids"] = [service_user_bid(uow, context, bid) for bid in shown]
    else:
        page["bids"] = [bid_summary(context, bid) for bid in shown]
    if role is Role.evaluator:
        page["my_scores"] = my_scores(uow, member_id)
        page["submitted"] = context.member.submitted_at is not None
        if stage is Stage.scoring:
            page["missing"] = [f"{b}/{c}" for b, c in missing_scores(uow, context)]
    if allowed(role, stage, Action.see_panel_scores) and _may_see_scores(context):
        page["panel_scores"] = panel_scores(uow, member_id)
    if allowed(role, stage, Action.see_progress):
        page["progress"] = progress(uow, member_id)
    if role is Role.lead and stage in (Stage.moderation, Stage.decided):
        page["moderation"] = moderation_view(uow, member_id)
    if allowed(role, stage, Action.see_outcome):
        page["ranking"] = ranking(uow, member_id)
    return page


def scheme_summary(scheme: PanelScheme) -> dict[str, Any]:
    return {
        "name": scheme.name, "gates": list(scheme.gates),
        "headings": scheme.headings,
        "criteria": [
            {"id": c.id, "title": c.title, "weight": c.weight, "kind": c.kind.value,
             "rule_areas": [a.value for a in c.areas], "panel_share": c.share,
             "heading": c.heading, "key_criterion": c.key_criterion}
            for c in scheme.criteria
        ],
        "descriptors": {str(k): v for k, v in DESCRIPTORS.items()},
        "pass_fail": {str(k): v for k, v in PASS_FAIL.items()},
    }


def declaration_form(uow: UnitOfWork, member_id: int) -> list[dict[str, str]]:
    """Who bid (reference and provider only), so a member can declare before seeing bids."""
    context = acting(uow, member_id, Action.declare)
    return [{"reference": bid.reference, "provider": bid.provider}
            for bid in live_bids(uow, context.evaluation.id)]


def bid_summary(context: Acting, bid: BidFile) -> dict[str, Any]:
    result = bid.rule_result
    return {
        "reference": bid.reference, "provider": bid.provider, "file": bid.filename,
        "sha256": bid.sha256, "overall": result["overall"], "areas": result["areas"],
        "flags": result["flags"], "gate_failures": gate_failures(result, context.scheme),
        "warnings": result.get("warnings", []),  # bids added before issue 19 have none
    }


def bid_file(uow: UnitOfWork, member_id: int, reference: str) -> tuple[str, bytes]:
    """The raw workbook, for members who may download it (not service-user representatives)."""
    context = acting(uow, member_id)
    if context.role is Role.service_user:
        raise NotAllowed("a service-user representative may not download the raw workbook")
    for bid in visible_bids(uow, context)[0]:
        if bid.reference == reference:
            return bid.filename, bid.content
    raise Refused(f"no bid with the reference {reference!r} that you may see")


def service_user_bid(uow: UnitOfWork, context: Acting, bid: BidFile) -> dict[str, Any]:
    """A bid in plain words (`scoring.plain_words`), no evaluator's scores.

    A criterion no rule looks at says so: the tool makes no claim about it.
    """
    result = bid.rule_result
    views = {row.criterion: {"view": row.view, "comment": row.comment, "version": row.version,
                             "consent_to_quote": row.consent_to_quote}
             for row in uow.session.scalars(select(ServiceUserView).where(
                 ServiceUserView.member_id == context.member.id,
                 ServiceUserView.bid_id == bid.id))}
    return {
        "reference": bid.reference, "provider": bid.provider,
        "reader_notes": result.get("warnings", []),  # none for bids before issue 19
        "criteria": [
            {"id": c.id, "title": c.title, "plain_title": plain_title(c),
             "checked_by_tool": bool(c.areas),
             "what_the_tool_found": [finding for area in c.areas for finding in
                                     plain_words.plain_findings(result["flags"], area.value)],
             "rules_score": rule_score(c, result["areas"]),
             "my_view": views.get(c.id)}
            for c in context.scheme.criteria
        ],
    }


def plain_title(criterion) -> str:
    """A criterion's name in everyday words, where we know it (a tool area, a PSR one)."""
    if criterion.id in plain_words.CRITERION_WORDS:
        return plain_words.CRITERION_WORDS[criterion.id]
    if len(criterion.areas) == 1:
        return plain_words.AREA_WORDS[criterion.areas[0].value]
    return criterion.title


def my_scores(uow: UnitOfWork, member_id: int) -> list[dict[str, Any]]:
    """The acting evaluator's own scores (always visible to them)."""
    context = acting(uow, member_id)
    rows = uow.session.execute(
        select(BidFile.reference, PanelScore.criterion, PanelScore.score, PanelScore.comment,
               PanelScore.version, PanelScore.saved_at)
        .join(BidFile, BidFile.id == PanelScore.bid_id)
        .where(PanelScore.member_id == context.member.id)
        .order_by(BidFile.reference, PanelScore.criterion)).all()
    return [{"bid": r, "criterion": c, "score": s, "comment": m, "version": v,
             "saved_at": at.isoformat()} for r, c, s, m, v, at in rows]


def _may_see_scores(context: Acting) -> bool:
    return context.role is not Role.evaluator or context.member.submitted_at is not None


def panel_scores(uow: UnitOfWork, member_id: int) -> list[dict[str, Any]]:
    """Every submitted evaluator's scores and comments on the bids this member may see.

    An evaluator sees them only after submitting their own; unsubmitted scores are never
    shown to anyone but their author.
    """
    context = acting(uow, member_id, Action.see_panel_scores)
    if not _may_see_scores(context):
        raise Refused("submit your own scores before you see anyone else's")
    shown = {bid.id: bid.reference for bid in visible_bids(uow, context)[0]}
    rows = uow.session.execute(
        select(PanelScore.bid_id, PanelScore.criterion, Member.name, PanelScore.score,
               PanelScore.comment)
        .join(Member, Member.id == PanelScore.member_id)
        .where(PanelScore.evaluation_id == context.evaluation.id,
               Member.submitted_at.is_not(None), Member.removed_at.is_(None))
        .order_by(PanelScore.bid_id, PanelScore.criterion, Member.name)).all()
    return [{"bid": shown[b], "criterion": c, "evaluator": n, "score": s, "comment": m}
            for b, c, n, s, m in rows if b in shown]


def progress(uow: UnitOfWork, member_id: int) -> dict[str, Any]:
    """Who has declared, how far each evaluator has scored, who has submitted; consensus done."""
    context = acting(uow, member_id, Action.see_progress)
    members = uow.session.scalars(select(Member).where(
        Member.evaluation_id == context.evaluation.id).order_by(Member.id)).all()
    bids = live_bids(uow, context.evaluation.id)
    criteria = context.scheme.panel_criteria
    counts: dict[int, int] = defaultdict(int)
    for scorer in uow.session.scalars(select(PanelScore.member_id).where(
            PanelScore.evaluation_id == context.evaluation.id)):
        counts[scorer] += 1
    own_conflicts = conflicts_of(uow, member_id) or set()
    rows = []
    for member in members:
        conflicts = conflicts_of(uow, member.id)
        row = {"member": member.name, "role": member.role,
               "removed": member.removed_at is not None,
               "declared": conflicts is not None,
               "conflicts": sorted(WITHHELD if bid in own_conflicts else bid
                                   for bid in conflicts or ())}
        if member.role == Role.evaluator.value:
            due = len([b for b in bids if b.reference not in (conflicts or set())])
            row |= {"scored": counts[member.id], "to_score": due * len(criteria),
                    "submitted": member.submitted_at is not None}
        rows.append(row)
    agreed = uow.session.query(Consensus).filter(
        Consensus.evaluation_id == context.evaluation.id).count()
    return {"members": rows, "consensus": agreed, "consensus_needed": len(bids) * len(criteria)}








def check_consensus_reason(uow: UnitOfWork, member_id: int, reference: str, criterion: str,
                           score: int, reason: str) -> list[str]:
    """The reason checks as the moderator writes, before anything is saved."""
    context, bid = moderating(uow, member_id, reference)
    return reason_warnings(uow, context, bid, context.scheme.criterion(criterion), score,
                           reason)


def moderation_view(uow: UnitOfWork, member_id: int, bid: str | None = None,
                    criterion: str | None = None) -> list[dict[str, Any]]:
    """Per bid and criterion (all, or the one asked for): every score and comment, spread,
    rules, service-user views, and the consensus so far with its reason's warnings.

    A member the lead named to moderate a bid in their place sees that bid's cells only.
    """
    context = acting(uow, member_id, Action.see_panel_scores)
    stand_in = stand_in_bids(uow, context)
    if context.role is Role.lead or bid is None or bid not in stand_in:
        require(context.role, context.stage, Action.see_views)
    scores, views, agreed = panel_cells(uow, context)
    names = dict(uow.session.execute(select(Member.id, Member.name).where(
        Member.evaluation_id == context.evaluation.id)).all())
    cells = []
    wanted_bid, wanted_criterion = bid, criterion
    for bid in visible_bids(uow, context)[0]:
        if wanted_bid is not None and bid.reference != wanted_bid:
            continue
        result = bid.rule_result
        for criterion in context.scheme.criteria:
            if wanted_criterion is not None and criterion.id != wanted_criterion:
                continue
            key = (bid.id, criterion.id)
            consensus = agreed.get(key)
            values = [s["score"] for s in scores[key]]
            typical = round(sum(values) / len(values)) if values else None
            reason_context = reason_context_for(criterion, result, scores[key], views[key],
                                             typical)
            cells.append({
                "bid": bid.reference, "provider": bid.provider, "criterion": criterion.id,
                "title": criterion.title, "panel_scored": criterion.panel_scored,
                "reader_notes": result.get("warnings", []),  # none for bids before issue 19
                "rule_score": rule_score(criterion, result["areas"]),
                "flags": [f for f in result["flags"]
                          if f["area"] in {a.value for a in criterion.areas}],
                "scores": scores[key],
                "spread": (max(values) - min(values)) if values else None,
                "spread_flag": reason_context.spread >= SPREAD,
                "rules_disagreement": reason_context.rules_disagreement,
                "service_user_views": views[key],
                "consensus": None if consensus is None else {
                    "score": consensus.score, "reason": consensus.reason,
                    "warnings": consensus.warnings, "reason_status": consensus.reason_status,
                    "version": consensus.version, "saved_by": names.get(consensus.saved_by),
                    "saved_at": consensus.saved_at.isoformat()},
            })
    return cells






def ranking(uow: UnitOfWork, member_id: int) -> list[dict[str, Any]]:
    """The ranking so far (the lead, in moderation) or as decided (everyone)."""
    context = acting(uow, member_id, Action.see_outcome)
    withheld = conflicts_of(uow, member_id) or set()
    return [entry if entry["bid"] not in withheld else {"rank": entry["rank"], "bid": WITHHELD}
            for entry in decision_ranking(uow, context)]


SEALED_EVENTS = ("score_saved", "scores_voided_for_conflict", "audit_baseline")


def audit_log(uow: UnitOfWork, member_id: int) -> dict[str, Any]:
    """The log for the lead; before moderation, what evaluators scored stays sealed."""
    context = acting(uow, member_id, Action.see_audit)
    events = audit.events(uow.session, context.evaluation.id)
    if context.stage in (Stage.setup, Stage.scoring):
        for event in events:
            if event["action"] in SEALED_EVENTS:
                event["data"] = {"sealed": "shown once moderation opens"}
    verification = audit.verify(uow.session, context.evaluation.id)
    bids = dict(uow.session.execute(select(BidFile.reference, BidFile.provider).where(
        BidFile.evaluation_id == context.evaluation.id)).all())
    return {"events": events,
            "verification": {**verification.to_json(), "head": verification.head},
            "bids": bids, "parts": {c.id: c.title for c in context.scheme.criteria}}


# Reads for the app's pages -------------------------------------------------------------


def who(uow: UnitOfWork, member_id: int) -> dict[str, Any]:
    """The signed-in member as the store holds them now: name, role, evaluation, stage."""
    context = acting(uow, member_id)
    return {"member_id": context.member.id, "member": context.member.name,
            "role": context.role.value, "evaluation": context.evaluation.id,
            "name": context.evaluation.name, "stage": context.stage.value,
            "declared": conflicts_of(uow, member_id) is not None,
            "submitted": context.member.submitted_at is not None,
            "moderates": stand_in_bids(uow, context),
            "conflicts": sorted(conflicts_of(uow, member_id) or ()),
            "stand_ins": _stand_ins(uow, context) if context.role is Role.lead else {},
            "regime": context.evaluation.regime, "scheme": scheme_summary(context.scheme)}


def documents_moment(uow: UnitOfWork, member_id: int) -> dict[str, Any]:
    """What documents made now are tied to: the evaluation, its stage, and its audit chain's
    head (any change since moves it), so a page never offers documents of another moment."""
    context = acting(uow, member_id, Action.report)
    head = uow.session.scalar(select(AuditEvent.hash).where(
        AuditEvent.evaluation_id == context.evaluation.id)
        .order_by(AuditEvent.seq.desc()).limit(1))
    return {"evaluation": context.evaluation.id, "stage": context.stage.value, "head": head}


def serious_concerns(uow: UnitOfWork, member_id: int) -> list[tuple[str, str]]:
    """For the lead: the (bid, criterion) with a serious service-user concern to answer."""
    context = acting(uow, member_id, Action.see_views)
    shown = {bid.id: bid.reference for bid in visible_bids(uow, context)[0]}
    rows = uow.session.execute(select(ServiceUserView.bid_id, ServiceUserView.criterion).where(
        ServiceUserView.evaluation_id == context.evaluation.id,
        ServiceUserView.view == "serious_concern").distinct()).all()
    return sorted((shown[b], c) for b, c in rows if b in shown)


def _stand_ins(uow: UnitOfWork, context: Acting) -> dict[str, str]:
    """For the lead: each bid they declared a conflict with, and who moderates it instead."""
    conflicts = conflicts_of(uow, context.member.id) or set()
    names = dict(uow.session.execute(select(Member.id, Member.name).where(
        Member.evaluation_id == context.evaluation.id)).all())
    return {bid.reference: names.get(bid.moderator_id, "")
            for bid in live_bids(uow, context.evaluation.id) if bid.reference in conflicts}


def memberships(uow: UnitOfWork, email: str) -> list[dict[str, Any]]:
    """The evaluations a verified e-mail is a member of (for an identity provider's sign-in)."""
    rows = uow.session.execute(
        select(Evaluation.id, Evaluation.name, Member.role)
        .join(Member, Member.evaluation_id == Evaluation.id)
        .where(func.lower(Member.email) == email.strip().lower(), Member.removed_at.is_(None))
        .order_by(Evaluation.id.desc())).all()
    return [{"evaluation": e, "name": n, "role": r} for e, n, r in rows]


def decision(uow: UnitOfWork, member_id: int) -> dict[str, Any]:
    """The outcome: ranking, each agreed score's reason, who decided and when.

    Before the decision (the lead, in moderation) it is the ranking so far.
    """
    context = acting(uow, member_id, Action.see_outcome)
    withheld = conflicts_of(uow, member_id) or set()
    decider = (uow.session.get(Member, context.evaluation.decided_by)
               if context.evaluation.decided_by else None)
    titles = {c.id: c.title for c in context.scheme.criteria}
    reasons = [
        {"bid": reference, "provider": provider, "criterion": titles.get(row.criterion,
                                                                          row.criterion),
         "score": row.score, "reason": row.reason}
        for row, reference, provider in uow.session.execute(
            select(Consensus, BidFile.reference, BidFile.provider)
            .join(BidFile, BidFile.id == Consensus.bid_id)
            .where(Consensus.evaluation_id == context.evaluation.id,
                   BidFile.withdrawn_at.is_(None))
            .order_by(BidFile.reference, Consensus.id))
        if reference not in withheld
    ]
    return {"stage": context.stage.value, "decided": context.stage is Stage.decided,
            "decided_at": context.evaluation.decided_at,
            "decided_by": decider.name if decider else None,
            "gates": list(context.scheme.gates), "criteria": titles,
            "ranking": ranking(uow, member_id), "reasons": reasons}


def service_user_outcome(uow: UnitOfWork, member_id: int) -> dict[str, Any]:
    """For the representative once decided: who was chosen, in words, and the panel's
    answer to each of their own views (no scores, no money)."""
    context = acting(uow, member_id, Action.see_outcome)
    ranked = [entry for entry in decision_ranking(uow, context) if entry["passes"]]
    facts = award_details(uow, context.evaluation.id)
    criteria = {c.id: c for c in context.scheme.criteria}
    rows = uow.session.execute(
        select(ServiceUserView, BidFile.reference, BidFile.provider)
        .join(BidFile, BidFile.id == ServiceUserView.bid_id)
        .where(ServiceUserView.member_id == context.member.id, BidFile.withdrawn_at.is_(None))
        .order_by(BidFile.provider, ServiceUserView.id))
    return {
        "chosen": ranked[0]["provider"] if ranked else None,
        "views": [{"bid": reference, "provider": provider, "criterion": row.criterion,
                   "part": plain_title(criteria[row.criterion]) if row.criterion in criteria
                   else row.criterion,
                   "view": row.view, "comment": row.comment,
                   "consent_to_quote": row.consent_to_quote,
                   "panel_answer": facts.response(reference, row.criterion)}
                  for row, reference, provider in rows],
    }


def plain_narrative(uow: UnitOfWork, member_id: int, reference: str) -> list[dict[str, str]]:
    """The bid's Narrative sheet in the provider's own words, less any sentence about money.

    What the bid offers, for members who may not download the workbook itself.
    """
    from scoring.reader import read_bid_bytes

    context = acting(uow, member_id, Action.see_bids)
    shown = {bid.reference: bid for bid in visible_bids(uow, context)[0]}
    if reference not in shown:
        raise Refused(f"no bid with the reference {reference!r} that you may see")
    bid = read_bid_bytes(shown[reference].content, shown[reference].filename).bid
    sections = [] if bid is None else bid.narrative
    told = [{"section": str(s.section), "text": plain_words.spelled_out(
                 plain_words.without_money_sentences(str(s.text or "")))}
            for s in sections if s.text]
    return [part for part in told if part["text"]]
