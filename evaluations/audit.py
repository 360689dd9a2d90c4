"""The audit log: every change an event, holding its full content and the hash of the one
before, sealed with a key kept outside the database.

Events are written by the same service function that makes the change, in the same
transaction. The database refuses UPDATE and DELETE on the table. Verifying walks the
chain (an edited, removed, reordered or inserted event breaks a hash or a seal; without
the key nobody can re-hash and re-seal), then replays the events and compares the result
with every covered table (`replay`), naming the first row that differs.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import URL, Connection
from sqlalchemy.orm import Session

from evaluations import replay
from evaluations.audit_key import AuditKeyError, load_key, seal
from evaluations.models import AuditEvent, BidFile, Evaluation, Member

GENESIS = "0" * 64


def canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(prev_hash: str, evaluation_id: int, seq: int, at: str, actor: str,
               actor_member_id: int | None, action: str, data: str) -> str:
    body = canonical([evaluation_id, seq, at, actor, actor_member_id, action, data])
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def now() -> datetime:
    return datetime.now(UTC)


def database_url(connection: Connection | Session) -> URL:
    bind = connection.get_bind() if isinstance(connection, Session) else connection.engine
    return bind.url


def key_for_writing(connection: Connection | Session) -> bytes:
    """The database's key, made at the first event of a database that has none sealed."""
    url = database_url(connection)
    try:
        return load_key(url, create=False)
    except AuditKeyError:
        sealed = connection.execute(
            select(AuditEvent.id).where(AuditEvent.seal.is_not(None)).limit(1)).first()
        return load_key(url, create=sealed is None)  # (another writer may have made it)


def next_event(connection: Connection | Session, evaluation_id: int, actor: str,
               member_id: int | None, action: str, data: dict[str, Any]) -> dict[str, Any]:
    """The next event's columns, hashed onto the chain and sealed (caller holds the lock)."""
    last = connection.execute(
        select(AuditEvent.seq, AuditEvent.hash)
        .where(AuditEvent.evaluation_id == evaluation_id)
        .order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at = now().isoformat(timespec="microseconds")
    text = canonical(data)
    chain_hash = event_hash(prev_hash, evaluation_id, seq, at, actor, member_id, action, text)
    return {"evaluation_id": evaluation_id, "seq": seq, "at": at, "actor": actor,
            "actor_member_id": member_id, "action": action, "data": text,
            "prev_hash": prev_hash, "hash": chain_hash,
            "seal": seal(key_for_writing(connection), chain_hash)}


def record(session: Session, evaluation_id: int, actor: Member | None, action: str,
           **data: Any) -> AuditEvent:
    """Append one event to the evaluation's chain (the caller holds the write lock)."""
    name = actor.name if actor else "system"
    member_id = actor.id if actor else None
    event = AuditEvent(**next_event(session, evaluation_id, name, member_id, action, data))
    session.add(event)
    return event


def record_baseline(connection: Connection | Session, evaluation_id: int) -> None:
    """Record the covered data as it stands, for replay to start from (the sealing migration)."""
    state = replay.table_state(connection, evaluation_id)
    connection.execute(AuditEvent.__table__.insert().values(**next_event(
        connection, evaluation_id, "system", None, "audit_baseline",
        {"tables": replay.to_json(state)})))


@dataclass(frozen=True)
class Verification:
    events: int
    verified: bool
    first_bad_event: int | None  # position in the chain, from 1
    head: str | None  # the last event's hash: printed on documents and exports
    first_difference: str | None = None  # what is wrong, in words

    def to_json(self) -> dict[str, Any]:
        """The contract's `audit --verify` document, with what is wrong in words."""
        return {"events": self.events, "verified": self.verified,
                "first_bad_event": self.first_bad_event,
                "first_difference": self.first_difference}


COLUMNS = (AuditEvent.seq, AuditEvent.at, AuditEvent.actor, AuditEvent.actor_member_id,
           AuditEvent.action, AuditEvent.data, AuditEvent.prev_hash, AuditEvent.hash,
           AuditEvent.seal)


def verify(connection: Connection | Session, evaluation_id: int,
           key: bytes | None = None) -> Verification:
    """Check the chain, its seals, and that replaying it gives every covered table.

    `key` defaults to this database's own (restore passes the backup's).
    """
    rows = connection.execute(
        select(*COLUMNS).where(AuditEvent.evaluation_id == evaluation_id)
        .order_by(AuditEvent.seq, AuditEvent.id)
    ).all()
    exists = connection.execute(
        select(Evaluation.id).where(Evaluation.id == evaluation_id)).first() is not None
    if not rows:
        return Verification(0, not exists, None, None, (
            f"evaluation {evaluation_id} has no audit events" if exists else None))
    missing_key = None
    if key is None:
        try:
            key = load_key(database_url(connection), create=False)
        except AuditKeyError as error:
            missing_key = str(error)
    chain = verify_rows(evaluation_id, rows, key, missing_key)
    if not chain.verified or not exists:
        return chain if exists else Verification(
            len(rows), False, None, None,
            f"the audit log names evaluation {evaluation_id}, which is not in the database")
    try:
        logged = replay.replay((row.actor, row.action, json.loads(row.data)) for row in rows)
    except replay.ReplayError as error:
        return Verification(len(rows), False, None, None, str(error))
    difference = (replay.first_difference(logged, replay.table_state(connection, evaluation_id))
                  or _bytes_difference(connection, evaluation_id))
    if difference:
        return Verification(len(rows), False, None, None, difference)
    return chain


def verify_rows(evaluation_id: int, rows, key: bytes | None,
                missing_key: str | None = None) -> Verification:
    """The chain alone: positions, links, hashes, and a valid seal from the first on.

    Events from before sealing began (the sealing migration) may lack a seal, but the last
    event never may, and once one is sealed every later one must be. Without the key the
    hashes are still checked, and the chain is not verified.
    """
    prev_hash = GENESIS
    sha256 = hashlib.sha256
    keyed = None if key is None else hmac.new(key, digestmod=hashlib.sha256)
    sealing = False
    for position, (seq, at, actor, member_id, action, data, prev, stored, sealed) in enumerate(
        rows, start=1
    ):
        body = canonical([evaluation_id, seq, at, actor, member_id, action, data])
        expected = sha256(f"{prev_hash}\n{body}".encode()).hexdigest()
        problem = None
        if seq != position:
            problem = f"it is number {seq} in a chain where it stands at {position}"
        elif prev != prev_hash or stored != expected:
            problem = "its hash does not follow from the events before it and its content"
        elif sealed is not None or sealing or position == len(rows):
            sealing = True
            if keyed is not None and not _sealed_by(keyed, stored, sealed):
                problem = ("its seal does not match the audit key: it was written or "
                           "re-hashed without the key (or the key is not this database's)")
        if problem:
            return Verification(len(rows), False, position, None,
                                f"event {position} ({action}): {problem}")
        prev_hash = stored
    if key is None:  # the hashes hold, but without the key nobody can tell who wrote them
        return Verification(len(rows), False, None, None,
                            f"the seals cannot be checked: {missing_key}")
    return Verification(len(rows), True, None, prev_hash)


def _sealed_by(keyed: hmac.HMAC, chain_hash: str, stored: str | None) -> bool:
    """Whether `stored` is `audit_key.seal(key, chain_hash)`, from an HMAC keyed once for
    the whole chain (keying it again for each event would double the work)."""
    if stored is None:
        return False
    mac = keyed.copy()
    mac.update(chain_hash.encode("ascii"))
    return hmac.compare_digest(mac.hexdigest(), stored)


def _bytes_difference(connection: Connection | Session, evaluation_id: int) -> str | None:
    """A bid whose stored bytes are not the ones its digest (and its event) name."""
    for reference, digest in connection.execute(
            select(BidFile.reference, BidFile.sha256)
            .where(BidFile.evaluation_id == evaluation_id).order_by(BidFile.id)).all():
        content = connection.execute(select(BidFile.content).where(
            BidFile.evaluation_id == evaluation_id, BidFile.reference == reference)).scalar()
        if hashlib.sha256(content).hexdigest() != digest:
            return (f"bids (table bid_files), the row for bid {reference}: the stored file's "
                    "bytes are not the ones its SHA-256 names")
    return None


def events(connection: Connection | Session, evaluation_id: int) -> list[dict[str, Any]]:
    """The log, oldest first, as the CLI and the audit page show it."""
    rows = connection.execute(
        select(*COLUMNS).where(AuditEvent.evaluation_id == evaluation_id)
        .order_by(AuditEvent.seq)
    ).all()
    return [
        {"seq": seq, "at": at, "actor": actor, "action": action, "data": json.loads(data),
         "hash": stored}
        for seq, at, actor, _member, action, data, _prev, stored, _seal in rows
    ]
