"""Scope checks of the admin pages, all through the policy module."""
from flask import abort

from helpbutton import policy
from helpbutton.accounts.session import current_principal, current_user
from helpbutton.extensions import db
from helpbutton.models import Centre, Municipality, Region, RoutingRule
from helpbutton.routing_admin.operations import Actor


def municipality(code: str) -> Municipality:
    """The municipality, if the signed-in administrator may configure it (else 404/403)."""
    found = db.session.get(Municipality, code)
    if found is None:
        abort(404)
    if not policy.can_admin_municipality(current_principal(), code, found.region_id):
        abort(403)
    return found


def hosted_centre(m: Municipality, centre_id: int) -> Centre:
    centre = db.session.get(Centre, centre_id)
    if centre is None or centre.host_municipality_code != m.code:
        abort(404)
    if not policy.can_admin_centre(current_principal(), centre.host_municipality_code,
                                   centre.region_id):
        abort(403)
    return centre


def rule_of(m: Municipality, rule_id: int) -> RoutingRule:
    rule = db.session.get(RoutingRule, rule_id)
    if rule is None or rule.municipality_code != m.code:
        abort(404)
    return rule


def region() -> Region:
    """The signed-in region administrator's region (the first, should there be several)."""
    ids = policy.administered_region_ids(current_principal())
    if not ids:
        abort(403)
    return db.session.get(Region, ids[0])


def actor_for(region_: Region) -> Actor:
    return Actor(region=region_, user_id=current_user().id, principal=current_principal())


def is_region_admin_of(region_id: int) -> bool:
    return policy.is_region_admin(current_principal(), region_id)
