"""The find-a-family form: one field, posted (what was typed never reaches a URL or a log)."""
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from helpbutton.checked_form import CheckedForm
from helpbutton.triage.find_family import TERM_MAX


class FindFamilyForm(CheckedForm):
    term = StringField(_l("Reference, phone number or email address"), validators=[
        DataRequired(_l("Type a reference, a phone number or an email address.")),
        Length(max=TERM_MAX, message=_l("Keep it under %(max)d characters."))])
