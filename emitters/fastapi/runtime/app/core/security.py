"""Passwords (bcrypt, cost 10) and access tokens (HS256 JWT)."""

import time

import bcrypt
import jwt

from app.core.validation import INT64_MAX, INT64_MIN, MAX_PASSWORD_BYTES

BCRYPT_ROUNDS = 10
# Verified against when the identity is unknown, so that a wrong identity
# costs as much as a wrong password.
_DUMMY_HASH = bcrypt.hashpw(b"bgen-dummy-password", bcrypt.gensalt(BCRYPT_ROUNDS))


def hash_password(password: str) -> str:
    """The bcrypt hash of a password validation let through (at most
    MAX_PASSWORD_BYTES in UTF-8: bcrypt reads no further)."""
    return bcrypt.hashpw(
        password.encode("utf-8"), bcrypt.gensalt(BCRYPT_ROUNDS)
    ).decode()


def verify_password(password: str, hashed: str | None) -> bool:
    """Checks a password; with no hash, or a password longer than any that
    was hashed, does the same work and fails."""
    secret = password.encode("utf-8", "surrogatepass")
    if hashed is None or len(secret) > MAX_PASSWORD_BYTES:
        bcrypt.checkpw(secret[:MAX_PASSWORD_BYTES], _DUMMY_HASH)
        return False
    stored = hashed.encode()
    if stored.startswith(b"$2y$"):
        stored = b"$2b$" + stored[4:]
    try:
        return bcrypt.checkpw(secret, stored)
    except ValueError:
        return False


def issue_token(subject: str, role: str | None, secret: str, ttl_seconds: int) -> str:
    now = int(time.time())
    claims: dict[str, object] = {"sub": subject, "iat": now, "exp": now + ttl_seconds}
    if role is not None:
        claims["role"] = role
    return jwt.encode(claims, secret, algorithm="HS256")


def _int64_claim(claims: dict[str, object], name: str) -> bool:
    """Whether the claim, if present, is a JSON integer within 64 bits."""
    value = claims.get(name, 0)
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and INT64_MIN <= value <= INT64_MAX
    )


def token_subject(token: str, secret: str) -> str | None:
    """The token's subject, or None when the token is not valid now: `exp`
    required and `iat` optional, each an integer (PyJWT checks that exp is
    not past and iat not in the future)."""
    try:
        claims: dict[str, object] = jwt.decode(
            token,
            secret,
            algorithms=["HS256"],
            options={"require": ["sub", "exp"]},
        )
    except jwt.PyJWTError:
        return None
    if not (_int64_claim(claims, "exp") and _int64_claim(claims, "iat")):
        return None
    subject = claims.get("sub")
    return subject if isinstance(subject, str) else None
