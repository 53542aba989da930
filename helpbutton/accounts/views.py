"""The accounts pages: importing this module puts every route on the blueprint."""
from helpbutton.accounts import (  # noqa: F401  (routes on bp)
    admin_views,
    own_account_views,
    password_views,
    sign_in_views,
)
from helpbutton.accounts.blueprint import bp

__all__ = ["bp"]
