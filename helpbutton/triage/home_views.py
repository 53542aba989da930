"""The staff landing page: the signed-in person's centres, and where the queue will be."""
import sqlalchemy as sa
from flask import render_template

from helpbutton import policy
from helpbutton.accounts.session import current_principal, login_required
from helpbutton.extensions import db
from helpbutton.models import Centre
from helpbutton.triage.blueprint import bp


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
                           can_manage_accounts=policy.can_manage_accounts(principal))
