"""What the admin pages act on, and who may: loaders (404 when there is no such thing) and
adapters to the policy module for the guarded write path (`helpbutton.web.guarded`)."""
from typing import NamedTuple

from flask import abort

from helpbutton import policy
from helpbutton.accounts.session import current_principal, current_user
from helpbutton.extensions import db
from helpbutton.models import Centre, Municipality, Region, RoutingRule, Topic
from helpbutton.routing_admin.operations import Actor


class HostedCentre(NamedTuple):
    municipality: Municipality
    centre: Centre


class MunicipalityRule(NamedTuple):
    municipality: Municipality
    rule: RoutingRule


def find_municipality(code: str) -> Municipality:
    return db.get_or_404(Municipality, code)


def may_admin_municipality(principal, m: Municipality) -> bool:
    return policy.can_admin_municipality(principal, m.code, m.region_id)


def municipality(code: str) -> Municipality:
    """The municipality, if the signed-in administrator may configure it (else 404/403): for
    the pages that only read."""
    found = find_municipality(code)
    if not may_admin_municipality(current_principal(), found):
        abort(403)
    return found


def find_hosted_centre(code: str, centre_id: int) -> HostedCentre:
    m = find_municipality(code)
    centre = db.session.get(Centre, centre_id)
    if centre is None or centre.host_municipality_code != m.code:
        abort(404)
    return HostedCentre(m, centre)


def may_admin_hosted_centre(principal, found: HostedCentre) -> bool:
    return policy.can_admin_centre(principal, found.centre.host_municipality_code,
                                   found.centre.region_id)


def find_rule(code: str, rule_id: int) -> MunicipalityRule:
    m = find_municipality(code)
    rule = db.session.get(RoutingRule, rule_id)
    if rule is None or rule.municipality_code != m.code:
        abort(404)
    return MunicipalityRule(m, rule)


def may_admin_rule(principal, found: MunicipalityRule) -> bool:
    return may_admin_municipality(principal, found.municipality)


def find_topic(topic_id: int) -> Topic:
    return db.get_or_404(Topic, topic_id)


def may_admin_topic(principal, topic: Topic) -> bool:
    return policy.is_region_admin(principal, topic.region_id)


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
