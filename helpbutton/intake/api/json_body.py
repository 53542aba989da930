"""Reading a JSON body safely: anything that is not a plain JSON document is a ValueError.

`request.get_json` lets a RecursionError escape (a body of 1,500 `[`), and Python's parser
takes `NaN` and `Infinity`, which JSON has not. The nesting is counted before parsing, so no
body, however built, reaches the parser's recursion limit.
"""
import json
import re

MAX_DEPTH = 32  # a request body is an object of scalars and one list: 2 is all it needs
# The characters that matter for nesting; an escape is taken whole, so `\"` ends no string.
_TOKEN = re.compile(r'\\.|["\[\]{}]', re.DOTALL)


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def _too_deep(text: str) -> bool:
    depth, in_string = 0, False
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token == '"':
            in_string = not in_string
        elif in_string or token[0] == "\\":
            continue
        elif token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        else:
            depth -= 1
    return False


def loads(data: bytes):
    """The document in `data` (UTF-8, RFC 8259). Raises ValueError for anything else."""
    text = data.decode("utf-8")  # UnicodeDecodeError is a ValueError
    if _too_deep(text):
        raise ValueError("nested too deeply")
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:  # cannot happen after the count; kept so it never becomes a 500
        raise ValueError("nested too deeply") from None
