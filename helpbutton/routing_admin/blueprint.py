"""Blueprint `routing_admin` under /admin/; its routes live in the `*_views` modules."""
import logging

from flask import Blueprint, current_app, render_template
from werkzeug.exceptions import ServiceUnavailable

from helpbutton import emergency
from helpbutton.errors import is_public_path
from helpbutton.extensions import db
from helpbutton.routing_admin.common import history_context
from helpbutton.routing_admin.messages import language_loss_lines
from helpbutton.routing_admin.router import NoFallbackCentre

log = logging.getLogger(__name__)

bp = Blueprint("routing_admin", __name__, url_prefix="/admin")
bp.context_processor(history_context)
bp.add_app_template_global(language_loss_lines, "language_loss_lines")
bp.add_app_template_global(emergency.applies, "social_emergency_applies")


@bp.app_errorhandler(NoFallbackCentre)
def no_fallback_centre(error):
    """Routing refuses to work in a region without a fallback centre (no request may be left
    unrouted): every page that routes says so and who can mend it, instead of a 500. Views
    with a form to keep (the public form, the record form) answer it themselves."""
    db.session.rollback()
    log.warning("routing refused: %s", error)  # the region's code only
    if is_public_path():  # the API and the public pages: not for now, try again later
        return current_app.handle_http_exception(ServiceUnavailable())
    return render_template("routing_admin/no_fallback.html"), 409
