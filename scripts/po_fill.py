"""Fill translations into the catalogues from JSON files.

Usage: python scripts/po_fill.py strings.json [more.json ...]
where each file maps an English msgid to {"<catalogue>": "..."} ("fi", "sv", "ar", "fi@selko",
…); plural entries give a list with the language's number of forms. Only entries present in
the catalogue are filled. Each catalogue's Last-Translator is set from translations/
provenance.json. The other public languages' catalogues keep only the public side's entries
(scripts/catalogues.py). Reports what is still untranslated.
"""
import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalogues import FULL_CATALOGUES, PUBLIC_CATALOGUES, is_public  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _empty(message) -> bool:
    return not all(message.string) if isinstance(message.string, tuple) else not message.string


def main(paths: list[str]) -> int:
    strings: dict = {}
    for path in paths:
        # Per language: a later file may give only the Swedish of a msgid another file has.
        for key, value in json.loads(Path(path).read_text(encoding="utf-8")).items():
            strings.setdefault(key, {}).update(value)
    provenance = json.loads((ROOT / "translations" / "provenance.json").read_text("utf-8"))
    missing = 0
    for lang in FULL_CATALOGUES + PUBLIC_CATALOGUES:
        po_path = ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po"
        with open(po_path, "rb") as f:
            catalog = read_po(f, locale=lang)
        catalog.last_translator = provenance[lang]["produced_by"]
        if lang in PUBLIC_CATALOGUES:
            # `pybabel update` gives every catalogue every entry: these hold the public side's.
            for message in [m for m in catalog if m.id and not is_public(m.locations)]:
                catalog.delete(message.id)
        for message in catalog:
            if not message.id:
                continue
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            if key in strings and lang in strings[key]:
                value = strings[key][lang]
                message.string = tuple(value) if isinstance(message.id, tuple) else value
                message.flags.discard("fuzzy")
            needed = lang in FULL_CATALOGUES or is_public(message.locations)
            if needed and _empty(message):
                missing += 1
                print(f"untranslated [{lang}]: {key}")
        with open(po_path, "wb") as f:
            write_po(f, catalog, width=100, sort_by_file=True)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
