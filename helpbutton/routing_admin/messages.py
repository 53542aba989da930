"""Problems of the routing configuration as sentences in the user's language.

A sentence names fields by their form labels and centres and municipalities in the reader's
language. What a person has to type into an import file as it is (a key of the file, a
language code, a value the file got wrong) is shown as <code>: the sentences are Markup, with
every value escaped.
"""
from datetime import date
from typing import Any

from flask_babel import gettext
from markupsafe import Markup, escape

from helpbutton import formatting
from helpbutton.i18n import current_language
from helpbutton.names import language_name
from helpbutton.routing_admin.change_text import FIELD_LABELS
from helpbutton.routing_admin.transfer import ImportProblem
from helpbutton.routing_admin.validation import Problem
from helpbutton.triage.labels import AGE_BAND

# The entries of an import file that are not fields of a form, by the file's key.
_FILE_FIELDS = {
    "target_centre": FIELD_LABELS["target_centre_id"],
    "default_centre": FIELD_LABELS["default_centre_id"],
    "fallback_centre": FIELD_LABELS["fallback_centre_id"],
}


def _(msgid: str, **params: Any) -> Markup:
    """A translated sentence as Markup: the translation and its values escaped, Markup values
    (code) kept."""
    sentence = escape(gettext(msgid))
    return sentence % params if params else sentence


def code(text: Any) -> Markup:
    return Markup("<code>{}</code>").format(text)


def _codes(values: str) -> Markup:
    """"a, b" (a problem's list of values from a file) as code, one by one."""
    return Markup(", ").join(code(v.strip()) for v in str(values).split(",") if v.strip())


def _in_language(name: Any) -> str:
    """A name given in each language ({"fi": …}) in the reader's; a plain name as it is."""
    if isinstance(name, dict):
        return name.get(current_language()) or name.get("fi") or ""
    return str(name)


def field_label(key: str | None) -> Markup | str:
    """A field by its form label; a key this version has no label for, as code."""
    label = _FILE_FIELDS.get(key or "") or FIELD_LABELS.get(key or "")
    return str(label) if label is not None else code(key)


def _day(iso: str) -> str:
    # Problems carry ISO dates (an import's report is data); the sentence writes them out.
    return formatting.day(date.fromisoformat(iso))


def _names(p: dict) -> str:
    """A list of municipality names, in Swedish for a Swedish speaker."""
    return p.get("values_sv", p["values"]) if current_language() == "sv" else p["values"]


def language_loss_lines(combinations: list[dict]) -> list[Markup]:
    """Each combination that would lose service in its language, as a sentence."""
    lang = current_language()
    lines = []
    for c in combinations:
        bands = [str(AGE_BAND[b]) if b else _("no age given") for b in c["bands"]]
        lines.append(_("%(municipality)s, %(language)s: %(topic)s (%(ages)s) would go to "
                       "%(centre)s, which does not serve in this language",
                       municipality=c["municipality"].get(lang, c["municipality"]["fi"]),
                       language=language_name(c["language"]),
                       topic=c["topic"].get(lang, c["topic"]["fi"]), ages=", ".join(bands),
                       centre=c["centre"].get(lang, c["centre"]["fi"])))
    return lines


def _language_lost(p: dict) -> Markup:
    shown = language_loss_lines(p["combinations"][:8])
    more = len(p["combinations"]) - len(shown)
    text = _("Families have a right to service in their language here, and this change would "
             "take it away: %(combinations)s.", combinations=Markup("; ").join(shown))
    if more > 0:
        text += " " + _("And %(count)d more.", count=more)
    if p.get("can_confirm"):
        return text + " " + _("To make the change anyway, give the reason below; it is recorded "
                              "in the history.")
    return text + " " + _("Only the region's administrator can confirm such a change.")


def problem_text(problem: Problem) -> Markup:
    p = problem.params
    texts = {
        "required": lambda: _("This is required."),
        "too_long": lambda: _("Use at most %(max)d characters.", max=p["max"]),
        "name_too_long": lambda: _("Use at most %(max)d characters.", max=p["max"]),
        "unknown_topic": lambda: _("Unknown topic: %(values)s.", values=_codes(p["values"])),
        "unknown_language": lambda: _(
            "Unknown language: %(values)s. Write a language code such as %(fi)s for Finnish, "
            "%(sv)s for Swedish or %(ar)s for Arabic.", values=_codes(p["values"]),
            fi=code("fi"), sv=code("sv"), ar=code("ar")) if p.get("rule") else _(
            "Unknown language: %(values)s. Write %(fi)s for Finnish, %(sv)s for Swedish or "
            "%(en)s for English.", values=_codes(p["values"]), fi=code("fi"), sv=code("sv"),
            en=code("en")),
        "unknown_channel": lambda: _("Unknown channel: %(values)s.", values=_codes(p["values"])),
        "age_out_of_range": lambda: _("An age is between 0 and %(max)d, or \"expecting\".",
                                      max=p["max"]),
        "age_range_reversed": lambda: _(
            "The age range is upside down: the lowest age (%(low)s) is above the highest "
            "(%(high)s).", low=p["low"], high=p["high"]),
        "postal_code_format": lambda: _("A postal code has five digits: %(values)s.",
                                        values=p["values"]),
        "postal_code_outside": lambda: _(
            "These postal codes are not in %(municipality)s: %(values)s.",
            municipality=_in_language(p["municipality"]), values=p["values"]),
        "target_missing": lambda: _("Choose a centre of the region."),
        "target_not_serving": lambda: _(
            "%(centre)s does not serve %(municipality)s. Choose a centre that serves it, or "
            "add the municipality to the centre's area first.",
            centre=_in_language(p["centre"]), municipality=_in_language(p["municipality"])),
        "centre_inactive": lambda: _("%(centre)s is not active.",
                                     centre=_in_language(p["centre"])),
        "centre_in_use": lambda: _("This centre is the region's fallback centre and must stay "
                                   "active. Choose another fallback centre first."),
        "fallback_required": lambda: _("Choose the region's fallback centre."),
        "dates_reversed": lambda: _("The rule would end (%(end)s) before it starts "
                                    "(%(start)s).", start=_day(p["start"]), end=_day(p["end"])),
        "languages_required": lambda: _("Choose at least one language."),
        "serves_required": lambda: _("Choose at least one municipality."),
        "serves_still_needed": lambda: _(
            "Rules or the default centre of these municipalities send requests to this "
            "centre, so it must keep serving them: %(values)s. Change those first.",
            values=_names(p)),
        "moves_other_municipalities": lambda: _(
            "This change would send requests of other municipalities elsewhere: %(values)s. "
            "Only the region's administrator can make it.", values=_names(p)),
        "shared_centre": lambda: _(
            "This centre serves other municipalities too, so only the region's administrator "
            "can change this. You can add your own municipality to its area or remove it."),
        "language_service_lost": lambda: _language_lost(p),
        "serves_outside_region": lambda: _("Not municipalities of the region: %(values)s.",
                                           values=p["values"]),
        "email_invalid": lambda: _("Check the email address, for example name@example.fi."),
        "phone_invalid": lambda: _("Check the phone number, for example +358 2 123 4567."),
        "promise_days_range": lambda: _("Give a number of working days from 1 to %(max)d.",
                                        max=p["max"]),
        "urgent_promise_negative": lambda: _("Give a number of working days: 0 or more."),
        "urgent_promise_longer": lambda: _(
            "An urgent request cannot be promised a longer time than other requests: give "
            "at most %(max)d working days.", max=p["max"]),
        "escalate_days_range": lambda: _("Give a number of working days from 1 to %(max)d.",
                                         max=p["max"]),
        "topic_code_format": lambda: _("Use 2–32 lowercase letters, digits or underscores, "
                                       "starting with a letter."),
        "topic_code_taken": lambda: _("The region already has a topic %(code)s.",
                                      code=code(p["code"])),
        "yaml_syntax": lambda: _("The file is not valid YAML (near line %(line)d).",
                                 line=p["line"]),
        "not_a_config": lambda: _("The file is not a routing configuration."),
        "too_large": lambda: _("The file is too large."),
        "unknown_key": lambda: _("Unknown entry \"%(key)s\".", key=code(p["key"])),
        "wrong_type": lambda: _("The entry \"%(key)s\" has a value of the wrong kind.",
                                key=code(p["key"])),
        "wrong_format": lambda: _("The file is not a routing configuration export (format "
                                  "%(format)s, version %(version)d).",
                                  format=p["format"], version=p["version"]),
        "other_municipality": lambda: _(
            "The file is for municipality %(got)s, not for %(expected)s.",
            got=p["got"], expected=p["expected"]),
        "unknown_centre_key": lambda: _("No centre has the key %(key)s.", key=code(p["key"])),
        "ambiguous_centre_key": lambda: _("Several centres have the key %(key)s.",
                                          key=code(p["key"])),
        "duplicate_key": lambda: _("The key %(key)s is used twice.", key=code(p["key"])),
    }
    make = texts.get(problem.code)
    return make() if make else _("The configuration has a problem this version cannot "
                                 "describe (%(problem)s).", problem=code(problem.code))


def import_problem_text(item: ImportProblem) -> Markup:
    text = problem_text(item.problem)
    where = item.problem.field
    if item.where == "rule":
        prefix = _("Rule %(number)d (\"%(name)s\")", number=item.index, name=item.label) \
            if item.label else _("Rule %(number)d", number=item.index)
    elif item.where == "centre":
        prefix = _("Centre %(number)d (%(key)s)", number=item.index, key=item.label)
    else:
        prefix = _("The file")
    if where and item.problem.code not in ("unknown_key", "wrong_type", "required"):
        return _("%(where)s, %(field)s: %(text)s", where=prefix, field=field_label(where),
                 text=text)
    if item.problem.code == "required" and where:
        return _("%(where)s: \"%(field)s\" is missing.", where=prefix, field=code(where))
    return _("%(where)s: %(text)s", where=prefix, text=text)
