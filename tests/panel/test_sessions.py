"""Signing in: wrong codes slowed per code and per source (never for everyone), sessions
that survive a refresh and end at sign-out, revocation, removal or 12 idle hours, and who
may start an evaluation from the app. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from evaluations import codes, services, sessions
from evaluations.audit import now
from evaluations.models import PanelSession
from evaluations.process import Refused
from evaluations.store import allow_create


def wrong_codes(count: int) -> list[str]:
    return [codes.new_code()[0] for _ in range(count)]


def test_a_code_is_short_typeable_and_forgiving_of_case_spaces_and_look_alikes(panel):
    code = panel.codes["a"]
    assert len(code.replace("-", "")) == codes.KEY_LENGTH + codes.SECRET_LENGTH == 30
    assert codes.SECRET_LENGTH * 5 >= 128  # bits of secret: base 32 is 5 bits a character
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert sessions.check_code(panel.engine, None, typed).member_id == panel.a


def test_a_flood_of_wrong_codes_from_one_place_does_not_slow_another_member(panel):
    for attempt in wrong_codes(codes.FREE_FAILURES):
        with pytest.raises(Refused) as refused:
            sessions.check_code(panel.engine, None, attempt, source="203.0.113.9")
        assert str(refused.value) == codes.REFUSED
    with pytest.raises(sessions.Throttled) as throttled:
        sessions.check_code(panel.engine, None, panel.codes["b"], source="203.0.113.9")
    assert 0 < throttled.value.seconds <= codes.FIRST_WAIT_S
    assert "please wait" in str(throttled.value) and "second" in str(throttled.value)
    owner = sessions.check_code(panel.engine, None, panel.codes["a"], source="198.51.100.4")
    assert owner.member_id == panel.a


def test_wrong_secrets_for_one_code_slow_that_code_only(panel):
    key, _ = codes.split_code(panel.codes["a"])
    for n, attempt in enumerate(wrong_codes(codes.FREE_FAILURES)):
        with pytest.raises(Refused):
            sessions.check_code(panel.engine, None, key + attempt[5:],
                                source=f"192.0.2.{n}")
    with pytest.raises(sessions.Throttled):
        sessions.check_code(panel.engine, None, panel.codes["a"], source="192.0.2.200")
    assert sessions.check_code(panel.engine, None, panel.codes["b"],
                               source="192.0.2.201").member_id == panel.b


def test_the_wait_doubles_and_is_capped_and_ends():
    at = now()
    failures = [at - timedelta(seconds=1)] * codes.FREE_FAILURES
    assert codes.wait_after(failures[:-1], at) == 0
    first = codes.wait_after(failures, at)
    second = codes.wait_after([*failures, at - timedelta(seconds=1)], at)
    assert 0 < first < second
    assert codes.wait_after(failures * 20, at) <= codes.MAX_WAIT_S
    assert codes.wait_after(failures, at + timedelta(minutes=2)) == 0
    assert codes.wait_after(failures, at + codes.FAILURE_WINDOW * 2) == 0


def started(panel, who: str = "a") -> tuple[int, str]:
    """A session for a member, through its ticket: (session id, cookie token)."""
    owner = sessions.check_code(panel.engine, None, panel.codes[who])
    session_id, ticket = sessions.start(panel.engine, owner)
    token = sessions.exchange(panel.engine, ticket)
    assert token and token != ticket
    return session_id, token


def test_a_session_resumes_from_its_cookie_and_its_ticket_works_once(panel):
    owner = sessions.check_code(panel.engine, None, panel.codes["a"])
    session_id, ticket = sessions.start(panel.engine, owner)
    token = sessions.exchange(panel.engine, ticket)
    assert sessions.exchange(panel.engine, ticket) is None
    assert sessions.resume(panel.engine, token) == session_id
    assert sessions.live_member(panel.engine, session_id) == panel.a
    assert sessions.resume(panel.engine, token + "x") is None
    assert sessions.resume(panel.engine, "") is None
    with panel.read() as uow:
        stored = uow.session.get(PanelSession, session_id)
        assert token not in (stored.token_hash or "") and stored.handoff_hash is None


def test_a_late_ticket_gets_no_cookie(panel):
    owner = sessions.check_code(panel.engine, None, panel.codes["a"])
    session_id, ticket = sessions.start(panel.engine, owner)
    with panel.write() as uow:
        uow.session.get(PanelSession, session_id).handoff_expires_at = (
            now() - timedelta(seconds=1))
    assert sessions.exchange(panel.engine, ticket) is None


@pytest.mark.parametrize("ending", ["sign_out", "revoke", "reissue", "remove", "idle"])
def test_a_session_ends_at_the_next_click(panel, ending):
    session_id, token = started(panel)
    if ending == "sign_out":
        sessions.end(panel.engine, session_id)
    elif ending == "idle":
        with panel.write() as uow:
            uow.session.get(PanelSession, session_id).last_seen_at = (
                now() - sessions.IDLE_LIMIT - timedelta(minutes=1))
    else:
        with panel.write() as uow:
            {"revoke": services.revoke_code, "reissue": services.issue_code,
             "remove": services.remove_member}[ending](uow, panel.lead, "Evaluator A")
    assert sessions.live_member(panel.engine, session_id) is None
    assert sessions.resume(panel.engine, token) is None
    other, _ = started(panel, "b")
    assert sessions.live_member(panel.engine, other) == panel.b


def test_a_click_moves_the_idle_clock_on(panel):
    session_id, _ = started(panel)
    earlier = now() - sessions.IDLE_LIMIT + timedelta(minutes=5)
    with panel.write() as uow:
        uow.session.get(PanelSession, session_id).last_seen_at = earlier
    assert sessions.live_member(panel.engine, session_id) == panel.a
    with panel.read() as uow:
        seen = uow.session.scalar(select(PanelSession.last_seen_at).where(
            PanelSession.id == session_id))
    assert sessions._aware(seen) > earlier + timedelta(minutes=4)


@pytest.mark.parametrize(("url", "setting", "expected"), [
    ("sqlite:///evaluations.db", None, True),
    ("postgresql+psycopg://council@db/tenders", None, False),
    ("postgresql+psycopg://council@db/tenders", "on", True),
    ("sqlite:///evaluations.db", "off", False),
    ("postgresql+psycopg://council@db/tenders", "yes", True),
])
def test_allow_create_is_on_locally_and_off_on_a_shared_database(url, setting, expected):
    environ = {} if setting is None else {"EVALUATIONS_ALLOW_CREATE": setting}
    assert allow_create(url, environ) is expected
