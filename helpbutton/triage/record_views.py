"""A worker records a request a family made by phone, at a walk-in or at an outreach event.

The same path as the public form's: intake validates, stores, routes (with its explanation and
due time) and queues the centre's notification and, when the family gave an email, its
confirmation with the private link. Routing may send the request to a centre the worker does
not work in: they are told where it went, and the page they land on is then this form again,
not the request (the policy does not let them see it).
"""
import secrets

from flask import render_template, request, url_for
from flask_babel import gettext as _

from helpbutton import policy
from helpbutton.accounts.session import current_principal
from helpbutton.extensions import db
from helpbutton.i18n import current_language
from helpbutton.intake import operations as intake
from helpbutton.intake.choices import FormChoices, choices_of_region
from helpbutton.mail import family_notices
from helpbutton.models import Region
from helpbutton.routing_admin.router import NoFallbackCentre
from helpbutton.triage.blueprint import bp
from helpbutton.triage.record_forms import RecordRequestForm
from helpbutton.web.guarded import discard, done, guarded


def may_record(principal) -> bool:
    return policy.can_record_request(principal)


def _render(form: RecordRequestForm, choices: FormChoices, status: int = 200,
            problem: str | None = None):
    if form.keep_within_limits() and form.description.errors:
        # The page shows a field's first error: say it there (as the public form does).
        first, *rest = form.description.errors
        form.description.errors = [" ".join((first, _(
            "Only the first %(max)d characters are kept here.", max=form.description_max))),
            *rest]
    form.set_choices(choices.municipalities, choices.topics, current_language())
    shown_errors = [f for f in form if f.errors and f.name != "csrf_token"]
    return render_template("triage/record.html", form=form, choices=choices,
                           shown_errors=shown_errors, problem=problem,
                           sms_on=family_notices.sms_enabled()), status


@bp.route("/record", methods=["GET", "POST"])
@guarded(may_record)
def record():
    principal = current_principal()
    region = db.session.get(Region, policy.recording_region_id(principal))
    choices = choices_of_region(db.session, region)
    form = RecordRequestForm()
    if request.method == "GET" or not form.submission_key.data:
        # One key per page: a second click on Record finds the request the first one stored.
        form.submission_key.data = secrets.token_urlsafe(24)
    if request.method == "GET":
        return _render(form, choices)

    # The family's own language for its mail and private link (intake keeps the public ones).
    data = form.intake_data(form.family_language())
    channel = form.chosen_channel()
    try:
        if channel is None:  # every other mistake is said at the same time
            raise intake.IntakeInvalid({**form.channel_error(),
                                        **intake.validate_intake(db.session, region, data)})
        result = intake.submit_help_request(
            db.session, region, data, channel=channel,
            submission_key=form.submission_key.data, recorded_by_id=principal.user_id)
    except intake.IntakeInvalid as invalid:
        form.show_errors(invalid.errors)
        return discard(lambda: _render(form, choices, 422))
    except NoFallbackCentre:
        # No request is ever left unrouted: without the region's fallback centre none is
        # stored. A setting only an administrator can change, so say who can.
        return discard(lambda: _render(form, choices, 409, problem=_(
            "The request could not be recorded: your region has no fallback centre for the "
            "requests that no rule or municipality's centre answers. Nothing was saved and "
            "what you typed is kept here. Ask the region's administrator to choose the "
            "fallback centre, then record the request again.")))

    req = result.request
    centre = req.centre.name(current_language())
    if policy.can_view_request(principal, req.centre_id):
        return done(url_for("triage.request", request_id=req.id),
                    _("Recorded as %(reference)s. Routing sent it to %(centre)s.",
                      reference=req.reference, centre=centre))
    return done(url_for("triage.record"),
                _("Recorded as %(reference)s. Routing sent it to %(centre)s, which you cannot "
                  "see: its workers contact the family.", reference=req.reference,
                  centre=centre), category="info")
