"""The store: migrations, connection settings, the audit's defences, backups, sign-in codes."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DBAPIError

from evaluations import audit, codes, services
from evaluations.audit_key import key_path
from evaluations.backup import backup, restore
from evaluations.bids import read_and_score, rule_result
from evaluations.models import Base, BidFile, SignInCode
from evaluations.process import Refused, Stage
from evaluations.store import engine_for, migrate, unit_of_work
from tests.panel.support import to_stage


def test_migrations_create_everything_from_empty_and_agree_with_the_models(database_url):
    engine = engine_for(database_url)
    assert inspect(engine).get_table_names() == []
    migrate(engine)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    migrate(engine)  # running again is harmless


def test_sqlite_connections_use_wal_foreign_keys_and_a_long_busy_timeout(tmp_path):
    engine = engine_for(f"sqlite:///{tmp_path / 'e.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    engine.dispose()


def test_the_database_refuses_updates_and_deletes_of_the_audit_log(panel):
    for statement in ("UPDATE audit_events SET actor = 'someone else'",
                      "DELETE FROM audit_events WHERE seq = 1"):
        with pytest.raises(DBAPIError, match="append-only"), panel.engine.begin() as connection:
            connection.execute(text(statement))
    with panel.engine.connect() as connection:
        assert audit.verify(connection, panel.evaluation).verified


def _tamper(panel, statement: str) -> None:
    """Edit the log behind the database's back, as someone with the file might."""
    if panel.engine.dialect.name == "sqlite":
        with panel.engine.begin() as connection:
            connection.exec_driver_sql("DROP TRIGGER audit_events_no_update")
            connection.exec_driver_sql("DROP TRIGGER audit_events_no_delete")
            connection.exec_driver_sql(statement)
    else:
        with panel.engine.begin() as connection:
            connection.exec_driver_sql("ALTER TABLE audit_events DISABLE TRIGGER USER")
            connection.exec_driver_sql(statement)
            connection.exec_driver_sql("ALTER TABLE audit_events ENABLE TRIGGER USER")


@pytest.mark.parametrize(("statement", "first_bad"), [
    ("UPDATE audit_events SET data = '{\"score\":4}' WHERE seq = 3", 3),
    ("DELETE FROM audit_events WHERE seq = 2", 2),
    ("UPDATE audit_events SET seq = 1000 + seq WHERE seq IN (4, 5)", 4),
])
def test_an_edited_removed_or_reordered_event_fails_verification(panel, statement, first_bad):
    _tamper(panel, statement)
    with panel.engine.connect() as connection:
        result = audit.verify(connection, panel.evaluation)
    assert not result.verified
    assert result.first_bad_event == first_bad


def test_a_tampered_sqlite_copy_fails_verify_on_the_command_line(tmp_path, capsys):
    from evaluations.cli import main
    from tests.panel.support import build_panel

    url = f"sqlite:///{tmp_path / 'live.db'}"
    engine = engine_for(url)
    migrate(engine)
    panel = build_panel(engine)
    engine.dispose()
    copy = tmp_path / "copy.db"
    shutil.copy(tmp_path / "live.db", copy)
    with sqlite3.connect(copy) as connection:
        connection.execute("DROP TRIGGER audit_events_no_update")
        connection.execute("UPDATE audit_events SET actor = 'Mallory' WHERE seq = 2")
    assert main(["audit", str(panel.evaluation), "--verify", "--db", url, "--json"]) == 0
    capsys.readouterr()
    assert main(["audit", str(panel.evaluation), "--verify", "--db", f"sqlite:///{copy}",
                 "--json"]) == 1
    verdict = json.loads(capsys.readouterr().out)
    assert verdict["verified"] is False and verdict["first_bad_event"] == 2


def test_backup_then_restore_gives_a_copy_whose_audit_verifies(panel, tmp_path):
    to_stage(panel, Stage.decided)
    out = tmp_path / "backup.bin"
    backup(panel.engine, out)
    target = engine_for(f"sqlite:///{tmp_path / 'restored.db'}")
    result = restore(out, target, key_path(panel.engine.url))
    assert result["verified"] and result["evaluations"] == [panel.evaluation]
    with panel.engine.connect() as live, target.connect() as copy:
        assert audit.verify(copy, panel.evaluation) == audit.verify(live, panel.evaluation)
        bids = copy.execute(select(BidFile.content, BidFile.sha256)).all()
    assert all(hashlib.sha256(content).hexdigest() == digest for content, digest in bids)
    with pytest.raises(Exception, match="empty database only"):
        restore(out, target)
    target.dispose()


def test_a_backup_restores_into_the_same_kind_of_database(panel, tmp_path, request):
    """SQLite to SQLite, PostgreSQL to PostgreSQL (a second throwaway database)."""
    to_stage(panel, Stage.moderation)
    out = tmp_path / "backup.bin"
    backup(panel.engine, out)
    if panel.engine.dialect.name == "sqlite":
        target_url = f"sqlite:///{tmp_path / 'again.db'}"
        drop = None
    else:
        from tests.panel.conftest import _postgres_database

        target_url, drop = _postgres_database(request.getfixturevalue("postgres_admin_url"))
    try:
        target = engine_for(target_url)
        assert restore(out, target, key_path(panel.engine.url))["verified"]
        with target.begin() as connection, pytest.raises(DBAPIError):
            connection.execute(text("DELETE FROM audit_events"))
        # the restored store keeps working: new events extend the restored chain
        with unit_of_work(target) as uow:
            services.issue_code(uow, panel.lead, "Evaluator A")
        with target.connect() as connection:
            assert audit.verify(connection, panel.evaluation).verified
    finally:
        if drop:
            drop()


def test_a_scorecard_is_rederived_from_the_stored_bytes(panel):
    with panel.read() as uow:
        for bid in uow.session.scalars(select(BidFile)).all():
            assert hashlib.sha256(bid.content).hexdigest() == bid.sha256
            assert rule_result(read_and_score(bid.content, bid.filename)) == bid.rule_result


def test_a_code_is_kept_only_as_a_salted_hash_and_signs_its_member_in(panel):
    code = panel.codes["a"]
    assert len(codes.split_code(code)[1]) >= 32  # 192 bits, url-safe base64
    with panel.read() as uow:
        stored = [row.code_hash for row in uow.session.scalars(select(SignInCode))]
    assert all(code not in value and codes.split_code(code)[1] not in value for value in stored)
    assert all(value.startswith("scrypt$") for value in stored)
    assert services.sign_in(panel.engine, panel.evaluation, code, sleep=lambda _: None) == panel.a


def test_wrong_and_revoked_codes_get_the_same_answer_and_failures_slow_down(panel):
    delays = []
    key = codes.split_code(panel.codes["a"])[0]
    attempts = [f"{key}.wrong-secret", "no-such-key.secret", "", panel.codes["lead"] + "x"]
    answers = set()
    for attempt in attempts:
        with pytest.raises(Refused) as refusal:
            services.sign_in(panel.engine, panel.evaluation, attempt, sleep=delays.append)
        answers.add(str(refusal.value))
    with panel.write() as uow:
        services.revoke_code(uow, panel.lead, "Evaluator A")
    with pytest.raises(Refused) as refusal:
        services.sign_in(panel.engine, panel.evaluation, panel.codes["a"], sleep=delays.append)
    answers.add(str(refusal.value))
    assert answers == {codes.REFUSED}
    assert delays[:3] == [0, 0, 0] and delays[3] > 0 and delays[4] > delays[3]


def test_a_code_for_one_evaluation_does_not_open_another(panel):
    with panel.write() as uow:
        other, _, _ = services.create_evaluation(uow, "Another tender", "Other lead")
    with pytest.raises(Refused):
        services.sign_in(panel.engine, other, panel.codes["a"], sleep=lambda _: None)
