"""Personal sign-in codes: random, shown once, kept only as a salted scrypt hash.

A code is 30 characters people can read aloud and type, shown in groups of five
(`K7QMD-2XWHB-…`): letters and digits without I, L, O or U, any case, spaces and hyphens
ignored. The first four characters are the code's key (public: it finds the stored hash
without a scan); the other 26 are the secret the hash protects (130 bits).

Wrong codes are slowed per code key and per source (the address they came from), never
for everyone: after a few failures the next try must wait, and the page says how long.
A wrong code gets the same answer whether or not its key exists, after the same work.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O or U
KEY_LENGTH, SECRET_LENGTH, GROUP = 4, 26, 5
FAILURE_WINDOW = timedelta(minutes=15)
FREE_FAILURES = 3
FIRST_WAIT_S, MAX_WAIT_S = 2.0, 60.0
REFUSED = "that sign-in code is not valid (it may have been revoked)"
READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> tuple[str, str, str]:
    """A fresh code: (the code to show once, its key, the hash to store)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(KEY_LENGTH + SECRET_LENGTH))
    key, secret = raw[:KEY_LENGTH], raw[KEY_LENGTH:]
    shown = "-".join(raw[i:i + GROUP] for i in range(0, len(raw), GROUP))
    return shown, key, hash_secret(secret)


def hash_secret(secret: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def check_secret(secret: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        computed = hashlib.scrypt(secret.encode(), salt=bytes.fromhex(salt), n=int(n),
                                  r=int(r), p=int(p), dklen=32)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(computed.hex(), digest)


DUMMY_HASH = hash_secret("no such code")


def split_code(code: str) -> tuple[str, str]:
    """(key, secret) of a code as typed: any case, spaces and hyphens ignored.

    A code issued before codes were short (`hexkey.secret`) still splits at its dot.
    """
    code = (code or "").strip()
    if "." in code:
        key, _, secret = code.partition(".")
        return key, secret
    letters = "".join(code.split()).replace("-", "").upper().translate(READ_AS)
    return letters[:KEY_LENGTH], letters[KEY_LENGTH:]


def wait_after(failures: Sequence[datetime], at: datetime) -> float:
    """Seconds still to wait before another try, given the recent failures of one key or
    one source: none for the first few, then doubling up to a minute from the last one."""
    recent = sorted(when for when in failures if when > at - FAILURE_WINDOW)
    if len(recent) < FREE_FAILURES:
        return 0.0
    wait = min(MAX_WAIT_S, FIRST_WAIT_S * 2 ** (len(recent) - FREE_FAILURES))
    return max(0.0, (recent[-1] + timedelta(seconds=wait) - at).total_seconds())


def wait_words(seconds: float) -> str:
    """How long to wait, in words a person can act on."""
    whole = max(1, math.ceil(seconds))
    return f"{whole} second{'s' if whole != 1 else ''}"
