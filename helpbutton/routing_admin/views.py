"""The routing administration pages: importing this module puts every route on the blueprint."""
from helpbutton.routing_admin import (  # noqa: F401  (routes on bp)
    legal_views,
    municipality_views,
    region_views,
    report_views,
    rule_views,
)
from helpbutton.routing_admin.blueprint import bp

__all__ = ["bp"]
