"""Fill Finnish and Swedish translations into the catalogues from a JSON file.

Usage: python scripts/po_fill.py strings.json [more.json ...]
where each file maps an English msgid to {"fi": "...", "sv": "..."}; plural entries give
lists ["singular", "plural"]. Only entries present in the catalogue are filled; reports the
msgids still untranslated afterwards.
"""
import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent


def main(paths: list[str]) -> int:
    strings: dict = {}
    for path in paths:
        # Per language: a later file may give only the Swedish of a msgid another file has.
        for key, value in json.loads(Path(path).read_text(encoding="utf-8")).items():
            strings.setdefault(key, {}).update(value)
    missing = 0
    for lang in ("fi", "sv"):
        po_path = ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po"
        with open(po_path, "rb") as f:
            catalog = read_po(f, locale=lang)
        for message in catalog:
            if not message.id:
                continue
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            if key in strings and lang in strings[key]:
                value = strings[key][lang]
                message.string = tuple(value) if isinstance(message.id, tuple) else value
                message.flags.discard("fuzzy")
            empty = (not all(message.string) if isinstance(message.string, tuple)
                     else not message.string)
            if empty:
                missing += 1
                print(f"untranslated [{lang}]: {key}")
        with open(po_path, "wb") as f:
            write_po(f, catalog, width=100, sort_by_file=True)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
