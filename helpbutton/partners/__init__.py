"""Partner buttons: the region administrator's pages under /admin/partners/."""
from helpbutton.partners.views import bp

__all__ = ["bp"]
