"""Fixtures for the evaluations store: every test runs on SQLite and on PostgreSQL.

PostgreSQL comes from `DATABASE_URL` when it names one (CI starts a throwaway cluster);
otherwise a throwaway cluster is started here from Debian's `postgresql` binaries if they
are installed. Only when neither is possible are the PostgreSQL cases skipped, with the
reason.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from evaluations.store import engine_for, migrate
from tests.panel.support import Panel, build_panel

BACKENDS = ["sqlite", "postgresql"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_cluster() -> tuple[str | None, str, object]:
    """Start a throwaway PostgreSQL cluster; (admin URL or None, why not, stopper)."""
    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not binaries:
        return None, "PostgreSQL is not installed (apt-get install postgresql)", None
    bin_dir = Path(binaries[-1]).parent
    root = Path(tempfile.mkdtemp(prefix="evaluations-pg-"))
    data, port = root / "data", _free_port()
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(root, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    try:
        subprocess.run([*as_user, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres",
                        "-A", "trust"], check=True, capture_output=True, timeout=120)
        subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-l",
                        str(root / "log"), "-o", f"-p {port} -k {root} -c fsync=off",
                        "start"], check=True, capture_output=True, timeout=120)
    except (subprocess.SubprocessError, OSError) as error:
        return None, f"could not start a PostgreSQL cluster: {error}", None

    def stop() -> None:
        subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "stop"], capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)

    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", "", stop


@pytest.fixture(scope="session")
def postgres_admin_url():
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgresql"):
        yield url
        return
    started, why, stop = _start_cluster()
    if started is None:
        pytest.skip(f"PostgreSQL tests skipped: {why}")
    yield started
    stop()


def _postgres_database(admin_url: str) -> tuple[str, object]:
    name = f"evaluations_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        engine_for(url).dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path, monkeypatch):
    """A URL for an empty database of each backend (not migrated).

    A PostgreSQL database's audit key goes in the test's folder (SQLite's is beside it).
    """
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'evaluations.db'}"
        yield url
        engine_for(url).dispose()
        return
    admin_url = request.getfixturevalue("postgres_admin_url")
    monkeypatch.setenv("EVALUATIONS_AUDIT_KEY_FILE", str(tmp_path / "audit-key"))
    url, drop = _postgres_database(admin_url)
    yield url
    drop()


@pytest.fixture
def engine(database_url):
    """A migrated, empty store."""
    engine = engine_for(database_url)
    migrate(engine)
    return engine


@pytest.fixture
def panel(engine) -> Panel:
    """An evaluation in setup: a lead, two evaluators, a service-user rep, an observer, two
    bids, every member but the observer declared (nil returns)."""
    return build_panel(engine)
