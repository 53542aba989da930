"""The kinds of object whose texts the administrators write, and the fields of each, as the
pages "Texts in other languages" and "Texts by language" name them."""
from __future__ import annotations

from typing import NamedTuple

from flask_babel import lazy_gettext as _l

from helpbutton.public_languages import OWN_NAMES, PUBLIC_CODES

# Every public language, in the staff's language (the public side names each in itself).
LANGUAGE_NAMES = {
    "fi": _l("Finnish"), "sv": _l("Swedish"), "selko": OWN_NAMES["selko"], "en": _l("English"),
    "ru": _l("Russian"), "uk": _l("Ukrainian"), "et": _l("Estonian"), "ar": _l("Arabic"),
    "so": _l("Somali"), "fa": _l("Persian"),
}
assert set(LANGUAGE_NAMES) == set(PUBLIC_CODES)


class Field(NamedTuple):
    name: str
    label: object
    long: bool = False  # a text area rather than a line
    max_length: int | None = None


class Kind(NamedTuple):
    code: str  # in the page's URL
    label: object
    fields: tuple[Field, ...]


KINDS = {
    "topic": Kind("topic", _l("Topic"), (
        Field("label", _l("Name"), max_length=120), Field("help", _l("Help text"), max_length=300),
        Field("notice", _l("Notice shown when chosen"), long=True))),
    "centre": Kind("centre", _l("Centre"), (
        Field("hours", _l("Opening hours"), max_length=200),)),
    "region": Kind("region", _l("County texts"), (
        Field("where_to_turn", _l("Where to turn"), long=True),
        Field("social_emergency_name", _l("Name of the social emergency service"),
              max_length=160))),
    "template": Kind("template", _l("Message template"), (
        Field("name", _l("Name"), max_length=80), Field("body", _l("Text"), long=True))),
    "legal": Kind("legal", _l("Legal texts"), (
        Field("dpo_name", _l("Data protection officer"), max_length=160),
        Field("authority_name", _l("Supervising authority"), max_length=160))),
}


def language_name(code: str) -> str:
    return str(LANGUAGE_NAMES.get(code, code))
