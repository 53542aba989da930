"""Actions that are hard to get wrong: forwarding asks for the centre (those serving the
family's municipality first), a closed request offers and accepts only what still applies."""
import re

from helpbutton import policy
from helpbutton.models import EventKind, HelpRequest, Outcome, RequestStatus
from tests.factories import centre, make_request
from tests.triage.conftest import STAFF
from tests.triage.test_queue_web import csrf_on, events, post  # noqa: F401 (fixture)


def _forward_select(html: str) -> str:
    return re.search(r'<select[^>]*name="forward-centre".*?</select>', html, re.S).group(0)


def test_the_forward_form_asks_for_a_centre_and_lists_the_municipalitys_first(
        db, turku, client_for):
    req = make_request(db.session, turku)
    html = client_for(STAFF).get(f"/staff/requests/{req.id}").get_data(as_text=True)
    select = _forward_select(html)
    assert "required" in select.split(">")[0]
    # The first option is the empty choice, and it is the one selected: nothing preselected.
    options = re.findall(r"<option[^>]*>[^<]*</option>", select)
    assert re.fullmatch(r'<option selected value="">Valitse keskus</option>', options[0])
    assert sum("selected" in o for o in options) == 1
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    assert [label for label, _ in groups] == ["Palvelee kuntaa Turku",
                                              "Muut alueen keskukset"]
    serving, others = (dict((int(v), t) for v, t in re.findall(
        r'<option value="(\d+)">([^<]*)</option>', body)) for _, body in groups)
    assert centre(db.session, "abo-sv").id in serving  # serves Turku
    assert centre(db.session, "kaarina").id in others  # does not
    assert turku.id not in serving | others.keys()  # not where it already is


def test_forwarding_without_a_choice_says_so_and_keeps_the_reason(db, turku, client_for,
                                                                   csrf_on):
    req = make_request(db.session, turku)
    response = post(client_for(STAFF), req, "forward",
                    {"forward-centre": "", "forward-reason": "Perhe muutti Kaarinaan."})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Valitse keskus, jolle pyyntö siirretään." in html
    assert "Perhe muutti Kaarinaan." in html  # what was typed is kept
    db.session.expire_all()
    assert db.session.get(HelpRequest, req.id).centre_id == turku.id
    assert events(req, EventKind.FORWARDED) == []


def test_forwarding_to_a_centre_not_offered_is_refused(db, turku, client_for, csrf_on):
    req = make_request(db.session, turku)
    response = post(client_for(STAFF), req, "forward",
                    {"forward-centre": str(turku.id), "forward-reason": "Sama."})
    assert response.status_code == 400
    assert "Valitse keskus luettelosta." in response.get_data(as_text=True)
    assert events(req, EventKind.FORWARDED) == []


def _closed(db, turku, people) -> HelpRequest:
    return make_request(db.session, turku, status=RequestStatus.CLOSED,
                        outcome=Outcome.SUPPORT_STARTED, assignee=people["staff"])


def test_a_closed_request_offers_only_a_note_and_reopening(db, turku, client_for, people):
    req = _closed(db, turku, people)
    html = client_for(STAFF).get(f"/staff/requests/{req.id}").get_data(as_text=True)
    assert "Päättynyt" in html  # the page is about the closed request
    assert f"/staff/requests/{req.id}/note" in html
    assert f"/staff/requests/{req.id}/status" in html
    for action in ("release", "claim", "contact", "forward", "assign"):
        assert f"/staff/requests/{req.id}/{action}\"" not in html, action


def test_the_lead_is_offered_no_assignment_of_a_closed_request(db, turku, client_for,
                                                                people):
    from tests.triage.conftest import LEAD
    open_req = make_request(db.session, turku)
    closed = _closed(db, turku, people)
    lead = client_for(LEAD)
    assert f"/staff/requests/{open_req.id}/assign" in lead.get(
        f"/staff/requests/{open_req.id}").get_data(as_text=True)
    assert f"/staff/requests/{closed.id}/assign" not in lead.get(
        f"/staff/requests/{closed.id}").get_data(as_text=True)


def test_releasing_or_working_a_closed_request_is_refused(db, turku, client_for, csrf_on,
                                                          people):
    req = _closed(db, turku, people)
    staff = client_for(STAFF)
    before = len(events(req))
    for action, data in (("release", {}), ("claim", {}),
                         ("contact", {"contact-result": "reached"}),
                         ("forward", {"forward-centre": str(centre(db.session, "kaarina").id),
                                      "forward-reason": "x"})):
        response = post(staff, req, action, data)
        assert response.status_code == 302, action
        shown = staff.get(response.headers["Location"]).get_data(as_text=True)
        assert "Pyyntö on päättynyt. Avaa se ensin uudelleen." in shown, action
    db.session.expire_all()
    kept = db.session.get(HelpRequest, req.id)
    assert (kept.status, kept.assignee_id, kept.centre_id) == (
        RequestStatus.CLOSED, people["staff"].id, turku.id)
    changes = [e for e in events(req)[before:] if e.kind is not EventKind.VIEWED]
    assert changes == []


def test_a_closed_request_can_be_reopened_and_noted(db, turku, client_for, csrf_on, people):
    req = _closed(db, turku, people)
    staff = client_for(STAFF)
    post(staff, req, "note", {"note-text": "Perhe soitti vielä."})
    post(staff, req, "status", {"status-status": "in_progress"})
    db.session.expire_all()
    assert db.session.get(HelpRequest, req.id).status is RequestStatus.IN_PROGRESS
    assert len(events(req, EventKind.NOTE)) == 1


# --- the policy on its own ----------------------------------------------------------------

_WORKER = policy.Principal(1, {policy.Grant(policy.STAFF, 1, "853", 10)})
_LEAD = policy.Principal(2, {policy.Grant(policy.LEAD, 1, "853", 10)})


def test_the_policy_offers_claim_or_release_by_who_holds_the_request():
    nobody = policy.offered_request_actions(_WORKER, policy.RequestState(10))
    assert policy.CLAIM in nobody and policy.RELEASE not in nobody
    mine = policy.offered_request_actions(_WORKER, policy.RequestState(10, assignee_id=1))
    assert policy.RELEASE in mine and policy.CLAIM not in mine
    theirs = policy.offered_request_actions(_WORKER, policy.RequestState(10, assignee_id=2))
    assert not {policy.RELEASE, policy.CLAIM, policy.ASSIGN} & theirs
    assert policy.ASSIGN in policy.offered_request_actions(_LEAD, policy.RequestState(10))


def test_the_policy_keeps_only_note_and_status_for_a_closed_request():
    closed = policy.RequestState(10, assignee_id=1, closed=True)
    assert policy.offered_request_actions(_WORKER, closed) == {policy.NOTE, policy.STATUS}
    assert policy.offered_request_actions(_LEAD, closed) == {policy.NOTE, policy.STATUS}
    for action in (policy.CLAIM, policy.RELEASE, policy.ASSIGN, policy.CONTACT,
                   policy.FORWARD):
        assert policy.request_action_refusal(_LEAD, action, closed) == "closed"
    erased = policy.RequestState(10, closed=True, erased=True)
    assert policy.offered_request_actions(_WORKER, erased) == frozenset()
    assert policy.request_action_refusal(_WORKER, policy.NOTE, erased) == "erased"


def test_the_policy_offers_nothing_of_another_centres_request():
    other = policy.RequestState(99)
    assert policy.offered_request_actions(_WORKER, other) == frozenset()
    assert policy.request_action_refusal(_WORKER, policy.NOTE, other) == "not_allowed"
    assert policy.request_action_refusal(None, policy.NOTE, policy.RequestState(10)) \
        == "not_allowed"
