"""Blueprint `routing_admin` under /admin/; its routes live in the `*_views` modules."""
from flask import Blueprint

from helpbutton.routing_admin.common import history_context
from helpbutton.routing_admin.messages import language_loss_lines

bp = Blueprint("routing_admin", __name__, url_prefix="/admin")
bp.context_processor(history_context)
bp.add_app_template_global(language_loss_lines, "language_loss_lines")
