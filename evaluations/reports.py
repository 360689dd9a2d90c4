"""The decision's Word documents, made from the store: the adapter to `documents`.

`snapshots.snapshot_of` freezes an evaluation as a `documents.snapshot.Snapshot`;
`write_reports` writes its documents and logs them; `report_checks` says, in plain
words, what blocks the final documents and what the lead should look at first. Only the
lead may produce them (`Action.report`), in moderation (drafts) or once decided
(finals). Facts no score holds come from the award details (`evaluations.details`),
never from the tool.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from documents.produce import FinalisingRefused, readiness, warnings, write_documents
from evaluations.details import AwardDetails
from evaluations.process import Action, Refused
from evaluations.records import acting, award_details
from evaluations.services import record_documents
from evaluations.snapshots import snapshot_of
from evaluations.store import UnitOfWork, unit_of_work


class NotReady(Refused):
    """The final documents cannot be made yet; `problems` names each thing missing."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("the final documents cannot be made yet:\n"
                         + "\n".join(f"  - {problem}" for problem in problems))


def details(uow: UnitOfWork, member_id: int) -> AwardDetails:
    """The award details set so far, for the lead."""
    context = acting(uow, member_id, Action.report)
    return award_details(uow, context.evaluation.id)


def report_checks(engine: Engine, lead_member_id: int) -> tuple[list[str], list[str]]:
    """(what blocks the final documents, what the lead should look at) in plain words."""
    with unit_of_work(engine, write=False) as uow:
        snapshot = snapshot_of(uow, lead_member_id)
    return readiness(snapshot), warnings(snapshot)


def write_reports(engine: Engine, lead_member_id: int, out_dir: Path,
                  final: bool | None = None) -> list[dict[str, Any]]:
    """Write the decision's documents into `out_dir` and log them; the contract's
    `{"kind", "path", "bid"}` entries.

    Final once decided, drafts in moderation (`final` forces either); finals are refused
    with `NotReady` naming every problem. One writing unit: the chain head the documents
    carry is the one just before the "report produced" event that lists them.
    """
    with unit_of_work(engine) as uow:
        snapshot = snapshot_of(uow, lead_member_id)
        try:
            entries = write_documents(snapshot, out_dir, final=final)
        except FinalisingRefused as refused:
            raise NotReady(refused.problems) from None
        logged = [entry | {"sha256": hashlib.sha256(Path(entry["path"]).read_bytes())
                           .hexdigest()} for entry in entries]
        record_documents(uow, lead_member_id, logged, snapshot.audit_head)
    return entries





















