"""Who is acting, and the rows every side reads: the floor under commands and queries.

`acting` loads the member and their evaluation from the store and asks the process table
before anything else; the rest find the live bids, declarations and award details that
services (the changes), views (the reads) and snapshots (the documents' input) all need.
Nothing here changes the store.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from evaluations.criteria import PanelScheme
from evaluations.details import AwardDetails
from evaluations.models import (
    AwardDetailsRecord,
    BidFile,
    Consensus,
    Declaration,
    Evaluation,
    Member,
    PanelScore,
)
from evaluations.process import Action, Refused, Role, Stage, require
from evaluations.store import UnitOfWork

WITHHELD = "a bid withheld for your declared conflict"


@dataclass(frozen=True)
class Acting:
    """The acting member and their evaluation, both as the store holds them now."""

    member: Member
    evaluation: Evaluation

    @property
    def role(self) -> Role:
        return Role(self.member.role)

    @property
    def stage(self) -> Stage:
        return Stage(self.evaluation.stage)

    @property
    def scheme(self) -> PanelScheme:
        return PanelScheme.model_validate(self.evaluation.scheme)


def acting(uow: UnitOfWork, member_id: int, action: Action | None = None) -> Acting:
    """Load the member and lock their evaluation for this unit; refuse what is not allowed."""
    session = uow.session
    query = select(Evaluation).where(Evaluation.id == select(Member.evaluation_id).where(
        Member.id == member_id).scalar_subquery())
    if uow.write:
        query = query.with_for_update()
    evaluation = session.execute(query).scalar_one_or_none()
    # read the member only now, under the lock, so what we see is what others committed
    member = session.get(Member, member_id, populate_existing=True)
    if evaluation is None or member is None or member.removed_at is not None:
        raise Refused("you are not a member of this evaluation")
    context = Acting(member, evaluation)
    if action is not None:
        require(context.role, context.stage, action)
    return context


def live_bids(uow: UnitOfWork, evaluation_id: int) -> list[BidFile]:
    return list(uow.session.scalars(select(BidFile).where(
        BidFile.evaluation_id == evaluation_id, BidFile.withdrawn_at.is_(None))
        .order_by(BidFile.reference)))


def latest_declaration(uow: UnitOfWork, member_id: int) -> Declaration | None:
    return uow.session.scalar(select(Declaration).where(Declaration.member_id == member_id)
                              .order_by(Declaration.version.desc()).limit(1))


def conflicts_of(uow: UnitOfWork, member_id: int) -> set[str] | None:
    """The bids a member declared a conflict for; None if they have not declared."""
    declaration = latest_declaration(uow, member_id)
    return None if declaration is None else set(declaration.conflicts)


def visible_bids(uow: UnitOfWork, context: Acting) -> tuple[list[BidFile], int]:
    """The bids this member may see, and how many are withheld for their conflicts."""
    require(context.role, context.stage, Action.see_bids)
    conflicts = conflicts_of(uow, context.member.id)
    if conflicts is None:
        raise Refused("declare your interests (a nil return counts) before you see any bid")
    bids = live_bids(uow, context.evaluation.id)
    shown = [bid for bid in bids if bid.reference not in conflicts]
    return shown, len(bids) - len(shown)


def visible_bid(uow: UnitOfWork, context: Acting, reference: str) -> BidFile:
    """One bid this member may see (one query, not the whole list: saves are frequent)."""
    require(context.role, context.stage, Action.see_bids)
    conflicts = conflicts_of(uow, context.member.id)
    if conflicts is None:
        raise Refused("declare your interests (a nil return counts) before you see any bid")
    bid = None if reference in conflicts else uow.session.scalar(select(BidFile).where(
        BidFile.evaluation_id == context.evaluation.id, BidFile.reference == reference,
        BidFile.withdrawn_at.is_(None)))
    if bid is None:
        raise Refused(f"no bid with the reference {reference!r} that you may see")
    return bid


def missing_scores(uow: UnitOfWork, context: Acting) -> list[tuple[str, str]]:
    """(bid, criterion) pairs the evaluator has still to score."""
    shown, _ = visible_bids(uow, context)
    done = set(uow.session.execute(
        select(BidFile.reference, PanelScore.criterion)
        .join(BidFile, BidFile.id == PanelScore.bid_id)
        .where(PanelScore.member_id == context.member.id)))
    return [(bid.reference, criterion.id) for bid in shown
            for criterion in context.scheme.panel_criteria
            if (bid.reference, criterion.id) not in done]


def criterion_of(context: Acting, criterion_id: str):
    try:
        return context.scheme.criterion(criterion_id)
    except KeyError:
        ids = ", ".join(c.id for c in context.scheme.criteria)
        raise Refused(f"no criterion {criterion_id!r} in this scheme (use one of {ids})") from None


def drafted_reasons(uow: UnitOfWork, context: Acting) -> list[tuple[str, str]]:
    return list(uow.session.execute(
        select(BidFile.reference, Consensus.criterion)
        .join(BidFile, BidFile.id == Consensus.bid_id)
        .where(Consensus.evaluation_id == context.evaluation.id,
               Consensus.reason_status == "drafted", BidFile.withdrawn_at.is_(None))
        .order_by(BidFile.reference, Consensus.criterion)))


def award_details(uow: UnitOfWork, evaluation_id: int) -> AwardDetails:
    """The award details set so far (empty until the lead sets any)."""
    row = uow.session.scalar(select(AwardDetailsRecord).where(
        AwardDetailsRecord.evaluation_id == evaluation_id))
    return AwardDetails() if row is None else AwardDetails.model_validate(row.details)
