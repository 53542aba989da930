"""The base of the staff and admin forms: no text field lets through a character the database
cannot store (helpbutton.text_rules), whatever the form's own validators say.

The public request form is the exception: its rules live in intake, which applies the same
rule to the form and the API alike.
"""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from helpbutton import text_rules

REFUSED_MESSAGE = _l("This contains characters that cannot be saved (shown as \ufffd). "
                     "Remove them and try again.")


def _texts(field) -> list:
    data = field.data
    return data if isinstance(data, list) else [data]


class CheckedForm(FlaskForm):
    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for field in self:
            if field.type == "CSRFTokenField":
                continue
            if any(text_rules.has_refused_characters(text) for text in _texts(field)):
                field.errors = [*field.errors, str(REFUSED_MESSAGE)]
                # Shown again without the characters a page cannot hold; the rest as typed.
                field.data = ([text_rules.marked(t) for t in field.data]
                              if isinstance(field.data, list) else text_rules.marked(field.data))
                valid = False
        return valid
