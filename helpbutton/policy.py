"""Who may see or do what: the one place that decides.

Plain Python on purpose (no Flask, no SQLAlchemy): views, services, the API and the tests ask
these functions, and the functions only look at a `Principal` — the user's role grants, each
resolved to its full scope (a centre grant knows the centre's host municipality and region) —
so a decision never needs a database round trip and can be tested on its own.

Privacy rule from the design: staff see only the requests of the centres they belong to.
Administrators configure and manage accounts; being an administrator does not by itself open
any family's request.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")

STAFF = "staff"
LEAD = "lead"
MUNICIPALITY_ADMIN = "municipality_admin"
REGION_ADMIN = "region_admin"

# The national operator: starts a county's service and invites its first administrator. Not a
# county role: an operator holds no grant, so every question about a county's requests,
# families, staff or configuration answers no (see `Principal.operator`).
OPERATOR = "operator"

CENTRE_ROLES = frozenset({STAFF, LEAD})
ADMIN_ROLES = frozenset({MUNICIPALITY_ADMIN, REGION_ADMIN})
ROLES = (STAFF, LEAD, MUNICIPALITY_ADMIN, REGION_ADMIN)


@dataclass(frozen=True)
class Grant:
    """One role with its scope, resolved: centre roles carry the centre's host municipality
    and region; a municipality role carries the municipality's region."""

    role: str
    region_id: int
    municipality_code: str | None = None
    centre_id: int | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")
        if self.role in CENTRE_ROLES and (self.centre_id is None or not self.municipality_code):
            raise ValueError("a centre role needs its centre and the centre's host municipality")
        if self.role == MUNICIPALITY_ADMIN and not self.municipality_code:
            raise ValueError("a municipality role needs its municipality")


@dataclass(frozen=True)
class Principal:
    """The signed-in user as the policy sees them. `operator`: the national operator role
    (no county's grant comes with it)."""

    user_id: int
    grants: frozenset[Grant] = field(default_factory=frozenset)
    operator: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "grants", frozenset(self.grants))

    def roles(self) -> frozenset[str]:
        return frozenset(g.role for g in self.grants)


# --- the staff area and requests ------------------------------------------------------------

def can_use_staff_area(principal: Principal | None) -> bool:
    """Any account with at least one role may open the staff pages."""
    return principal is not None and bool(principal.grants)


def visible_centre_ids(principal: Principal | None) -> frozenset[int]:
    """Centres whose requests this person may see. The queue filters on exactly this set
    (e.g. `HelpRequest.centre_id.in_(ids)`); an empty set means no requests at all."""
    if principal is None:
        return frozenset()
    return frozenset(g.centre_id for g in principal.grants
                     if g.role in CENTRE_ROLES and g.centre_id is not None)


def lead_centre_ids(principal: Principal | None) -> frozenset[int]:
    if principal is None:
        return frozenset()
    return frozenset(g.centre_id for g in principal.grants
                     if g.role == LEAD and g.centre_id is not None)


def can_view_request(principal: Principal | None, centre_id: int | None) -> bool:
    """May this person open a request that is now with `centre_id`?"""
    return centre_id is not None and centre_id in visible_centre_ids(principal)


def can_work_request(principal: Principal | None, centre_id: int | None) -> bool:
    """Claim, record contact attempts and notes, change status, forward, write to the
    family and read what it wrote (which marks it read)."""
    return can_view_request(principal, centre_id)


def can_find_families(principal: Principal | None) -> bool:
    """Search by reference, phone or email: whoever works in a centre, and only among the
    requests of their centres (`visible_centre_ids`)."""
    return bool(visible_centre_ids(principal))


def can_lead_centre(principal: Principal | None, centre_id: int | None) -> bool:
    """Team lead's powers: assign requests to colleagues, take a request from another."""
    return centre_id is not None and centre_id in lead_centre_ids(principal)


def can_release_request(principal: Principal | None, centre_id: int | None,
                        assignee_id: int | None) -> bool:
    """Give a request back to the queue: the one holding it, or a lead of its centre."""
    if principal is None or not can_work_request(principal, centre_id):
        return False
    return assignee_id == principal.user_id or can_lead_centre(principal, centre_id)


# The actions on one request, as the request page offers them and its POST routes accept them.
CLAIM, RELEASE, ASSIGN, CONTACT, NOTE, STATUS, FORWARD, MESSAGE = (
    "claim", "release", "assign", "contact", "note", "status", "forward", "message")
# MESSAGE: write to the family through its private link (the conversation).
REQUEST_ACTIONS = (CLAIM, RELEASE, ASSIGN, CONTACT, NOTE, STATUS, FORWARD, MESSAGE)
# What still applies once a request is closed: a note (a call back after closing is worth
# recording) and its status (reopening). Claiming, releasing, assigning, contact attempts and
# forwarding belong to open work, and so does the conversation (the family cannot answer a
# closed request); an erased request takes nothing at all.
AFTER_CLOSING = frozenset({NOTE, STATUS})


@dataclass(frozen=True)
class RequestState:
    """What the policy needs to know of a request to say which actions apply."""

    centre_id: int | None
    assignee_id: int | None = None
    closed: bool = False
    erased: bool = False
    # The family's private link was closed (by a worker, when it may be in the wrong hands).
    link_closed: bool = False


def request_action_refusal(principal: Principal | None, action: str,
                           state: RequestState) -> str | None:
    """Why `action` may not be done to this request now: "not_allowed" (not this person's to
    work, or only a lead's), "erased", "closed" — or None when it may. Who holds the request
    is left to the operation, which names the colleague who claimed first."""
    if action not in REQUEST_ACTIONS:
        raise ValueError(f"unknown request action {action!r}")
    if not can_work_request(principal, state.centre_id):
        return "not_allowed"
    if action == ASSIGN and not can_lead_centre(principal, state.centre_id):
        return "not_allowed"
    if action == RELEASE and state.assignee_id is not None and not can_release_request(
            principal, state.centre_id, state.assignee_id):
        return "not_allowed"
    if state.erased:
        return "erased"
    if state.closed and action not in AFTER_CLOSING:
        return "closed"
    return None


def offered_request_actions(principal: Principal | None, state: RequestState) -> frozenset[str]:
    """The actions the request page offers: those allowed now, and of claim and release only
    the one that fits (claim a request nobody holds, release one somebody does)."""
    offered = {a for a in REQUEST_ACTIONS if request_action_refusal(principal, a, state) is None}
    offered.discard(RELEASE if state.assignee_id is None else CLAIM)
    return frozenset(offered)


# The family's private link: send a new one to the contact on the request, or close it at
# once (and send a new one to a contact the family names instead). Both apply to a closed
# request too (a family's safety does not end with the request); an erased one has no link.
SEND_LINK, CLOSE_LINK = "send_link", "close_link"
LINK_ACTIONS = (SEND_LINK, CLOSE_LINK)


def private_link_refusal(principal: Principal | None, action: str,
                         state: RequestState) -> str | None:
    """Why `action` (SEND_LINK, CLOSE_LINK) may not be done to the request's private link now:
    "not_allowed" (not a worker of its centre), "erased", "link_closed" (a closed link goes
    again only to a contact the family names, never to the contact that may be in the wrong
    hands: sending is refused, closing with a new contact is not) — or None when it may."""
    if action not in LINK_ACTIONS:
        raise ValueError(f"unknown private link action {action!r}")
    if not can_work_request(principal, state.centre_id):
        return "not_allowed"
    if state.erased:
        return "erased"
    if action == SEND_LINK and state.link_closed:
        return "link_closed"
    return None


def offered_link_actions(principal: Principal | None, state: RequestState) -> frozenset[str]:
    """The private link actions the request page offers (the ones its POST routes accept)."""
    return frozenset(a for a in LINK_ACTIONS if private_link_refusal(principal, a, state) is None)


def can_record_request(principal: Principal | None) -> bool:
    """Record a request taken by phone, at a walk-in or an outreach event: a worker (staff
    or lead) of at least one centre. Where it goes is routing's answer, not theirs: it may
    land in a centre they cannot see (`can_view_request` then still says no)."""
    return bool(visible_centre_ids(principal))


def recording_region_id(principal: Principal | None) -> int | None:
    """The region whose form a worker records in: that of their centres (the lowest id when
    they work in centres of several regions). None: they may not record."""
    regions = sorted({g.region_id for g in (principal.grants if principal else ())
                      if g.role in CENTRE_ROLES and g.centre_id is not None})
    return regions[0] if regions else None


def filter_visible(principal: Principal | None, items: Iterable[T],
                   centre_of: Callable[[T], int | None]) -> list[T]:
    """Keep the items whose centre (`centre_of(item)`) this person may see."""
    visible = visible_centre_ids(principal)
    return [item for item in items if centre_of(item) in visible]


def can_change_own_account(principal: Principal | None, account_user_id: int) -> bool:
    """Language and password: the signed-in person, of their own account only (also when
    every role has been taken away: they may still set their password)."""
    return principal is not None and principal.user_id == account_user_id


# --- administration -------------------------------------------------------------------------

def is_region_admin(principal: Principal | None, region_id: int | None = None) -> bool:
    """Administrator of `region_id` (or of any region when None)."""
    if principal is None:
        return False
    return any(g.role == REGION_ADMIN and (region_id is None or g.region_id == region_id)
               for g in principal.grants)


def administered_region_ids(principal: Principal | None) -> tuple[int, ...]:
    """Regions administered, lowest id first (the one the region pages show)."""
    if principal is None:
        return ()
    return tuple(sorted({g.region_id for g in principal.grants if g.role == REGION_ADMIN}))


def is_admin(principal: Principal | None) -> bool:
    return principal is not None and any(g.role in ADMIN_ROLES for g in principal.grants)


def can_admin_municipality(principal: Principal | None, code: str | None,
                           region_id: int) -> bool:
    """Configure a municipality (its routing, centres, accounts): its own administrator or
    the administrator of its region."""
    if principal is None:
        return False
    return is_region_admin(principal, region_id) or any(
        g.role == MUNICIPALITY_ADMIN and g.municipality_code == code for g in principal.grants)


def administered_municipality_codes(principal: Principal | None) -> frozenset[str]:
    """Municipalities administered through a municipality role (region admins: see
    `is_region_admin`, which covers every municipality of the region)."""
    if principal is None:
        return frozenset()
    return frozenset(g.municipality_code for g in principal.grants
                     if g.role == MUNICIPALITY_ADMIN and g.municipality_code)


def can_admin_centre(principal: Principal | None, host_municipality_code: str,
                     region_id: int) -> bool:
    """A centre belongs to its host municipality for administration."""
    return can_admin_municipality(principal, host_municipality_code, region_id)


def is_shared_centre(host_municipality_code: str, serves: Iterable[str],
                     is_fallback: bool = False) -> bool:
    """A centre that serves a municipality besides its host (or is the region's fallback)."""
    return is_fallback or bool(set(serves) - {host_municipality_code})


def centre_changes_refused(principal: Principal | None, region_id: int,
                           host_municipality_code: str, serves_before: Iterable[str],
                           serves_after: Iterable[str], changed: Iterable[str],
                           is_fallback: bool = False) -> frozenset[str]:
    """The fields of a centre this person may not change. A shared centre is the region's:
    its host's administrator may change only whether the host itself is in its area (its
    names, contacts, languages, use and the rest of its area concern other municipalities'
    families and staff too)."""
    if is_region_admin(principal, region_id):
        return frozenset()
    before, after = set(serves_before), set(serves_after)
    if not is_shared_centre(host_municipality_code, before, is_fallback):
        return frozenset()
    refused = set(changed) - {"serves"}
    if (before ^ after) - {host_municipality_code}:
        refused.add("serves")
    return frozenset(refused)


def can_manage_accounts(principal: Principal | None) -> bool:
    """May open account administration at all (what they may then touch: `can_grant`)."""
    return is_admin(principal)


def can_grant(principal: Principal | None, grant: Grant) -> bool:
    """May give (or take away) this role. Region roles only from the region's administrator;
    municipality and centre roles also from the municipality's administrator."""
    if principal is None:
        return False
    if grant.role == REGION_ADMIN:
        return is_region_admin(principal, grant.region_id)
    return can_admin_municipality(principal, grant.municipality_code, grant.region_id)


def can_manage_user(principal: Principal | None, target_grants: Iterable[Grant],
                    home_region_id: int | None = None) -> bool:
    """May edit or deactivate an account: only when every role it holds is within the
    administrator's scope, so that a municipality administrator cannot touch an account
    that also works elsewhere. An account with no roles is its county's (`home_region_id`,
    User.region_id): that county's region administrators' only, never another county's; an
    account of no county (a national operator's) nobody's here."""
    grants = list(target_grants)
    if not grants:
        return home_region_id is not None and is_region_admin(principal, home_region_id)
    return all(can_grant(principal, g) for g in grants)


def can_deactivate_user(principal: Principal | None, target_user_id: int,
                        target_grants: Iterable[Grant],
                        home_region_id: int | None = None) -> bool:
    """Nobody deactivates themselves (the last administrator would lock everyone out)."""
    if principal is None or principal.user_id == target_user_id:
        return False
    return can_manage_user(principal, target_grants, home_region_id)


def can_change_grants(principal: Principal | None, before: Iterable[Grant],
                      after: Iterable[Grant]) -> bool:
    """Changing roles: every role removed or added must be one the administrator may grant."""
    before, after = set(before), set(after)
    return all(can_grant(principal, g) for g in before ^ after)


def can_manage_partners(principal: Principal | None, region_id: int | None = None) -> bool:
    """Partner buttons and their API keys: the region's administrator (of any region when
    `region_id` is None: the list shows their own region's)."""
    return is_region_admin(principal, region_id)


def can_manage_outbox(principal: Principal | None) -> bool:
    """Mail the worker gave up on, and sending it again: region administrators (the page
    shows only the kind of each message, never a family's address)."""
    return is_region_admin(principal)



# --- message templates ----------------------------------------------------------------------

def can_open_message_templates(principal: Principal | None) -> bool:
    """The template pages: every administrator (each sees and keeps those of their scope)."""
    return is_admin(principal)


def can_keep_message_templates(principal: Principal | None, region_id: int,
                               municipality_code: str | None) -> bool:
    """Create, change, deactivate or delete a template. A region-wide one (`municipality_code`
    None): the region's administrator only. A municipality's: its own administrator or the
    region's (`can_admin_municipality`)."""
    if municipality_code is None:
        return is_region_admin(principal, region_id)
    return can_admin_municipality(principal, municipality_code, region_id)


def can_read_message_template(principal: Principal | None, region_id: int,
                              municipality_code: str | None) -> bool:
    """See a template: whoever may keep it, and a municipality's administrator the region-wide
    templates of their region (offered to their staff too; read-only to them). Nobody sees
    another municipality's or another region's templates."""
    if can_keep_message_templates(principal, region_id, municipality_code):
        return True
    return municipality_code is None and principal is not None and any(
        g.role == MUNICIPALITY_ADMIN and g.region_id == region_id for g in principal.grants)


def message_template_owners(principal: Principal | None
                            ) -> tuple[tuple[int, ...], frozenset[str], tuple[int, ...]]:
    """What the template list shows: (regions administered: all their templates;
    municipalities administered through a municipality role: theirs; regions of those
    municipalities: their region-wide templates, to read)."""
    if principal is None:
        return (), frozenset(), ()
    municipal_regions = tuple(sorted({g.region_id for g in principal.grants
                                      if g.role == MUNICIPALITY_ADMIN}))
    return (administered_region_ids(principal), administered_municipality_codes(principal),
            municipal_regions)

# --- statistics and the privacy lifecycle -----------------------------------------------------

def can_view_statistics(principal: Principal | None) -> bool:
    """Statistics hold no personal data: every administrator sees those of their scope."""
    return is_admin(principal)


def statistics_scope(principal: Principal | None) -> tuple[int, frozenset[str] | None] | None:
    """(region id, municipality codes) whose statistics this person sees; codes None means
    every municipality of the region (its administrator). None: no statistics at all."""
    if principal is None:
        return None
    regions = sorted(g.region_id for g in principal.grants if g.role == REGION_ADMIN)
    if regions:
        return regions[0], None
    municipal = [g for g in principal.grants if g.role == MUNICIPALITY_ADMIN]
    if not municipal:
        return None
    region_id = min(g.region_id for g in municipal)
    return region_id, frozenset(g.municipality_code for g in municipal
                                if g.region_id == region_id and g.municipality_code)


def can_manage_personal_data(principal: Principal | None, region_id: int | None) -> bool:
    """Export or erase one family's data on request: the region's administrator only (the
    wellbeing services county is the controller of the register)."""
    return region_id is not None and is_region_admin(principal, region_id)


def can_view_audit_trail(principal: Principal | None, region_id: int | None = None) -> bool:
    """Who viewed or changed which request: the region's administrator."""
    return is_region_admin(principal, region_id)


# --- the national operator -------------------------------------------------------------------

def is_operator(principal: Principal | None) -> bool:
    return principal is not None and principal.operator


def can_operate_counties(principal: Principal | None) -> bool:
    """The list of counties with their status (in service; how many administrators and
    centres: numbers only), and starting or stopping a county's service with its
    where-to-turn text and phone: the national operator only. Nothing of a county's
    requests, families, staff or statistics comes with it."""
    return is_operator(principal)


def can_invite_county_administrator(principal: Principal | None,
                                    administrators_signed_in: int) -> bool:
    """Invite a county's first administrator: the national operator, while no administrator
    of the county has signed in yet (afterwards the county's own administrators make its
    accounts: `can_grant`)."""
    return is_operator(principal) and administrators_signed_in == 0


# --- sign-in ---------------------------------------------------------------------------------

def requires_totp(principal: Principal, regions_requiring_staff_totp: Iterable[int] = ()) -> bool:
    """Two-factor sign-in is required of every administrator and the national operator, and
    of staff in a region that requires it (Region.require_totp_for_staff)."""
    if is_admin(principal) or is_operator(principal):
        return True
    strict = set(regions_requiring_staff_totp)
    return any(g.region_id in strict for g in principal.grants)
