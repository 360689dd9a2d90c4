"""Signing in with a code, and sessions that survive a browser refresh.

A valid code starts a session: a row in `panel_sessions` whose random token the browser
keeps in an HttpOnly cookie (set by the app's `/api/session` route, never in a URL), and
whose SHA-256 is all the store keeps. The browser gets the token by handing back a
one-time ticket within a minute of signing in, so the token itself never passes through
the page. A session is live only while it has not been ended (signed out), has seen a click
in the last 12 hours, its member has not been removed and the code it began with has not
been revoked; every page asks, so each of those ends it at the next click.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, or_, select

from evaluations import codes
from evaluations.audit import now
from evaluations.models import Member, PanelSession, SignInCode, SignInFailure
from evaluations.process import Refused
from evaluations.store import unit_of_work

COOKIE = "panel_session"
IDLE_LIMIT = timedelta(hours=12)
HANDOFF_LIFETIME = timedelta(minutes=1)
TOUCH_EVERY = timedelta(minutes=1)  # how often a click moves `last_seen_at` on


class Throttled(Refused):
    """Too many wrong codes for this code or from this place: the wait, in words."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(
            "too many wrong codes have been tried for this code or from this place: please "
            f"wait {codes.wait_words(seconds)} and try again")


@dataclass(frozen=True)
class CodeOwner:
    """Whom a valid code belongs to, and which code it was (revoking it ends the session)."""

    member_id: int
    code_id: int


def check_code(engine: Engine, evaluation_id: int | None, code: str,
               source: str | None = None) -> CodeOwner:
    """The member a valid code belongs to; any wrong code gets the same refusal.

    Recent failures for the code's key or from `source` make the next try wait; a try
    made too soon is refused at once with the wait (`Throttled`), and is not counted.
    """
    key, secret = codes.split_code(code)
    at = now()
    with unit_of_work(engine, write=False) as uow:
        since = at - codes.FAILURE_WINDOW
        by_key = list(map(_aware, uow.session.scalars(select(SignInFailure.at).where(
            SignInFailure.at > since, SignInFailure.key_id == key))))
        by_source = [] if not source else list(map(_aware, uow.session.scalars(
            select(SignInFailure.at).where(SignInFailure.at > since,
                                           SignInFailure.source == source))))
        row = uow.session.execute(
            select(SignInCode.id, SignInCode.code_hash, SignInCode.revoked_at, Member.id,
                   Member.evaluation_id, Member.removed_at)
            .join(Member, Member.id == SignInCode.member_id)
            .where(SignInCode.key_id == key)
        ).first()
    wait = max(codes.wait_after(by_key, at), codes.wait_after(by_source, at))
    if wait > 0:
        raise Throttled(wait)
    valid = codes.check_secret(secret, row.code_hash if row else codes.DUMMY_HASH)
    if valid and row is not None and row.revoked_at is None and row.removed_at is None and (
        evaluation_id is None or row.evaluation_id == evaluation_id
    ):
        return CodeOwner(row[3], row.id)
    with unit_of_work(engine) as uow:
        uow.session.add(SignInFailure(at=now(), key_id=key[:32] or None,
                                      source=(source or "")[:64] or None))
        uow.session.execute(delete(SignInFailure).where(
            SignInFailure.at < now() - 4 * codes.FAILURE_WINDOW))
    raise Refused(codes.REFUSED)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def start(engine: Engine, owner: CodeOwner) -> tuple[int, str]:
    """A new session for a code's member: (its id, the one-time ticket for the cookie)."""
    ticket, at = secrets.token_urlsafe(32), now()
    with unit_of_work(engine) as uow:
        row = PanelSession(member_id=owner.member_id, code_id=owner.code_id, how="code",
                           handoff_hash=_digest(ticket),
                           handoff_expires_at=at + HANDOFF_LIFETIME, created_at=at,
                           last_seen_at=at)
        uow.session.add(row)
        uow.session.flush()
        return row.id, ticket


def exchange(engine: Engine, ticket: str) -> str | None:
    """The cookie's token for a session's one-time ticket (used once, within a minute)."""
    if not ticket:
        return None
    with unit_of_work(engine) as uow:
        row = uow.session.scalar(select(PanelSession).where(
            PanelSession.handoff_hash == _digest(ticket)))
        if row is None:
            return None
        row.handoff_hash = None
        if _aware(row.handoff_expires_at) < now() or row.ended_at is not None:
            return None
        token = secrets.token_urlsafe(32)
        row.token_hash, row.handoff_expires_at = _digest(token), None
        return token


def resume(engine: Engine, token: str | None) -> int | None:
    """The live session a cookie's token belongs to, if any."""
    if not isinstance(token, str) or not token:
        return None
    with unit_of_work(engine, write=False) as uow:
        session_id = uow.session.scalar(select(PanelSession.id).where(
            PanelSession.token_hash == _digest(token)))
    if session_id is None or live_member(engine, session_id) is None:
        return None
    return session_id


def live_member(engine: Engine, session_id: int, at: datetime | None = None) -> int | None:
    """The session's member if the session is still live (and note the click), else None."""
    at = at or now()
    with unit_of_work(engine, write=False) as uow:
        row = uow.session.execute(
            select(PanelSession.member_id, PanelSession.last_seen_at)
            .join(Member, Member.id == PanelSession.member_id)
            .outerjoin(SignInCode, SignInCode.id == PanelSession.code_id)
            .where(PanelSession.id == session_id, PanelSession.ended_at.is_(None),
                   Member.removed_at.is_(None),
                   or_(PanelSession.code_id.is_(None), SignInCode.revoked_at.is_(None)))
        ).first()
    if row is None:
        return None
    last_seen = _aware(row.last_seen_at)
    if at - last_seen > IDLE_LIMIT:
        end(engine, session_id)
        return None
    if at - last_seen > TOUCH_EVERY:
        with unit_of_work(engine) as uow:
            uow.session.get(PanelSession, session_id).last_seen_at = at
    return row.member_id


def end(engine: Engine, session_id: int) -> None:
    """Sign out: the session (and its cookie) stops working everywhere at once."""
    with unit_of_work(engine) as uow:
        row = uow.session.get(PanelSession, session_id)
        if row is not None and row.ended_at is None:
            row.ended_at, row.handoff_hash = now(), None


def _aware(moment: datetime) -> datetime:
    """SQLite hands datetimes back without their zone; the store writes UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
