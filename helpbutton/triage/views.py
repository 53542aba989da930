"""The triage pages: importing this module puts every route on the blueprint."""
from helpbutton.triage import (  # noqa: F401  (routes on bp)
    home_views,
    link_views,
    queue_views,
    record_views,
    request_views,
    search_views,
)
from helpbutton.triage.blueprint import bp

__all__ = ["bp"]
