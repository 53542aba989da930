"""The triage pages: importing this module puts every route on the blueprint."""
from helpbutton.triage import home_views, queue_views, request_views  # noqa: F401  (routes on bp)
from helpbutton.triage.blueprint import bp

__all__ = ["bp"]
