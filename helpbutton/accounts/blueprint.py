"""Blueprint `accounts`: sign-in under /staff/, account administration under /admin/users/.

It also loads the signed-in person for every staff path and offers the staff menu to every
template."""
from flask import Blueprint

from helpbutton import policy
from helpbutton.accounts import session

bp = Blueprint("accounts", __name__)
bp.before_app_request(session.load_for_staff_paths)
bp.after_app_request(session.no_store)

STAFF = "/staff"
ADMIN_USERS = "/admin/users"


@bp.app_context_processor
def staff_context():
    def menu() -> dict[str, bool]:
        """Which areas the staff menu offers; the pages themselves check again."""
        principal = session.current_principal()
        return {
            "queue": bool(policy.visible_centre_ids(principal)),
            "workload": bool(policy.lead_centre_ids(principal)),
            "admin": policy.is_admin(principal),
            "statistics": policy.can_view_statistics(principal),
            "region": policy.is_region_admin(principal),
            "counties": policy.can_operate_counties(principal),
        }

    return {"staff_current_user": session.current_user,
            "staff_menu": menu,
            "staff_can_manage_accounts":
                lambda: policy.can_manage_accounts(session.current_principal())}
