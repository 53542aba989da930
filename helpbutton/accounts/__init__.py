"""Account administration under /admin/users/: who works where, in the admin's own scope."""
from helpbutton.accounts.views import bp

__all__ = ["bp"]
