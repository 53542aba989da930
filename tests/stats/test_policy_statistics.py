"""Who sees which statistics, and who may export, erase and read the audit trail."""
from helpbutton import policy
from helpbutton.policy import Grant, Principal

VS, KS = 1, 2
TURKU_STAFF = Grant(policy.STAFF, VS, "853", 10)
TURKU_LEAD = Grant(policy.LEAD, VS, "853", 10)
TURKU_ADMIN = Grant(policy.MUNICIPALITY_ADMIN, VS, "853")
LOIMAA_ADMIN = Grant(policy.MUNICIPALITY_ADMIN, VS, "430")
VS_ADMIN = Grant(policy.REGION_ADMIN, VS)


def who(*grants):
    return Principal(1, frozenset(grants))


def test_municipality_admins_see_their_municipalities_region_admins_all():
    assert policy.statistics_scope(who(TURKU_ADMIN)) == (VS, frozenset({"853"}))
    assert policy.statistics_scope(who(TURKU_ADMIN, LOIMAA_ADMIN)) == (VS, {"853", "430"})
    assert policy.statistics_scope(who(VS_ADMIN)) == (VS, None)
    assert policy.statistics_scope(who(TURKU_ADMIN, VS_ADMIN)) == (VS, None)


def test_staff_and_leads_see_no_statistics():
    for principal in (None, who(), who(TURKU_STAFF), who(TURKU_LEAD)):
        assert not policy.can_view_statistics(principal)
        assert policy.statistics_scope(principal) is None
    assert policy.can_view_statistics(who(TURKU_ADMIN))


def test_only_the_regions_admin_exports_erases_and_reads_the_audit_trail():
    assert policy.can_manage_personal_data(who(VS_ADMIN), VS)
    assert not policy.can_manage_personal_data(who(VS_ADMIN), KS)
    assert not policy.can_manage_personal_data(who(VS_ADMIN), None)
    assert not policy.can_manage_personal_data(who(TURKU_ADMIN), VS)
    assert not policy.can_manage_personal_data(who(TURKU_LEAD), VS)
    assert policy.can_view_audit_trail(who(VS_ADMIN))
    assert not policy.can_view_audit_trail(who(VS_ADMIN), KS)
    assert not policy.can_view_audit_trail(who(TURKU_ADMIN))
