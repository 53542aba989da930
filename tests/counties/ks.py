"""Keski-Suomi beside Varsinais-Suomi, for the tests that keep counties apart: the county in
service with a centre in Jyväskylä (179) and an account of each role, made with the factories
(not the demo accounts of other counties)."""
from dataclasses import dataclass

import sqlalchemy as sa

from helpbutton.accounts import passwords
from helpbutton.models import Centre, Municipality, Region, Role, RoleAssignment, User
from helpbutton.refdata import reference_data
from helpbutton.refdata.demo_data import DEMO_PASSWORD

JYVASKYLA = "179"
KS_EMAILS = {
    "staff": "ks.staff@example.invalid",
    "lead": "ks.lead@example.invalid",
    "municipality_admin": "ks.jyvaskyla.admin@example.invalid",
    "region_admin": "ks.region.admin@example.invalid",
}


@dataclass
class KeskiSuomi:
    region: Region
    centre: Centre
    users: dict[str, User]


def keski_suomi(session) -> KeskiSuomi:
    """Keski-Suomi loaded and in service, its Jyväskylä centre and its four accounts."""
    region = session.scalar(sa.select(Region).where(Region.code == "15"))
    if region is None:
        reference_data.load_region(session, "Keski-Suomi")
        session.flush()
        region = session.scalar(sa.select(Region).where(Region.code == "15"))
    region.in_service = True
    at = session.scalar(sa.select(Centre).where(
        Centre.notification_email == "ks.centre.jyvaskyla@example.invalid"))
    if at is None:
        at = Centre(region_id=region.id, host_municipality_code=JYVASKYLA,
                    name_fi="Jyväskylän perhekeskus", name_sv="Jyväskylä familjecenter",
                    name_en="Jyväskylä family centre", languages=["fi"],
                    notification_email="ks.centre.jyvaskyla@example.invalid")
        at.municipalities.append(session.get(Municipality, JYVASKYLA))
        session.add(at)
        session.flush()
    users = {}
    for role, email in KS_EMAILS.items():
        found = session.scalar(sa.select(User).where(User.email == email))
        if found is None:
            found = User(email=email, display_name=f"KS {role}", language="en")
            found.password_hash = _password_hash()
            if role in ("staff", "lead"):
                found.roles.append(RoleAssignment(role=Role(role), centre_id=at.id))
            elif role == "municipality_admin":
                found.roles.append(RoleAssignment(role=Role.MUNICIPALITY_ADMIN,
                                                  municipality_code=JYVASKYLA))
            else:
                found.roles.append(RoleAssignment(role=Role.REGION_ADMIN, region_id=region.id))
            session.add(found)
        users[role] = found
    session.commit()
    return KeskiSuomi(region, at, users)


def _password_hash() -> str:
    if not _HASH:
        _HASH.append(passwords.hash_password(DEMO_PASSWORD))
    return _HASH[0]


_HASH: list[str] = []
