"""Intake: validate a family's request for help, store it, route it and queue the mail.

Used by the public form, the JSON API and the form staff record a family's call or visit in
(triage/record_views.py). `validate_intake` is the one place where the rules
for a request's fields live; `submit_help_request` flushes and the caller commits once, so the
request, its events and the queued mail are stored together or not at all.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import exc as sa_exc
from sqlalchemy import orm as so
from sqlalchemy.orm import Session

from helpbutton import due, local_time, routing, text_rules
from helpbutton.checked_form import REFUSED_MESSAGE
from helpbutton.contact_details import normalize_email, normalize_phone
from helpbutton.dbtypes import DbSession
from helpbutton.i18n import current_language
from helpbutton.intake import follow_up, topic_cache
from helpbutton.intake.field_rules import age_band, valid_age, valid_postal_code_format
from helpbutton.intake.follow_up import (
    follow_up_token_again,
)
from helpbutton.intake.topic_cache import TopicRef
from helpbutton.interpreter_languages import INTERPRETER_CODES
from helpbutton.mail import family_notices, notifications
from helpbutton.models import (
    STAFF_CHANNELS,
    Channel,
    ContactMethod,
    EventKind,
    HelpRequest,
    Municipality,
    Partner,
    PostalCode,
    Region,
    RequestEvent,
    Topic,
)
from helpbutton.public_languages import PUBLIC_CODES
from helpbutton.routing_admin import router as routing_service

DESCRIPTION_MAX = 2000
CONTACT_TIMES_MAX = 200
NAME_MAX = 120
SOMEONE_ELSE_MAX = 200
MAX_CHILDREN = 12
# The form may be in any public language; the service is given in one of these.
FORM_LANGUAGES = PUBLIC_CODES
# "en" only through the API (kept for its partners); the form offers Finnish, Swedish or the
# family's own language with an interpreter (INTERPRETER, with `interpreter_language`).
SERVICE_LANGUAGES = ("fi", "sv", "en")
INTERPRETER = "interpreter"
CONTACT_METHODS = tuple(m.value for m in ContactMethod)
# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a reference read aloud on the phone must not be misheard.
REFERENCE_ALPHABET = "ACDEFHJKMNPRTUVWXY34679"
REFERENCE_LENGTH = 10
TEXT_FIELDS = ("municipality_code", "postal_code", "topic_code", "description", "contact_method",
               "phone", "email", "contact_times", "contact_name", "service_language",
               "if_someone_else_answers", "interpreter_language")


@dataclass
class IntakeData:
    municipality_code: str | None
    postal_code: str | None
    topic_code: str | None
    child_ages: list[int]  # years 0..17; -1 (EXPECTING) for "expecting"
    description: str | None
    urgent: bool
    contact_method: str  # "phone" | "email" | "either"
    phone: str | None
    email: str | None
    contact_times: str | None
    contact_name: str | None
    service_language: str  # "fi" | "sv" | "en" | INTERPRETER
    wants_email_confirmation: bool
    consent: bool
    ui_language: str = "fi"
    # "Is it safe to contact you?" (optional): may a message be left (None: not answered),
    # and what to say if someone else answers the phone.
    may_leave_message: bool | None = None
    if_someone_else_answers: str | None = None
    # The family's own language (interpreter_languages) when service_language is INTERPRETER;
    # ignored with any other service language.
    interpreter_language: str | None = None


class IntakeInvalid(Exception):
    """Bad input: `errors` maps IntakeData field names to messages in the current locale."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(", ".join(sorted(errors)))
        self.errors = errors


class SubmissionKeyReused(Exception):
    """The submission key was seen before with another payload (its fingerprint differs)."""


class RegionNotConfigured(LookupError):
    """No county is loaded (flask refdata load), or not the one SINGLE_COUNTY names."""


@dataclass
class Submitted:
    request: HelpRequest
    # For the family only. Given again to the holder of a key seen before (a double click, a
    # retry); None when it cannot be derived (a request stored before keys were namespaced).
    follow_up_token: str | None
    created: bool


def public_region(session: DbSession, county: str | None = None) -> Region:
    """The county a public list is about (the API's topics and municipalities): the one
    asked for by slug or code, else SINGLE_COUNTY's, else the first county in service."""
    query = sa.select(Region).where(Region.serves)
    for wanted in (current_app.config.get("SINGLE_COUNTY"), county):
        if wanted:
            query = query.where(sa.or_(Region.slug == wanted, Region.code == wanted))
    region = session.scalar(query.order_by(Region.code).limit(1))
    if region is None:
        raise RegionNotConfigured(county or "")
    return region


def _memo(session: DbSession) -> dict:
    """What one transaction has looked up already: the reference rows (municipality, postal
    code, topic) and the submission keys. One submission checks the same municipality and
    topic in the view, in validation and when storing; each is read once, and held here (the
    session's identity map alone holds rows weakly, so a row no one kept is read again).
    Emptied when the transaction ends (commit, rollback, close): then everything is read anew."""
    return session.info.setdefault(_MEMO, {})


_MEMO = "intake_memo"


@sa.event.listens_for(Session, "after_transaction_end")
def _forget(session, transaction) -> None:
    if transaction.parent is None:  # the whole transaction, not a savepoint
        session.info.pop(_MEMO, None)


def _get(session: DbSession, model, key, *options):
    memo = _memo(session)
    if (model, key) not in memo:
        memo[(model, key)] = session.get(model, key, options=options)
    return memo[(model, key)]


# The municipality's county comes with it: one statement rather than two per submission.
_WITH_REGION = so.joinedload(Municipality.region)


def _municipality_of(session: DbSession, municipality_code: str | None,
                     postal_code: str | None) -> Municipality | None:
    code = (municipality_code or "").strip()
    usable = code and len(code) <= 3 and not text_rules.has_refused_characters(code)
    municipality = _get(session, Municipality, code, _WITH_REGION) if usable else None
    if municipality is None:
        postal = (postal_code or "").replace(" ", "").strip()
        found = _get(session, PostalCode, postal) if valid_postal_code_format(postal) else None
        municipality = found.municipality if found is not None else None
    return municipality


def municipality_code_of(session: DbSession, municipality_code: str | None,
                         postal_code: str | None) -> str | None:
    """The municipality chosen, else the postal code's (the postal-code lookup is national)."""
    municipality = _municipality_of(session, municipality_code, postal_code)
    return municipality.code if municipality is not None else None


def region_of(session: DbSession, municipality_code: str | None,
              postal_code: str | None) -> Region | None:
    """The county a request belongs to: its chosen municipality's, else its postal code's.
    None when neither names a known municipality."""
    municipality = _municipality_of(session, municipality_code, postal_code)
    return municipality.region if municipality is not None else None


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def clean(data: IntakeData) -> IntakeData:
    """Trimmed copy: empty strings become None, a postal code loses its spaces."""
    postal = _text(data.postal_code)
    return replace(
        data,
        municipality_code=_text(data.municipality_code),
        postal_code=postal.replace(" ", "") if postal else None,
        topic_code=_text(data.topic_code),
        description=_text(data.description),
        phone=_text(data.phone),
        email=_text(data.email),
        contact_times=_text(data.contact_times),
        contact_name=_text(data.contact_name),
        if_someone_else_answers=_text(data.if_someone_else_answers),
        child_ages=sorted(set(data.child_ages or [])),
        interpreter_language=_text(data.interpreter_language)
        if data.service_language == INTERPRETER else None,
        ui_language=data.ui_language if data.ui_language in FORM_LANGUAGES else "fi",
    )


def resolve_municipality(session: DbSession, region: Region, data: IntakeData) -> str | None:
    """The municipality code the request belongs to: chosen, or derived from the postal code."""
    if data.municipality_code:
        return data.municipality_code
    if data.postal_code:
        postal = _get(session, PostalCode, data.postal_code)
        if postal is not None:
            return postal.municipality_code
    return None


def validate_intake(session: DbSession, region: Region, data: IntakeData) -> dict[str, str]:
    """Every problem with the request, by IntakeData field name; empty when it can be sent."""
    return _validate(session, region, clean(data))[0]


def _validate(session: DbSession, region: Region,
              data: IntakeData) -> tuple[dict[str, str], TopicRef | None]:
    """The errors of cleaned data, and the topic found on the way (so that submitting does not
    look it up twice)."""
    refused = refused_text_fields(data)
    if refused:  # the rest is checked without them: the database could not even compare them
        data = replace(data, **{name: None for name in refused})
    errors: dict[str, str] = {}
    _check_place(session, region, data, errors)

    topic = _topic(session, region, data.topic_code) if data.topic_code else None
    if topic is None:
        errors["topic_code"] = _("Choose what you would like help with.")

    if len(data.child_ages) > MAX_CHILDREN or not all(valid_age(a) for a in data.child_ages):
        errors["child_ages"] = _("Choose the children's ages from the list.")
    if data.description and len(data.description) > DESCRIPTION_MAX:
        errors["description"] = _(
            "The description can be at most %(max)d characters; now it is %(count)d.",
            max=DESCRIPTION_MAX, count=len(data.description),
        )

    _check_contact(data, errors)
    if data.contact_times and len(data.contact_times) > CONTACT_TIMES_MAX:
        errors["contact_times"] = _("Please keep this under %(max)d characters.",
                                    max=CONTACT_TIMES_MAX)
    if data.if_someone_else_answers and len(data.if_someone_else_answers) > SOMEONE_ELSE_MAX:
        errors["if_someone_else_answers"] = _("Please keep this under %(max)d characters.",
                                              max=SOMEONE_ELSE_MAX)
    if data.may_leave_message not in (None, True, False):
        errors["may_leave_message"] = _("Choose one of the answers, or leave it unanswered.")
    if data.contact_name and len(data.contact_name) > NAME_MAX:
        errors["contact_name"] = _("Please keep this under %(max)d characters.", max=NAME_MAX)
    if data.service_language == INTERPRETER:
        if data.interpreter_language not in INTERPRETER_CODES:
            errors["interpreter_language"] = _(
                "Choose your own language from the list, so that we know which interpreter "
                "you need.")
    elif data.service_language not in SERVICE_LANGUAGES:
        errors["service_language"] = _("Choose the language you would like to be served in.")
    if not data.consent:
        errors["consent"] = _("To send the request, please confirm that you have read the "
                              "privacy notice.")
    for name in refused:
        errors[name] = str(REFUSED_MESSAGE)
    return errors, topic


def refused_text_fields(data: IntakeData) -> list[str]:
    """The text fields holding a character the database cannot store (text_rules)."""
    return [name for name in TEXT_FIELDS
            if text_rules.has_refused_characters(getattr(data, name))]


def _check_place(session, region, data: IntakeData, errors: dict[str, str]) -> None:
    municipality = None
    if data.municipality_code:
        municipality = _get(session, Municipality, data.municipality_code)
        if municipality is not None and municipality.region_id != region.id:
            # Never stored in another county: the partner's key, the county's own entry.
            errors["municipality_code"] = _(
                "%(municipality)s is not in %(region)s. Choose a municipality of %(region)s.",
                municipality=municipality.name(_lang()), region=region.name(_lang()))
            municipality = None
        elif municipality is None or not municipality.active:
            errors["municipality_code"] = _("Choose your municipality from the list.")
            municipality = None
    if data.postal_code:
        postal = None
        if not valid_postal_code_format(data.postal_code):
            errors["postal_code"] = _("A postal code has five digits, for example 20100.")
            return
        postal = _get(session, PostalCode, data.postal_code)
        if postal is not None and municipality is not None \
                and postal.municipality_code != municipality.code:
            errors["postal_code"] = _(
                "This postal code is in %(municipality)s, not in the municipality you chose. "
                "Check the postal code or the municipality.",
                municipality=postal.municipality.name(_lang()),
            )
        elif postal is None or postal.municipality.region_id != region.id:
            errors["postal_code"] = _(
                "We do not know this postal code in %(region)s. Check it, or leave it empty "
                "and choose your municipality.", region=region.name(_lang()),
            )
    elif not data.municipality_code:
        errors["municipality_code"] = _("Choose your municipality, or give your postal code.")


def _check_contact(data: IntakeData, errors: dict[str, str]) -> None:
    if data.contact_method not in CONTACT_METHODS:
        errors["contact_method"] = _("Choose how you would like to be contacted.")
    # "either": any one working way to reach the family is enough.
    either_missing = data.contact_method == "either" and not (data.phone or data.email)
    if data.phone:
        if normalize_phone(data.phone) is None:
            errors["phone"] = _("Check the phone number, for example 040 123 4567 or "
                                "+46 70 123 4567.")
    elif data.contact_method == "phone":
        errors["phone"] = _("Give a phone number so that we can call you.")
    elif either_missing:
        errors["phone"] = _("Give a phone number or an email address, or both.")
    if data.email:
        if normalize_email(data.email) is None:
            errors["email"] = _("Check the email address, for example name@example.fi.")
    elif data.contact_method == "email":
        errors["email"] = _("Give an email address so that we can write to you.")
    elif data.wants_email_confirmation:
        errors["email"] = _("Give your email address to get the confirmation by email.")


def _lang() -> str:

    return current_language()


def _topic(session, region: Region, code: str) -> TopicRef | None:
    memo = _memo(session)
    if (Topic, region.id, code) not in memo:
        memo[(Topic, region.id, code)] = topic_cache.active_topic(session, region, code)
    return memo[(Topic, region.id, code)]


def served_in(session: DbSession, municipality_code: str | None, chosen: str) -> str:
    """The language the worker speaks: the one chosen; with an interpreter, the majority
    language of the family's municipality (Swedish where most speak Swedish, else Finnish)."""
    if chosen != INTERPRETER:
        return chosen
    municipality = _get(session, Municipality, municipality_code) if municipality_code else None
    return "sv" if municipality is not None and municipality.languages[0] == "sv" else "fi"


# --- submitting -----------------------------------------------------------------------

# 23^10 (about 4·10^13) references: a clash is so rare that the unique index checks for it,
# at insert time, instead of a query before every insert.
REFERENCE_ATTEMPTS = 5


def _new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def stored_submission_key(channel: Channel, partner: Partner | None, key: str,
                          recorded_by_id: int | None = None) -> str:
    """The key as stored: a hash namespaced by the channel it came through — the public form
    (whatever button led to it), one partner's API key, or one worker's record form — so
    that a key of one channel can never find another channel's request and its follow-up
    link."""
    if channel is Channel.API:
        if partner is None:
            raise ValueError("an API request has a partner")
        scope = f"api:{partner.id}"
    elif recorded_by_id is not None:
        scope = f"staff:{recorded_by_id}"
    else:
        scope = "form"
    return hashlib.sha256(f"{scope}\n{key}".encode()).hexdigest()


def _by_submission_key(session: DbSession, key: str) -> HelpRequest | None:
    return session.scalar(sa.select(HelpRequest).where(HelpRequest.submission_key == key))


def request_by_submission_key(session: DbSession, key: str) -> HelpRequest | None:
    """The request stored under this (stored, namespaced) key, looked up once per transaction:
    the form's "sent before?" check and storing ask the same. A request stored by another
    transaction in between loses the race on the unique key when stored (see below)."""
    memo = _memo(session)
    if (HelpRequest, key) not in memo:
        memo[(HelpRequest, key)] = _by_submission_key(session, key)
    return memo[(HelpRequest, key)]


def _seen_before(request: HelpRequest, stored_key: str, fingerprint: str | None) -> Submitted:
    stored = request.submission_fingerprint
    if fingerprint and stored and stored != fingerprint:
        raise SubmissionKeyReused()
    return Submitted(request, follow_up_token_again(request, stored_key), False)


def submit_help_request(
    session: DbSession,
    region: Region,
    data: IntakeData,
    *,
    channel: Channel,
    partner: Partner | None = None,
    submission_key: str | None = None,
    fingerprint: str | None = None,
    recorded_by_id: int | None = None,
    now: datetime | None = None,
    confirmation_handle: bool = False,
) -> Submitted:
    """Validate, store, route and queue the mail for one request; flushes, never commits.
    The one path of every request: the public form, the API and a worker's record form.

    `submission_key` is the channel's own key (the form's hidden key, a partner's
    Idempotency-Key): the same key through the same channel finds the same request. With a
    `fingerprint` of the payload (the API's), the same key with another payload raises
    SubmissionKeyReused instead; the form sends none, as a corrected page is the same request.
    `recorded_by_id` is the worker who recorded a request taken by phone, at a walk-in or an
    outreach event (a staff channel, and only those): its "created" event names them.
    `confirmation_handle` (the public form's): the hash of the request's confirmation handle
    goes in with the request, so that the form's handle (follow_up.new_confirmation_handle,
    derived from the key again) needs no second write; for a keyed request only."""
    if (channel in STAFF_CHANNELS) != (recorded_by_id is not None):
        raise ValueError("a staff channel's request, and only one, names who recorded it")
    if submission_key:
        submission_key = stored_submission_key(channel, partner, submission_key,
                                               recorded_by_id)
        existing = request_by_submission_key(session, submission_key)
        if existing is not None:
            return _seen_before(existing, submission_key, fingerprint)
    data = clean(data)
    errors, topic = _validate(session, region, data)
    if errors:
        raise IntakeInvalid(errors)
    now = now or datetime.now(UTC)
    municipality_code = resolve_municipality(session, region, data)
    service_language = served_in(session, municipality_code, data.service_language)

    facts = routing.RequestFacts(
        municipality=municipality_code,
        postal_code=data.postal_code,
        topic=topic.code,
        child_ages=tuple(data.child_ages),
        service_language=service_language,
        urgent=data.urgent,
        channel=channel.value,
        interpreter_language=data.interpreter_language,
    )
    today = local_time.local_date(now)
    decision = routing_service.route_request(session, region, facts, today)

    token = follow_up.new_token(submission_key)
    email = normalize_email(data.email) if data.email else None
    request = HelpRequest(
        submission_key=submission_key,
        submission_fingerprint=fingerprint if submission_key else None,
        follow_up_token_hash=follow_up.hash_token(token),
        created_at=now,
        region_id=region.id,
        municipality_code=municipality_code,
        postal_code=data.postal_code,
        topic_id=topic.id,
        child_ages=list(data.child_ages),
        age_band=age_band(data.child_ages),
        description=data.description,
        urgent=data.urgent,
        service_language=service_language,
        interpreter_language=data.interpreter_language,
        ui_language=data.ui_language,
        contact_method=ContactMethod(data.contact_method),
        contact_name=data.contact_name,
        phone=normalize_phone(data.phone) if data.phone else None,
        email=email,
        contact_times=data.contact_times,
        wants_email_confirmation=bool(data.wants_email_confirmation and email),
        may_leave_message=data.may_leave_message,
        if_someone_else_answers=data.if_someone_else_answers,
        consent_at=now,
        channel=channel,
        partner_id=partner.id if partner else None,
        centre_id=decision.centre,
        routing_rule_id=decision.rule,
        routing_via=decision.via,
        routing_trace=routing_service.trace_as_json(decision),
        due_at=due.due_at(now, region.promise_for(data.urgent), local_time.zone_name()),
        # Facts only: no personal data in events (free text would go to `text`, erased later).
        # Given here, the events go in with the request in one flush, and the (new, empty)
        # list of events is never loaded from the database.
        events=[
            RequestEvent(kind=EventKind.CREATED, created_at=now, actor_id=recorded_by_id,
                         data={"channel": channel.value,
                               "partner": partner.id if partner else None}),
            RequestEvent(kind=EventKind.ROUTED, created_at=now,
                         data={"centre": decision.centre, "via": decision.via,
                               "rule": decision.rule}),
        ],
    )
    if confirmation_handle and submission_key:
        follow_up.new_confirmation_handle(request)
    for attempt in range(REFERENCE_ATTEMPTS):
        request.reference = _new_reference()
        try:
            # A savepoint: a concurrent double submit loses the race on the unique key, not
            # the caller's whole transaction.
            with session.begin_nested():
                session.add(request)
                session.flush()
            if submission_key:
                _memo(session)[(HelpRequest, submission_key)] = request
            break
        except sa_exc.IntegrityError:
            existing = _by_submission_key(session, submission_key) if submission_key else None
            if existing is not None:
                return _seen_before(existing, submission_key, fingerprint)
            # Not the key: the reference clashed (or something else is wrong, then the last
            # attempt raises).
            if attempt == REFERENCE_ATTEMPTS - 1:
                raise
            # The savepoint's rollback took the request out of the session: the next attempt
            # adds it again.


    notifications.notify_centre_new_request(session, request)
    follow_up_url = follow_up.follow_up_url(token, request.ui_language)
    if request.wants_email_confirmation:
        notifications.confirm_to_family(session, request, follow_up_url)
    family_notices.notify_family(session, request, "family_confirmation",
                                 follow_up_url=follow_up_url)
    session.flush()
    return Submitted(request, token, True)


