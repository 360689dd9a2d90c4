"""Backup and restore: the whole database in one file, restored only into an empty one.

SQLite is copied with its online backup API (consistent while others write). PostgreSQL
is exported as one JSON document holding every row (bid files base64-encoded), which
restores into either backend. A restore verifies every evaluation's audit chain.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Engine, LargeBinary, func, insert, select, text

from evaluations import audit
from evaluations.models import Base, Evaluation
from evaluations.store import StoreError, engine_for, is_sqlite, migrate, unit_of_work

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
            "heads": heads}


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


def restore(source: Path, target: Engine) -> dict[str, Any]:
    """Write a backup into an empty database, then verify every audit chain in it."""
    source = source.resolve()
    if not source.is_file():
        raise StoreError(f"no such backup file: {source}")
    with source.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    migrate(target)
    if _evaluation_ids(target):
        raise StoreError("restore writes into an empty database only; this one holds "
                         "evaluations")
    if header == SQLITE_HEADER:
        tables = export_rows(engine_for(f"sqlite:///{source}"))["tables"]
    else:
        try:
            document = json.loads(source.read_text())
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise StoreError(f"{source} is neither a SQLite backup nor an export") from None
        if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
            raise StoreError(f"{source} is not an evaluations export")
        tables = document["tables"]
    with target.begin() as connection:
        for table in Base.metadata.sorted_tables:
            rows = [{column.name: _from_json(column, row.get(column.name))
                     for column in table.columns} for row in tables.get(table.name, [])]
            if rows:
                connection.execute(insert(table), rows)
            if target.dialect.name == "postgresql" and rows:
                connection.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"(SELECT max(id) FROM {table.name}))"))
    with target.connect() as connection:
        checks = {evaluation_id: audit.verify(connection, evaluation_id)
                  for evaluation_id in _evaluation_ids(target)}
    return {"restored": str(source), "evaluations": sorted(checks),
            "verified": all(check.verified for check in checks.values()),
            "audit": {str(k): v.to_json() for k, v in checks.items()}}


def _evaluation_ids(engine: Engine) -> list[int]:
    with engine.connect() as connection:
        if not engine.dialect.has_table(connection, "evaluations"):
            return []
        return list(connection.scalars(select(Evaluation.id).order_by(Evaluation.id)))


def count_events(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(
            Base.metadata.tables["audit_events"])) or 0
