"""The audit log's secret key, kept outside the database.

Every event is sealed with an HMAC of its chain hash under this key, so someone who can
write to the database but not read the key cannot delete an event and re-hash the chain,
nor insert an event of their own. Where the key lives, first match wins:

1. `EVALUATIONS_AUDIT_KEY`: the key itself, as hex (at least 32 bytes);
2. `EVALUATIONS_AUDIT_KEY_FILE`: a file holding it;
3. SQLite: the file beside the database, `<database file>.audit-key`;
   PostgreSQL: `~/.config/treatment-bid-scorer/audit-key-<host>-<port>-<database>`.

A missing key file is created (readable by its owner only) the first time an event is
written, and only while the database holds no sealed event: a database whose key is lost
is refused, never silently re-keyed. Back the key up apart from the database.
"""

from __future__ import annotations

import hmac
import os
import secrets
from hashlib import sha256
from pathlib import Path

from sqlalchemy.engine import URL

from evaluations.store import StoreError

KEY_ENV = "EVALUATIONS_AUDIT_KEY"
KEY_FILE_ENV = "EVALUATIONS_AUDIT_KEY_FILE"
KEY_BYTES = 32


class AuditKeyError(StoreError):
    """The key cannot be found or read: the message says where it was looked for."""


def key_path(url: URL) -> Path | None:
    """Where the key file for this database is (None when the environment holds the key)."""
    if os.environ.get(KEY_ENV):
        return None
    if os.environ.get(KEY_FILE_ENV):
        return Path(os.environ[KEY_FILE_ENV]).expanduser()
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database in ("", ":memory:"):
            return None
        return Path(f"{database}.audit-key")
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    name = f"audit-key-{url.host or 'localhost'}-{url.port or 5432}-{url.database}"
    return config / "treatment-bid-scorer" / name


def describe(url: URL) -> str:
    """Where the key comes from, in words (for messages and the backup's output)."""
    if os.environ.get(KEY_ENV):
        return f"the environment variable {KEY_ENV}"
    path = key_path(url)
    return "a key held in memory for this in-memory database" if path is None else str(path)


_MEMORY_KEYS: dict[str, bytes] = {}


def load_key(url: URL, create: bool) -> bytes:
    """The key for this database; `create` makes the file when it does not exist yet."""
    if os.environ.get(KEY_ENV):
        return _parse(os.environ[KEY_ENV], f"the environment variable {KEY_ENV}")
    path = key_path(url)
    if path is None:  # an in-memory SQLite database lives no longer than this process
        return _MEMORY_KEYS.setdefault(str(url), secrets.token_bytes(KEY_BYTES))
    if not path.exists():
        if not create:
            raise AuditKeyError(
                f"the audit key for this database is missing: it should be at {path} "
                f"(or set {KEY_FILE_ENV} to where it is kept, or {KEY_ENV} to the key). "
                "Restore it from its own backup; without it the log cannot be verified.")
        _create(path)
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as error:
        raise AuditKeyError(f"the audit key at {path} cannot be read: {error}") from None
    return _parse(text, str(path))


def read_key_file(path: Path) -> bytes:
    """A key from a file named by the user (e.g. `restore --audit-key`)."""
    try:
        return _parse(path.read_text(encoding="ascii"), str(path))
    except (OSError, UnicodeDecodeError) as error:
        raise AuditKeyError(f"the audit key at {path} cannot be read: {error}") from None


def install_key(url: URL, key: bytes) -> None:
    """Keep `key` as this database's key, where `load_key` will look (restore uses this)."""
    path = key_path(url)
    if path is None:
        if not os.environ.get(KEY_ENV):
            _MEMORY_KEYS[str(url)] = key
        return
    _create(path, key)


def _create(path: Path, key: bytes | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write((key or secrets.token_bytes(KEY_BYTES)).hex() + "\n")


def _parse(text: str, where: str) -> bytes:
    try:
        key = bytes.fromhex(text.strip())
    except ValueError:
        key = b""
    if len(key) < KEY_BYTES:
        raise AuditKeyError(f"the audit key in {where} is not {KEY_BYTES} or more bytes "
                            "written as hex")
    return key


def seal(key: bytes, chain_hash: str) -> str:
    """The event's seal: an HMAC-SHA256 of its chain hash (which covers every event before)."""
    return hmac.new(key, chain_hash.encode("ascii"), sha256).hexdigest()
