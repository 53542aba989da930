"""The region administrator's privacy pages: a family's data exported or erased on request,
and the audit trail of who viewed or changed which request."""
from helpbutton.privacy_admin.views import bp

__all__ = ["bp"]
