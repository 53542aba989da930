"""Every user-visible string is extracted and translated: every string into Finnish and
Swedish, the public side's (scripts/catalogues.py) into every other public language."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.checkers import checkers
from babel.messages.pofile import read_po

from helpbutton.public_languages import PUBLIC_LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from catalogues import FULL_CATALOGUES, PUBLIC_CATALOGUES, is_public  # noqa: E402

CATALOGUES = FULL_CATALOGUES + PUBLIC_CATALOGUES


def _key(message):
    return message.id if isinstance(message.id, str) else message.id[0]


def _translated(message) -> bool:
    return bool(all(message.string) if isinstance(message.string, tuple) else message.string)


def _catalogue(lang):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=lang)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [str(Path(sys.executable).with_name("pybabel")), "-q", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), "."],
        cwd=ROOT, check=True,
    )
    with open(pot, "rb") as f:
        return {_key(m): m for m in read_po(f) if m.id}


def test_every_public_language_has_a_catalogue_and_nothing_else_does():
    shown = {lang.locale for lang in PUBLIC_LANGUAGES} - {"en"}  # English is the source
    on_disk = {p.parent.parent.name for p in (ROOT / "translations").glob("*/LC_MESSAGES/*.po")}
    assert shown == set(CATALOGUES) == on_disk


@pytest.mark.parametrize("lang", CATALOGUES)
def test_catalogue_has_every_string_it_needs_translated(lang, extracted):
    catalog = _catalogue(lang)
    wanted = {key for key, m in extracted.items()
              if lang in FULL_CATALOGUES or is_public(m.locations)}
    missing = wanted - {_key(m) for m in catalog if m.id}
    assert not missing, f"run `make extract-messages` and translate: {sorted(missing)[:10]}"
    needed = [m for m in catalog if m.id and _key(m) in wanted]
    assert len(needed) > (1000 if lang in FULL_CATALOGUES else 250)
    untranslated = [_key(m) for m in needed if m.fuzzy or not _translated(m)]
    assert not untranslated, f"untranslated or fuzzy in {lang}: {untranslated[:10]}"


@pytest.mark.parametrize("lang", CATALOGUES)
def test_translations_keep_the_placeholders_and_plural_forms(lang):
    catalog = _catalogue(lang)
    problems = []
    for message in catalog:
        if not message.id or not _translated(message):
            continue
        for check in checkers:
            try:
                check(catalog, message)
            except Exception as error:  # babel's TranslationError
                problems.append(f"{_key(message)}: {error}")
        if isinstance(message.id, tuple):
            if len(message.string) != catalog.num_plurals:
                problems.append(f"{_key(message)}: {len(message.string)} plural forms")
    assert not problems, problems[:10]


def test_each_catalogue_says_who_made_it_and_whether_a_native_speaker_reviewed_it():
    provenance = json.loads((ROOT / "translations" / "provenance.json").read_text("utf-8"))
    assert set(provenance) == set(CATALOGUES)
    for lang, entry in provenance.items():
        assert entry["produced_by"].strip()
        assert isinstance(entry["native_review"], bool)
        assert (entry["reviewed_by"] is not None) == entry["native_review"], lang
        assert _catalogue(lang).last_translator == entry["produced_by"], lang
    readme = (ROOT / "translations" / "README.md").read_text("utf-8")
    for lang in CATALOGUES:
        assert f"`{lang}`" in readme


def _sentences(lang):
    """The public side's sentences in a catalogue, placeholders as one word."""
    found = []
    for message in _catalogue(lang):
        if not message.id or not _translated(message) or not is_public(message.locations):
            continue
        text = message.string if isinstance(message.string, str) else message.string[-1]
        text = re.sub(r"%\(\w+\)[sd]", "X", text)
        found += [s.split() for s in re.split(r"(?<=[.!?:])\s+", text) if s.split()]
    return found


def test_plain_language_finnish_has_shorter_sentences_and_words_than_finnish():
    """Selkokeskus' guidelines: short sentences, common (short) words. Measured against the
    standard Finnish of the same strings; a list of items may run long."""
    plain, standard = _sentences("fi@selko"), _sentences("fi")
    assert len(plain) > 300

    def mean_length(sentences):
        return sum(map(len, sentences)) / len(sentences)

    def long_words(sentences):  # words of 16 letters or more, per 100 words
        words = [w.strip(".,:;()\"“”") for s in sentences for w in s]
        return 100 * sum(len(w) >= 16 for w in words) / len(words)

    assert mean_length(plain) < mean_length(standard)
    assert long_words(plain) < long_words(standard)
    too_long = [" ".join(s) for s in plain if len(s) > 18 and " ".join(s).count(",") < 4]
    assert not too_long, too_long
