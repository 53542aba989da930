"""The subjects of the mail a family gets: in every public language (scripts/catalogues.py
counts this module as the public side's), where the centre's mail is in fi/sv/en only."""
from flask_babel import gettext as _


def confirmation(reference: str, **_kw) -> str:
    return _("Your request for help has been received (%(reference)s)", reference=reference)


def new_link(reference: str, **_kw) -> str:
    return _("Your new link to your request for help (%(reference)s)", reference=reference)
