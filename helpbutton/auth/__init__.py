"""Staff sign-in, two-factor, passwords and language, under /staff/.

Also home of the session machinery every staff, admin and API view uses:
`from helpbutton.auth import current_user, current_principal, login_required, require`.
"""
from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/staff")

from helpbutton.auth import session as _session  # noqa: E402

bp.before_app_request(_session.load_for_staff_paths)
bp.after_app_request(_session.no_store)


@bp.app_context_processor
def staff_context():
    from helpbutton import policy

    def menu() -> dict[str, bool]:
        """Which areas the staff menu offers; the pages themselves check again."""
        principal = _session.current_principal()
        return {
            "queue": bool(policy.visible_centre_ids(principal)),
            "workload": bool(policy.lead_centre_ids(principal)),
            "admin": policy.is_admin(principal),
            "statistics": policy.can_view_statistics(principal),
            "region": policy.is_region_admin(principal),
        }

    return {"staff_current_user": _session.current_user,
            "staff_menu": menu,
            "staff_can_manage_accounts":
                lambda: policy.can_manage_accounts(_session.current_principal())}


from helpbutton.auth import account_views, password_views, views  # noqa: E402,F401

current_user = _session.current_user
current_principal = _session.current_principal
login_required = _session.login_required
require = _session.require

__all__ = ["bp", "current_user", "current_principal", "login_required", "require"]
