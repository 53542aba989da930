"""Every user-visible string is extracted and translated into Finnish and Swedish."""
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


def _ids(catalog):
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [str(Path(sys.executable).with_name("pybabel")), "-q", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), "."],
        cwd=ROOT, check=True,
    )
    with open(pot, "rb") as f:
        return _ids(read_po(f))


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_catalogue_has_every_string_of_the_code_translated(lang, extracted):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalog = read_po(f, locale=lang)
    missing = extracted - _ids(catalog)
    assert not missing, f"run `make extract-messages` and translate: {sorted(missing)[:10]}"
    untranslated = [m.id for m in catalog if m.id and (
        m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string))]
    assert not untranslated, f"untranslated in {lang}: {untranslated[:10]}"
