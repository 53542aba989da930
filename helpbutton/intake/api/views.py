"""/api/v1/: the topics and municipalities (public) and partners' requests (with a key)."""
import hashlib
import logging
import string

import sqlalchemy as sa
from flask import Blueprint, g, jsonify, request
from flask_babel import refresh
from werkzeug.exceptions import RequestEntityTooLarge

from helpbutton.extensions import csrf, db, limiter
from helpbutton.i18n import best_browser_language
from helpbutton.intake import follow_up
from helpbutton.intake import operations as intake
from helpbutton.intake.api import json_body, limits, messages
from helpbutton.intake.api.errors import ApiError
from helpbutton.intake.api.openapi import document
from helpbutton.intake.api.payload import LANGUAGES, fingerprint, parse
from helpbutton.models import Channel, Municipality, Topic
from helpbutton.partners import operations as partners
from helpbutton.web.guarded import commit_or_rollback, unit_of_work

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
log = logging.getLogger(__name__)

MAX_BODY = 32 * 1024
CACHE_LISTS = "public, max-age=300"
# Asked with a partner's key, the lists are its county's: not for a shared cache.
CACHE_KEYED_LISTS = "private, max-age=300"
IDEMPOTENCY_KEY_MAX = 128
_IDEMPOTENCY_CHARS = frozenset(string.ascii_letters + string.digits + "-_.:")


@bp.before_request
def limit_body_and_pick_language():
    # Flask 3.1: a per-request limit; reading a larger body raises 413.
    request.max_content_length = MAX_BODY
    if request.content_length is not None and request.content_length > MAX_BODY:
        raise RequestEntityTooLarge()
    lang = request.args.get("lang")
    g.lang = lang if lang in LANGUAGES else best_browser_language()
    if lang is not None and lang not in LANGUAGES:
        raise ApiError(400, {"lang": messages.field("language")})


def _use_language(lang: str) -> None:
    g.lang = lang
    refresh()  # Flask-Babel caches the locale per request


def _cacheable(body: dict):
    response = jsonify(body)
    keyed = limits.bearer_token() is not None
    # applied after every other after-request function
    g.api_cache_control = CACHE_KEYED_LISTS if keyed else CACHE_LISTS
    response.vary.add("Accept-Language")
    response.vary.add("Authorization")
    return response


def _region():
    """The county whose lists are asked for: a partner's own (with its key; a key that is not
    valid is refused, never answered with another county's lists), else the one `?county=`
    names (a slug or code), else the public one."""
    if limits.bearer_token() is not None:
        return partners.partner_region(db.session, _authenticated_partner())
    county = request.args.get("county")
    if county is not None and not (0 < len(county) <= 40 and county.isprintable()
                                   and "\x00" not in county):
        raise ApiError(404)
    try:
        return intake.public_region(db.session, county)
    except intake.RegionNotConfigured:
        # A county asked for that is not one in service: not found; none at all: unavailable.
        raise ApiError(404 if county else 503) from None


@bp.get("/topics")
def topics():
    region = _region()
    rows = db.session.scalars(
        sa.select(Topic).where(Topic.region_id == region.id, Topic.active.is_(True))
        .order_by(Topic.position, Topic.code)
    )
    lang = g.lang
    return _cacheable({"language": lang, "topics": [
        {"code": t.code, "label": t.label(lang), "help": t.help(lang), "notice": t.notice(lang)}
        for t in rows
    ]})


@bp.get("/municipalities")
def municipalities():
    region = _region()
    rows = db.session.scalars(
        sa.select(Municipality)
        .where(Municipality.region_id == region.id, Municipality.active.is_(True))
        .order_by(Municipality.name_sv if g.lang == "sv" else Municipality.name_fi)
    )
    lang = g.lang
    # The number that applies (the municipality's own, else the county's), never an example.
    county = None if region.social_emergency_example else region.social_emergency_phone
    return _cacheable({"language": lang, "municipalities": [
        {"code": m.code, "name": m.name(lang), "name_fi": m.name_fi, "name_sv": m.name_sv,
         "languages": list(m.languages),
         "social_emergency_phone": m.social_emergency_phone or county}
        for m in rows
    ]})


@bp.get("/openapi.json")
def openapi():
    return _cacheable(document())


def _authenticated_partner():
    partner = partners.partner_by_api_key(db.session, limits.bearer_token())
    if partner is None:
        raise ApiError(401)
    if not partner.active:
        raise ApiError(403)
    return partner


def _submission_key(partner) -> str | None:
    """The partner's Idempotency-Key as this API has always handed it to intake (which
    namespaces it by channel and partner), so that keys stored before stay found."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not (0 < len(key) <= IDEMPOTENCY_KEY_MAX and set(key) <= _IDEMPOTENCY_CHARS):
        raise ApiError(400, {"Idempotency-Key": messages.field("idempotency_key")})
    return hashlib.sha256(f"partner:{partner.id}:{key}".encode()).hexdigest()


def _json_body() -> dict:
    if request.mimetype != "application/json":
        raise ApiError(415)
    data = request.get_data(cache=True)  # 413 for an over-long body
    try:
        body = json_body.loads(data)
    except ValueError:
        raise ApiError(400) from None
    if not isinstance(body, dict):
        raise ApiError(400)
    return body


@bp.post("/requests")
@limiter.limit(limits.per_address_limit, key_func=limits.address_key)
@limiter.limit(limits.per_key_limit, key_func=limits.partner_key)
@unit_of_work
def create_request():
    partner = _authenticated_partner()
    body = _json_body()
    submission_key = _submission_key(partner)
    if body.get("language") in LANGUAGES:
        _use_language(body["language"])
    parsed = parse(body, default_language=g.lang, default_municipality=partner.municipality_code)
    if parsed.unreadable:  # not a request that could be corrected field by field: unreadable
        raise ApiError(400, messages.fields(parsed.unreadable))
    if parsed.problems:
        raise ApiError(422, messages.fields(parsed.problems))

    region = partners.partner_region(db.session, partner)
    try:
        submitted = intake.submit_help_request(
            db.session, region, parsed.data, channel=Channel.API, partner=partner,
            submission_key=submission_key, fingerprint=fingerprint(body),
        )
    except intake.IntakeInvalid as invalid:
        raise ApiError(422, invalid.errors) from None  # rolled back by the unit of work
    except intake.SubmissionKeyReused:
        reused = messages.field("idempotency_key_reused")
        raise ApiError(422, {"Idempotency-Key": reused}, message=reused,
                       name="idempotency_key_reused") from None
    commit_or_rollback()  # before the answer: a partner told "created" finds it stored

    help_request = submitted.request
    token = submitted.follow_up_token
    # No personal data, no secrets: the partner's id and the outcome only.
    log.info("api request partner=%s created=%s", partner.id, submitted.created)
    response = jsonify({
        "reference": help_request.reference,
        "status": help_request.status.value,
        "due_at": help_request.due_at.isoformat(),
        "follow_up_url": _follow_up_url(token, help_request.ui_language),
    })
    response.status_code = 201 if submitted.created else 200
    response.headers["Cache-Control"] = "no-store"
    return response


def _follow_up_url(token: str | None, lang: str) -> str | None:
    return follow_up.follow_up_url(token, lang) if token else None
