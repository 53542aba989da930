"""Export and import of a municipality's configuration: from the pages and the command line."""
import io

import pytest
import sqlalchemy as sa
import yaml

from helpbutton.models import Centre, ConfigChange, Municipality, RoutingRule
from helpbutton.routing_admin import transfer
from tests.signin import post_form


def rules_of(db, code="853"):
    return [(r.id, r.name, r.position, r.target_centre_id, r.min_age, r.max_age, r.languages)
            for r in db.session.scalars(sa.select(RoutingRule).where(
                RoutingRule.municipality_code == code).order_by(RoutingRule.position))]


@pytest.fixture
def english(db, demo_users):
    for user in demo_users.values():
        user.language = "en"
    db.session.commit()


def test_an_export_imported_again_changes_nothing(db, demo, actor):
    before = rules_of(db)
    text = transfer.dump_yaml(transfer.export_config(db.session, actor, "853"))
    data = yaml.safe_load(text)
    assert data["municipality"] == "853"
    assert [r["name"] for r in data["rules"]][0].startswith("Ruotsinkielinen")
    assert data["rules"][1]["min_age"] == 13 and data["rules"][1]["topics"] == ["youth"]
    assert {c["key"] for c in data["centres"]} >= {"perhekeskus.turku@example.invalid"}
    summary = transfer.import_config(db.session, actor, "853", transfer.load_yaml(text))
    db.session.commit()
    assert rules_of(db) == before
    assert (summary.centres_created, summary.centres_changed) == (0, 0)


def test_an_import_with_one_bad_rule_changes_nothing_and_names_the_rule(db, demo, actor):
    data = transfer.export_config(db.session, actor, "853")
    data["rules"][0]["languages"] = ["fi"]  # a good change that must not be applied either
    data["rules"].append({"name": "Bad ages", "target_centre": "perhekeskus.turku@example.invalid",
                          "min_age": 12, "max_age": 3})
    before = rules_of(db)
    with pytest.raises(transfer.ImportRejected) as rejected:
        transfer.import_config(db.session, actor, "853", data)
    [problem] = rejected.value.problems
    assert (problem.where, problem.index, problem.label) == ("rule", 3, "Bad ages")
    assert problem.problem.code == "age_range_reversed"
    db.session.rollback()
    assert rules_of(db) == before
    assert db.session.scalar(sa.select(sa.func.count(ConfigChange.id))) == 0


def test_an_import_can_add_a_centre_and_point_rules_at_it(db, demo, actor):
    data = transfer.export_config(db.session, actor, "853")
    data["centres"].append({"key": "new-centre", "name_fi": "Uusi", "name_sv": "Ny",
                            "name_en": "New", "languages": ["fi", "sv"], "serves": ["853"],
                            "notification_email": "uusi@example.invalid"})
    data["rules"] = [{"name": "Kaikki", "target_centre": "new-centre"}]
    summary = transfer.import_config(db.session, actor, "853", data)
    db.session.commit()
    new = db.session.scalar(sa.select(Centre).where(Centre.name_fi == "Uusi"))
    assert summary.centres_created == 1
    assert [(r[1], r[3]) for r in rules_of(db)] == [("Kaikki", new.id)]
    change = db.session.scalar(sa.select(ConfigChange).where(ConfigChange.entity == "import"))
    assert change.changes["rules"] == [2, 1]


@pytest.mark.parametrize("mutate, code", [
    (lambda d: d["rules"].append({"target_centre": "perhekeskus.kaarina@example.invalid"}),
     "target_not_serving"),
    (lambda d: d["rules"].append({"target_centre": "nobody@example.invalid"}),
     "unknown_centre_key"),
    (lambda d: d["rules"].append({"target_centre": "perhekeskus.turku@example.invalid",
                                  "postal_codes": ["21200"]}), "postal_code_outside"),
    (lambda d: d["rules"].append({"target_centre": "perhekeskus.turku@example.invalid",
                                  "topics": ["astrology"]}), "unknown_topic"),
    (lambda d: d["rules"].append({"target_centre": "perhekeskus.turku@example.invalid",
                                  "colour": "red"}), "unknown_key"),
    (lambda d: d["rules"].append({"target_centre": "perhekeskus.turku@example.invalid",
                                  "valid_from": "2027-01-02", "valid_until": "2027-01-01"}),
     "dates_reversed"),
    (lambda d: d.update(municipality="430"), "other_municipality"),
    (lambda d: d.update(default_centre="perhekeskus.kaarina@example.invalid"),
     "target_not_serving"),
])
def test_imports_are_checked_as_strictly_as_the_forms(db, demo, actor, mutate, code):
    data = transfer.export_config(db.session, actor, "853")
    mutate(data)
    with pytest.raises(transfer.ImportRejected) as rejected:
        transfer.import_config(db.session, actor, "853", data)
    assert code in {p.problem.code for p in rejected.value.problems}


def test_import_page_refuses_a_bad_file_whole_and_says_which_rule_and_why(
        app, db, demo, fast_sign_in, english, actor):
    client = fast_sign_in("municipality_admin")
    data = transfer.export_config(db.session, actor, "853")
    data["rules"].insert(0, {"name": "Wrong centre",
                             "target_centre": "perhekeskus.kaarina@example.invalid"})
    before = rules_of(db)
    upload = (io.BytesIO(transfer.dump_yaml(data).encode()), "turku.yaml")
    response = post_form(client, "/admin/m/853/import", {"file": upload, "action": "import"},
                         content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Nothing was imported" in html
    assert "Rule 1 (&#34;Wrong centre&#34;)" in html or 'Rule 1 ("Wrong centre")' in html
    assert "does not serve Turku" in html
    assert rules_of(db) == before


def test_export_download_and_a_good_import_from_the_page(app, db, demo, fast_sign_in, english):
    client = fast_sign_in("municipality_admin")
    response = client.get("/admin/m/853/export")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = yaml.safe_load(response.get_data(as_text=True))
    data["rules"].reverse()
    upload = (io.BytesIO(yaml.safe_dump(data, allow_unicode=True).encode()), "turku.yaml")
    refused = post_form(client, "/admin/m/853/import", {"file": upload, "action": "check"},
                        content_type="multipart/form-data")
    # Reversed, the youth rule would come first and take Swedish-speaking teenagers to a
    # Finnish-only team: refused, naming what would lose Swedish service.
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert ("Turku, Swedish: Young person&#39;s wellbeing (13–17 years) would go to Turku Youth "
            "Guidance (example), which does not serve in this language") in html
    assert "Only the region&#39;s administrator can confirm such a change." in html
    data["rules"].reverse()
    data["rules"][1]["min_age"] = 12
    upload = (io.BytesIO(yaml.safe_dump(data, allow_unicode=True).encode()), "turku.yaml")
    checked = post_form(client, "/admin/m/853/import", {"file": upload, "action": "check"},
                        content_type="multipart/form-data")
    html = checked.get_data(as_text=True)
    assert "The file is valid" in html
    # Finnish-speaking 12-year-olds asking about youth move to the youth team.
    assert "would go to another centre" in html and "Turku Youth Guidance" in html
    assert rules_of(db)[1][4] == 13  # a check changes nothing
    upload = (io.BytesIO(yaml.safe_dump(data, allow_unicode=True).encode()), "turku.yaml")
    done = post_form(client, "/admin/m/853/import", {"file": upload, "action": "import"},
                     content_type="multipart/form-data")
    assert done.status_code == 302
    assert rules_of(db)[1][4] == 12


def test_the_flask_commands_export_import_and_report_coverage(runner, db, demo, tmp_path):
    path = tmp_path / "turku.yaml"
    result = runner.invoke(args=["routing", "export", "853", "-o", str(path)])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(path.read_text())
    data["rules"].append({"name": "Upside down", "min_age": 9, "max_age": 2,
                          "target_centre": "perhekeskus.turku@example.invalid"})
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    before = rules_of(db)
    result = runner.invoke(args=["routing", "import", "853", str(path)])
    assert result.exit_code == 1
    assert 'Rule 3 ("Upside down")' in result.output and "upside down" in result.output
    assert "nothing was changed" in result.output
    assert rules_of(db) == before

    data["rules"].pop()
    data["social_emergency_phone"] = "+358 2 263 3333"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    dry = runner.invoke(args=["routing", "import", "853", str(path), "--dry-run"])
    assert dry.exit_code == 0 and "would change" in dry.output
    db.session.expire_all()
    assert db.session.get(Municipality, "853").social_emergency_phone != "+358 2 263 3333"
    done = runner.invoke(args=["routing", "import", "853", str(path)])
    assert done.exit_code == 0, done.output
    db.session.expire_all()
    assert db.session.get(Municipality, "853").social_emergency_phone == "+358 2 263 3333"

    report = runner.invoke(args=["routing", "coverage", "853"])
    assert report.exit_code == 0
    assert "GAP" in report.output and "combinations are real gaps" in report.output
    assert "[no_language]" in report.output  # English in Turku: no centre serves in it


def test_an_import_may_drop_a_rule_that_requests_were_routed_by(db, demo, actor):
    from helpbutton.intake.operations import submit_help_request
    from helpbutton.models import Channel
    from tests.routing_config.test_pages import request_facts

    submitted = submit_help_request(db.session, demo, request_facts(
        topic_code="youth", child_ages=[15]), channel=Channel.WEB)
    db.session.commit()
    assert submitted.request.routing_rule_id is not None
    data = transfer.export_config(db.session, actor, "853")
    data["rules"] = data["rules"][:1]  # the youth rule goes
    transfer.import_config(db.session, actor, "853", data)
    db.session.commit()
    assert len(rules_of(db)) == 1
    db.session.refresh(submitted.request)
    assert submitted.request.centre_id is not None  # the request itself is untouched
