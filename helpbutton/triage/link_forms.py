"""The request page's form to close the family's private link (and name a new contact)."""
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import ValidationError

from helpbutton.checked_form import CheckedForm
from helpbutton.intake import private_link


class CloseLinkForm(CheckedForm):
    """The contact is optional: empty, the link is only closed. Given, it must be an email
    address or a phone number (contact_details), and it replaces the request's contact."""

    contact = StringField(_l("New email address or phone number (optional)"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "link")
        super().__init__(*args, **kwargs)

    def validate_contact(self, field):
        if (field.data or "").strip() and private_link.parse_contact(field.data) is None:
            raise ValidationError(_l("Check the email address or phone number, for example "
                                     "name@example.fi or 040 123 4567."))

    def new_contact(self) -> private_link.Contact | None:
        return private_link.parse_contact(self.contact.data)
