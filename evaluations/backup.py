"""Backup and restore: the whole database in one file, restored only into an empty one.

SQLite is copied with its online backup API (consistent while others write). PostgreSQL
is exported as one JSON document holding every row (bid files base64-encoded), which
restores into either backend. The audit key is never in a backup: keep it apart
(`audit_key`); a restore needs it, verifies every evaluation with it and writes nothing
unless all of them verify.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Engine, LargeBinary, func, insert, inspect, select, text
from sqlalchemy.exc import SQLAlchemyError

from evaluations import audit
from evaluations.audit_key import AuditKeyError, describe, install_key, load_key, read_key_file
from evaluations.models import AuditEvent, Base, Evaluation
from evaluations.store import (
    StoreError,
    engine_for,
    is_migrated,
    is_sqlite,
    migrate,
    unit_of_work,
)

SQLITE_HEADER = b"SQLite format 3\x00"
EXPORT_FORMAT = "treatment-bid-scorer evaluations export"


def backup(engine: Engine, out: Path) -> dict[str, Any]:
    """Copy the whole database to `out`: a SQLite file, or a JSON export from PostgreSQL."""
    out = out.resolve()
    if out.exists():
        raise StoreError(f"{out} exists already; a backup never overwrites a file")
    heads = _log_export(engine, out)
    if is_sqlite(engine):
        source = engine.url.database
        with closing(sqlite3.connect(source)) as live, closing(sqlite3.connect(out)) as copy:
            live.backup(copy)
        kind = "sqlite"
    else:
        out.write_text(json.dumps(export_rows(engine), ensure_ascii=False))
        kind = "json"
    return {"backup": str(out), "format": kind, "evaluations": _evaluation_ids(engine),
            "heads": heads, "audit_key": describe(engine.url)}


def _log_export(engine: Engine, out: Path) -> dict[str, str]:
    """Log the export in every evaluation's chain; the heads it leaves, to print with it."""
    heads = {}
    with unit_of_work(engine) as uow:
        for evaluation_id in uow.session.scalars(select(Evaluation.id).with_for_update()):
            event = audit.record(uow.session, evaluation_id, None, "export_produced",
                                 file=str(out))
            heads[str(evaluation_id)] = event.hash
    return heads


def export_rows(engine: Engine) -> dict[str, Any]:
    tables: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            rows = connection.execute(select(table).order_by(*table.primary_key.columns))
            tables[table.name] = [
                {column.name: _to_json(column, row[column.name]) for column in table.columns}
                for row in rows.mappings()
            ]
    return {"format": EXPORT_FORMAT, "version": 1, "tables": tables}


def _to_json(column, value):
    if value is None:
        return None
    if isinstance(column.type, LargeBinary):
        return base64.b64encode(value).decode()
    if isinstance(column.type, DateTime):
        return value.isoformat()
    return value


def _from_json(column, value):
    if value is None:
        return None
    if isinstance(column.type, LargeBinary):
        return base64.b64decode(value)
    if isinstance(column.type, DateTime):
        return datetime.fromisoformat(value)
    return value


def restore(source: Path, target: Engine, key_file: Path | None = None) -> dict[str, Any]:
    """Write a backup into an empty database, all or nothing.

    Every evaluation's chain, seals and data are verified (with the key of `key_file`, or
    the target's own) inside the transaction that writes them: an evaluation without its
    events, a broken chain, a row its events do not give, or an unreadable file refuses
    the whole restore and leaves the target empty. The key is then kept for the target.
    """
    source = source.resolve()
    if not source.is_file():
        raise StoreError(f"no such backup file: {source}")
    migrate(target)
    if _evaluation_ids(target) or count_events(target):
        raise StoreError("restore writes into an empty database only; this one holds "
                         "evaluations")
    tables = _backup_tables(source)
    key = _restore_key(target, key_file)
    try:
        with target.begin() as connection:
            _insert_all(connection, tables, target.dialect.name)
            checks = _verify_all(connection, key)
            broken = next(((number, check) for number, check in checks.items()
                           if not check.verified), None)
            if broken:
                raise _Refused(f"evaluation {broken[0]} does not verify: "
                               f"{broken[1].first_difference}")
    except _Refused as refused:
        raise StoreError(f"{source} was not restored (nothing was written): {refused}") from None
    except (SQLAlchemyError, KeyError, TypeError, ValueError, AttributeError) as error:
        raise StoreError(f"{source} was not restored (nothing was written): its rows cannot "
                         f"be written ({_first_line(error)})") from None
    if key_file is not None:
        install_key(target.url, key)
    return {"restored": str(source), "evaluations": sorted(checks),
            "verified": True, "audit": {str(k): v.to_json() for k, v in checks.items()}}


class _Refused(Exception):
    pass


def _restore_key(target: Engine, key_file: Path | None) -> bytes:
    try:
        if key_file is None:
            return load_key(target.url, create=False)
        key = read_key_file(key_file)
        try:
            own = load_key(target.url, create=False)
        except AuditKeyError:
            return key  # installed for the target once the restore succeeds
    except AuditKeyError as error:
        raise StoreError(f"restore needs the audit key the backup was sealed with (pass "
                         f"--audit-key FILE): {error}") from None
    if own != key:
        raise StoreError(f"the target database already has another audit key "
                         f"({describe(target.url)}); remove it or restore elsewhere")
    return key


def _backup_tables(source: Path) -> dict[str, list[dict[str, Any]]]:
    with source.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header == SQLITE_HEADER:
        copy = engine_for(f"sqlite:///{source}")
        try:
            if not is_migrated(copy) or not any(
                    column["name"] == "seal" for column in inspect(copy).get_columns(
                        "audit_events")):
                raise StoreError(
                    f"{source} was made by an older version of this tool: open it once with "
                    f"this one (`python -m scoring evaluation audit ID --db sqlite:///{source}`"
                    "), which brings it up to date and seals its log with a new key beside "
                    f"it, then restore it with --audit-key {source}.audit-key")
            return export_rows(copy)["tables"]
        except SQLAlchemyError as error:
            raise StoreError(f"{source} is a broken SQLite backup: {_first_line(error)}") from None
    try:
        document = json.loads(source.read_text())
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise StoreError(f"{source} is neither a SQLite backup nor an export") from None
    if (not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT
            or not isinstance(document.get("tables"), dict)):
        raise StoreError(f"{source} is not an evaluations export")
    return document["tables"]


def _insert_all(connection, tables: dict[str, list[dict[str, Any]]], dialect: str) -> None:
    for table in Base.metadata.sorted_tables:
        rows = [{column.name: _from_json(column, row.get(column.name))
                 for column in table.columns} for row in tables.get(table.name, [])]
        if rows:
            connection.execute(insert(table), rows)
        if dialect == "postgresql" and rows:
            connection.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"(SELECT max(id) FROM {table.name}))"))


def _verify_all(connection, key: bytes) -> dict[int, audit.Verification]:
    """Every evaluation in the restored rows, and every evaluation the log names."""
    numbers = set(connection.scalars(select(Evaluation.id)))
    numbers |= set(connection.scalars(select(AuditEvent.evaluation_id).distinct()))
    return {number: audit.verify(connection, number, key) for number in sorted(numbers)}


def _first_line(error: Exception) -> str:
    original = getattr(error, "orig", None) or error
    return (str(original).splitlines() or [type(error).__name__])[0]


def _evaluation_ids(engine: Engine) -> list[int]:
    with engine.connect() as connection:
        if not engine.dialect.has_table(connection, "evaluations"):
            return []
        return list(connection.scalars(select(Evaluation.id).order_by(Evaluation.id)))


def count_events(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(
            Base.metadata.tables["audit_events"])) or 0
