"""Who may record a request for a family (plain data in, yes or no out)."""
from helpbutton import policy
from tests.staff.test_policy import (
    JYVASKYLA_STAFF,
    KS,
    LOIMAA_CENTRE,
    TURKU_ADMIN,
    TURKU_CENTRE,
    TURKU_LEAD,
    VS,
    VS_ADMIN,
    who,
)


def test_workers_of_a_centre_record_requests_in_their_centres_region():
    for grants in ((TURKU_CENTRE,), (TURKU_LEAD,), (TURKU_ADMIN, LOIMAA_CENTRE)):
        assert policy.can_record_request(who(*grants))
        assert policy.recording_region_id(who(*grants)) == VS
    assert policy.recording_region_id(who(JYVASKYLA_STAFF)) == KS
    # In centres of two regions: the lower region's form, the same answer every time.
    assert policy.recording_region_id(who(JYVASKYLA_STAFF, TURKU_CENTRE)) == min(VS, KS)


def test_nobody_without_a_centre_records():
    for principal in (None, who(), who(TURKU_ADMIN), who(VS_ADMIN)):
        assert not policy.can_record_request(principal)
        assert policy.recording_region_id(principal) is None


def test_recording_opens_no_other_centres_requests():
    """A request routed elsewhere stays out of the recorder's sight."""
    staff = who(TURKU_CENTRE)
    assert policy.can_record_request(staff)
    assert not policy.can_view_request(staff, LOIMAA_CENTRE.centre_id)
