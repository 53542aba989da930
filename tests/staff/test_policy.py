"""The policy module on its own: plain data in, yes or no out."""
import pytest

from helpbutton import policy
from helpbutton.policy import Grant, Principal

VS, KS = 1, 2  # two regions
TURKU_CENTRE = Grant(policy.STAFF, VS, "853", 10)
TURKU_LEAD = Grant(policy.LEAD, VS, "853", 10)
LOIMAA_CENTRE = Grant(policy.STAFF, VS, "430", 20)
TURKU_ADMIN = Grant(policy.MUNICIPALITY_ADMIN, VS, "853")
LOIMAA_ADMIN = Grant(policy.MUNICIPALITY_ADMIN, VS, "430")
VS_ADMIN = Grant(policy.REGION_ADMIN, VS)
KS_ADMIN = Grant(policy.REGION_ADMIN, KS)
JYVASKYLA_STAFF = Grant(policy.STAFF, KS, "179", 30)


def who(*grants, user_id=1):
    return Principal(user_id, frozenset(grants))


def test_staff_see_only_their_own_centres_requests():
    staff = who(TURKU_CENTRE)
    assert policy.can_view_request(staff, 10)
    assert not policy.can_view_request(staff, 20)
    assert not policy.can_view_request(staff, None)
    assert policy.visible_centre_ids(staff) == {10}


def test_administrators_see_no_requests_by_being_administrators():
    for grant in (TURKU_ADMIN, VS_ADMIN):
        assert policy.visible_centre_ids(who(grant)) == frozenset()
        assert not policy.can_view_request(who(grant), 10)


def test_any_role_opens_the_staff_area_and_an_administrator_manages_accounts():
    assert policy.can_use_staff_area(who(TURKU_CENTRE))
    assert not policy.can_use_staff_area(who())
    assert policy.can_manage_accounts(who(TURKU_ADMIN))
    assert not policy.can_manage_accounts(who(TURKU_LEAD))


def test_signed_out_sees_nothing_and_may_do_nothing():
    assert policy.visible_centre_ids(None) == frozenset()
    assert not policy.can_use_staff_area(None)
    assert not policy.can_manage_accounts(None)
    assert not policy.can_grant(None, TURKU_CENTRE)
    assert not policy.is_region_admin(None)


def test_signed_out_administers_nothing():
    # The region's administrator may, so the scope asked about is one that can be administered.
    assert policy.can_admin_municipality(who(VS_ADMIN), "853", VS)
    assert policy.can_admin_municipality(None, "853", VS) is False
    assert policy.can_admin_centre(None, "853", VS) is False
    assert policy.administered_municipality_codes(None) == frozenset()
    assert policy.administered_region_ids(None) == ()
    assert not policy.is_admin(None)


def test_several_centres_add_up_and_lead_is_per_centre():
    person = who(TURKU_LEAD, LOIMAA_CENTRE)
    assert policy.visible_centre_ids(person) == {10, 20}
    assert policy.can_lead_centre(person, 10)
    assert not policy.can_lead_centre(person, 20)


def test_filter_visible_keeps_only_visible_items():
    items = [{"id": 1, "centre": 10}, {"id": 2, "centre": 20}, {"id": 3, "centre": None}]
    kept = policy.filter_visible(who(TURKU_CENTRE), items, lambda i: i["centre"])
    assert [i["id"] for i in kept] == [1]


def test_municipality_admin_administers_only_their_municipality():
    admin = who(TURKU_ADMIN)
    assert policy.can_admin_municipality(admin, "853", VS)
    assert not policy.can_admin_municipality(admin, "430", VS)
    assert policy.can_admin_centre(admin, "853", VS)
    assert not policy.is_region_admin(admin)


def test_region_admin_administers_every_municipality_of_their_region_only():
    admin = who(VS_ADMIN)
    assert policy.can_admin_municipality(admin, "430", VS)
    assert not policy.can_admin_municipality(admin, "179", KS)
    assert policy.is_region_admin(admin, VS) and not policy.is_region_admin(admin, KS)


def test_administered_regions_come_lowest_first_and_municipalities_from_municipality_roles():
    person = who(KS_ADMIN, VS_ADMIN, TURKU_ADMIN, LOIMAA_ADMIN, JYVASKYLA_STAFF)
    assert policy.administered_region_ids(person) == (VS, KS)
    assert policy.administered_region_ids(who(TURKU_ADMIN)) == ()
    assert policy.administered_municipality_codes(person) == {"853", "430"}
    assert policy.administered_municipality_codes(who(VS_ADMIN)) == frozenset()


def test_region_admin_administers_the_centres_of_their_region_only():
    assert policy.can_admin_centre(who(VS_ADMIN), "430", VS)
    assert not policy.can_admin_centre(who(VS_ADMIN), "179", KS)
    assert policy.can_admin_centre(who(KS_ADMIN), "179", KS)
    assert not policy.can_admin_centre(who(KS_ADMIN), "853", VS)


@pytest.mark.parametrize("granter, grant, allowed", [
    (TURKU_ADMIN, TURKU_CENTRE, True),
    (TURKU_ADMIN, TURKU_LEAD, True),
    (TURKU_ADMIN, TURKU_ADMIN, True),
    (TURKU_ADMIN, LOIMAA_CENTRE, False),
    (TURKU_ADMIN, LOIMAA_ADMIN, False),
    (TURKU_ADMIN, VS_ADMIN, False),
    (VS_ADMIN, LOIMAA_CENTRE, True),
    (VS_ADMIN, LOIMAA_ADMIN, True),
    (VS_ADMIN, VS_ADMIN, True),
    (VS_ADMIN, KS_ADMIN, False),
    (VS_ADMIN, JYVASKYLA_STAFF, False),
    (TURKU_LEAD, TURKU_CENTRE, False),
])
def test_who_may_grant_which_role(granter, grant, allowed):
    assert policy.can_grant(who(granter), grant) is allowed


def test_an_account_working_elsewhere_too_is_not_the_municipality_admins():
    admin = who(TURKU_ADMIN)
    assert policy.can_manage_user(admin, [TURKU_CENTRE])
    assert not policy.can_manage_user(admin, [TURKU_CENTRE, LOIMAA_CENTRE])
    assert policy.can_manage_user(who(VS_ADMIN), [TURKU_CENTRE, LOIMAA_CENTRE])


def test_an_account_without_roles_belongs_to_its_own_countys_region_admins():
    assert policy.can_manage_user(who(VS_ADMIN), [], home_region_id=VS)
    assert not policy.can_manage_user(who(TURKU_ADMIN), [], home_region_id=VS)
    assert not policy.can_manage_user(who(KS_ADMIN), [], home_region_id=VS)
    assert not policy.can_deactivate_user(who(KS_ADMIN, user_id=7), 8, [], home_region_id=VS)
    # an account of no county (a national operator's): no county's administrator manages it
    assert not policy.can_manage_user(who(VS_ADMIN), [], home_region_id=None)


OPERATOR = policy.Principal(99, operator=True)
EVERY_COUNTY_ROLE = (TURKU_CENTRE, TURKU_LEAD, TURKU_ADMIN, VS_ADMIN, KS_ADMIN, JYVASKYLA_STAFF)


def test_the_national_operator_starts_counties_and_invites_only_a_first_administrator():
    assert policy.can_operate_counties(OPERATOR)
    assert policy.can_invite_county_administrator(OPERATOR, administrators_signed_in=0)
    assert not policy.can_invite_county_administrator(OPERATOR, administrators_signed_in=1)
    assert policy.requires_totp(OPERATOR)
    for grant in EVERY_COUNTY_ROLE:
        assert not policy.can_operate_counties(who(grant)), grant
        assert not policy.can_invite_county_administrator(who(grant), 0), grant
    assert not policy.can_operate_counties(None)
    assert not policy.can_operate_counties(policy.Principal(5))


def test_the_national_operator_sees_no_personal_data_and_no_county_configuration():
    assert not policy.can_use_staff_area(OPERATOR)
    assert policy.visible_centre_ids(OPERATOR) == frozenset()
    assert not policy.can_view_request(OPERATOR, 10)
    assert not policy.can_find_families(OPERATOR)
    assert not policy.can_record_request(OPERATOR)
    assert not policy.can_manage_accounts(OPERATOR)
    assert not policy.can_view_statistics(OPERATOR)
    assert policy.statistics_scope(OPERATOR) is None
    assert not policy.can_view_audit_trail(OPERATOR, VS)
    assert not policy.can_manage_personal_data(OPERATOR, VS)
    assert not policy.can_manage_partners(OPERATOR)
    assert not policy.can_manage_outbox(OPERATOR)
    assert not policy.can_open_message_templates(OPERATOR)
    assert not policy.can_admin_municipality(OPERATOR, "853", VS)
    assert not policy.can_grant(OPERATOR, VS_ADMIN)
    assert not policy.can_manage_user(OPERATOR, [TURKU_CENTRE])
    assert not policy.can_manage_user(OPERATOR, [], home_region_id=VS)


def test_nobody_deactivates_themselves():
    admin = who(VS_ADMIN, user_id=7)
    assert not policy.can_deactivate_user(admin, 7, [VS_ADMIN])
    assert policy.can_deactivate_user(admin, 8, [VS_ADMIN])


def test_changing_roles_needs_rights_over_what_is_added_and_removed():
    admin = who(TURKU_ADMIN)
    assert policy.can_change_grants(admin, [TURKU_CENTRE], [TURKU_LEAD])
    assert not policy.can_change_grants(admin, [TURKU_CENTRE], [TURKU_CENTRE, LOIMAA_CENTRE])
    assert not policy.can_change_grants(admin, [TURKU_CENTRE], [VS_ADMIN])


def test_own_account_is_changed_only_by_its_owner_signed_in():
    assert policy.can_change_own_account(who(TURKU_CENTRE, user_id=7), 7)
    assert policy.can_change_own_account(who(user_id=7), 7)  # every role taken away
    assert not policy.can_change_own_account(who(VS_ADMIN, user_id=7), 8)
    assert not policy.can_change_own_account(None, 7)


def test_partners_are_managed_by_their_regions_administrator_only():
    assert policy.can_manage_partners(who(VS_ADMIN))
    assert policy.can_manage_partners(who(VS_ADMIN), VS)
    assert not policy.can_manage_partners(who(VS_ADMIN), KS)
    assert not policy.can_manage_partners(who(TURKU_ADMIN), VS)
    assert not policy.can_manage_partners(who(TURKU_LEAD), VS)
    assert not policy.can_manage_partners(None)


def test_failed_mail_is_sent_again_only_by_a_region_administrator():
    assert policy.can_manage_outbox(who(KS_ADMIN))
    assert not policy.can_manage_outbox(who(TURKU_ADMIN))
    assert not policy.can_manage_outbox(who(TURKU_CENTRE))
    assert not policy.can_manage_outbox(None)


def test_two_factor_is_required_of_admins_and_of_staff_where_the_region_says_so():
    assert policy.requires_totp(who(TURKU_ADMIN))
    assert policy.requires_totp(who(VS_ADMIN))
    assert not policy.requires_totp(who(TURKU_CENTRE))
    assert policy.requires_totp(who(TURKU_CENTRE), {VS})
    assert not policy.requires_totp(who(JYVASKYLA_STAFF), {VS})


def test_grants_must_carry_their_scope():
    for role in (policy.STAFF, policy.LEAD):
        for municipality, centre in ((None, None), ("853", None), (None, 10), ("", 10)):
            with pytest.raises(ValueError, match="^a centre role needs its centre and the "
                                                 "centre's host municipality$"):
                Grant(role, VS, municipality, centre)
    for municipality in (None, ""):
        with pytest.raises(ValueError, match="^a municipality role needs its municipality$"):
            Grant(policy.MUNICIPALITY_ADMIN, VS, municipality)
    with pytest.raises(ValueError, match="^unknown role 'superuser'$"):
        Grant("superuser", VS)


def test_each_role_with_its_full_scope_is_accepted():
    # Built here, not at import, so that the checks run as the test runs.
    grants = [Grant(policy.STAFF, VS, "853", 10), Grant(policy.LEAD, VS, "853", 10),
              Grant(policy.MUNICIPALITY_ADMIN, VS, "853"), Grant(policy.REGION_ADMIN, VS)]
    assert [g.role for g in grants] == list(policy.ROLES)
    assert who(*grants).roles() == set(policy.ROLES)


def test_grants_given_as_a_list_are_stored_frozen():
    principal = Principal(1, [TURKU_CENTRE, TURKU_CENTRE])
    assert principal.grants == frozenset({TURKU_CENTRE})
    assert hash(principal) == hash(Principal(1, {TURKU_CENTRE}))


def test_policy_module_does_not_import_flask_or_sqlalchemy():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(policy))
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import)
                for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree)
                 if isinstance(n, ast.ImportFrom) and n.module}
    assert not imported & {"flask", "sqlalchemy", "flask_sqlalchemy", "helpbutton"}
