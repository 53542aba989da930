"""The social emergency service the public layout names when a view gave none.

A page about a request (confirmation, follow-up) names its municipality's; any other public page
(the form before a municipality is chosen, the privacy notice, an error page) the county the
public side serves. With the database away, the last known choices; with nothing known, None
(the layout then gives only the general guidance).
"""
from __future__ import annotations

from helpbutton.emergency import CountyEmergency, SocialEmergency, social_emergency
from helpbutton.errors import DATABASE_UNAVAILABLE
from helpbutton.extensions import db
from helpbutton.i18n import current_language
from helpbutton.intake import operations as intake
from helpbutton.intake.choices import MunicipalityChoice, form_choices, last_known_choices
from helpbutton.models import Municipality


def page_emergency(municipality=None, cached_only: bool = False) -> SocialEmergency | None:
    """`cached_only`: the database is away (a 503 page), only the last known choices serve."""
    lang = current_language()
    if isinstance(municipality, Municipality):
        return social_emergency(CountyEmergency.of(municipality.region), municipality, lang)
    if not isinstance(municipality, MunicipalityChoice):
        municipality = None  # none named (or undefined in the template)
    if cached_only:
        known = last_known_choices()
        return known.social_emergency(municipality, lang) if known else None
    try:
        choices = form_choices(db.session)
    except intake.RegionNotConfigured:
        return None
    except DATABASE_UNAVAILABLE:
        try:
            db.session.rollback()
        except DATABASE_UNAVAILABLE:
            pass  # the connection is gone with the database; the pool replaces it
        choices = last_known_choices()
    if choices is None:
        return None
    return choices.social_emergency(municipality, lang)
