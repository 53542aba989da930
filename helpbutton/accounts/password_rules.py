"""What makes a staff password acceptable (plain Python, no Flask).

Length first (NIST SP 800-63B: at least 12 here, no composition rules), then a refusal of
commonly used passwords: the list itself, and the usual disguises of a listed password —
digits or punctuation added at the end ("password2026!"), or the word repeated
("qwertyqwerty").
"""
import re
from functools import lru_cache
from pathlib import Path

MIN_LENGTH = 12
MAX_LENGTH = 256  # Argon2 copes with more; this only stops absurd input.
_LIST = Path(__file__).resolve().parent.parent / "data" / "common_passwords.txt"
_TRAILING_NOISE = re.compile(r"[\d\W_]+$")


class PasswordProblem(Exception):
    """Why a password is refused; `code` is one of TOO_SHORT, TOO_LONG, COMMON, PERSONAL."""

    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    COMMON = "common"
    PERSONAL = "personal"

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    with open(_LIST, encoding="utf-8") as f:
        return frozenset(line.strip() for line in f if line.strip() and not line.startswith("#"))


def is_common(password: str) -> bool:
    words = common_passwords()
    candidate = password.strip().lower()
    if candidate in words:
        return True
    stem = _TRAILING_NOISE.sub("", candidate)
    if stem != candidate and (stem in words or len(set(stem)) <= 1):
        return True
    for size in range(1, len(candidate) // 2 + 1):
        if len(candidate) % size == 0 and candidate == candidate[:size] * (len(candidate) // size):
            unit = candidate[:size]
            return size < 4 or unit in words or _TRAILING_NOISE.sub("", unit) in words
    return False


def check_password(password: str, *, personal: tuple[str, ...] = ()) -> None:
    """Raise PasswordProblem when `password` is not acceptable. `personal`: the account's
    email and name, which must not be the password."""
    if len(password) < MIN_LENGTH:
        raise PasswordProblem(PasswordProblem.TOO_SHORT)
    if len(password) > MAX_LENGTH:
        raise PasswordProblem(PasswordProblem.TOO_LONG)
    lowered = password.strip().lower()
    for value in personal:
        value = (value or "").strip().lower()
        if value and (lowered == value or lowered == value.split("@")[0]
                      or (len(value) >= 6 and value in lowered
                          and len(lowered) - len(value) < 6)):
            raise PasswordProblem(PasswordProblem.PERSONAL)
    if is_common(password):
        raise PasswordProblem(PasswordProblem.COMMON)
