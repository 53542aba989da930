"""The fallback and missing rules, without Flask."""
from helpbutton.content_languages import rules


def test_the_language_asked_for_is_shown_when_it_has_a_text():
    assert rules.pick({"fi": "Arki", "ar": "الحياة"}, "ar") == rules.Shown("الحياة", "ar", False)


def test_finnish_is_the_fallback_and_swedish_first_where_swedish_majority():
    texts = {"fi": "Arki", "sv": "Vardag"}
    assert rules.pick(texts, "ar") == rules.Shown("Arki", "fi", True)
    assert rules.pick(texts, "ar", sv_first=True) == rules.Shown("Vardag", "sv", True)
    # Nothing in Swedish: Finnish even there.
    assert rules.pick({"fi": "Arki"}, "so", sv_first=True) == rules.Shown("Arki", "fi", True)


def test_plain_language_finnish_falls_back_to_finnish():
    assert rules.pick({"fi": "Arki", "sv": "Vardag"}, "selko", sv_first=True).language == "fi"


def test_an_empty_text_is_missing_and_a_field_nobody_wrote_lacks_nothing():
    assert rules.missing({"fi": "Arki", "ar": "  "}, ("fi", "ar", "so")) == ("ar", "so")
    rows, counts = rules.missing_texts(
        [("t1", {"label": {"fi": "Arki", "ar": "x"}, "notice": {}})], ("fi", "ar", "so"))
    assert rows == [rules.Missing("t1", "label", ("so",))]
    assert counts == {"fi": 0, "ar": 0, "so": 1}


def test_the_administrator_is_told_which_fallback_is_shown():
    texts = {"fi": "Arki", "sv": "Vardag"}
    assert rules.status(texts, "ar") == rules.TextStatus("ar", False, "fi")
    assert rules.status(texts, "ar", rules.SV_ALL) == rules.TextStatus("ar", False, "sv")
    assert rules.status(texts, "ar", rules.SV_SOME) == rules.TextStatus("ar", False, "fi", "sv")
    assert rules.status({**texts, "ar": "x"}, "ar").own


def test_entered_texts_replace_the_stored_ones_and_column_languages_are_ignored():
    stored = {"label": {"ar": "old", "so": "keep?"}, "help": {"ar": "h"}}
    new = rules.with_texts(stored, "label", {"ar": " new ", "so": "", "fi": "not here"})
    assert new == {"label": {"ar": "new"}, "help": {"ar": "h"}}
    assert rules.with_texts(new, "label", {"ar": ""}) == {"help": {"ar": "h"}}
