"""Dates, times, numbers and phone numbers as pages and mail show them: one format per language.

Finnish "2.12.2026 klo 7.28", Swedish "2.12.2026 kl. 7.28", English in British form with a
24-hour clock ("2 Dec 2026, 07:28"). Every page, mail and chart asks this module (in templates
through the filters `moment`, `day`, `short_day`, `long_day`, `clock`, `number` and `phone`,
registered by `init_app`); nothing else formats a date for a reader. Babel formats with explicit
patterns so that each language keeps one form whatever CLDR's "short"/"long" become, in the
locales of Finland (fi_FI, sv_FI) and British English (en_GB).

Times are stored in UTC and shown in the display time zone (`local_time`). Files read by
programs (the statistics CSV, the API, the subject export) keep ISO 8601 and do not come here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from flask import Flask, current_app
from markupsafe import Markup, escape

from helpbutton import contact_details, local_time, public_languages
from helpbutton.i18n import current_language


@dataclass(frozen=True)
class Style:
    locale: str
    moment: str  # a date with its time
    day: str  # a date alone
    short_day: str  # a day and month, where the year is plain (a chart's weeks)
    long_day: str  # the weekday and date, to be read in a sentence ("by … at the latest")
    clock: str  # a time of day alone


STYLES = {
    # CLDR's Finnish format-form weekday is the essive ("maanantaina"): "viimeistään
    # maanantaina 7. joulukuuta 2026" reads as a sentence.
    "fi": Style("fi_FI", "d.M.y 'klo' H.mm", "d.M.y", "d.M.", "EEEE d. MMMM y", "H.mm"),
    "sv": Style("sv_FI", "d.M.y 'kl'. H.mm", "d.M.y", "d.M.", "EEEE d MMMM y", "H.mm"),
    "en": Style("en_GB", "d MMM y, HH:mm", "d MMM y", "d MMM", "EEEE d MMMM y", "HH:mm"),
    # The public side's other languages. Babel writes Latin digits in every one; the month's
    # name in the format (genitive) form reads in "by … at the latest".
    "ru": Style("ru_RU", "dd.MM.y, HH:mm", "dd.MM.y", "dd.MM", "d MMMM y", "HH:mm"),
    "uk": Style("uk_UA", "dd.MM.y, HH:mm", "dd.MM.y", "dd.MM", "d MMMM y", "HH:mm"),
    "et": Style("et_EE", "d.MM.y HH:mm", "d.MM.y", "d.MM", "d. MMMM y", "HH:mm"),
    "ar": Style("ar", "d/M/y HH:mm", "d/M/y", "d/M", "EEEE d MMMM y", "HH:mm"),
    "so": Style("so_SO", "dd/MM/y HH:mm", "dd/MM/y", "dd/MM", "EEEE, d MMMM y", "HH:mm"),
    "fa": Style("fa_IR", "y/M/d HH:mm", "y/M/d", "M/d", "EEEE d MMMM y", "HH:mm"),
}
STYLES["selko"] = STYLES["fi"]  # plain-language Finnish writes dates as Finnish does


def style(lang: str | None = None) -> Style:
    """The formats of a language (the request's or the mail's by default)."""
    chosen = lang or current_language()
    return STYLES.get(chosen) or STYLES[current_app.config["DEFAULT_LANGUAGE"]]


def moment(value: datetime | None, lang: str | None = None) -> str:
    """A stored instant as local date and time; "" for none."""
    if value is None:
        return ""
    s = style(lang)
    return format_datetime(value, s.moment, tzinfo=local_time.zone(), locale=s.locale)


def _day_of(value: date | datetime) -> date:
    # An instant falls on its local day; a date is a calendar day already.
    return local_time.local_date(value) if isinstance(value, datetime) else value


def _date(value: date | datetime | None, pattern: str, locale: str) -> str:
    return "" if value is None else format_date(_day_of(value), pattern, locale=locale)


def day(value: date | datetime | None, lang: str | None = None) -> str:
    s = style(lang)
    return _date(value, s.day, s.locale)


def short_day(value: date | datetime | None, lang: str | None = None) -> str:
    s = style(lang)
    return _date(value, s.short_day, s.locale)


def long_day(value: date | datetime | None, lang: str | None = None) -> str:
    s = style(lang)
    return _date(value, s.long_day, s.locale)


def clock(value: datetime | None, lang: str | None = None) -> str:
    """The local time of day of an instant ("7.28", "07:28")."""
    if value is None:
        return ""
    s = style(lang)
    return format_datetime(value, s.clock, tzinfo=local_time.zone(), locale=s.locale)


def number(value: int | float | None, decimals: int | None = None,
           lang: str | None = None) -> str:
    """A number in the language's form ("1 234", "2,5"): whole numbers without decimals,
    otherwise `decimals` places (or as many as it has, up to three)."""
    if value is None:
        return ""
    if decimals is None:
        decimals = 0 if isinstance(value, int) or float(value).is_integer() else None
    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, pattern, locale=style(lang).locale)


def phone(value: str | None) -> str:
    """A phone number grouped in international form (+358 40 765 4321)."""
    return contact_details.display_phone(value or "")


def _right_to_left() -> bool:
    return public_languages.language(current_language()).rtl


def ltr(value, tag: str = "bdi") -> Markup | str:
    """`value` isolated and read left to right inside right-to-left text (`<bdi dir="ltr">`):
    a phone number, a reference, a numeric date, so that "040 123 4567" does not come out as
    "4567 123 040" in Arabic or Persian. Left-to-right text needs nothing and gets `value`.
    Mail asks for a `span` (dir="ltr" isolates it too), which more mail clients know."""
    if not _right_to_left():
        return value
    return Markup('<%s dir="ltr">%s</%s>') % (Markup(tag), value, Markup(tag))


def isolated(value, tag: str = "bdi") -> Markup | str:
    """`value` isolated in its own direction (`<bdi dir="auto">`) inside right-to-left text: a
    date in words ("الاثنين 7 ديسمبر 2026"), which is itself right to left and would be scrambled
    if forced left to right, but must not run into the words around it. Left-to-right text
    gets `value`."""
    if not _right_to_left():
        return value
    return Markup('<%s dir="auto">%s</%s>') % (Markup(tag), value, Markup(tag))


# A phone number or another run of digits written into a sentence ("for example 040 123 4567
# or +46 70 123 4567"): two digits or more, with the spaces and a leading + between them.
_NUMBER_RUN = re.compile(r"(?<![\w+])\+?\d[\d ]*\d(?!\w)")


def ltr_numbers(text) -> Markup | str:
    """`text` (a hint or an error message) with each run of digits in it isolated left to right
    (`ltr`) inside right-to-left text, so that the examples in a translated sentence keep their
    order. Left-to-right text gets `text`."""
    if not _right_to_left():
        return text
    return Markup(_NUMBER_RUN.sub(lambda m: f'<bdi dir="ltr">{m.group(0)}</bdi>',
                                  str(escape(text))))


FILTERS = {"moment": moment, "day": day, "short_day": short_day, "long_day": long_day,
           "clock": clock, "number": number, "phone": phone, "ltr": ltr, "isolated": isolated,
           "ltr_numbers": ltr_numbers}


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(FILTERS)
