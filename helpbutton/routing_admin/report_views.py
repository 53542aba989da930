"""Coverage reports, and a municipality's configuration as a file (export and import)."""
from flask import Response, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from helpbutton import policy
from helpbutton.accounts.session import require
from helpbutton.extensions import db
from helpbutton.models import Municipality, Region
from helpbutton.routing_admin import access, coverage, impact, store, transfer
from helpbutton.routing_admin import router as routing_service
from helpbutton.routing_admin.blueprint import bp
from helpbutton.routing_admin.common import Lookups, asks_reason, override_reason, today
from helpbutton.routing_admin.forms import ImportForm
from helpbutton.routing_admin.messages import import_problem_text
from helpbutton.triage.labels import AGE_BAND
from helpbutton.web.guarded import discard, done, guarded

IMPORT_MAX_BYTES = 1_000_000

# The classes of a coverage cell in words: a short name (in the cell and the legend) and what
# it means (the legend).
COVERAGE_CLASSES = {
    coverage.BY_RULE: (_l("By a rule"), _l("A rule of the municipality or the region "
                                           "answers: the intended centre.")),
    coverage.BY_DEFAULT: (_l("Default centre"), _l("No rule applies: the municipality's "
                                                   "default centre answers, as intended.")),
    coverage.BY_FALLBACK: (_l("Region's fallback"), _l(
        "The municipality has no default centre in use: the region's fallback centre "
        "answers.")),
    coverage.INACTIVE: (_l("Gap: centre not in use"), _l(
        "The centre that should answer is not in use, so its rule is skipped (or the "
        "fallback centre itself is out of use).")),
    coverage.UNSTAFFED: (_l("Gap: nobody works there"), _l(
        "Nobody works at the centre that answers: requests would wait unseen.")),
    coverage.NO_LANGUAGE: (_l("Gap: not served in this language"), _l(
        "The centre that answers does not serve in the family's language.")),
}


def _report(region: Region, code: str) -> coverage.Coverage:
    router = routing_service.router_for(db.session, region)
    return coverage.coverage(router, code, store.topic_codes(db.session, region), today(),
                             store.centre_languages(db.session, region),
                             staffed=store.staffed_centre_ids(db.session, region))


@bp.get("/m/<code>/coverage")
@require(policy.is_admin)
def coverage_page(code: str):
    m = access.municipality(code)
    region = db.session.get(Region, m.region_id)
    return render_template("routing_admin/routing_coverage.html", municipality=m,
                           report=_report(region, code), lookups=Lookups(region),
                           bands=coverage.AGE_BANDS,
                           band_labels=AGE_BAND,
                           classes=COVERAGE_CLASSES, gap_reasons=coverage.GAP_REASONS)


@bp.get("/coverage")
@require(policy.is_region_admin)
def coverage_all():
    region = access.region()
    lookups = Lookups(region)
    topics = store.topic_codes(db.session, region)
    rows = []
    columns = coverage.columns_for(routing_service.router_for(db.session, region).config.rules)
    for m in sorted(lookups.municipalities.values(), key=lambda x: x.name_fi):
        report = _report(region, m.code)
        per_topic = {t: sum(1 for c in report.gaps if c.topic == t) for t in topics}
        rows.append((m, report.counts(), per_topic, len(report.cells), len(report.gaps)))
    return render_template("routing_admin/routing_coverage_all.html", rows=rows, topics=topics,
                           lookups=lookups, per_topic_cells=len(coverage.AGE_BANDS)
                           * len(columns), classes=COVERAGE_CLASSES,
                           answers=coverage.ANSWERS, gap_reasons=coverage.GAP_REASONS)


@bp.get("/m/<code>/export")
@require(policy.is_admin)
def export(code: str):
    m = access.municipality(code)
    actor = access.actor_for(db.session.get(Region, m.region_id))
    text = transfer.dump_yaml(transfer.export_config(db.session, actor, code))
    return Response(text, mimetype="application/yaml", headers={
        "Content-Disposition": f'attachment; filename="routing-{code}.yaml"'})


@bp.route("/m/<code>/import", methods=["GET", "POST"])
@require(policy.is_admin)
@guarded(access.may_admin_municipality, load=access.find_municipality)
def import_config(m: Municipality):
    code = m.code
    form = ImportForm()
    problems: list[str] = []
    summary, status, result, lookups, ask = None, 200, None, None, False

    def page():
        return render_template("routing_admin/routing_import.html", municipality=m, form=form,
                               problems=problems, summary=summary, result=result,
                               lookups=lookups, ask_reason=ask or asks_reason(
                                   access.is_region_admin_of(m.region_id), (), result)), status

    if form.validate_on_submit():
        raw = form.file.data.read(IMPORT_MAX_BYTES + 1)
        actor = access.actor_for(db.session.get(Region, m.region_id))
        dry_run = form.action.data != "import"
        try:
            if len(raw) > IMPORT_MAX_BYTES:
                raise transfer.ImportRejected([transfer.ImportProblem(
                    "file", transfer.Problem("too_large", None))])
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise transfer.ImportRejected([transfer.ImportProblem(
                    "file", transfer.Problem("not_a_config", None))]) from None
            data = transfer.load_yaml(text)
            summary = transfer.import_config(db.session, actor, code, data, dry_run=dry_run,
                                             override_reason=override_reason())
            if dry_run:
                plan = transfer.check_import(db.session, actor, code, data)
                result = impact.of_config(db.session, actor.region, code, transfer.planned_config(
                    db.session, actor, code, plan), today())
                lookups = Lookups(actor.region)
                lookups.extra_centres = transfer.new_centre_names(plan)
        except transfer.ImportRejected as rejected:
            problems = [import_problem_text(p) for p in rejected.problems]
            ask = asks_reason(access.is_region_admin_of(m.region_id),
                              [p.problem for p in rejected.problems])
            status = 400
            return discard(page)
        if dry_run:  # what the import would do, shown; nothing of it kept
            return discard(page)
        return done(url_for("routing_admin.history_page", code=code),
                    _("The configuration was imported: %(created)d centres added, "
                      "%(changed)d changed; %(rules)d rules.", created=summary.centres_created,
                      changed=summary.centres_changed, rules=summary.rules_after))
    elif form.errors:
        status = 400
    return page()
