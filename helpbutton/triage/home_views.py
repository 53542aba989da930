"""The staff landing page: what needs doing next. A worker's counts (each a link to the queue
filtered to those requests), a lead's team by worker, an administrator's list of what to fix;
and the counts in the staff menu on every page."""
import sqlalchemy as sa
from flask import g, render_template

from helpbutton import local_time, policy
from helpbutton.accounts.session import current_principal, login_required
from helpbutton.extensions import db
from helpbutton.models import Centre
from helpbutton.triage import counts
from helpbutton.triage.blueprint import bp
from helpbutton.triage.search_forms import FindFamilyForm


def work_counts() -> counts.WorkCounts | None:
    """The signed-in person's counts, counted once per page (the menu and the page share it)."""
    if "_work_counts" not in g:
        principal = current_principal()
        g._work_counts = counts.work_counts(db.session, principal) if principal else None
    return g._work_counts


@bp.before_app_request
def _forget_counts() -> None:
    # `g` outlives a request when an app context was already pushed (as in tests).
    g.pop("_work_counts", None)


@bp.app_context_processor
def counts_context():
    return {"staff_work_counts": work_counts, "staff_count_args": counts.QUEUE_ARGS}


@bp.get("/")
@login_required
def home():
    principal = current_principal()
    centre_ids = policy.visible_centre_ids(principal)
    centres = list(db.session.scalars(
        sa.select(Centre).where(Centre.id.in_(centre_ids)).order_by(Centre.name_fi)
    )) if centre_ids else []
    return render_template("triage/index.html", centres=centres,
                           lead_ids=policy.lead_centre_ids(principal),
                           can_manage_accounts=policy.can_manage_accounts(principal),
                           work=work_counts(),
                           teams=counts.team_loads(db.session, principal),
                           attention=counts.attention(db.session, principal,
                                                      local_time.today()),
                           search_form=FindFamilyForm() if centre_ids else None)
