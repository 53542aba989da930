"""Who keeps and who reads message templates (plain data in, yes or no out)."""
import pytest

from helpbutton import policy
from tests.staff.test_policy import (
    KS,
    KS_ADMIN,
    LOIMAA_ADMIN,
    TURKU_ADMIN,
    TURKU_CENTRE,
    TURKU_LEAD,
    VS,
    VS_ADMIN,
    who,
)

TURKU, LOIMAA, JYVASKYLA = "853", "430", "179"


@pytest.mark.parametrize("grant, region_id, code, keeps", [
    # the region's administrator: region-wide and every municipality's of their region
    (VS_ADMIN, VS, None, True), (VS_ADMIN, VS, TURKU, True), (VS_ADMIN, VS, LOIMAA, True),
    # ... and nothing of another region
    (VS_ADMIN, KS, None, False), (VS_ADMIN, KS, JYVASKYLA, False),
    (KS_ADMIN, VS, None, False), (KS_ADMIN, VS, TURKU, False),
    # a municipality's administrator: their own municipality's only
    (TURKU_ADMIN, VS, TURKU, True), (TURKU_ADMIN, VS, LOIMAA, False),
    (TURKU_ADMIN, VS, None, False), (TURKU_ADMIN, KS, None, False),
    (LOIMAA_ADMIN, VS, LOIMAA, True), (LOIMAA_ADMIN, VS, TURKU, False),
    # workers and leads keep none
    (TURKU_CENTRE, VS, TURKU, False), (TURKU_CENTRE, VS, None, False),
    (TURKU_LEAD, VS, TURKU, False), (TURKU_LEAD, VS, None, False),
])
def test_who_keeps_a_template(grant, region_id, code, keeps):
    assert policy.can_keep_message_templates(who(grant), region_id, code) is keeps


@pytest.mark.parametrize("grant, region_id, code, reads", [
    (VS_ADMIN, VS, None, True), (VS_ADMIN, VS, LOIMAA, True), (VS_ADMIN, KS, None, False),
    # a municipality's administrator reads the region-wide ones of their own region
    (TURKU_ADMIN, VS, None, True), (TURKU_ADMIN, VS, TURKU, True),
    (TURKU_ADMIN, VS, LOIMAA, False), (TURKU_ADMIN, KS, None, False),
    (KS_ADMIN, VS, TURKU, False), (KS_ADMIN, VS, None, False),
    (TURKU_CENTRE, VS, None, False), (TURKU_LEAD, VS, TURKU, False),
])
def test_who_reads_a_template(grant, region_id, code, reads):
    assert policy.can_read_message_template(who(grant), region_id, code) is reads


def test_only_administrators_open_the_template_pages():
    assert policy.can_open_message_templates(who(VS_ADMIN))
    assert policy.can_open_message_templates(who(TURKU_ADMIN))
    for principal in (None, who(), who(TURKU_CENTRE), who(TURKU_LEAD)):
        assert not policy.can_open_message_templates(principal)
        assert not policy.can_keep_message_templates(principal, VS, None)
        assert not policy.can_read_message_template(principal, VS, None)


def test_the_list_shows_the_scope_of_each_administrator():
    assert policy.message_template_owners(who(VS_ADMIN)) == ((VS,), frozenset(), ())
    assert policy.message_template_owners(who(TURKU_ADMIN)) == ((), {TURKU}, (VS,))
    assert policy.message_template_owners(who(TURKU_CENTRE)) == ((), frozenset(), ())
    assert policy.message_template_owners(None) == ((), frozenset(), ())
