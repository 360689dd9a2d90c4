"""Personal sign-in codes: random, shown once, kept only as a salted scrypt hash.

A code is `KEY.SECRET`: the key (public, 64 bits) finds the stored hash without a scan,
the secret (192 bits) is what the hash protects. A wrong code gets the same answer
whether or not its key exists, after the same scrypt work, and repeated failures are
slowed for everyone who tries.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
FAILURE_WINDOW = timedelta(minutes=15)
FREE_FAILURES = 3
MAX_DELAY_S = 8.0
REFUSED = "that sign-in code is not valid (it may have been revoked)"


def new_code() -> tuple[str, str, str]:
    """A fresh code: (the code to show once, its key, the hash to store)."""
    key = secrets.token_hex(8)
    secret = secrets.token_urlsafe(24)
    return f"{key}.{secret}", key, hash_secret(secret)


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
    key, _, secret = code.strip().partition(".")
    return key, secret


def delay_for(recent_failures: int) -> float:
    """Seconds to wait before answering, doubling with each failure past the free ones."""
    if recent_failures < FREE_FAILURES:
        return 0.0
    return min(MAX_DELAY_S, 0.25 * 2 ** (recent_failures - FREE_FAILURES))
