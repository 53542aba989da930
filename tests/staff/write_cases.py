"""Every POST action of the staff and admin sides, as the write matrix tries it.

Each case makes its own target (`prepare(db, scope)`: "own" is the Turku centre or
municipality of the demo roles, "other" a centre, municipality or region beyond the
municipality administrator's and the workers' reach), posts a valid form and reads back
`state`, what the action changes. Allowed: the change is stored. Refused: nothing changed.
A new POST route of these sides needs a case here (`test_every_staff_and_admin_post_has_a_
write_case`).
"""
import itertools
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from helpbutton.accounts import operations as accounts
from helpbutton.models import (
    AdminAction,
    Centre,
    Channel,
    ConfigChange,
    EventKind,
    HelpRequest,
    LegalTexts,
    MessageTemplate,
    Municipality,
    OutboxMessage,
    OutboxStatus,
    Partner,
    Region,
    RequestEvent,
    RequestMessage,
    RoutingRule,
    Topic,
    User,
)
from helpbutton.models.admin_action import FAMILY_SEARCHED
from helpbutton.partners import operations as partners
from helpbutton.policy import STAFF, Grant
from helpbutton.refdata import reference_data
from helpbutton.refdata.demo_data import DEMO_PASSWORD
from tests.factories import centre, make_request, user
from tests.staff.conftest import ROLE_EMAILS

WORKERS = {"staff", "lead"}
ADMINS = {"municipality_admin", "region_admin"}
SIGNED_IN = WORKERS | ADMINS
NOBODY: set[str] = set()
NEW_PASSWORD = "kolme hevosta laukkaa niityllä"
_n = itertools.count(1)


@dataclass
class WriteCase:
    endpoint: str
    allowed: dict[str, set[str]]  # scope ("own"/"other") → roles whose change is stored
    prepare: Callable[[Any, str], Any]  # (db, scope) → the target
    url: Callable[[Any], str]
    state: Callable[[Any, Any], Any]  # (db, target) → what the action changes
    data: Callable[[Any, Any, str], dict] = lambda db, target, role: {}
    post: Callable | None = None  # (client, url, data) → response, for two-step forms


def _posted(client, url: str, data: dict):
    return client.post(url, data=data)


def checked_then_saved(client, url: str, data: dict):
    """A rule is checked first; the save carries the check's fingerprint."""
    shown = client.post(url, data={**data, "action": "check"})
    found = re.search(r'name="checked" type="hidden" value="([0-9a-f]+)"',
                      shown.get_data(as_text=True))
    if shown.status_code != 200 or not found:
        return shown
    return client.post(url, data={**data, "action": "save", "checked": found.group(1)})


def shown_then_confirmed(client, url: str, data: dict):
    """A move or (de)activation, a key's removal, an account's deactivation: shown what it
    does first; saved on confirmation."""
    shown = client.post(url, data=data)
    found = re.search(r'name="confirm" value="([0-9a-f]+)"', shown.get_data(as_text=True))
    if shown.status_code != 200 or not found:
        return shown
    return client.post(url, data={**data, "confirm": found.group(1)})


# --- targets -------------------------------------------------------------------------------

def _centre_of(scope: str) -> str:
    return "turku" if scope == "own" else "loimaa-area"


def _code(db, scope: str) -> str:
    return centre(db.session, _centre_of(scope)).host_municipality_code


def _request(db, scope: str, *, held: bool = False) -> int:
    at = centre(db.session, _centre_of(scope))
    holder = user(db.session, "turku.staff@example.invalid" if scope == "own"
                  else "loimaa.staff@example.invalid") if held else None
    return make_request(db.session, at, assignee=holder).id


def _linked_request(db, scope: str) -> int:
    """A request with a private link and an email address to send a new one to."""
    return make_request(db.session, centre(db.session, _centre_of(scope)),
                        email="perhe.matriisi@example.fi",
                        follow_up_token_hash=secrets.token_hex(32)).id


def _link(db, request_id: int):
    req = _req(db, request_id)
    return (req.follow_up_token_hash, req.email, req.phone)


def _events(db, request_id: int, kind: EventKind) -> int:
    return db.session.scalar(sa.select(sa.func.count(RequestEvent.id)).where(
        RequestEvent.request_id == request_id, RequestEvent.kind == kind))


def _req(db, request_id: int) -> HelpRequest:
    return db.session.get(HelpRequest, request_id)


def _rule(db, scope: str) -> int:
    """The first of two rules of the scope's municipality placed after its own (a move needs a
    neighbour). They send to the municipality's own centre, so changing them moves nobody
    else's requests and takes no language service away: the demo's Swedish-language rule
    itself may not be changed that way (see test_language_service)."""
    code = _code(db, scope)
    matrix = list(db.session.scalars(sa.select(RoutingRule.id).where(
        RoutingRule.municipality_code == code, RoutingRule.name.like("Matrix %"))
        .order_by(RoutingRule.position, RoutingRule.id)))
    if len(matrix) < 2:
        last = db.session.scalar(sa.select(sa.func.max(RoutingRule.position)).where(
            RoutingRule.municipality_code == code)) or 0
        db.session.add_all(RoutingRule(
            region_id=centre(db.session, _centre_of(scope)).region_id, municipality_code=code,
            name=f"Matrix {next(_n)}",
            target_centre_id=centre(db.session, _centre_of(scope)).id,
            position=last + 10 * (i + 1), active=True) for i in range(2 - len(matrix)))
        db.session.commit()
        return _rule(db, scope)
    return matrix[0]


def _account(db, scope: str, **changes) -> int:
    """A staff account of the scope's centre (not a demo role, which the matrix signs in)."""
    at = centre(db.session, _centre_of(scope))
    target, _ = accounts.create_account(
        db.session, email=f"target{next(_n)}@example.invalid", display_name="Kohde",
        language="fi", grants={Grant(STAFF, at.region_id, at.host_municipality_code, at.id)})
    for name, value in changes.items():
        setattr(target, name, value)
    db.session.commit()
    return target.id


def _other_region(db) -> Region:
    found = db.session.scalar(sa.select(Region).where(Region.name_fi == "Keski-Suomi"))
    if found is None:
        reference_data.load_region(db.session, "Keski-Suomi")
        db.session.commit()
        found = db.session.scalar(sa.select(Region).where(Region.name_fi == "Keski-Suomi"))
    return found


def _partner(db, scope: str, *, active: bool = True, with_key: bool = True) -> int:
    region = (db.session.scalar(sa.select(Region).where(Region.name_fi == "Varsinais-Suomi"))
              if scope == "own" else _other_region(db))
    partner, _ = partners.create_partner(
        db.session, region, partners.PartnerDetails(f"Kirjasto {next(_n)}", Channel.LIBRARY,
                                                    None), with_api_key=with_key)
    partner.active = active
    db.session.commit()
    return partner.id


def _partner_state(db, partner_id: int):
    p = db.session.get(Partner, partner_id)
    return (p.name, p.active, p.api_key_hash)


def _partner_networks(db, partner_id: int):
    p = db.session.get(Partner, partner_id)
    return (p.networks, p.form_limit_per_hour)


def _failed_message(db, scope: str) -> int:
    message = OutboxMessage(kind="daily_digest", recipient="perhekeskus.turku@example.invalid",
                            subject="Yhteenveto", body_text="-", status=OutboxStatus.FAILED,
                            attempts=5)
    db.session.add(message)
    db.session.commit()
    return message.id


def _user_state(db, user_id: int):
    u = db.session.get(User, user_id)
    return (u.display_name, u.active, u.totp_enabled, u.session_version)


def _own_user(role: str):
    return ROLE_EMAILS.get(role)


def _language_of(db, _target):
    return tuple(db.session.scalars(sa.select(User.language).where(
        User.email.in_(ROLE_EMAILS.values())).order_by(User.email)))


def _hashes_of(db, _target):
    return tuple(db.session.scalars(sa.select(User.password_hash).where(
        User.email.in_(ROLE_EMAILS.values())).order_by(User.email)))


def _count(model, *where) -> Callable:
    return lambda db, target: db.session.scalar(
        sa.select(sa.func.count()).select_from(model).where(*where))


def _family_searches(db, _target) -> int:
    return db.session.scalar(sa.select(sa.func.count(AdminAction.id)).where(
        AdminAction.action == FAMILY_SEARCHED))


def _config_changes(db, code: str) -> int:
    return db.session.scalar(sa.select(sa.func.count(ConfigChange.id)).where(
        ConfigChange.municipality_code == code))


def _vs(db) -> Region:
    return db.session.scalar(sa.select(Region).where(Region.name_fi == "Varsinais-Suomi"))


def _template_owner(db, scope: str) -> str:
    """Whose template: "own" Turku (the municipality administrator's), "other" Loimaa,
    "region" Varsinais-Suomi region-wide, "other-region" Keski-Suomi region-wide."""
    if scope in ("own", "other"):
        return _code(db, scope)
    return f"r{(_vs(db) if scope == 'region' else _other_region(db)).id}"


def _template(db, scope: str, *, active: bool = True) -> int:
    owner = _template_owner(db, scope)
    region_id = int(owner[1:]) if owner.startswith("r") else \
        db.session.get(Municipality, owner).region_id
    template = MessageTemplate(
        region_id=region_id, municipality_code=None if owner.startswith("r") else owner,
        name_fi=f"Pohja {next(_n)}", body_fi="Hei!", name_sv="Mall", body_sv="Hej!",
        active=active)
    db.session.add(template)
    db.session.commit()
    return template.id


def _template_state(db, template_id: int):
    t = db.session.get(MessageTemplate, template_id)
    return None if t is None else (t.name_fi, t.body_sv, t.active)


def _template_form(db, template_id: int, role: str) -> dict:
    return {"name_fi": f"Muutettu {next(_n)}", "body_fi": "Hei taas!", "name_sv": "Mall",
            "body_sv": "Hej igen!", "active": "y"}


# --- the cases -------------------------------------------------------------------------------

TRIAGE_WORK = {"own": WORKERS, "other": NOBODY}
MUNICIPAL = {"own": ADMINS, "other": {"region_admin"}}
REGIONAL = {"own": {"region_admin"}, "other": NOBODY}
TEMPLATES = {**MUNICIPAL, "region": {"region_admin"}, "other-region": NOBODY}

CASES = [
    # triage: another centre's request is not even found (404) and stays as it was
    WriteCase("triage.claim", TRIAGE_WORK, _request,
              lambda r: f"/staff/requests/{r}/claim", lambda db, r: _req(db, r).assignee_id),
    WriteCase("triage.release", TRIAGE_WORK, lambda db, s: _request(db, s, held=True),
              lambda r: f"/staff/requests/{r}/release", lambda db, r: _req(db, r).assignee_id),
    WriteCase("triage.assign", {"own": {"lead"}, "other": NOBODY}, _request,
              lambda r: f"/staff/requests/{r}/assign", lambda db, r: _req(db, r).assignee_id,
              data=lambda db, r, role: {"assign-assignee": str(
                  user(db.session, "turku.staff@example.invalid").id)}),
    WriteCase("triage.contact", TRIAGE_WORK, _request,
              lambda r: f"/staff/requests/{r}/contact",
              lambda db, r: _events(db, r, EventKind.CONTACT_ATTEMPT),
              data=lambda db, r, role: {"contact-result": "reached", "contact-text": "Soitettu"}),
    WriteCase("triage.note", TRIAGE_WORK, _request, lambda r: f"/staff/requests/{r}/note",
              lambda db, r: _events(db, r, EventKind.NOTE),
              data=lambda db, r, role: {"note-text": "Muistiinpano"}),
    # writing to the family: the message is stored (and the family's notice queued)
    WriteCase("triage.message", TRIAGE_WORK, _request,
              lambda r: f"/staff/requests/{r}/message",
              lambda db, r: _count(RequestMessage, RequestMessage.request_id == r)(db, r),
              data=lambda db, r, role: {"message-body": "Soitimme teille, milloin sopisi?"}),
    WriteCase("triage.status", TRIAGE_WORK, _request, lambda r: f"/staff/requests/{r}/status",
              lambda db, r: _req(db, r).status,
              data=lambda db, r, role: {"status-status": "waiting"}),
    WriteCase("triage.forward", TRIAGE_WORK, _request,
              lambda r: f"/staff/requests/{r}/forward", lambda db, r: _req(db, r).centre_id,
              data=lambda db, r, role: {"forward-centre": str(centre(db.session, "kaarina").id),
                                        "forward-reason": "Kuuluu Kaarinalle"}),
    # the family's private link: a new one to its contact, or closed and sent to a new one
    WriteCase("triage.send_link", TRIAGE_WORK, _linked_request,
              lambda r: f"/staff/requests/{r}/link/send", _link),
    WriteCase("triage.close_link", TRIAGE_WORK, _linked_request,
              lambda r: f"/staff/requests/{r}/link/close", _link,
              data=lambda db, r, role: {"link-contact": "uusi.osoite@example.fi"}),
    # finding a family is on record (the audit trail): workers only; the terms are posted
    WriteCase("triage.find", {"own": WORKERS}, lambda db, s: _req(db, _request(db, s)).reference,
              lambda ref: "/staff/find", _family_searches,
              data=lambda db, ref, role: {"term": ref}),
    # recording a family's phone call: any worker, for a family of any municipality (routing
    # may send it to a centre they cannot see); administrators without a centre may not
    WriteCase("triage.record", {"own": WORKERS, "other": WORKERS}, _code,
              lambda code: "/staff/record",
              lambda db, code: db.session.scalar(sa.select(sa.func.count(HelpRequest.id)).where(
                  HelpRequest.municipality_code == code, HelpRequest.channel == Channel.PHONE)),
              data=lambda db, code, role: {
                  "channel": "phone", "municipality_code": code, "topic_code": "everyday",
                  "contact_method": "phone", "phone": "040 765 4321",
                  "service_language": "fi", "consent": "y"}),
    # routing administration: Turku is the municipality administrator's, Loimaa is not
    WriteCase("routing_admin.municipality_settings", MUNICIPAL, _code,
              lambda code: f"/admin/m/{code}/settings",
              lambda db, code: db.session.get(Municipality, code).social_emergency_phone,
              data=lambda db, code, role: {"default_centre": "", "active": "y",
                                           "social_emergency_phone": f"02 262 {next(_n):04d}"}),
    WriteCase("routing_admin.centre_new", MUNICIPAL, _code,
              lambda code: f"/admin/m/{code}/centres/new",
              lambda db, code: db.session.scalar(sa.select(sa.func.count(Centre.id))),
              data=lambda db, code, role: {
                  "name_fi": f"Uusi {next(_n)}", "name_sv": "Ny", "name_en": "New",
                  "languages": ["fi"], "serves": [code], "active": "y",
                  "notification_email": f"uusi{next(_n)}@example.invalid"}),
    WriteCase("routing_admin.centre_edit", MUNICIPAL,
              lambda db, s: (_code(db, s), centre(db.session, _centre_of(s)).id),
              lambda t: f"/admin/m/{t[0]}/centres/{t[1]}",
              lambda db, t: db.session.get(Centre, t[1]).phone,
              data=lambda db, t, role: {
                  **_centre_form(db.session.get(Centre, t[1])), "phone": f"02 262 {next(_n):04d}"}),
    WriteCase("routing_admin.rule_new", MUNICIPAL, _code,
              lambda code: f"/admin/m/{code}/rules/new",
              lambda db, code: db.session.scalar(sa.select(sa.func.count(RoutingRule.id))),
              data=lambda db, code, role: {
                  "name": f"Uusi sääntö {next(_n)}", "topics": ["mental_health"], "active": "y",
                  "target_centre": str(centre(db.session, "turku" if code == "853"
                                                      else "loimaa-area").id)},
              post=checked_then_saved),
    WriteCase("routing_admin.rule_edit", MUNICIPAL, lambda db, s: (_code(db, s), _rule(db, s)),
              lambda t: f"/admin/m/{t[0]}/rules/{t[1]}",
              lambda db, t: db.session.get(RoutingRule, t[1]).name,
              data=lambda db, t, role: _rule_form(db.session.get(RoutingRule, t[1])),
              post=checked_then_saved),
    WriteCase("routing_admin.rule_move", MUNICIPAL, lambda db, s: (_code(db, s), _rule(db, s)),
              lambda t: f"/admin/m/{t[0]}/rules/{t[1]}/move",
              lambda db, t: db.session.get(RoutingRule, t[1]).position,
              data=lambda db, t, role: {"direction": _direction(db, t[1])},
              post=shown_then_confirmed),
    WriteCase("routing_admin.rule_active", MUNICIPAL,
              lambda db, s: (_code(db, s), _rule(db, s)),
              lambda t: f"/admin/m/{t[0]}/rules/{t[1]}/active",
              lambda db, t: db.session.get(RoutingRule, t[1]).active,
              data=lambda db, t, role: {
                  "active": "0" if db.session.get(RoutingRule, t[1]).active else "1"},
              post=shown_then_confirmed),
    WriteCase("routing_admin.import_config", MUNICIPAL, _code,
              lambda code: f"/admin/m/{code}/import", _config_changes,
              data=lambda db, code, role: {"action": "import", "file": _exported(db, code)}),
    WriteCase("routing_admin.topic_new", {"own": {"region_admin"}}, lambda db, s: None,
              lambda _: "/admin/region/topics/new",
              lambda db, _: db.session.scalar(sa.select(sa.func.count(Topic.id))),
              data=lambda db, _, role: {"code": f"matrix{next(_n)}", "position": "50",
                                        "active": "y", "label_fi": "Uni", "label_sv": "Sömn",
                                        "label_en": "Sleep"}),
    WriteCase("routing_admin.topic_edit", REGIONAL,
              lambda db, s: _topic(db, s), lambda t: f"/admin/region/topics/{t}",
              lambda db, t: db.session.get(Topic, t).label_en,
              data=lambda db, t, role: {**_topic_form(db.session.get(Topic, t)),
                                        "label_en": f"Label {next(_n)}"}),
    WriteCase("routing_admin.region_settings", {"own": {"region_admin"}}, lambda db, s: None,
              lambda _: "/admin/region/settings",
              lambda db, _: db.session.scalar(sa.select(Region.promise_working_days).where(
                  Region.name_fi == "Varsinais-Suomi")),
              data=lambda db, _, role: {
                  "fallback_centre": str(centre(db.session, "kaarina").id),
                  # a promise other than the one stored, whatever the counter's turn
                  "promise_working_days": str(1 + (_vs(db).promise_working_days + next(_n) % 8)
                                              % 9),
                  "urgent_promise_working_days": "1", "escalate_after_working_days": "2"}),
    # the county's legal texts (helpbutton/legal): its own administrator's only
    WriteCase("routing_admin.legal_texts", {"own": {"region_admin"}}, lambda db, s: None,
              lambda _: "/admin/region/legal",
              lambda db, _: db.session.scalar(sa.select(LegalTexts.dpo_email).where(
                  LegalTexts.region_id == _vs(db).id)),
              data=lambda db, _, role: {"dpo_email": f"tietosuoja{next(_n)}@example.invalid",
                                        "dpo_name_fi": "Tietosuojavastaava"}),
    # the county's social emergency number: its administrator's alone
    WriteCase("routing_admin.region_settings", {"own": {"region_admin"}}, lambda db, s: None,
              lambda _: "/admin/region/settings",
              lambda db, _: db.session.scalar(sa.select(Region.social_emergency_phone).where(
                  Region.name_fi == "Varsinais-Suomi")),
              data=lambda db, _, role: {
                  "fallback_centre": str(centre(db.session, "kaarina").id),
                  "promise_working_days": "3", "urgent_promise_working_days": "1",
                  "escalate_after_working_days": "2",
                  "social_emergency_phone": f"02 263 {next(_n) % 10000:04d}",
                  "social_emergency_name_fi": "Sosiaalipäivystys"}),
    # accounts: a Turku account is the municipality administrator's; a Loimaa one is not
    WriteCase("accounts.create", MUNICIPAL, lambda db, s: centre(db.session, _centre_of(s)).id,
              lambda _: "/admin/users/new", _count(User),
              data=lambda db, centre_id, role: {
                  "display_name": "Uusi", "email": f"uusi{next(_n)}@example.invalid",
                  "language": "fi", f"centre-{centre_id}": "staff"}),
    WriteCase("accounts.edit", MUNICIPAL,
              lambda db, s: (_account(db, s), centre(db.session, _centre_of(s)).id),
              lambda t: f"/admin/users/{t[0]}", lambda db, t: _user_state(db, t[0]),
              data=lambda db, t, role: {
                  "display_name": f"Muutettu {next(_n)}", "language": "fi",
                  "email": db.session.get(User, t[0]).email, f"centre-{t[1]}": "staff"}),
    WriteCase("accounts.deactivate", MUNICIPAL, _account,
              lambda u: f"/admin/users/{u}/deactivate", _user_state, post=shown_then_confirmed),
    WriteCase("accounts.activate", MUNICIPAL, lambda db, s: _account(db, s, active=False),
              lambda u: f"/admin/users/{u}/activate", _user_state),
    WriteCase("accounts.reset_two_factor", MUNICIPAL,
              lambda db, s: _account(db, s, totp_enabled=True, totp_secret="A" * 32),
              lambda u: f"/admin/users/{u}/two-factor/reset", _user_state,
              post=shown_then_confirmed),
    # one's own account: every signed-in person, and only their own (no other to name)
    WriteCase("accounts.set_language", {"own": SIGNED_IN}, lambda db, s: None,
              lambda _: "/staff/account/language", _language_of,
              data=lambda db, _, role: {"language": "sv" if _current_language(db, role) == "fi"
                                        else "fi"}),
    WriteCase("accounts.change_password", {"own": SIGNED_IN}, lambda db, s: None,
              lambda _: "/staff/account/password", _hashes_of,
              data=lambda db, _, role: {"current_password": DEMO_PASSWORD,
                                        "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}),
    # partners and failed mail: the region administrator's, of their own region only
    WriteCase("partners.create", {"own": {"region_admin"}}, lambda db, s: None,
              lambda _: "/admin/partners/new",
              _count(Partner), data=lambda db, _, role: {
                  "name": f"Kirjasto {next(_n)}", "channel": "library",
                  "municipality_code": "853"}),
    WriteCase("partners.edit", REGIONAL, _partner, lambda p: f"/admin/partners/{p}",
              _partner_state, data=lambda db, p, role: {
                  "name": f"Kirjasto {next(_n)}", "channel": "library",
                  "municipality_code": "853"}),
    WriteCase("partners.networks", REGIONAL, _partner,
              lambda p: f"/admin/partners/{p}/networks", _partner_networks,
              data=lambda db, p, role: {"networks": f"192.0.2.{next(_n) % 250}/32",
                                        "form_limit_per_hour": "40"}),
    WriteCase("partners.deactivate", REGIONAL, _partner,
              lambda p: f"/admin/partners/{p}/deactivate", _partner_state,
              post=shown_then_confirmed),
    WriteCase("partners.activate", REGIONAL, lambda db, s: _partner(db, s, active=False),
              lambda p: f"/admin/partners/{p}/activate", _partner_state),
    WriteCase("partners.rotate_key", REGIONAL, _partner,
              lambda p: f"/admin/partners/{p}/api-key", _partner_state,
              post=shown_then_confirmed),
    WriteCase("partners.revoke_key", REGIONAL, _partner,
              lambda p: f"/admin/partners/{p}/api-key/revoke", _partner_state,
              post=shown_then_confirmed),
    WriteCase("mail.retry", {"own": {"region_admin"}}, _failed_message,
              lambda m: f"/admin/outbox/{m}/retry",
              lambda db, m: db.session.get(OutboxMessage, m).status),
    # the national operator's pages (tests/counties/test_operator.py): no county role's
    WriteCase("operator.county_page", {"own": NOBODY, "other": NOBODY},
              lambda db, s: (_vs(db) if s == "own" else _other_region(db)).slug,
              lambda slug: f"/admin/counties/{slug}",
              lambda db, slug: tuple(db.session.execute(sa.select(
                  Region.in_service, Region.where_to_turn_fi).where(Region.slug == slug)).one()),
              data=lambda db, slug, role: {"where_to_turn_fi": f"Soita {next(_n)}"}),
    WriteCase("operator.invite", {"own": NOBODY, "other": NOBODY},
              lambda db, s: (_vs(db) if s == "own" else _other_region(db)).slug,
              lambda slug: f"/admin/counties/{slug}/administrator", _count(User),
              data=lambda db, slug, role: {
                  "invite-display_name": "Uusi", "invite-email": f"uusi{next(_n)}@example.invalid",
                  "invite-language": "fi"}),
    # texts in the other public languages (helpbutton/content_languages): whoever edits the
    # object today — a centre's hours its municipality's administrator and the region's, a
    # topic's names the region's administrator only
    WriteCase("content_languages.edit", MUNICIPAL,
              lambda db, s: centre(db.session, _centre_of(s)).id,
              lambda c: f"/admin/texts/centre/{c}",
              lambda db, c: db.session.get(Centre, c).texts,
              data=lambda db, c, role: {"hours__ar": f"٩–١٥ {next(_n)}"}),
    WriteCase("content_languages.edit", REGIONAL, lambda db, s: _topic(db, s),
              lambda t: f"/admin/texts/topic/{t}",
              lambda db, t: db.session.get(Topic, t).texts,
              data=lambda db, t, role: {"label__ar": f"موضوع {next(_n)}"}),
    # message templates: a municipality's are its administrator's and the region's; region-wide
    # ones the region administrator's; another region's nobody's
    WriteCase("message_templates.create", TEMPLATES, _template_owner,
              lambda owner: "/admin/message-templates/new",
              lambda db, owner: db.session.scalar(sa.select(sa.func.count(MessageTemplate.id))),
              data=lambda db, owner, role: {
                  "owner": owner, "name_fi": f"Uusi {next(_n)}", "body_fi": "Hei!",
                  "name_sv": "Ny", "body_sv": "Hej!", "active": "y"}),
    WriteCase("message_templates.save", TEMPLATES, _template,
              lambda t: f"/admin/message-templates/{t}", _template_state, data=_template_form),
    WriteCase("message_templates.deactivate", TEMPLATES, _template,
              lambda t: f"/admin/message-templates/{t}/deactivate", _template_state),
    WriteCase("message_templates.activate", TEMPLATES,
              lambda db, s: _template(db, s, active=False),
              lambda t: f"/admin/message-templates/{t}/activate", _template_state),
    WriteCase("message_templates.delete", TEMPLATES, _template,
              lambda t: f"/admin/message-templates/{t}/delete", _template_state,
              post=shown_then_confirmed),
    # a family's data: the region administrator (the controller's) only
    WriteCase("privacy.export", {"own": {"region_admin"}},
              lambda db, s: _req(db, _request(db, s)).reference,
              lambda ref: f"/admin/requests/{ref}/export",
              lambda db, ref: db.session.scalar(sa.select(sa.func.count(RequestEvent.id))
                                                .join(HelpRequest).where(
                                                    HelpRequest.reference == ref))),
    WriteCase("privacy.erase", {"own": {"region_admin"}},
              lambda db, s: _req(db, _request(db, s)).reference,
              lambda ref: f"/admin/requests/{ref}/erase",
              lambda db, ref: db.session.scalar(sa.select(HelpRequest.erased_at).where(
                  HelpRequest.reference == ref)),
              data=lambda db, ref, role: {"reason": "Perheen pyyntö", "confirm": "y"}),
]


def _current_language(db, role: str) -> str | None:
    email = _own_user(role)
    return db.session.scalar(sa.select(User.language).where(User.email == email)) if email \
        else None


def _direction(db, rule_id: int) -> str:
    """Towards its neighbour among the matrix's own rules."""
    rule = db.session.get(RoutingRule, rule_id)
    below = db.session.scalar(sa.select(sa.func.count()).select_from(RoutingRule).where(
        RoutingRule.municipality_code == rule.municipality_code,
        RoutingRule.position > rule.position))
    return "down" if below else "up"


def _centre_form(c: Centre) -> dict:
    return {"name_fi": c.name_fi, "name_sv": c.name_sv, "name_en": c.name_en,
            "languages": list(c.languages or []), "serves": [m.code for m in c.municipalities],
            "notification_email": c.notification_email, "active": "y" if c.active else ""}


def _rule_form(rule: RoutingRule) -> dict:
    return {"name": f"Sääntö {next(_n)}", "topics": list(rule.topics or []),
            "target_centre": str(rule.target_centre_id), "active": "y" if rule.active else ""}


def _topic(db, scope: str) -> int:
    if scope == "own":
        return db.session.scalar(sa.select(sa.func.min(Topic.id)).join(Region).where(
            Region.name_fi == "Varsinais-Suomi"))
    region = _other_region(db)
    return db.session.scalar(sa.select(sa.func.min(Topic.id)).where(
        Topic.region_id == region.id))


def _topic_form(t: Topic) -> dict:
    return {"position": str(t.position), "active": "y" if t.active else "",
            "label_fi": t.label_fi, "label_sv": t.label_sv, "label_en": t.label_en,
            "help_fi": t.help_fi or "", "help_sv": t.help_sv or "", "help_en": t.help_en or ""}


def _exported(db, code: str):
    from io import BytesIO

    from helpbutton.routing_admin import transfer
    from helpbutton.routing_admin.operations import Actor

    region = db.session.get(Municipality, code).region
    text = transfer.dump_yaml(transfer.export_config(db.session, Actor(region, None), code))
    return (BytesIO(text.encode()), f"routing-{code}.yaml")
