"""The policy's triage decisions (plain functions, no database)."""
from helpbutton import policy
from helpbutton.policy import Grant, Principal

STAFF_A = Principal(1, {Grant(policy.STAFF, 1, "853", 10)})
LEAD_A = Principal(2, {Grant(policy.LEAD, 1, "853", 10)})
STAFF_B = Principal(3, {Grant(policy.STAFF, 1, "430", 20)})


def test_the_holder_or_a_lead_of_the_centre_may_release():
    assert policy.can_release_request(STAFF_A, 10, assignee_id=1)
    assert not policy.can_release_request(STAFF_A, 10, assignee_id=2)
    assert policy.can_release_request(LEAD_A, 10, assignee_id=1)
    assert not policy.can_release_request(STAFF_B, 10, assignee_id=3)  # not their centre
    assert not policy.can_release_request(None, 10, assignee_id=None)


def test_whoever_works_in_a_centre_may_search_for_a_family_and_nobody_else():
    assert policy.can_find_families(STAFF_A) and policy.can_find_families(LEAD_A)
    admin = Principal(4, {Grant(policy.MUNICIPALITY_ADMIN, 1, "853")})
    region = Principal(5, {Grant(policy.REGION_ADMIN, 1)})
    assert not policy.can_find_families(admin) and not policy.can_find_families(region)
    assert not policy.can_find_families(None) and not policy.can_find_families(Principal(6))
