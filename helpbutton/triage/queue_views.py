"""The queue list and the leads' workload page (GET only: filters are codes in the URL)."""
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import abort, render_template, request

from helpbutton import policy
from helpbutton.accounts.session import current_principal, current_user, login_required, require
from helpbutton.extensions import db
from helpbutton.i18n import current_language
from helpbutton.models import Centre, Topic
from helpbutton.triage import labels
from helpbutton.triage import operations as triage
from helpbutton.triage import queries as queue
from helpbutton.triage.blueprint import bp


def _centres(ids) -> list[Centre]:
    if not ids:
        return []
    return list(db.session.scalars(
        sa.select(Centre).where(Centre.id.in_(sorted(ids))).order_by(Centre.name_fi)))


@bp.get("/requests")
@require(policy.can_use_staff_area)
def index():
    principal = current_principal()
    filters = queue.QueueFilters.from_args(request.args)
    page = queue.queue_page(db.session, principal, filters, after=request.args.get("after"))
    centres = _centres(policy.visible_centre_ids(principal))
    region_ids = {c.region_id for c in centres}
    topics = list(db.session.scalars(
        sa.select(Topic).where(Topic.region_id.in_(sorted(region_ids)))
        .order_by(Topic.position, Topic.code))) if region_ids else []
    workers = {}
    for centre in centres:
        for worker in triage.workers_of_centre(db.session, centre.id):
            workers[worker.id] = worker
    return render_template(
        "triage/queue.html", page=page, filters=filters, centres=centres, topics=topics,
        workers=sorted(workers.values(), key=lambda u: u.display_name), labels=labels,
        lang=current_language(), now=datetime.now(UTC),
        statuses=queue.STATUS_CHOICES, user=current_user())


@bp.get("/workload")
@login_required
def workload():
    principal = current_principal()
    lead_ids = policy.lead_centre_ids(principal)
    if not lead_ids:
        abort(403)
    sections = []
    for centre in _centres(lead_ids):
        if not policy.can_lead_centre(principal, centre.id):
            continue
        workers = triage.workers_of_centre(db.session, centre.id)
        sections.append((centre, queue.workload(db.session, centre.id, workers)))
    return render_template("triage/workload.html", sections=sections, lang=current_language())
