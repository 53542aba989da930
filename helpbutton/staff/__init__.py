"""The staff area under /staff/: the landing page now, the triage queue later."""
from helpbutton.staff.views import bp

__all__ = ["bp"]
