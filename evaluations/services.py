"""The process as service functions: each takes a unit of work and the acting member.

The role always comes from the store and every function asks `process.require` before
anything else, so no page or command can skip a rule. Each change writes its audit
event in the same transaction.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, func, select

from documents.checks import NO_REASON
from documents.drafting import draft_reason
from documents.safe_text import unsafe_text_problem
from documents.standstill import publication_problem
from evaluations import audit, codes
from evaluations.audit import now
from evaluations.bids import read_and_score, rule_result
from evaluations.criteria import PanelScheme, Regime, rule_areas_scheme
from evaluations.details import AwardDetails, merged
from evaluations.models import (
    AwardDetailsRecord,
    BidFile,
    Consensus,
    Declaration,
    Evaluation,
    Member,
    PanelScore,
    ServiceUserView,
    SignInCode,
    SignInFailure,
)
from evaluations.moderation import decision_ranking, missing_consensus, reason_warnings
from evaluations.process import Action, Refused, Role, Stage
from evaluations.records import (
    Acting,
    acting,
    award_details,
    conflicts_of,
    criterion_of,
    drafted_reasons,
    latest_declaration,
    live_bids,
    missing_scores,
    visible_bid,
)
from evaluations.snapshots import snapshot_of
from evaluations.store import UnitOfWork, unit_of_work
from scoring.batch import BidReport
from scoring.words import listed_by_bid

VIEWS = ("agree", "concern", "serious_concern")
MAX_BIDS = 100  # the documents of 100 bids take about 5 s of CPU and 200 MB






def _log(uow: UnitOfWork, context: Acting, action: str, **data: Any) -> None:
    audit.record(uow.session, context.evaluation.id, context.member, action, **data)


def refuse_unsafe_text(**texts: Any) -> None:
    """Refuse, in words, any text (also inside lists, dicts and models) with a character a
    document cannot hold: every entry path comes through here, so nothing stored can ever
    block a document. Keyword names say what the text is ("comment", "member_name")."""
    for what, value in texts.items():
        for text in _strings(value):
            problem = unsafe_text_problem(text, what.replace("_", " "))
            if problem:
                raise Refused(problem)


def _strings(value: Any):
    if hasattr(value, "model_dump"):
        value = value.model_dump(mode="json")
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


# Setting up --------------------------------------------------------------------------


def create_evaluation(uow: UnitOfWork, name: str, lead: str, scheme: PanelScheme | None = None,
                      lead_email: str | None = None, regime: Regime | str = Regime.psr
                      ) -> tuple[int, int, str]:
    """A new evaluation in setup with its lead: (evaluation id, lead's member id, lead's code).

    The regime is chosen here, once: the PSR's competitive process unless the service is
    outside the PSR (award-records.md §6).
    """
    if not name.strip() or not lead.strip():
        raise Refused("an evaluation needs a name and a lead")
    try:
        regime = Regime(regime)
    except ValueError:
        raise Refused(f"unknown regime {regime!r}: use one of {', '.join(Regime)}") from None
    refuse_unsafe_text(evaluation_name=name, lead_name=lead, lead_e_mail=lead_email,
                       scheme=scheme)
    scheme = scheme or rule_areas_scheme()
    at = now()
    evaluation = Evaluation(name=name.strip(), stage=Stage.setup.value, regime=regime.value,
                            scheme=scheme.model_dump(mode="json"), created_at=at)
    uow.session.add(evaluation)
    uow.session.flush()
    audit.record(uow.session, evaluation.id, None, "evaluation_created", name=evaluation.name,
                 regime=evaluation.regime)
    member = Member(evaluation_id=evaluation.id, name=lead.strip(), email=lead_email,
                    role=Role.lead.value, added_at=at)
    uow.session.add(member)
    uow.session.flush()
    context = Acting(member, evaluation)
    _log(uow, context, "member_added", member=member.name, role=member.role,
         email=member.email)
    _log(uow, context, "scheme_set", scheme=evaluation.scheme)
    return evaluation.id, member.id, _issue(uow, context, member)


def set_scheme(uow: UnitOfWork, member_id: int, scheme: PanelScheme) -> None:
    context = acting(uow, member_id, Action.set_scheme)
    refuse_unsafe_text(scheme=scheme)
    context.evaluation.scheme = scheme.model_dump(mode="json")
    _log(uow, context, "scheme_set", scheme=context.evaluation.scheme)


def add_member(uow: UnitOfWork, member_id: int, name: str, role: Role | str,
               email: str | None = None) -> tuple[int, str]:
    """Add a panel member; returns their id and personal code (shown once)."""
    context = acting(uow, member_id, Action.add_member)
    try:
        role = Role(role)
    except ValueError:
        raise Refused(f"unknown role {role!r}: use one of {', '.join(Role)}") from None
    if role is Role.lead:
        raise Refused("an evaluation has one lead")
    refuse_unsafe_text(member_name=name, e_mail=email)
    name = name.strip()
    if not name:
        raise Refused("a member needs a name")
    taken = uow.session.scalar(select(Member.id).where(
        Member.evaluation_id == context.evaluation.id, Member.name == name))
    if taken:
        raise Refused(f"{name} is already a member of this evaluation")
    member = Member(evaluation_id=context.evaluation.id, name=name, email=email,
                    role=role.value, added_at=now())
    uow.session.add(member)
    uow.session.flush()
    _log(uow, context, "member_added", member=name, role=role.value, email=email)
    return member.id, _issue(uow, context, member)


def remove_member(uow: UnitOfWork, member_id: int, name: str) -> None:
    """Remove a member (e.g. an evaluator who cannot finish); their codes stop working."""
    context = acting(uow, member_id, Action.remove_member)
    member = _member_named(uow, context, name)
    if member.role == Role.lead.value:
        raise Refused("the lead cannot be removed")
    member.removed_at = now()
    _revoke_all(uow, member)
    _log(uow, context, "member_removed", member=member.name, role=member.role)


def issue_code(uow: UnitOfWork, member_id: int, name: str) -> str:
    """A new code for a member, revoking any they had."""
    context = acting(uow, member_id, Action.manage_codes)
    member = _member_named(uow, context, name)
    _revoke_all(uow, member)
    return _issue(uow, context, member)


def revoke_code(uow: UnitOfWork, member_id: int, name: str) -> None:
    context = acting(uow, member_id, Action.manage_codes)
    member = _member_named(uow, context, name)
    if _revoke_all(uow, member):
        _log(uow, context, "code_revoked", member=member.name)


def _member_named(uow: UnitOfWork, context: Acting, name: str) -> Member:
    member = uow.session.scalar(select(Member).where(
        Member.evaluation_id == context.evaluation.id, Member.name == name,
        Member.removed_at.is_(None)))
    if member is None:
        raise Refused(f"no member named {name!r}")
    return member


def _issue(uow: UnitOfWork, context: Acting, member: Member) -> str:
    code, key, hashed = codes.new_code()
    uow.session.add(SignInCode(member_id=member.id, key_id=key, code_hash=hashed,
                               issued_at=now()))
    _log(uow, context, "code_issued", member=member.name)
    return code


def _revoke_all(uow: UnitOfWork, member: Member) -> int:
    live = uow.session.scalars(select(SignInCode).where(
        SignInCode.member_id == member.id, SignInCode.revoked_at.is_(None))).all()
    for code in live:
        code.revoked_at = now()
    return len(live)


# Signing in --------------------------------------------------------------------------


def sign_in(engine: Engine, evaluation_id: int | None, code: str, sleep=time.sleep) -> int:
    """The member a valid code belongs to; any wrong code gets the same refusal.

    Repeated failures in the last quarter of an hour slow every attempt.
    """
    with unit_of_work(engine, write=False) as uow:
        recent = uow.session.scalar(select(func.count(SignInFailure.id)).where(
            SignInFailure.at > now() - codes.FAILURE_WINDOW)) or 0
        key, secret = codes.split_code(code or "")
        row = uow.session.execute(
            select(SignInCode.code_hash, SignInCode.revoked_at, Member.id, Member.evaluation_id,
                   Member.removed_at)
            .join(Member, Member.id == SignInCode.member_id)
            .where(SignInCode.key_id == key)
        ).first()
    sleep(codes.delay_for(recent))
    valid = codes.check_secret(secret, row[0] if row else codes.DUMMY_HASH) and row is not None
    if valid and row[1] is None and row[4] is None and (
        evaluation_id is None or row[3] == evaluation_id
    ):
        return row[2]
    with unit_of_work(engine) as uow:
        uow.session.add(SignInFailure(at=now()))
        uow.session.execute(delete(SignInFailure).where(
            SignInFailure.at < now() - 4 * codes.FAILURE_WINDOW))
    raise Refused(codes.REFUSED)


def member_by_email(uow: UnitOfWork, evaluation_id: int, email: str) -> int:
    """For an identity provider's sign-in: the member with this e-mail, if any."""
    member_id = uow.session.scalar(select(Member.id).where(
        Member.evaluation_id == evaluation_id, func.lower(Member.email) == email.lower(),
        Member.removed_at.is_(None)))
    if member_id is None:
        raise Refused("you are not a member of this evaluation")
    return member_id


# Bids ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BidAdded:
    """One file offered as a bid: its report, and why it was refused if it was."""

    report: BidReport
    refusal: str | None = None

    @property
    def accepted(self) -> bool:
        return self.refusal is None and self.report.scorecard is not None

    def to_json(self) -> dict[str, Any]:
        payload = self.report.to_json()
        if self.refusal:
            payload["errors"] = [*payload["errors"], {"sheet": None, "cell": None,
                                                      "message": self.refusal}]
        return payload


def add_bid(uow: UnitOfWork, member_id: int, data: bytes, filename: str,
            report: BidReport | None = None) -> BidAdded:
    """Read, score and keep one bid file; a refused file is reported, never stored.

    `report` is `read_and_score(data, filename)` made before the unit of work began, so
    reading a large file never holds the write lock while others save.
    """
    context = acting(uow, member_id, Action.add_bid)
    refuse_unsafe_text(file_name=filename)
    held = uow.session.scalar(select(func.count(BidFile.id)).where(
        BidFile.evaluation_id == context.evaluation.id, BidFile.withdrawn_at.is_(None)))
    if held >= MAX_BIDS:
        raise Refused(f"this evaluation already holds {MAX_BIDS} bids, the most whose decision "
                      "documents are checked and written in seconds (benchmarks/"
                      "bench_documents.py); run a separate evaluation for each lot")
    if report is None or report.read.digest != hashlib.sha256(data).hexdigest():
        report = read_and_score(data, filename)
    card = report.scorecard
    if card is None:
        return BidAdded(report)
    taken = uow.session.scalar(select(BidFile.id).where(
        BidFile.evaluation_id == context.evaluation.id, BidFile.reference == card.reference))
    if taken:
        return BidAdded(report, f"a bid with the reference {card.reference!r} is already in "
                        "this evaluation")
    bid = BidFile(evaluation_id=context.evaluation.id, reference=card.reference,
                  provider=card.provider, filename=Path(filename).name,
                  sha256=report.read.digest, content=data, rule_result=rule_result(report),
                  added_at=now())
    uow.session.add(bid)
    uow.session.flush()
    _log(uow, context, "bid_added", bid=bid.reference, provider=bid.provider,
         file=bid.filename, sha256=bid.sha256, rule_result=bid.rule_result)
    return BidAdded(report)


def withdraw_bid(uow: UnitOfWork, member_id: int, reference: str) -> None:
    context = acting(uow, member_id, Action.withdraw_bid)
    bid = _bid(uow, context, reference)
    bid.withdrawn_at = now()
    _log(uow, context, "bid_withdrawn", bid=reference, sha256=bid.sha256)




def _bid(uow: UnitOfWork, context: Acting, reference: str) -> BidFile:
    bid = uow.session.scalar(select(BidFile).where(
        BidFile.evaluation_id == context.evaluation.id, BidFile.reference == reference,
        BidFile.withdrawn_at.is_(None)))
    if bid is None:
        raise Refused(f"no bid with the reference {reference!r}")
    return bid


# Interests ----------------------------------------------------------------------------




def declare(uow: UnitOfWork, member_id: int, conflicts: list[str]) -> int:
    """A new version of the member's declaration (an empty list is a nil return)."""
    context = acting(uow, member_id, Action.declare)
    known = {bid.reference for bid in live_bids(uow, context.evaluation.id)}
    unknown = sorted(set(conflicts) - known)
    if unknown:
        raise Refused(f"no bid with the reference {unknown[0]!r}")
    if context.stage is Stage.scoring and context.role is Role.evaluator:
        scored = set(uow.session.scalars(
            select(BidFile.reference).join(PanelScore, PanelScore.bid_id == BidFile.id)
            .where(PanelScore.member_id == member_id)))
        if scored & set(conflicts):
            _log(uow, context, "scores_voided_for_conflict", bids=sorted(scored & set(conflicts)))
            uow.session.execute(delete(PanelScore).where(
                PanelScore.member_id == member_id,
                PanelScore.bid_id.in_(select(BidFile.id).where(
                    BidFile.reference.in_(conflicts),
                    BidFile.evaluation_id == context.evaluation.id))))
    previous = latest_declaration(uow, member_id)
    version = previous.version + 1 if previous else 1
    uow.session.add(Declaration(member_id=member_id, version=version,
                                conflicts=sorted(set(conflicts)), declared_at=now()))
    _log(uow, context, "interest_declared", version=version, conflicts=sorted(set(conflicts)))
    return version








# Scoring ------------------------------------------------------------------------------


def save_score(uow: UnitOfWork, member_id: int, reference: str, criterion: str, score: int,
               comment: str) -> None:
    """An evaluator's own score and comment; saving again replaces it until they submit."""
    context = acting(uow, member_id, Action.score)
    if context.member.submitted_at is not None:
        raise Refused("you have submitted your scores; a submitted score never changes")
    bid = visible_bid(uow, context, reference)
    chosen = criterion_of(context, criterion)
    if not chosen.panel_scored:
        raise Refused(f"{criterion} is scored by the rules alone")
    if score not in chosen.allowed_scores:
        raise Refused(f"a score for {criterion} is one of {list(chosen.allowed_scores)}")
    if not comment.strip():
        raise Refused("a score needs a written comment")
    refuse_unsafe_text(comment=comment)
    row = uow.session.scalar(select(PanelScore).where(
        PanelScore.member_id == member_id, PanelScore.bid_id == bid.id,
        PanelScore.criterion == criterion))
    if row is None:
        uow.session.add(PanelScore(evaluation_id=context.evaluation.id, member_id=member_id,
                                   bid_id=bid.id, criterion=criterion, score=score,
                                   comment=comment.strip(), saved_at=now()))
    else:
        row.score, row.comment, row.saved_at = score, comment.strip(), now()
    _log(uow, context, "score_saved", bid=reference, criterion=criterion, score=score,
         comment=comment.strip())




def _listed(uow: UnitOfWork, context: Acting, pairs: list[tuple[str, str]]) -> str:
    """(bid, criterion) pairs in words, every one, grouped by bid."""
    names = {bid.reference: bid.provider for bid in live_bids(uow, context.evaluation.id)}
    titles = {c.id: c.title for c in context.scheme.criteria}
    return "; ".join(listed_by_bid(pairs, names, titles))


def submit(uow: UnitOfWork, member_id: int) -> bool:
    """Submit every score at once; False (and nothing changes) if already submitted."""
    context = acting(uow, member_id, Action.score)
    if context.member.submitted_at is not None:
        return False
    missing = missing_scores(uow, context)
    if missing:
        raise Refused("score every bid on every criterion first; still to score: "
                      + _listed(uow, context, missing))
    context.member.submitted_at = now()
    _log(uow, context, "scores_submitted")
    return True




# Service-user views -------------------------------------------------------------------


def save_view(uow: UnitOfWork, member_id: int, reference: str, criterion: str, view: str,
              comment: str, consent_to_quote: bool = False) -> None:
    """Save a representative's view; `consent_to_quote` is their yes to public quoting."""
    context = acting(uow, member_id, Action.record_view)
    bid = visible_bid(uow, context, reference)
    criterion_of(context, criterion)
    if view not in VIEWS:
        raise Refused(f"a view is one of {', '.join(VIEWS)}")
    refuse_unsafe_text(comment=comment)
    row = uow.session.scalar(select(ServiceUserView).where(
        ServiceUserView.member_id == member_id, ServiceUserView.bid_id == bid.id,
        ServiceUserView.criterion == criterion))
    if row is None:
        uow.session.add(ServiceUserView(evaluation_id=context.evaluation.id,
                                        member_id=member_id, bid_id=bid.id,
                                        criterion=criterion, view=view,
                                        comment=comment.strip(),
                                        consent_to_quote=consent_to_quote, saved_at=now()))
    else:
        row.view, row.comment, row.saved_at = view, comment.strip(), now()
        row.consent_to_quote = consent_to_quote
    _log(uow, context, "service_user_view_saved", bid=reference, criterion=criterion,
         view=view, comment=comment.strip(), consent_to_quote=consent_to_quote)


def set_quote_consent(uow: UnitOfWork, member_id: int, reference: str, criterion: str,
                      consent: bool) -> None:
    """The representative says yes (or no, or changes their mind) to their saved view's
    words being quoted in public documents; until then only the panel sees them."""
    context = acting(uow, member_id, Action.consent_to_quote)
    bid = visible_bid(uow, context, reference)
    row = uow.session.scalar(select(ServiceUserView).where(
        ServiceUserView.member_id == member_id, ServiceUserView.bid_id == bid.id,
        ServiceUserView.criterion == criterion))
    if row is None:
        raise Refused("there is no saved view of yours on that part of that bid")
    row.consent_to_quote = consent
    _log(uow, context, "service_user_consent_saved", bid=reference, criterion=criterion,
         consent_to_quote=consent)


# Moving on ----------------------------------------------------------------------------


def advance(uow: UnitOfWork, member_id: int) -> Stage:
    """Move to the next stage, once what that stage needs is in place."""
    context = acting(uow, member_id, Action.advance)
    stage, target = context.stage, context.stage.next
    session, evaluation = uow.session, context.evaluation
    members = session.scalars(select(Member).where(
        Member.evaluation_id == evaluation.id, Member.removed_at.is_(None))).all()
    if stage is Stage.setup:
        if conflicts_of(uow, member_id) is None:
            raise Refused("the lead declares interests before scoring opens")
        if not live_bids(uow, evaluation.id):
            raise Refused("add at least one bid before scoring opens")
        if not any(m.role == Role.evaluator.value for m in members):
            raise Refused("add at least one evaluator before scoring opens")
        evaluation.scheme_frozen_at = now()
        _log(uow, context, "scheme_frozen", scheme=evaluation.scheme)
    elif stage is Stage.scoring:
        waiting = [m.name for m in members
                   if m.role == Role.evaluator.value and m.submitted_at is None]
        if waiting:
            raise Refused("moderation opens when every evaluator has submitted (or been "
                          f"removed); waiting for {', '.join(waiting)}")
    elif stage is Stage.moderation:
        missing = missing_consensus(uow, context)
        if missing:
            raise Refused("agree a score with a reason for every bid and criterion first; "
                          "still to agree: " + _listed(uow, context, missing))
        drafted = drafted_reasons(uow, context)
        if drafted:
            raise Refused("approve or rewrite every reason the tool drafted first; drafted: "
                          + _listed(uow, context, drafted))
        evaluation.decided_at, evaluation.decided_by = now(), member_id
        _log(uow, context, "decision_made", decided_by=context.member.name,
             ranking=decision_ranking(uow, context))
    evaluation.stage = target.value
    _log(uow, context, "stage_moved", stage_from=stage.value, stage_to=target.value)
    return target


# Moderation ---------------------------------------------------------------------------


def moderate(uow: UnitOfWork, member_id: int, reference: str, criterion: str, score: int,
             reason: str) -> list[str]:
    """Save the panel's agreed score and reason, in the lead's words (so approved);
    returns the reason's warnings.

    Only an empty reason is refused; the original scores stay as they were.
    """
    context = acting(uow, member_id, Action.moderate)
    bid = visible_bid(uow, context, reference)
    chosen = criterion_of(context, criterion)
    if not chosen.panel_scored:
        raise Refused(f"{criterion} is scored by the rules alone")
    if score not in chosen.allowed_scores:
        raise Refused(f"a score for {criterion} is one of {list(chosen.allowed_scores)}")
    if not reason.strip():
        raise Refused(NO_REASON)
    refuse_unsafe_text(reason=reason)
    warnings = reason_warnings(uow, context, bid, chosen, score, reason)
    row = _save_consensus(uow, context, bid, criterion, score, reason.strip(), warnings)
    row.reason_status, row.approved_by, row.approved_at = "approved", member_id, row.saved_at
    _log(uow, context, "consensus_saved", bid=reference, criterion=criterion, score=score,
         reason=reason.strip(), warnings=warnings)
    return warnings


def _save_consensus(uow: UnitOfWork, context: Acting, bid: BidFile, criterion: str,
                    score: int, reason: str, warnings: list[str]) -> Consensus:
    row = uow.session.scalar(select(Consensus).where(
        Consensus.bid_id == bid.id, Consensus.criterion == criterion))
    if row is None:
        row = Consensus(evaluation_id=context.evaluation.id, bid_id=bid.id,
                        criterion=criterion)
        uow.session.add(row)
    row.score, row.reason, row.warnings = score, reason, warnings
    row.saved_by, row.saved_at = context.member.id, now()
    return row


def draft_reasons(uow: UnitOfWork, member_id: int) -> list[tuple[str, str]]:
    """A drafted score and reason, from the evaluators' notes and the rules' findings, for
    every bid and criterion the panel has not agreed yet; the (bid, criterion) drafted.

    A drafted reason is never the panel's: the documents mark it, deciding and final
    documents are refused until the lead approves it (`approve_reason`) or rewrites it
    (`moderate`).
    """
    context = acting(uow, member_id, Action.moderate)
    snapshot = snapshot_of(uow, member_id)
    bids = {bid.reference: bid for bid in live_bids(uow, context.evaluation.id)}
    drafted = []
    for reference in bids:
        for criterion in context.scheme.panel_criteria:
            if snapshot.agreed(reference, criterion.id) is not None:
                continue
            draft = draft_reason(snapshot, reference, criterion.id)
            if draft is None:
                continue
            row = _save_consensus(uow, context, bids[reference], criterion.id, draft.score,
                                  draft.reason, [])
            row.reason_status, row.approved_by, row.approved_at = "drafted", None, None
            _log(uow, context, "consensus_drafted", bid=reference, criterion=criterion.id,
                 score=draft.score, reason=draft.reason)
            drafted.append((reference, criterion.id))
    return drafted


def approve_reason(uow: UnitOfWork, member_id: int, reference: str, criterion: str,
                   reason: str | None = None) -> list[str]:
    """The lead makes a drafted score and reason the panel's, with the reason edited into
    the panel's own words (`reason`): a draft approved as the tool wrote it would carry
    evaluators' names, scores and scaffolding into the record (award-records.md §6).
    Returns the reason's warnings."""
    context = acting(uow, member_id, Action.moderate)
    bid = visible_bid(uow, context, reference)
    chosen = criterion_of(context, criterion)
    row = uow.session.scalar(select(Consensus).where(
        Consensus.bid_id == bid.id, Consensus.criterion == criterion))
    if row is None or row.reason_status != "drafted":
        raise Refused(f"no drafted reason for {reference}/{criterion} to approve")
    if reason is None or " ".join(reason.split()) == " ".join(row.reason.split()):
        raise Refused(f"edit the drafted reason for {reference}/{criterion} into the panel's "
                      "own words before approving it: a draft as the tool wrote it never "
                      "counts as the panel's reason")
    refuse_unsafe_text(reason=reason)
    row.reason = reason.strip()
    row.warnings = reason_warnings(uow, context, bid, chosen, row.score, row.reason)
    row.reason_status, row.approved_by, row.approved_at = "approved", member_id, now()
    _log(uow, context, "reason_approved", bid=reference, criterion=criterion,
         score=row.score, reason=row.reason, warnings=row.warnings)
    return row.warnings




# Award details and documents ----------------------------------------------------------




def set_award_details(uow: UnitOfWork, member_id: int, update: AwardDetails) -> AwardDetails:
    """Lay `update` over the award details (see `details.merged`); returns them whole.

    Refuses a criterion, bid or member the evaluation does not have, so a typing slip
    cannot leave a fact where no document will look for it.
    """
    context = acting(uow, member_id, Action.set_details)
    refuse_unsafe_text(award_details=update)
    _known_names(uow, context, update)
    problem = publication_problem(update.publication_date, context.evaluation.regime)
    if problem:
        raise Refused(problem)
    details = merged(award_details(uow, context.evaluation.id), update)
    row = uow.session.scalar(select(AwardDetailsRecord).where(
        AwardDetailsRecord.evaluation_id == context.evaluation.id))
    if row is None:
        row = AwardDetailsRecord(evaluation_id=context.evaluation.id)
        uow.session.add(row)
    row.details, row.saved_by, row.saved_at = details.model_dump(mode="json"), member_id, now()
    _log(uow, context, "award_details_set",
         details=update.model_dump(mode="json", exclude_unset=True), saved=row.details)
    return details


def _known_names(uow: UnitOfWork, context: Acting, details: AwardDetails) -> None:
    criteria = {c.id for c in context.scheme.criteria}
    bids = {bid.reference for bid in live_bids(uow, context.evaluation.id)}
    members = set(uow.session.scalars(select(Member.name).where(
        Member.evaluation_id == context.evaluation.id, Member.removed_at.is_(None))))
    unknown = (
        [f"criterion {c!r}" for c in details.importance_reasons if c not in criteria]
        + [f"criterion {r.criterion!r}" for r in details.responses if r.criterion not in criteria]
        + [f"criterion {w.criterion!r}" for w in details.withheld
           if w.criterion not in criteria]
        + [f"bid {b!r}" for b in details.providers if b not in bids]
        + [f"bid {r.bid!r}" for r in (*details.responses, *details.clarifications)
           if r.bid not in bids]
        + [f"member {m!r}" for m in (*details.conflict_actions, *details.job_titles)
           if m not in members])
    if unknown:
        raise Refused(f"this evaluation has no {unknown[0]}")


def record_documents(uow: UnitOfWork, member_id: int, documents: list[dict[str, Any]],
                     audit_head: str) -> None:
    """Log the documents produced, with each file's digest and the chain head they carry."""
    context = acting(uow, member_id, Action.report)
    _log(uow, context, "report_produced", audit_head=audit_head, documents=documents)
