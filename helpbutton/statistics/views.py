"""Statistics under /admin/statistics/: municipality administrators see their municipality,
region administrators the whole region (the policy's `statistics_scope`)."""
from datetime import timedelta

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from helpbutton import local_time, policy
from helpbutton.accounts.session import current_principal, require
from helpbutton.extensions import db
from helpbutton.i18n import current_language
from helpbutton.statistics import csv_export, labels, presentation, suppression
from helpbutton.statistics import queries as statistics
from helpbutton.statistics.forms import FilterForm

bp = Blueprint("statistics", __name__, url_prefix="/admin/statistics")
DEFAULT_WEEKS = 12


def _default_period() -> tuple:
    today = local_time.today()
    start = today - timedelta(days=today.weekday() + 7 * (DEFAULT_WEEKS - 1))
    return start, today


def _filtered():
    """(form, scope, municipality choices); scope None when the filter has errors."""
    granted = policy.statistics_scope(current_principal())
    if granted is None:
        abort(403)
    region_id, allowed = granted
    lang = current_language()
    municipalities = statistics.municipalities_of(db.session, region_id, lang, allowed)
    form = FilterForm(request.args)
    form.municipality.choices = [SelectChoice("", _("All municipalities"))] + [
        SelectChoice(code, name) for code, name in municipalities]
    start, end = _default_period()
    # A missing end is the default one, so that every period is bounded.
    form.date_from.data = form.date_from.data or start.isoformat()
    form.date_to.data = form.date_to.data or end.isoformat()
    if not form.validate():
        return form, None, municipalities
    chosen = form.municipality.data
    codes = frozenset({chosen}) if chosen else allowed
    scope = statistics.Scope(region_id, codes, form.date_from.date, form.date_to.date)
    return form, scope, municipalities


def _municipality(form, municipalities) -> tuple[str, str]:
    chosen = form.municipality.data
    return (chosen, dict(municipalities).get(chosen, chosen)) if chosen else ("", "")


def _sections(scope):
    summary = statistics.summary(db.session, scope)
    names = statistics.names(db.session, scope.region_id, current_language())
    codes = statistics.codes(db.session, scope.region_id)
    return summary, presentation.sections(summary, names, codes)


@bp.get("/")
@require(policy.can_view_statistics)
def dashboard():
    form, scope, municipalities = _filtered()
    if scope is None:
        return render_template("statistics/dashboard.html", form=form, summary=None,
                               sections=[], municipalities=municipalities), 400
    summary, sections = _sections(scope)
    if len(municipalities) == 1 or form.municipality.data:
        sections = [s for s in sections if s.key != "municipality"]
    return render_template("statistics/dashboard.html", form=form, summary=summary,
                           sections=sections, municipalities=municipalities,
                           hours=presentation.hours, percent=presentation.percent,
                           figure=presentation.figure,
                           suppressed_note=presentation.suppressed_note,
                           small=suppression.SMALL_COUNT, columns=labels.COLUMN,
                           csv_args={k: v for k, v in request.args.items()
                                     if k in ("from", "to", "municipality")})


@bp.get("/statistics.csv")
@require(policy.can_view_statistics)
def csv():
    form, scope, municipalities = _filtered()
    if scope is None:
        return render_template("statistics/dashboard.html", form=form, summary=None,
                               sections=[], municipalities=municipalities), 400
    summary, sections = _sections(scope)
    body = csv_export.build(summary, sections, _municipality(form, municipalities))
    name = f"statistics-{scope.date_from or 'start'}-{scope.date_to or 'today'}.csv"
    # A byte order mark so that spreadsheet programs read ä and ö right.
    return Response("\ufeff" + body, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
