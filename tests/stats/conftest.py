"""A hand-counted set of requests (the counts are worked out in the comments of each test)."""
from datetime import timedelta

import pytest

from helpbutton.models import Channel, Outcome, RequestStatus
from tests.factories import make_request, partner_id, utc

NOW = utc(2026, 11, 20, 12, 0)  # a Friday
H = timedelta(hours=1)


@pytest.fixture
def stats_data(db, demo):
    """Ten requests from 2 Nov to 22 Nov 2026 (Helsinki weeks of 2, 9 and 16 Nov), one older.

    Turku (853)  A1..A7, Loimaa (430) B1..B3, and C1 (1 Oct, outside the range, closed).
    """
    library = partner_id(db.session, "turku-main-library")
    school = partner_id(db.session, "loimaa-school")
    closed = dict(status=RequestStatus.CLOSED)
    r = {}
    r["A1"] = make_request(db.session, personal=True, created_at=utc(2026, 11, 2, 8),
                           topic_code="everyday",
                           age_band="0-2", first_contact_after=10 * H, **closed,
                           outcome=Outcome.SUPPORT_STARTED, closed_at=utc(2026, 11, 5, 8))
    r["A2"] = make_request(db.session, personal=True, created_at=utc(2026, 11, 3, 9),
                           topic_code="everyday",
                           age_band="0-2", channel=Channel.LIBRARY, partner_id=library,
                           first_contact_after=20 * H, **closed,
                           outcome=Outcome.SUPPORT_STARTED, closed_at=utc(2026, 11, 6, 8))
    r["A3"] = make_request(db.session, personal=True, created_at=utc(2026, 11, 4, 10),
                           topic_code="parenting",
                           service_language="sv", first_contact_after=30 * H, **closed,
                           outcome=Outcome.NO_NEED, closed_at=utc(2026, 11, 7, 8))
    # Sunday 23:30 in Helsinki (UTC+2): still the week of 2 Nov. Contacted late (80 h > 72 h).
    r["A4"] = make_request(db.session, personal=True, created_at=utc(2026, 11, 8, 21, 30),
                           topic_code="parenting",
                           first_contact_after=80 * H, status=RequestStatus.IN_PROGRESS)
    # Monday 00:30 in Helsinki: the week of 9 Nov.
    r["A5"] = make_request(db.session, personal=True, created_at=utc(2026, 11, 8, 22, 30),
                           topic_code="everyday",
                           age_band="7-12", channel=Channel.LIBRARY, partner_id=library,
                           first_contact_after=40 * H, status=RequestStatus.WAITING)
    # Never contacted, promised by 13 Nov: overdue now.
    r["A6"] = make_request(db.session, personal=True, created_at=utc(2026, 11, 10, 7),
                           topic_code="everyday",
                           age_band="0-2")
    # Promised by 21 Nov: open, not yet due.
    r["A7"] = make_request(db.session, personal=True, created_at=utc(2026, 11, 18, 7),
                           topic_code="violence_safety",
                           age_band="13-17", service_language="en")
    r["B1"] = make_request(db.session, personal=True, created_at=utc(2026, 11, 3, 7),
                           municipality_code="430",
                           topic_code="everyday", age_band="expecting", channel=Channel.SCHOOL,
                           partner_id=school, first_contact_after=5 * H, **closed,
                           outcome=Outcome.GUIDED_ELSEWHERE, closed_at=utc(2026, 11, 4, 8),
                           at="loimaa-area")
    # Withdrawn the next day, before the promised time: the promise was never put to the test.
    r["B2"] = make_request(db.session, personal=True, created_at=utc(2026, 11, 10, 7),
                           municipality_code="430",
                           topic_code="everyday", age_band=None, channel=Channel.SCHOOL,
                           partner_id=school, **closed, outcome=Outcome.WITHDRAWN,
                           closed_at=utc(2026, 11, 11, 7), at="loimaa-area")
    r["B3"] = make_request(db.session, personal=True, created_at=utc(2026, 11, 17, 7),
                           municipality_code="430",
                           topic_code="parenting", first_contact_after=50 * H, **closed,
                           outcome=Outcome.SUPPORT_STARTED, closed_at=utc(2026, 11, 19, 8),
                           at="loimaa-area")
    r["C1"] = make_request(db.session, personal=True, created_at=utc(2026, 10, 1, 7),
                           topic_code="everyday",
                           first_contact_after=1 * H, **closed, outcome=Outcome.NO_NEED,
                           closed_at=utc(2026, 10, 2, 7))
    db.session.commit()
    return r

