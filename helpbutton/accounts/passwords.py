"""Password hashing with Argon2 (argon2-cffi's recommended parameters by default)."""
from collections.abc import Mapping

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def configure(config: Mapping) -> None:
    """Apply ARGON2_* settings; the test suite lowers the cost so sign-ins stay quick."""
    global _hasher
    defaults = PasswordHasher()
    _hasher = PasswordHasher(
        time_cost=config.get("ARGON2_TIME_COST", defaults.time_cost),
        memory_cost=config.get("ARGON2_MEMORY_COST", defaults.memory_cost),
        parallelism=config.get("ARGON2_PARALLELISM", defaults.parallelism),
    )


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
