"""Password hashing with Argon2id (argon2-cffi's defaults or stronger)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from workstation.errors import InputError

MIN_PASSWORD_LENGTH = 12

#: argon2-cffi's defaults are Argon2id, t=3, m=64 MiB, p=4 (about 160 ms a check on a desk machine).
_HASHER = PasswordHasher()


def check_password_policy(password: str) -> None:
    """Refuse passwords that are too short or trivially weak.

    Raises:
        InputError: With the reason, for the user.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")
    if len(set(password)) < 5:
        raise InputError("The password is too repetitive.")


def hash_password(password: str) -> str:
    """An Argon2id hash string (parameters and salt included)."""
    check_password_policy(password)
    return _HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash``; never raises for a wrong password."""
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether the hash was made with weaker parameters than today's and should be renewed at login."""
    try:
        return _HASHER.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True
