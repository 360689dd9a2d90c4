"""Where evaluations live: the database URL, the engine, migrations and the unit of work.

SQLite in a local file by default, PostgreSQL (psycopg 3) when `DATABASE_URL` names one.
SQLite connections use WAL, enforce foreign keys, wait up to 10 s for a lock and take
the write lock at the start of every writing transaction (BEGIN IMMEDIATE), so two
writers never deadlock half-way and the audit chain is extended by one writer at a time.
"""

from __future__ import annotations

import os

try:
    import fcntl
except ImportError:  # Windows: SQLite's busy timeout alone
    fcntl = None
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

DEFAULT_URL = "sqlite:///evaluations.db"
MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 10_000


class StoreError(Exception):
    """The database cannot be used as asked (bad URL, not migrated, not empty)."""


def database_url(override: str | None = None) -> str:
    """`--db` if given, else `DATABASE_URL`, else the local SQLite file."""
    return override or os.environ.get("DATABASE_URL") or DEFAULT_URL


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@cache
def engine_for(url: str) -> Engine:
    """One engine per URL for the life of the process (engines pool connections)."""
    try:
        parsed = make_url(url)
    except Exception as error:
        raise StoreError(f"not a database URL: {url!r}") from error
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            url = str(parsed.set(drivername="postgresql+psycopg"))
        return create_engine(url, pool_pre_ping=True)
    raise StoreError(
        f"unsupported database {parsed.get_backend_name()!r}: use sqlite or postgresql")


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def alembic_config(engine: Engine):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Bring the database up to the newest migration (creates everything on an empty one)."""
    from alembic import command

    command.upgrade(alembic_config(engine), "head")


def is_migrated(engine: Engine) -> bool:
    return inspect(engine).has_table("evaluations")


def open_store(url: str | None = None, create: bool = True) -> Engine:
    """The engine for `url` (or the default), migrated to head; without `create`, an
    empty database is refused rather than created (an existing one is still upgraded)."""
    engine = engine_for(database_url(url))
    if not create and not is_migrated(engine):
        raise StoreError("the database holds no evaluations (it has not been created)")
    migrate(engine)
    return engine


class UnitOfWork:
    """One transaction: commit on success, roll back on any error.

    A writing unit takes SQLite's write lock at once (BEGIN IMMEDIATE); on PostgreSQL the
    service functions lock the evaluation's row, which serialises writers per evaluation.
    SQLite writers first queue on an advisory lock file beside the database: SQLite's own
    busy handler polls with growing sleeps, so under many writers an unlucky one could
    wait seconds, while the kernel hands a file lock to waiters promptly. The kernel also
    releases it when a process dies.
    """

    def __init__(self, engine: Engine, write: bool = True):
        self.engine = engine
        self.write = write
        self.session: Session
        self._queue: int | None = None

    def __enter__(self) -> UnitOfWork:
        bind = self.engine
        if self.write and is_sqlite(bind):
            self._queue = _join_write_queue(bind)
            bind = bind.execution_options(sqlite_begin="IMMEDIATE")
        self.session = Session(bind=bind, expire_on_commit=False, autoflush=True)
        return self

    def __exit__(self, kind, error, traceback) -> None:
        try:
            if kind is None and self.write:
                self.session.commit()
            elif kind is not None:
                self.session.rollback()
        finally:  # a reading unit just closes: its objects stay readable afterwards
            self.session.close()
            if self._queue is not None:
                os.close(self._queue)  # closing the descriptor releases the lock
                self._queue = None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name


def _join_write_queue(engine: Engine) -> int | None:
    """Wait for this SQLite file's write queue; the descriptor to close when done."""
    database = engine.url.database
    if not database or database == ":memory:" or fcntl is None:
        return None
    descriptor = os.open(f"{database}-writers", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    return descriptor


@contextmanager
def unit_of_work(engine: Engine, write: bool = True) -> Iterator[UnitOfWork]:
    with UnitOfWork(engine, write) as uow:
        yield uow
