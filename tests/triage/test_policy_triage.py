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
