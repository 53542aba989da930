"""Blueprint `message_templates` under /admin/message-templates/; its routes are in `views`."""
from flask import Blueprint

bp = Blueprint("message_templates", __name__, url_prefix="/admin/message-templates")
