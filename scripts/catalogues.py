"""Which catalogue entries the public side uses, and which languages must translate them.

The staff side is Finnish, Swedish and English; the public side (what a family sees and every
mail and text message it gets) is in every public language. An entry is public when one of its
source references is a public source below. The tests (`tests/test_translations.py`) and
`scripts/po_fill.py` use this; strings a public page takes from elsewhere are caught at run time
(`helpbutton.i18n_check`).
"""
from fnmatch import fnmatch

# Catalogues besides the source language (English): Finnish and Swedish hold every entry,
# the others the public ones.
FULL_CATALOGUES = ("fi", "sv")
PUBLIC_CATALOGUES = ("ru", "uk", "et", "ar", "so", "fa", "fi@selko")

PUBLIC_SOURCES = (
    "templates/base.html",
    "templates/intake/*",
    "templates/errors/*",
    "templates/layouts/public*",
    "templates/partials/*",
    "templates/email/_layout.html",
    "templates/email/_macros.html",
    "templates/email/_social_emergency.*",
    "templates/email/family_*",
    "helpbutton/intake/*",
    "helpbutton/checked_form.py",
    "helpbutton/mail/family_notices.py",
    "helpbutton/mail/family_subjects.py",
)


def is_public(locations) -> bool:
    """Whether a catalogue entry with these (path, line) locations appears on the public side."""
    return any(fnmatch(path, pattern) for path, _line in locations for pattern in PUBLIC_SOURCES)
