"""The public side, under /fi/, /sv/ and /en/: the form, confirmation, follow-up, notices.

Views stay thin: parse the form, call intake, redirect. Every page of the public side shows the
emergency numbers (templates/public/base.html); pages that hold a family's input or a follow-up
link are never cached, so a shared computer (a library's) does not show them to the next person.
"""
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from helpbutton import formatting, interpreter_languages
from helpbutton.content_languages.public import in_own_language
from helpbutton.content_languages.rules import swedish_first
from helpbutton.conversation import operations as conversation
from helpbutton.conversation import queries as conversation_queries
from helpbutton.errors import DATABASE_UNAVAILABLE, error_page
from helpbutton.extensions import csrf, db, limiter
from helpbutton.intake import follow_up as family_follow_up
from helpbutton.intake import form_page, private_link
from helpbutton.intake import operations as intake
from helpbutton.intake.api.errors import is_api_request, json_error
from helpbutton.intake.choices import Entry, FormChoices, form_choices, last_known_choices
from helpbutton.intake.emergency_context import page_emergency
from helpbutton.intake.field_rules import valid_postal_code_format
from helpbutton.intake.forms import (
    FamilyAdditionForm,
    FamilyReplyForm,
    HelpRequestForm,
    LostLinkForm,
    WithdrawForm,
)
from helpbutton.legal import queries as legal
from helpbutton.mail import family_notices
from helpbutton.models import MESSAGE_MAX, Channel, HelpRequest, MessageKind, Partner, Region
from helpbutton.partners import network_cache
from helpbutton.partners import networks as partner_networks
from helpbutton.partners.operations import partner_by_slug
from helpbutton.ratelimit_keys import address_key, keyed
from helpbutton.refdata.reference_data import ALAND_CODE, county_slugs
from helpbutton.routing_admin.router import NoFallbackCentre
from helpbutton.submission_limits import (
    count_submission,
    seconds_until_reset,
    shared_connection_limit,
    submission_wait,
)
from helpbutton.web.guarded import commit_or_rollback, discard, done, unit_of_work

bp = Blueprint("intake", __name__, url_prefix="/<lang>")
# The public layout's social emergency service when a view names none (emergency_context.py).
bp.add_app_template_global(page_emergency, "social_emergency")

DEFAULT_FORM_RATE_LIMIT = "10 per hour;3 per minute"
# Every POST, stored or not: only a flood reaches it (typos never should).
DEFAULT_FORM_ATTEMPT_LIMIT = "300 per hour;30 per minute"
DEFAULT_LOST_LINK_RATE_LIMIT = "3 per hour;10 per day"
DEFAULT_LOST_LINK_ATTEMPT_LIMIT = "20 per hour;5 per minute"
LOST_LINK_NAMESPACE = "lost-link"
SAFETY_TOPIC = "violence_safety"
# A family's messages through its private link: more than a person writes, less than a flood.
DEFAULT_FAMILY_MESSAGE_LIMIT = "30 per hour;10 per minute"
# The family's writing endpoints, with the form each shows again when refused.
FAMILY_WRITES = {"intake.family_message": ("reply_form", FamilyReplyForm),
                 "intake.family_addition": ("addition_form", FamilyAdditionForm)}


@bp.url_value_preprocessor
def pull_language(endpoint, values):
    lang = (values or {}).pop("lang", None)
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    g.lang = lang


@bp.url_defaults
def add_language(endpoint, values):
    if "lang" not in values and g.get("lang"):
        values["lang"] = g.lang


@bp.after_request
def no_store(response):
    # The form, the confirmation and the follow-up hold a family's input or link.
    response.headers["Cache-Control"] = "no-store"
    return response


def _form_attempt_limit() -> str:
    return current_app.config.get("PUBLIC_FORM_ATTEMPT_LIMIT", DEFAULT_FORM_ATTEMPT_LIMIT)


def _family_message_limit() -> str:
    return current_app.config.get("FAMILY_MESSAGE_RATE_LIMIT", DEFAULT_FAMILY_MESSAGE_LIMIT)


def _connection_limit(region) -> tuple[str, str]:
    """This connection's limit of stored requests and its counter's key: the usual one, or a
    partner's higher one for its own shared connection (a library's public computers)."""
    shared = partner_networks.shared_connection(
        network_cache.partners_with_networks(db.session, region.id), request.remote_addr)
    if shared is not None:
        return (shared_connection_limit(shared.per_hour),
                f"shared:{shared.partner_id}:" + keyed(request.remote_addr or ""))
    return (current_app.config.get("PUBLIC_FORM_RATE_LIMIT", DEFAULT_FORM_RATE_LIMIT),
            address_key())


def _sent_before(submission_key: str | None) -> bool:
    """The same page sent again: it shows the stored request, and counts nothing. (Keys are
    stored namespaced by channel: the form's key is looked up as the form's.)"""
    if not submission_key:
        return False
    stored = intake.stored_submission_key(Channel.WEB, None, submission_key)
    return intake.request_by_submission_key(db.session, stored) is not None


def _try_again_notice(seconds: int) -> str:
    at = datetime.now(UTC) + timedelta(seconds=seconds)
    return _("Many requests have been sent from this connection just now, so we cannot take "
             "this one yet. Everything you wrote is still here: please send it again at "
             "%(time)s or later.", time=formatting.clock(at))


def _too_many_page(form, page, seconds: int):
    body, status = _render_form(form, page, status=429, notice=_try_again_notice(seconds))
    return body, status, {"Retry-After": str(seconds)}


@dataclass
class Page:
    """What one showing of the form offers: the entry's counties (every county, or one: a
    county's own entry, SINGLE_COUNTY), the county whose topics and promise it shows (the
    family's, once its municipality is known), the partner behind a button, and where it
    posts to (the county's entry keeps to its county)."""

    scope: Entry | None
    county: FormChoices | None = None
    partner: Partner | None = None
    entry_slug: str | None = None


def _scope(entry: Entry | None, slug: str | None) -> Entry | None:
    if slug is None or entry is None:
        return entry
    county = entry.by_slug(slug)
    if county is None:
        abort(404)
    return entry.only(county)


def _page_county(page: Page, municipality_code: str | None) -> FormChoices | None:
    if page.scope is None:
        return None
    return (page.scope.county_of(municipality_code)
            or (page.scope.by_region_id(page.partner.region_id) if page.partner else None)
            or page.scope.first_serving())


def _render_form(form, page: Page, *, status=200, notice=None):
    lang = g.lang
    if form.keep_within_limits() and form.description.errors:
        # The page shows a field's first error: say it there.
        first, *rest = form.description.errors
        form.description.errors = [" ".join((first, _(
            "Only the first %(max)d characters are kept here.", max=form.description_max))),
            *rest]
    choices = page.county or _page_county(page, form.municipality_code.data)
    scope = page.scope
    chosen = form.municipality_code.data
    known = scope.municipality(chosen) if scope else None
    # A Swedish-majority municipality's family reads a missing text in Swedish.
    sv_first = bool(known and known.swedish_first)
    form.set_choices((), choices.topics if choices else (), lang, sv_first)
    groups = scope.groups(lang) if scope else []
    # Nothing known at all (the database away before anything was read): keep at least what
    # the family chose.
    unknown = chosen if chosen and not (scope and scope.municipality(chosen)) else None
    municipality = scope.municipality(chosen) if scope else None
    return render_template(
        "intake/index.html", form=form, choices=choices, notice=notice, partner=page.partner,
        promise=_promised(page, choices, municipality),
        groups=groups, unknown_municipality=unknown, entry_slug=page.entry_slug,
        emergency_municipality=municipality, sms_on=family_notices.sms_enabled(),
        emergency=choices.social_emergency(municipality, lang) if choices else None,
        shown_errors=[f for f in form if f.errors and f.name != "csrf_token"],
        sv_first=sv_first,
    ), status


def _promised(page: Page, choices, municipality) -> FormChoices | None:
    """The county whose promise the page may state: the family's, once known; before that
    only one all the entry's serving counties agree with (none is promised wrongly)."""
    if choices is None or municipality is not None or page.county is not None \
            or page.scope is None \
            or len(page.scope.counties) == 1:
        return choices
    promises = {(c.promise_working_days, c.urgent_promise_working_days)
                for c in page.scope.counties if c.in_service}
    return choices if len(promises) == 1 else None


def _partner(slug, region_id):
    """The active partner of this county behind a button link; anything else is ignored."""
    partner = partner_by_slug(db.session, slug)
    if partner is None or region_id is None or partner.region_id != region_id:
        return None
    return partner


# A county's entry takes only a county's slug: "/staff/sign-out" is not a county of "staff".
COUNTY, SLUG = ("<any({}):{}>".format(", ".join(map(repr, county_slugs())), name)
                for name in ("county", "slug"))


@bp.route("/", methods=["GET", "POST"], defaults={"county": None})
@bp.route(f"/{COUNTY}/", methods=["GET", "POST"], strict_slashes=False)
@limiter.limit(_form_attempt_limit, methods=["POST"])
@csrf.exempt  # the form checks its own token, so that an expired one re-renders the form
@unit_of_work
def index(county):
    if request.method == "GET":
        return _new_form(county)
    return _submit(HelpRequestForm(), county)


def _new_form(slug):
    try:
        entry = form_choices(db.session)
        scope = _scope(entry, slug)
        page = Page(scope, entry_slug=slug)
        if slug is not None and scope is not None and len(scope.counties) == 1 \
                and not scope.counties[0].in_service:
            # A county not using the service: where to turn, before the family types anything.
            return _where_to_turn(scope.counties[0], None, slug)
        partner = partner_by_slug(db.session, request.args.get("p"))
        own = scope.by_region_id(partner.region_id) if partner and scope else None
        if own is not None:
            # A partner's button lands on its county's entry.
            page = Page(scope.only(own), partner=partner,
                        entry_slug=None if len(scope.counties) == 1 and slug is None
                        else own.slug)
    except intake.RegionNotConfigured:
        if slug is not None:
            abort(404)  # no county of that name
        return render_template("intake/unavailable.html"), 503
    except DATABASE_UNAVAILABLE:
        # The database is away: offer the form as last known, so the family can start writing.
        _roll_back_quietly()
        scope = _scope(last_known_choices(), slug)
        if scope is None:
            return render_template("intake/unavailable.html"), 503
        page = Page(scope, entry_slug=slug)
    else:
        if page.partner is None and form_page.cacheable():
            # The plain showing: made once per language and entry, with this request's tokens.
            return form_page.page(entry, (g.lang, slug, family_notices.sms_enabled()),
                                  lambda csrf, key: _render_form(
                                      _empty_form(page, key, csrf), page)[0]), 200
    return _render_form(_empty_form(page, secrets.token_urlsafe(24)), page)


def _empty_form(page: Page, submission_key: str, csrf_token: str | None = None):
    form = HelpRequestForm()
    if csrf_token is not None:
        form.csrf_token.current_token = csrf_token
    form.submission_key.data = submission_key
    # Finnish or Swedish for a page in it; any other page's own language starts the list of
    # interpreters' languages, and the family chooses the answer itself.
    form.service_language.data = {"fi": "fi", "selko": "fi", "sv": "sv"}.get(g.lang)
    form.interpreter_language.data = interpreter_languages.default_for_page(g.lang)
    if page.partner is not None:
        form.partner.data = page.partner.slug
        if page.scope.municipality(page.partner.municipality_code):
            form.municipality_code.data = page.partner.municipality_code
    return form


def _submit(form, slug):
    if not form.submission_key.data:
        form.submission_key.data = secrets.token_urlsafe(24)
    try:
        scope = _scope(form_choices(db.session), slug)
        found = intake.region_of(db.session, form.municipality_code.data, form.postal_code.data)
        county = scope.by_region_id(found.id) if found is not None else None
        if county is None:
            # No municipality known, or one outside this entry (a county's own entry,
            # SINGLE_COUNTY): checked against the entry's county, whose messages say so.
            county = scope.counties[0] if len(scope.counties) == 1 \
                else scope.first_serving() or scope.counties[0]
        elif not county.in_service:
            # Where to turn instead: nothing of what was typed is stored, counted or logged.
            return _where_to_turn(county, scope.municipality(
                intake.municipality_code_of(db.session, form.municipality_code.data,
                                            form.postal_code.data)), slug)
        region = db.session.get(Region, county.region_id)
        partner = _partner(form.partner.data, region.id)
        page = Page(scope, county=county if found is not None else None, partner=partner,
                    entry_slug=slug)
    except intake.RegionNotConfigured:
        return render_template("intake/unavailable.html"), 503
    except DATABASE_UNAVAILABLE as error:
        return _database_unavailable(form, error, slug)

    form.validate()  # the fields have no validators of their own: this checks the CSRF token
    if form.website.data:
        count_submission(*_connection_limit(region))  # a bot's try uses up the limit
        form.show_errors({"website": _("Leave this field empty.")})
        return _render_form(form, page, status=422)
    if form.csrf_token.errors:
        form.csrf_token.errors = []
        notice = _("Your form was open for a long time, so for your security we need you to "
                   "send it again. Everything you wrote is still here: check it and press "
                   "Send request.")
        return _render_form(form, page, notice=notice)

    data = form.intake_data(g.lang)
    # Only a new request that would be stored counts: a form with errors shows them instead,
    # whatever the count, and the same page sent again shows its request.
    limit = None
    try:
        if not _sent_before(form.submission_key.data) \
                and not intake.validate_intake(db.session, region, data):
            limit = _connection_limit(region)
            wait = submission_wait(*limit)
            if wait is not None:
                return _too_many_page(form, page, wait)
    except DATABASE_UNAVAILABLE as error:
        return _database_unavailable(form, error, slug)
    try:
        result = intake.submit_help_request(
            db.session, region, data,
            channel=partner.channel if partner else Channel.WEB, partner=partner,
            submission_key=form.submission_key.data, confirmation_handle=True,
        )
        # Read before the commit: afterwards the row is expired, and reading it again needs a
        # database that may have gone away just then (an error page for a stored request).
        shown = _to_confirm(result)
        # Here, not after the view: a commit that fails must show the family's text again.
        commit_or_rollback()
    except intake.IntakeInvalid as invalid:
        errors = invalid.errors
        if found is None and len(scope.counties) > 1 and "postal_code" in errors \
                and valid_postal_code_format((form.postal_code.data or "").replace(" ", "")):
            errors["postal_code"] = _("We do not know this postal code. Check it, or leave it "
                                      "empty and choose your municipality.")
        form.show_errors(errors)
        return discard(lambda: _render_form(form, page, status=422))
    except (*DATABASE_UNAVAILABLE, NoFallbackCentre) as error:
        # Also when the commit's answer is lost: sending again with the same submission key
        # finds the request if it was stored after all.
        return _database_unavailable(form, error, slug)

    if limit is not None and result.follow_up_token is not None:
        count_submission(*limit)  # stored
    session["confirmation"] = shown
    return redirect(url_for(".confirmation"))


def _where_to_turn(county: FormChoices, municipality, slug):
    """A county not using the service (or Åland): where its families turn instead. Its own
    text and phone number when it has given them, otherwise the national guidance."""
    return discard(lambda: render_template(
        "intake/where_to_turn.html", county=county, municipality=municipality,
        text=county.where_to_turn_shown(g.lang, bool(municipality and municipality.swedish_first)),
        phone=county.where_to_turn_phone,
        aland=county.code == ALAND_CODE, emergency_municipality=municipality,
        entry_slug=slug))


def _to_confirm(result) -> dict:
    # Neither the follow-up token nor the request's id rides in the cookie (signed, not
    # encrypted): a random handle, whose hash the request keeps, finds both. A resubmitted
    # page (same key) shows the same request again, with its link.
    return {"handle": family_follow_up.new_confirmation_handle(result.request), "link": True}


def _roll_back_quietly():
    try:
        db.session.rollback()
    except DATABASE_UNAVAILABLE:
        pass  # the connection is gone with the database; the pool replaces it (pool_pre_ping)


def _database_unavailable(form, error, slug=None):
    _roll_back_quietly()
    # The class only: a database error's text carries the statement's parameters (personal data).
    current_app.logger.warning("public form: request could not be stored (%s)",
                               type(error).__name__)
    notice = _("We could not save your request just now because of a technical problem. "
               "Nothing you wrote is lost: please wait a moment and press Send request again.")
    known = last_known_choices()
    scope = known.only(known.by_slug(slug)) if known and known.by_slug(slug) else known
    return _render_form(form, Page(scope, entry_slug=slug), status=503, notice=notice)


@bp.get("/confirmation")
def confirmation():
    shown = session.get("confirmation") or {}
    try:
        found = family_follow_up.by_confirmation_handle(db.session, shown.get("handle"))
        if found is None:
            return redirect(url_for(".index"))
        req, token = found
        token = token if shown.get("link") else None
        # For the host that served this page (TRUSTED_HOSTS keeps a forged Host out): shown
        # once, the link must work from where the family is. Mail uses PUBLIC_BASE_URL.
        follow_up_url = url_for(".follow_up", token=token, _external=True) if token else None
        safety = req.urgent or req.topic.code == SAFETY_TOPIC
        page = render_template(
            "intake/confirmation.html", req=req, follow_up_url=follow_up_url, safety=safety,
            topic_notice=req.topic.text("notice", g.lang, _swedish_first(req)),
            emergency_municipality=req.municipality,
            working_days=_region_promise(req),
            sms_confirmation=family_notices.sends_sms_confirmation(req),
        )
    except DATABASE_UNAVAILABLE as error:
        # The request is stored (only a commit puts it in the session), but the database that
        # shows it is away. The session keeps the link unshown, so a reload shows everything.
        _roll_back_quietly()
        current_app.logger.warning("public confirmation: database unavailable (%s)",
                                   type(error).__name__)
        return render_template("intake/confirmation_pending.html"), 503
    # The follow-up link is shown once: a reload (or the next person at a shared computer)
    # sees the reference but not the link. Forgotten only once the page is made.
    session["confirmation"] = {"handle": shown["handle"], "link": False}
    return page


def _swedish_first(req) -> bool:
    """The request's municipality is Swedish-majority: a text missing in the family's language
    is shown in Swedish rather than in Finnish."""
    return swedish_first(req.municipality.language_status if req.municipality else None)


def _region_promise(req) -> int:
    return db.session.get(Region, req.region_id).promise_for(req.urgent)


def _follow_up_page(req, token, *, status=200, withdraw_form=None, reply_form=None,
                    addition_form=None, notice=None):
    """The family's private space: status, the centre's contacts, the conversation, the
    forms. Shows the staff messages, so it marks them read by the family (the worker sees
    that); the caller's unit of work commits that."""
    messages = conversation_queries.messages(db.session, req.id)
    page = render_template(
        "intake/follow_up.html", req=req, token=token, form=withdraw_form or WithdrawForm(),
        reply_form=reply_form or FamilyReplyForm(formdata=None),
        addition_form=addition_form or FamilyAdditionForm(formdata=None),
        messages=messages, may_write=conversation.may_write(req), notice=notice,
        status=family_follow_up.public_status(req), centre=req.centre,
        hours=req.centre.text("hours", g.lang, _swedish_first(req)) if req.centre else None,
        emergency_municipality=req.municipality, message_max=MESSAGE_MAX)
    if request.method == "GET":  # not a HEAD (a link checker), nor a form shown again
        conversation.mark_read_by_family(db.session, req)
    return page, status


@bp.get("/follow-up/<token>")
@unit_of_work
def follow_up(token):
    return _follow_up_page(_followed(token), token)


@bp.post("/follow-up/<token>/withdraw")
@unit_of_work
def withdraw(token):
    req = _followed(token)
    form = WithdrawForm()
    if not (form.validate() and form.confirm.data):
        form.confirm.errors = [_("Tick the box to confirm that you want to withdraw the request.")]
        return _follow_up_page(req, token, status=422, withdraw_form=form)
    back = url_for(".follow_up", token=token)
    if family_follow_up.withdraw(db.session, req, datetime.now(UTC)):
        return done(back, _("Your request has been withdrawn. You can ask for help again at "
                            "any time."), category="message")
    return redirect(back)


@bp.post("/follow-up/<token>/message")
@limiter.limit(_family_message_limit, key_func=lambda: "family-message:" + address_key())
@csrf.exempt  # the form checks its own token: an expired page keeps what was typed
@unit_of_work
def family_message(token):
    return _family_writes(token, FamilyReplyForm(), MessageKind.MESSAGE, "reply_form",
                          _("Your message was sent to the family centre."))


@bp.post("/follow-up/<token>/addition")
@limiter.limit(_family_message_limit, key_func=lambda: "family-message:" + address_key())
@csrf.exempt  # as above
@unit_of_work
def family_addition(token):
    return _family_writes(token, FamilyAdditionForm(), MessageKind.ADDITION, "addition_form",
                          _("Your addition was sent to the family centre."))


def _family_writes(token, form, kind, form_name, said):
    req = _followed(token)
    if not conversation.may_write(req):
        # A closed request: the page says how to ask again; what was typed is shown again.
        notice = _("This request is closed, so it cannot take messages any more. If you "
                   "need help again, please send a new request.")
        return discard(lambda: _follow_up_page(req, token, status=409, notice=notice,
                                               **{form_name: form}))
    if not form.validate():
        notice = None
        if form.csrf_token.errors:
            form.csrf_token.errors = []
            notice = _("This page was open for a long time, so for your security we need you "
                       "to send your message again. What you wrote is still here.")
        return discard(lambda: _follow_up_page(req, token, status=422, notice=notice,
                                               **{form_name: form}))
    try:
        conversation.family_writes(db.session, req, form.body.data, kind)
    except conversation.MessageInvalid:  # only blank once trimmed: the validators let it by
        form.body.errors = [_("Write your message first.")]
        return discard(lambda: _follow_up_page(req, token, status=422, **{form_name: form}))
    return done(url_for(".follow_up", token=token), said, category="message")


def _followed(token) -> HelpRequest:
    req = family_follow_up.find_by_follow_up_token(db.session, token)
    if req is None or req.erased_at is not None:
        abort(404)
    return req


# --- "send me my link again" ------------------------------------------------------------

def _lost_link_attempt_limit() -> str:
    return current_app.config.get("LOST_LINK_ATTEMPT_LIMIT", DEFAULT_LOST_LINK_ATTEMPT_LIMIT)


def _lost_link_page(form, status=200, notice=None):
    return render_template("intake/lost_link.html", form=form, notice=notice,
                           shown_errors=[f for f in form if f.errors and f.name != "csrf_token"]
                           ), status


def _lost_link_errors(form: LostLinkForm) -> private_link.Contact | None:
    """The contact typed, when both fields can be used; otherwise None, with the fields'
    messages set (the same whatever is stored: they are about what was typed)."""
    reference = private_link.normalize_reference(form.reference.data)
    if not reference:
        form.reference.errors = [_("Give the reference of your request. It is on the "
                                   "confirmation page and in the confirmation message.")]
    elif len(reference) > private_link.REFERENCE_MAX or not reference.isalnum():
        form.reference.errors = [_("Check the reference: it has letters and numbers, for "
                                   "example ACD34679KM.")]
    contact = private_link.parse_contact(form.contact.data)
    if not (form.contact.data or "").strip():
        form.contact.errors = [_("Give the email address or phone number you gave in your "
                                 "request.")]
    elif contact is None:
        form.contact.errors = [_("Check the email address or phone number, for example "
                                 "name@example.fi or 040 123 4567.")]
    for field in (form.reference, form.contact):  # the page echoes no more than a field holds
        if isinstance(field.data, str):
            field.data = field.data[:private_link.CONTACT_MAX]
    return contact if not (form.reference.errors or form.contact.errors) else None


def _lost_link_wait(keys: list[str]) -> int | None:
    limits = current_app.config.get("LOST_LINK_RATE_LIMIT", DEFAULT_LOST_LINK_RATE_LIMIT)
    waits = [w for key in keys
             if (w := submission_wait(limits, key, LOST_LINK_NAMESPACE)) is not None]
    if waits:
        return max(waits)
    for key in keys:
        count_submission(limits, key, LOST_LINK_NAMESPACE)
    return None


@bp.route("/link", methods=["GET", "POST"])
@limiter.limit(_lost_link_attempt_limit, methods=["POST"])
@unit_of_work
def lost_link():
    """The same answer whether or not the details match a request: a redirect to the same
    page. Every usable attempt counts, per reference and per contact (keyed hashes)."""
    form = LostLinkForm()
    if request.method == "GET":
        return _lost_link_page(form)
    csrf_valid = form.validate()  # the CSRF token: the fields have no validators of their own
    contact = _lost_link_errors(form)
    if not csrf_valid:
        form.csrf_token.errors = []
        return _lost_link_page(form, 400)
    if contact is None:
        return _lost_link_page(form, 422)
    reference = private_link.normalize_reference(form.reference.data)
    wait = _lost_link_wait(["ref:" + keyed(reference),
                            f"{contact.kind}:" + keyed(contact.value.casefold())])
    if wait is not None:
        return render_template("intake/too_many.html", lost_link=True), 429, {
            "Retry-After": str(wait)}
    try:
        found = private_link.find_for_lost_link(db.session, reference, contact)
        if found is not None:
            private_link.send_new_link(db.session, found, lang=g.lang, by="family",
                                       to=contact)
        commit_or_rollback()
    except DATABASE_UNAVAILABLE as error:
        _roll_back_quietly()
        current_app.logger.warning("lost link: database unavailable (%s)", type(error).__name__)
        notice = _("We could not check the details just now because of a technical problem. "
                   "Please wait a moment and press Send me a new link again.")
        return discard(lambda: _lost_link_page(form, 503, notice))
    return redirect(url_for(".lost_link_sent"), 303)


@bp.get("/link/sent")
def lost_link_sent():
    return render_template("intake/lost_link_sent.html")


@bp.get("/privacy")
def privacy():
    """Every county in service, each with a link to its own notice; `?county=<slug>` (the
    form's link, once the county is known) goes to that county's notice."""
    slug = request.args.get("county")
    if slug and legal.county_by_slug(db.session, slug) is not None:
        return redirect(url_for(".county_privacy", slug=slug))
    return render_template("intake/privacy.html", county=None, **_legal_common(
        "intake.county_privacy"))


@bp.get(f"/{SLUG}/privacy")
def county_privacy(slug: str):
    return render_template("intake/privacy.html", county=_county_texts(slug), counties=[],
                           county_slug=slug, **_data_protection_authority())


# When the accessibility statement was last reviewed (it says so, in the page's language).
ACCESSIBILITY_REVIEWED = date(2026, 11, 23)


@bp.get("/accessibility")
def accessibility():
    return render_template("intake/accessibility.html", county=None,
                           reviewed=ACCESSIBILITY_REVIEWED,
                           authority_name=legal.ACCESSIBILITY_AUTHORITY[
                               legal.authority_language(g.lang)],
                           authority_url=legal.ACCESSIBILITY_AUTHORITY_URL,
                           **_legal_common("intake.county_accessibility"))


@bp.get(f"/{SLUG}/accessibility")
def county_accessibility(slug: str):
    county = _county_texts(slug)
    return render_template("intake/accessibility.html", county=county,
                           reviewed=ACCESSIBILITY_REVIEWED,
                           authority_name=in_own_language(county.authority_shown),
                           authority_url=county.authority_url, county_slug=slug)


def _data_protection_authority() -> dict:
    lang = legal.authority_language(g.lang)
    return {"data_protection_authority": legal.DATA_PROTECTION_AUTHORITY[lang],
            "data_protection_authority_url": legal.DATA_PROTECTION_AUTHORITY_URL[lang],
            "authority_language": lang}


def _legal_common(county_endpoint: str) -> dict:
    counties: list[Region] | None
    try:
        counties = legal.counties_in_service(db.session)
    except DATABASE_UNAVAILABLE:
        _roll_back_quietly()
        counties = None  # the page says the list cannot be shown now
    return {"counties": counties, "county_endpoint": county_endpoint,
            **_data_protection_authority()}


def _county_texts(slug: str) -> legal.CountyTexts:
    region = legal.county_by_slug(db.session, slug)
    if region is None:
        abort(404)
    return legal.county_texts(db.session, region, g.lang)


@bp.errorhandler(404)
def not_found(error):
    if not g.get("lang"):  # not a language prefix at all (e.g. /favicon.ico/, /api/x)
        return json_error(error) if is_api_request() else error_page(404)
    return render_template("intake/not_found.html"), 404


@bp.errorhandler(429)
def too_many(error):
    seconds = seconds_until_reset()
    if request.endpoint == "intake.index" and request.method == "POST":
        # A flood of attempts from this connection. Keep what was typed: it can be sent later.
        try:
            entry = form_choices(db.session)
        except (intake.RegionNotConfigured, *DATABASE_UNAVAILABLE):
            entry = last_known_choices()
        slug = (request.view_args or {}).get("county")
        scope = entry.only(entry.by_slug(slug)) if entry and entry.by_slug(slug) else entry
        form = HelpRequestForm()
        form.csrf_token.errors = []
        # The partner travels on in the hidden field; nothing else needs the database here.
        return _too_many_page(form, Page(scope, entry_slug=slug), seconds)
    if request.endpoint in FAMILY_WRITES and request.method == "POST":
        # Too many messages from this connection just now: the page again, with the text.
        req = _followed(request.view_args["token"])
        form_name, form_class = FAMILY_WRITES[request.endpoint]
        form = form_class()
        form.csrf_token.errors = []
        at = formatting.clock(datetime.now(UTC) + timedelta(seconds=seconds))
        notice = _("Many messages have been sent from this connection just now. What you "
                   "wrote is still here: please send it again at %(time)s or later.", time=at)
        return (*_follow_up_page(req, request.view_args["token"], status=429, notice=notice,
                                 **{form_name: form}), {"Retry-After": str(seconds)})
    return render_template("intake/too_many.html"), 429, {"Retry-After": str(seconds)}


@bp.errorhandler(CSRFError)
def csrf_failed(error):
    # Only the withdraw form gets here (the request form handles its own token).
    return render_template("intake/csrf_failed.html"), 400
