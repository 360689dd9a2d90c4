"""The process as service functions: each takes a unit of work and the acting member.

The role always comes from the store and every function asks `process.require` before
anything else, so no page or command can skip a rule. Each change writes its audit
event in the same transaction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select

from documents.checks import NO_REASON
from documents.drafting import draft_reason
from documents.safe_text import unsafe_text_problem
from documents.standstill import publication_problem
from evaluations import audit, codes, versions
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
)
from evaluations.moderation import decision_ranking, missing_consensus, reason_warnings
from evaluations.process import Action, Refused, Role, Stage
from evaluations.records import (
    WITHHELD,
    Acting,
    acting,
    award_details,
    conflicts_of,
    criterion_of,
    drafted_reasons,
    latest_declaration,
    live_bids,
    missing_scores,
    moderating,
    visible_bid,
)
from evaluations.snapshots import snapshot_of
from evaluations.store import UnitOfWork
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
    while uow.session.scalar(select(SignInCode.id).where(SignInCode.key_id == key)):
        code, key, hashed = codes.new_code()  # keys are short: one in a million collides
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


# Signing in (codes and sessions: evaluations.sessions) --------------------------------


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
               comment: str, expected_version: int | None = None) -> int:
    """An evaluator's own score and comment; saving again replaces it until they submit.

    A page passes the version it showed (`versions.NOTHING_SAVED` for none): if the store
    has moved on since, the save is refused (`Stale`). Returns the version saved.
    """
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
    versions.check(row, expected_version, context.member.name)
    if row is None:
        row = PanelScore(evaluation_id=context.evaluation.id, member_id=member_id,
                         bid_id=bid.id, criterion=criterion)
        uow.session.add(row)
    row.score, row.comment, row.saved_at = score, comment.strip(), now()
    versions.bump(row)
    _log(uow, context, "score_saved", bid=reference, criterion=criterion, score=score,
         comment=comment.strip())
    return row.version




def _listed(uow: UnitOfWork, context: Acting, pairs: list[tuple[str, str]]) -> str:
    """(bid, criterion) pairs in words, every one, grouped by bid; a bid the member declared
    a conflict with is never named to them."""
    withheld = conflicts_of(uow, context.member.id) or set()
    names = {bid.reference: WITHHELD if bid.reference in withheld else bid.provider
             for bid in live_bids(uow, context.evaluation.id)}
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
              comment: str, expected_version: int | None = None,
              consent_to_quote: bool = False) -> int:
    """A representative's view and comment (refused if the store moved on since
    `expected_version`); `consent_to_quote` is their yes to public quoting. Returns the
    version saved."""
    context = acting(uow, member_id, Action.record_view)
    bid = visible_bid(uow, context, reference)
    criterion_of(context, criterion)
    if view not in VIEWS:
        raise Refused(f"a view is one of {', '.join(VIEWS)}")
    refuse_unsafe_text(comment=comment)
    row = uow.session.scalar(select(ServiceUserView).where(
        ServiceUserView.member_id == member_id, ServiceUserView.bid_id == bid.id,
        ServiceUserView.criterion == criterion))
    versions.check(row, expected_version, context.member.name)
    if row is None:
        row = ServiceUserView(evaluation_id=context.evaluation.id, member_id=member_id,
                              bid_id=bid.id, criterion=criterion)
        uow.session.add(row)
    row.view, row.comment, row.saved_at = view, comment.strip(), now()
    row.consent_to_quote = consent_to_quote
    versions.bump(row)
    _log(uow, context, "service_user_view_saved", bid=reference, criterion=criterion,
         view=view, comment=comment.strip(), consent_to_quote=consent_to_quote)
    return row.version


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
    versions.bump(row)
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
             reason: str, expected_version: int | None = None) -> list[str]:
    """Save the panel's agreed score and reason, in the moderator's words (so approved);
    returns the reason's warnings.

    Only an empty reason is refused; the original scores stay as they were. The moderator
    is the lead, or for a bid the lead declared a conflict with, the member they named.
    A save against an older version than the store's is refused (`Stale`).
    """
    context, bid = moderating(uow, member_id, reference)
    chosen = criterion_of(context, criterion)
    if not chosen.panel_scored:
        raise Refused(f"{criterion} is scored by the rules alone")
    if score not in chosen.allowed_scores:
        raise Refused(f"a score for {criterion} is one of {list(chosen.allowed_scores)}")
    if not reason.strip():
        raise Refused(NO_REASON)
    _check_consensus(uow, bid, criterion, expected_version)
    refuse_unsafe_text(reason=reason)
    warnings = reason_warnings(uow, context, bid, chosen, score, reason)
    row = _save_consensus(uow, context, bid, criterion, score, reason.strip(), warnings)
    row.reason_status, row.approved_by, row.approved_at = "approved", member_id, row.saved_at
    _log(uow, context, "consensus_saved", bid=reference, criterion=criterion, score=score,
         reason=reason.strip(), warnings=warnings)
    return warnings


def _check_consensus(uow: UnitOfWork, bid: BidFile, criterion: str,
                     expected_version: int | None) -> None:
    if expected_version is None:
        return
    row = uow.session.scalar(select(Consensus).where(
        Consensus.bid_id == bid.id, Consensus.criterion == criterion))
    saver = uow.session.get(Member, row.saved_by) if row is not None else None
    versions.check(row, expected_version, saver.name if saver else "someone")


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
    versions.bump(row)
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
    conflicts = conflicts_of(uow, member_id) or set()
    bids = {bid.reference: bid for bid in live_bids(uow, context.evaluation.id)
            if bid.reference not in conflicts}
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
                   reason: str | None = None, expected_version: int | None = None
                   ) -> list[str]:
    """The moderator makes a drafted score and reason the panel's, with the reason edited
    into the panel's own words (`reason`): a draft approved as the tool wrote it would carry
    evaluators' names, scores and scaffolding into the record (award-records.md §6).
    Returns the reason's warnings. The moderator is the lead, or the member they named for
    a bid they declared a conflict with."""
    context, bid = moderating(uow, member_id, reference)
    chosen = criterion_of(context, criterion)
    _check_consensus(uow, bid, criterion, expected_version)
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
    versions.bump(row)
    _log(uow, context, "reason_approved", bid=reference, criterion=criterion,
         score=row.score, reason=row.reason, warnings=row.warnings)
    return row.warnings




def assign_moderator(uow: UnitOfWork, member_id: int, reference: str, name: str) -> None:
    """A lead who declared a conflict with a bid names an evaluator to moderate it in their
    place (one without a conflict with it); the choice is audited."""
    context = acting(uow, member_id, Action.assign_moderator)
    if reference not in (conflicts_of(uow, member_id) or set()):
        raise Refused("you name a member to moderate a bid in your place only for a bid you "
                      "declared a conflict with")
    bid = _bid(uow, context, reference)
    member = _member_named(uow, context, name)
    if member.role != Role.evaluator.value:
        raise Refused(f"{name} is not an evaluator: name an evaluator to moderate this bid")
    declared = conflicts_of(uow, member.id)
    if declared is None or reference in declared:
        raise Refused(f"{name} has " + ("not declared their interests yet" if declared is None
                                        else "declared a conflict with this bid"))
    bid.moderator_id = member.id
    _log(uow, context, "moderator_assigned", bid=reference, member=member.name,
         reason="the lead declared a conflict with this bid")


# Award details and documents ----------------------------------------------------------




def set_award_details(uow: UnitOfWork, member_id: int, update: AwardDetails,
                      expected_version: int | None = None) -> AwardDetails:
    """Lay `update` over the award details (see `details.merged`); returns them whole.

    Refuses a criterion, bid or member the evaluation does not have, so a typing slip
    cannot leave a fact where no document will look for it; and a form saved against an
    older version than the store's (`Stale`).
    """
    context = acting(uow, member_id, Action.set_details)
    refuse_unsafe_text(award_details=update)
    _known_names(uow, context, update)
    problem = publication_problem(update.publication_date, context.evaluation.regime)
    if problem:
        raise Refused(problem)
    row = uow.session.scalar(select(AwardDetailsRecord).where(
        AwardDetailsRecord.evaluation_id == context.evaluation.id))
    saver = uow.session.get(Member, row.saved_by) if row is not None else None
    versions.check(row, expected_version, saver.name if saver else "someone")
    details = merged(award_details(uow, context.evaluation.id), update)
    if row is None:
        row = AwardDetailsRecord(evaluation_id=context.evaluation.id)
        uow.session.add(row)
    row.details, row.saved_by, row.saved_at = details.model_dump(mode="json"), member_id, now()
    versions.bump(row)
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
