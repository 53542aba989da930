"""One rule for every text a family, a partner or a worker sends (plain Python, no Flask).

The database cannot store some characters: PostgreSQL refuses NUL in text, and a lone
surrogate (which JSON's `\\ud800` escape can carry) cannot be encoded as UTF-8 at all, so left
in they turn bad input into a server error at the insert. Other control characters nobody types
(only tab, line feed and carriage return are text) would break the pages that show them. Such
text is refused with a message by the form or the API, never stripped without a word.
"""
import re

_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# What a refused character is shown as when the text comes back to be corrected.
MARK = "\ufffd"


def has_refused_characters(value) -> bool:
    return isinstance(value, str) and _REFUSED.search(value) is not None


def marked(value):
    """The text with each refused character shown as MARK, so that the person sees where the
    problem was and loses nothing else they typed; anything that is not text unchanged."""
    return _REFUSED.sub(MARK, value) if isinstance(value, str) else value
