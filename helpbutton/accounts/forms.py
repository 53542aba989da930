"""The account form (name, email, language); roles are read by `roles.parse`."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from helpbutton.accounts.sign_in_forms import LANGUAGE_CHOICES
from helpbutton.checked_form import CheckedForm
from helpbutton.contact_details import EmailAddress


class AccountForm(CheckedForm):
    display_name = StringField(_l("Name"), validators=[
        DataRequired(message=_l("Enter the person's name.")), Length(max=120)])
    email = StringField(_l("Email address"), validators=[
        DataRequired(message=_l("Enter an email address.")), Length(max=254),
        EmailAddress(_l("Enter an email address like name@example.fi."), allow_reserved=True)])
    language = SelectField(_l("Language of the staff pages"), choices=LANGUAGE_CHOICES)
