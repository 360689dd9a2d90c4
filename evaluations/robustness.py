"""How safe the decision is, from the store: the query over `documents.robustness`.

The lead (in moderation or once decided) sees the whole analysis; a service-user
representative or an observer, once decided, only its plain reading. The bids are read
again from their stored bytes, so the decisive answers rest on exactly the files the
decision was made on.
"""

from __future__ import annotations

from documents.robustness import Robustness, analyse
from evaluations.process import Action
from evaluations.records import WITHHELD, acting, conflicts_of, live_bids
from evaluations.snapshots import snapshot_of
from evaluations.store import UnitOfWork
from scoring.models import Bid as Workbook
from scoring.reader import read_bid_bytes


def robustness(uow: UnitOfWork, member_id: int) -> Robustness:
    """The whole analysis, for the lead."""
    context = acting(uow, member_id, Action.see_robustness)
    return analyse(snapshot_of(uow, member_id, Action.see_robustness),
                   workbooks(uow, context.evaluation.id))


def robustness_reading(uow: UnitOfWork, member_id: int) -> str:
    """The plain reading ("The decision holds unless ..."), for whoever may see it; a bid
    the member declared a conflict with is not named."""
    context = acting(uow, member_id, Action.see_robustness_reading)
    report = analyse(snapshot_of(uow, member_id, Action.see_robustness_reading),
                     workbooks(uow, context.evaluation.id))
    reading = report.reading
    for reference in conflicts_of(uow, member_id) or ():
        for name in (report.providers.get(reference), reference):
            if name:
                reading = reading.replace(name, WITHHELD)
    return reading


def workbooks(uow: UnitOfWork, evaluation_id: int) -> dict[str, Workbook]:
    """Each live bid as read from its stored bytes, by reference."""
    found = {}
    for bid in live_bids(uow, evaluation_id):
        read = read_bid_bytes(bid.content, bid.filename)
        if read.bid is not None:
            found[bid.reference] = read.bid
    return found
