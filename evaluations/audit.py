"""The audit log: every change an event, each holding the hash of the one before.

Events are written by the same service function that makes the change, in the same
transaction. The database refuses UPDATE and DELETE on the table; verifying the chain
tells whether an event was edited, removed or reordered by any other means.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from evaluations.models import AuditEvent, Member

GENESIS = "0" * 64


def canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(prev_hash: str, evaluation_id: int, seq: int, at: str, actor: str,
               actor_member_id: int | None, action: str, data: str) -> str:
    body = canonical([evaluation_id, seq, at, actor, actor_member_id, action, data])
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def now() -> datetime:
    return datetime.now(UTC)


def record(session: Session, evaluation_id: int, actor: Member | None, action: str,
           **data: Any) -> AuditEvent:
    """Append one event to the evaluation's chain (the caller holds the write lock)."""
    last = session.execute(
        select(AuditEvent.seq, AuditEvent.hash)
        .where(AuditEvent.evaluation_id == evaluation_id)
        .order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at = now().isoformat(timespec="microseconds")
    name = actor.name if actor else "system"
    member_id = actor.id if actor else None
    text = canonical(data)
    event = AuditEvent(
        evaluation_id=evaluation_id, seq=seq, at=at, actor=name, actor_member_id=member_id,
        action=action, data=text, prev_hash=prev_hash,
        hash=event_hash(prev_hash, evaluation_id, seq, at, name, member_id, action, text),
    )
    session.add(event)
    return event


@dataclass(frozen=True)
class Verification:
    events: int
    verified: bool
    first_bad_event: int | None  # position in the chain, from 1
    head: str | None  # the last event's hash: printed on documents and exports

    def to_json(self) -> dict[str, Any]:
        """Exactly the contract's `audit --verify` document (the head is printed apart)."""
        return {"events": self.events, "verified": self.verified,
                "first_bad_event": self.first_bad_event}


COLUMNS = (AuditEvent.seq, AuditEvent.at, AuditEvent.actor, AuditEvent.actor_member_id,
           AuditEvent.action, AuditEvent.data, AuditEvent.prev_hash, AuditEvent.hash)


def verify(connection: Connection | Session, evaluation_id: int) -> Verification:
    """Walk the chain in order; the first event whose position, link or hash is wrong fails it."""
    rows = connection.execute(
        select(*COLUMNS).where(AuditEvent.evaluation_id == evaluation_id)
        .order_by(AuditEvent.seq, AuditEvent.id)
    ).all()
    return verify_rows(evaluation_id, rows)


def verify_rows(evaluation_id: int, rows) -> Verification:
    prev_hash = GENESIS
    sha256 = hashlib.sha256
    for position, (seq, at, actor, member_id, action, data, prev, stored) in enumerate(
        rows, start=1
    ):
        body = canonical([evaluation_id, seq, at, actor, member_id, action, data])
        expected = sha256(f"{prev_hash}\n{body}".encode()).hexdigest()
        if seq != position or prev != prev_hash or stored != expected:
            return Verification(len(rows), False, position, None)
        prev_hash = stored
    return Verification(len(rows), True, None, prev_hash if rows else None)


def events(connection: Connection | Session, evaluation_id: int) -> list[dict[str, Any]]:
    """The log, oldest first, as the CLI and the audit page show it."""
    rows = connection.execute(
        select(*COLUMNS).where(AuditEvent.evaluation_id == evaluation_id)
        .order_by(AuditEvent.seq)
    ).all()
    return [
        {"seq": seq, "at": at, "actor": actor, "action": action, "data": json.loads(data),
         "hash": stored}
        for seq, at, actor, _member, action, data, _prev, stored in rows
    ]
