"""The roles an administrator may hand out, as form choices, and reading them back."""
from dataclasses import dataclass, field

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from helpbutton import policy
from helpbutton.dbtypes import DbSession
from helpbutton.models import Centre, Municipality, Region


@dataclass
class RoleOptions:
    centres: list[Centre] = field(default_factory=list)
    municipalities: list[Municipality] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.centres or self.municipalities or self.regions)


def _centre_grant(role: str, centre: Centre) -> policy.Grant:
    return policy.Grant(role, centre.region_id, centre.host_municipality_code, centre.id)


def _municipality_grant(m: Municipality) -> policy.Grant:
    return policy.Grant(policy.MUNICIPALITY_ADMIN, m.region_id, m.code)


def options_for(session: DbSession, principal: policy.Principal) -> RoleOptions:
    """Every centre, municipality and region in which this administrator may grant roles."""
    centres = [c for c in session.scalars(sa.select(Centre).order_by(Centre.name_fi))
               if policy.can_grant(principal, _centre_grant(policy.STAFF, c))]
    municipalities = [m for m in session.scalars(sa.select(Municipality)
                                                 .order_by(Municipality.name_fi))
                      if policy.can_grant(principal, _municipality_grant(m))]
    regions = [r for r in session.scalars(sa.select(Region).order_by(Region.name_fi))
               if policy.can_grant(principal, policy.Grant(policy.REGION_ADMIN, r.id))]
    return RoleOptions(centres, municipalities, regions)


def parse(form: MultiDict, options: RoleOptions) -> set[policy.Grant]:
    """Read the submitted roles; anything not among the options is ignored, so a forged form
    cannot grant outside the administrator's scope."""
    grants: set[policy.Grant] = set()
    for centre in options.centres:
        role = form.get(f"centre-{centre.id}")
        if role in (policy.STAFF, policy.LEAD):
            grants.add(_centre_grant(role, centre))
    codes = set(form.getlist("municipality_admin"))
    grants |= {_municipality_grant(m) for m in options.municipalities if m.code in codes}
    region_ids = set(form.getlist("region_admin"))
    grants |= {policy.Grant(policy.REGION_ADMIN, r.id) for r in options.regions
               if str(r.id) in region_ids}
    return grants


def selected(grants) -> dict:
    """What the form shows as chosen: {"centre-3": "lead", "municipality_admin": {...}, ...}."""
    chosen: dict = {"municipality_admin": set(), "region_admin": set()}
    for g in grants:
        if g.role in policy.CENTRE_ROLES:
            chosen[f"centre-{g.centre_id}"] = g.role
        elif g.role == policy.MUNICIPALITY_ADMIN:
            chosen["municipality_admin"].add(g.municipality_code)
        else:
            chosen["region_admin"].add(str(g.region_id))
    return chosen
