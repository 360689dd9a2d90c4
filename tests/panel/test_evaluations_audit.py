"""An audit that covers the data (issue 19): full content in every event, replay against
every covered table, a chain sealed with a key kept outside the database, and restores
that are all or nothing. Each test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import stat
import uuid

import pytest
from alembic import command
from sqlalchemy import func, select, text, update

from evaluations import audit, services
from evaluations.audit_key import AuditKeyError, key_path
from evaluations.backup import backup, restore
from evaluations.details import AwardDetails, ContractDetails
from evaluations.models import (
    AuditEvent,
    AwardDetailsRecord,
    BidFile,
    Consensus,
    Evaluation,
    Member,
    PanelScore,
    ServiceUserView,
)
from evaluations.process import Stage
from evaluations.store import StoreError, alembic_config, engine_for, migrate
from tests.panel.support import GOOD_REASON, to_stage

NORTHGATE = "NRP-2027-01"


@pytest.fixture
def moderated(panel):
    """Scores, comments and views saved, one consensus agreed, award details set."""
    to_stage(panel, Stage.scoring)
    with panel.write() as uow:
        services.save_view(uow, panel.service_user, NORTHGATE, "balance", "concern",
                           "Will people be rushed off their script?")
    to_stage(panel, Stage.moderation)
    with panel.write() as uow:
        services.moderate(uow, panel.lead, NORTHGATE, "balance", 2, GOOD_REASON)
        services.set_award_details(uow, panel.lead, AwardDetails(
            contract=ContractDetails(title="Testshire treatment service")))
    return panel


def _verify(panel) -> audit.Verification:
    with panel.engine.connect() as connection:
        return audit.verify(connection, panel.evaluation)


def _edit(panel, statement) -> None:
    """Change a table behind the services' back, as someone with write access might."""
    with panel.engine.begin() as connection:
        connection.execute(statement)


def _bid_id(reference: str):
    return select(BidFile.id).where(BidFile.reference == reference).scalar_subquery()


EDITS = {
    "score": (
        lambda p: update(PanelScore).where(PanelScore.member_id == p.a,
                                           PanelScore.criterion == "balance",
                                           PanelScore.bid_id == _bid_id(NORTHGATE))
        .values(score=4),
        "evaluators' scores and comments (table panel_scores), the row for member "
        f"Evaluator A, bid {NORTHGATE}, criterion balance: score is 4 in the table but 1 in "
        "the audit log"),
    "comment": (
        lambda p: update(PanelScore).where(PanelScore.member_id == p.b,
                                           PanelScore.criterion == "voice",
                                           PanelScore.bid_id == _bid_id(NORTHGATE))
        .values(comment="outstanding"),
        "evaluators' scores and comments (table panel_scores), the row for member "
        f"Evaluator B, bid {NORTHGATE}, criterion voice: comment is \"outstanding\" in the "
        "table but \"good evidence\" in the audit log"),
    "view": (
        lambda p: update(ServiceUserView).values(view="agree"),
        "service-user views (table service_user_views), the row for member Service user, "
        f"bid {NORTHGATE}, criterion balance: view is \"agree\" in the table but "
        "\"concern\" in the audit log"),
    "consensus reason": (
        lambda p: update(Consensus).values(reason="Agreed."),
        f"agreed scores and reasons (table consensus_scores), the row for bid {NORTHGATE}, "
        "criterion balance: reason is \"Agreed.\" in the table but"),
    "consensus score": (
        lambda p: update(Consensus).values(score=4),
        f"agreed scores and reasons (table consensus_scores), the row for bid {NORTHGATE}, "
        "criterion balance: score is 4 in the table but 2 in the audit log"),
    "rule result": (
        lambda p: update(BidFile).where(BidFile.reference == "SWO/26/114")
        .values(rule_result={"overall": 99.0, "areas": {}, "flags": []}),
        "bids (table bid_files), the row for bid SWO/26/114: rule_result is "),
    "member": (
        lambda p: update(Member).where(Member.name == "Observer").values(role="evaluator"),
        "members (table members), the row for member Observer: role is \"evaluator\" in the "
        "table but \"observer\" in the audit log"),
    "details": (
        lambda p: update(AwardDetailsRecord).values(details=AwardDetails(
            contract=ContractDetails(title="Another service")).model_dump(mode="json")),
        "award details (table award_details), its one row: details is "),
    "stage": (
        lambda p: update(Evaluation).values(stage="decided"),
        "the evaluation (table evaluations), its one row: stage is \"decided\" in the table "
        "but \"moderation\" in the audit log"),
    "a deleted score": (
        lambda p: PanelScore.__table__.delete().where(PanelScore.member_id == p.a,
                                                      PanelScore.criterion == "safety",
                                                      PanelScore.bid_id == _bid_id(NORTHGATE)),
        "evaluators' scores and comments (table panel_scores), the row for member "
        f"Evaluator A, bid {NORTHGATE}, criterion safety: in the audit log but missing from "
        "the table"),
}


def test_the_data_as_saved_verifies_and_every_event_holds_its_full_content(moderated):
    result = _verify(moderated)
    assert result.verified and result.first_difference is None
    with moderated.read() as uow:
        log = {event["action"]: event["data"] for event in audit.events(
            uow.session, moderated.evaluation)}
    assert log["bid_added"]["rule_result"]["areas"]
    assert log["award_details_set"]["saved"]["contract"]["title"] == (
        "Testshire treatment service")
    assert "email" in log["member_added"]


@pytest.mark.parametrize("edit", EDITS)
def test_each_direct_edit_is_named_by_verify_with_its_table_and_row(moderated, edit):
    statement, expected = EDITS[edit]
    _edit(moderated, statement(moderated))
    result = _verify(moderated)
    assert not result.verified
    assert result.first_difference.startswith(expected), result.first_difference
    assert result.to_json()["first_difference"] == result.first_difference


def test_a_bid_file_whose_bytes_were_swapped_fails_verify(moderated):
    _edit(moderated, update(BidFile).where(BidFile.reference == NORTHGATE)
          .values(content=b"PK other bytes"))
    result = _verify(moderated)
    assert not result.verified
    assert result.first_difference == (
        f"bids (table bid_files), the row for bid {NORTHGATE}: the stored file's bytes are "
        "not the ones its SHA-256 names")


def _without_triggers(panel, *statements) -> None:
    """Run statements on the log with its append-only triggers out of the way."""
    with panel.engine.begin() as connection:
        if panel.engine.dialect.name == "sqlite":
            connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_events_no_update")
            connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_events_no_delete")
        else:
            connection.exec_driver_sql("ALTER TABLE audit_events DISABLE TRIGGER USER")
        for statement in statements:
            connection.execute(statement)
        if panel.engine.dialect.name == "postgresql":
            connection.exec_driver_sql("ALTER TABLE audit_events ENABLE TRIGGER USER")


def _rows(panel) -> list:
    with panel.engine.connect() as connection:
        return connection.execute(select(AuditEvent.__table__).where(
            AuditEvent.evaluation_id == panel.evaluation).order_by(AuditEvent.seq)).all()


def test_deleting_an_event_and_rehashing_the_chain_is_detected(moderated):
    rows = _rows(moderated)
    gone = next(row for row in rows if row.action == "score_saved")
    kept = [row for row in rows if row.id != gone.id]
    statements = [AuditEvent.__table__.delete().where(AuditEvent.id == gone.id)]
    prev_hash = audit.GENESIS
    for seq, row in enumerate(kept, start=1):  # a perfect re-hash, without the key
        chain_hash = audit.event_hash(prev_hash, row.evaluation_id, seq, row.at, row.actor,
                                      row.actor_member_id, row.action, row.data)
        statements.append(update(AuditEvent).where(AuditEvent.id == row.id).values(
            seq=seq, prev_hash=prev_hash, hash=chain_hash))
        prev_hash = chain_hash
    _without_triggers(moderated, *statements)
    result = _verify(moderated)
    assert not result.verified
    assert result.first_bad_event == gone.seq
    assert "seal does not match the audit key" in result.first_difference


@pytest.mark.parametrize("seal", ["0" * 64, None])
def test_a_forged_event_inserted_at_the_end_is_detected(moderated, seal):
    with moderated.engine.begin() as connection:
        last = connection.execute(select(AuditEvent.seq, AuditEvent.hash).where(
            AuditEvent.evaluation_id == moderated.evaluation)
            .order_by(AuditEvent.seq.desc())).first()
        data = audit.canonical({"bid": NORTHGATE, "criterion": "balance", "score": 4,
                                "reason": GOOD_REASON, "warnings": []})
        at = audit.now().isoformat()
        connection.execute(AuditEvent.__table__.insert().values(
            evaluation_id=moderated.evaluation, seq=last.seq + 1, at=at, actor="Lead",
            actor_member_id=moderated.lead, action="consensus_saved", data=data,
            prev_hash=last.hash, seal=seal,
            hash=audit.event_hash(last.hash, moderated.evaluation, last.seq + 1, at, "Lead",
                                  moderated.lead, "consensus_saved", data)))
        connection.execute(update(Consensus).values(score=4))
    result = _verify(moderated)
    assert not result.verified and result.first_bad_event == last.seq + 1


def test_the_key_is_made_beside_a_sqlite_database_for_its_owner_only(tmp_path, monkeypatch):
    from tests.panel.support import build_panel

    monkeypatch.delenv("EVALUATIONS_AUDIT_KEY_FILE", raising=False)
    monkeypatch.delenv("EVALUATIONS_AUDIT_KEY", raising=False)
    engine = engine_for(f"sqlite:///{tmp_path / 'e.db'}")
    migrate(engine)
    panel = build_panel(engine)
    key = tmp_path / "e.db.audit-key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert _verify(panel).verified
    key.rename(tmp_path / "elsewhere")  # lost: never silently replaced by a new key
    result = _verify(panel)
    assert not result.verified and "audit key for this database is missing" in (
        result.first_difference)
    with pytest.raises(AuditKeyError), panel.write() as uow:
        services.issue_code(uow, panel.lead, "Evaluator A")
    assert not key.exists()
    monkeypatch.setenv("EVALUATIONS_AUDIT_KEY_FILE", str(tmp_path / "elsewhere"))
    assert _verify(panel).verified
    engine.dispose()


@pytest.fixture
def second_database(request, database_url, tmp_path):
    """An empty database of the same backend as `database_url`."""
    if database_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'restored.db'}"
        yield engine_for(url)
        engine_for(url).dispose()
        return
    from tests.panel.conftest import _postgres_database

    url, drop = _postgres_database(request.getfixturevalue("postgres_admin_url"))
    yield engine_for(url)
    drop()


def _key_file(panel):
    return key_path(panel.engine.url)


def _is_empty(engine) -> bool:
    with engine.connect() as connection:
        return not any(connection.scalar(select(func.count()).select_from(table))
                       for table in (Evaluation, Member, BidFile, AuditEvent, PanelScore))


def _strip(panel, out, statement: str):
    """The backup at `out` with `statement` applied to it (a SQLite copy or a JSON export)."""
    if panel.engine.dialect.name == "sqlite":
        import sqlite3

        with sqlite3.connect(out) as connection:
            connection.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
            connection.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
            connection.execute(statement)
        return
    document = json.loads(out.read_text())
    tables = document["tables"]
    if statement.startswith("DELETE FROM audit_events"):
        tables["audit_events"] = []
    else:
        tables["panel_scores"][0]["score"] = 4 - tables["panel_scores"][0]["score"]
    out.write_text(json.dumps(document))


@pytest.mark.parametrize("statement", ["DELETE FROM audit_events",
                                       "UPDATE panel_scores SET score = 4 - score "
                                       "WHERE id = (SELECT min(id) FROM panel_scores)"])
def test_a_stripped_or_edited_backup_is_refused_and_the_target_left_empty(
        moderated, second_database, tmp_path, statement):
    out = tmp_path / f"backup-{uuid.uuid4().hex}"
    backup(moderated.engine, out)
    _strip(moderated, out, statement)
    with pytest.raises(StoreError, match=r"was not restored \(nothing was written\): evaluation"):
        restore(out, second_database, _key_file(moderated))
    assert _is_empty(second_database)


def test_a_broken_backup_file_is_refused_and_the_target_left_empty(
        moderated, second_database, tmp_path):
    out = tmp_path / "backup"
    backup(moderated.engine, out)
    content = out.read_bytes()
    out.write_bytes(content[: len(content) // 3])
    with pytest.raises(StoreError):
        restore(out, second_database, _key_file(moderated))
    assert _is_empty(second_database)


def test_a_backup_restores_only_with_its_key_and_then_verifies(
        moderated, second_database, tmp_path, monkeypatch):
    out = tmp_path / "backup"
    backup(moderated.engine, out)
    source_key = _key_file(moderated)
    if moderated.engine.dialect.name == "postgresql":  # the target's key is kept elsewhere
        monkeypatch.setenv("EVALUATIONS_AUDIT_KEY_FILE", str(tmp_path / "target-key"))
    with pytest.raises(StoreError, match="needs the audit key"):
        restore(out, second_database)
    assert _is_empty(second_database)
    result = restore(out, second_database, source_key)
    assert result["verified"] and result["evaluations"] == [moderated.evaluation]
    with second_database.connect() as connection:  # the key was kept for the target
        assert audit.verify(connection, moderated.evaluation).verified


def _older_store(engine) -> None:
    """A store at migration 0002, with events that hold part of each change."""
    command.upgrade(alembic_config(engine), "0002")
    now = audit.now()
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO evaluations (id, name, stage, scheme, created_at) "
            "VALUES (1, 'Old tender', 'setup', '{}', :now)"), {"now": now})
        connection.execute(text(
            "INSERT INTO members (id, evaluation_id, name, email, role, added_at) "
            "VALUES (1, 1, 'Lee', 'lee@example.org', 'lead', :now)"), {"now": now})
        prev_hash = audit.GENESIS
        for seq, (actor, action, data) in enumerate([
                ("system", "evaluation_created", {"name": "Old tender"}),
                ("Lee", "member_added", {"member": "Lee", "role": "lead"})], start=1):
            body, at = audit.canonical(data), now.isoformat()
            chain_hash = audit.event_hash(prev_hash, 1, seq, at, actor, None, action, body)
            connection.execute(text(
                "INSERT INTO audit_events (evaluation_id, seq, at, actor, action, data, "
                "prev_hash, hash) VALUES (1, :seq, :at, :actor, :action, :data, :prev, :hash)"),
                {"seq": seq, "at": at, "actor": actor, "action": action, "data": body,
                 "prev": prev_hash, "hash": chain_hash})
            prev_hash = chain_hash


def test_an_older_database_migrates_with_a_baseline_and_is_covered_from_then_on(
        database_url):
    engine = engine_for(database_url)
    _older_store(engine)
    migrate(engine)
    with engine.connect() as connection:
        result = audit.verify(connection, 1)
        actions = list(connection.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))
    assert result.verified, result.first_difference
    assert actions == ["evaluation_created", "member_added", "audit_baseline"]
    with engine.begin() as connection:
        connection.execute(update(Member).values(email="mallory@example.org"))
    with engine.connect() as connection:
        assert "email is \"mallory@example.org\" in the table but \"lee@example.org\"" in (
            audit.verify(connection, 1).first_difference)


def test_no_document_is_made_from_data_the_log_does_not_give(moderated):
    from evaluations.process import Refused
    from evaluations.snapshots import snapshot_of

    with moderated.read() as uow:
        assert snapshot_of(uow, moderated.lead).audit_head
    _edit(moderated, update(Consensus).values(score=4))
    with moderated.read() as uow, pytest.raises(Refused, match="consensus_scores"):
        snapshot_of(uow, moderated.lead)


def test_an_older_backup_is_refused_until_this_version_has_opened_it(tmp_path, capsys):
    from evaluations.cli import main

    old = tmp_path / "old-backup.db"
    _older_store(engine_for(f"sqlite:///{old}"))
    engine_for(f"sqlite:///{old}").dispose()
    target = engine_for(f"sqlite:///{tmp_path / 'new.db'}")
    with pytest.raises(StoreError, match="made by an older version"):
        restore(old, target)
    assert _is_empty(target)
    assert main(["audit", "1", "--verify", "--db", f"sqlite:///{old}"]) == 0  # upgraded
    assert "the chain holds" in capsys.readouterr().out
    assert restore(old, target, tmp_path / "old-backup.db.audit-key")["verified"]
    target.dispose()


def test_every_action_the_store_logs_is_known_to_the_replay():
    """A new kind of event must say what it changes (replay.STEPS) or that it changes
    nothing the replay covers (replay.NO_EFFECT); otherwise verify fails on it."""
    import re
    from pathlib import Path

    from evaluations import replay

    source = "\n".join(path.read_text() for path in
                       (Path(__file__).parents[2] / "evaluations").glob("*.py"))
    logged = set(re.findall(r'(?:_log\(uow, context|audit\.record\([^"]*?), "([a-z_]+)"',
                            source))
    assert logged >= {"score_saved", "bid_added", "consensus_saved"}
    assert logged - set(replay.STEPS) - replay.NO_EFFECT == set()
