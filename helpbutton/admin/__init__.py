"""Municipality and region administration of routing under /admin/: centres, rules, preview,
coverage, import and export, history; the region's topics and settings."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from helpbutton.admin import (  # noqa: E402,F401  (registers the views)
    municipality_views, region_views, report_views, rule_views,
)



@bp.context_processor
def _history_labels():
    from helpbutton.admin.common import history_context

    return history_context()


__all__ = ["bp"]
