"""The county administrator's form for the legal texts (fi, sv, en)."""
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import Length, ValidationError

from helpbutton.checked_form import CheckedForm
from helpbutton.contact_details import EmailAddress, valid_phone

NAME_MAX = 160
ADDRESS_MAX = 300
URL_MAX = 300
EMAIL_MAX = 254
PHONE_MAX = 40

EMAIL_MESSAGE = _l("Enter an email address such as tietosuoja@hyvinvointialue.fi.")
TOO_LONG = _l("At most %(max)d characters.")


def _phone(form, field) -> None:
    if field.data and field.data.strip() and not valid_phone(field.data.strip()):
        raise ValidationError(_l("Enter a phone number such as 02 123 4567 or +358 2 123 4567."))


def _https_url(form, field) -> None:
    value = (field.data or "").strip()
    if not value:
        return
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname or "." not in parts.hostname \
            or any(c.isspace() for c in value):
        raise ValidationError(_l("Enter a web address that starts with https://."))


def _length(most: int) -> Length:
    return Length(max=most, message=TOO_LONG)


def _email() -> list:
    # Demo and test set-ups use the reserved names (example.invalid): contact_details allows them.
    return [_length(EMAIL_MAX), EmailAddress(EMAIL_MESSAGE, allow_reserved=True)]


class LegalTextsForm(CheckedForm):
    dpo_name_fi = StringField(_l("Name or title in Finnish"), validators=[_length(NAME_MAX)])
    dpo_name_sv = StringField(_l("Name or title in Swedish"), validators=[_length(NAME_MAX)])
    dpo_name_en = StringField(_l("Name or title in English"), validators=[_length(NAME_MAX)])
    dpo_email = StringField(_l("Email"), validators=_email())
    dpo_phone = StringField(_l("Phone"), validators=[_length(PHONE_MAX), _phone])
    dpo_address = TextAreaField(_l("Postal address"), validators=[_length(ADDRESS_MAX)])
    feedback_email = StringField(_l("Email for accessibility feedback"), validators=_email())
    feedback_phone = StringField(_l("Phone for accessibility feedback"),
                                 validators=[_length(PHONE_MAX), _phone])
    feedback_url = StringField(_l("Feedback form's web address"),
                               validators=[_length(URL_MAX), _https_url])
    authority_name_fi = StringField(_l("Supervising authority in Finnish"),
                                    validators=[_length(NAME_MAX)])
    authority_name_sv = StringField(_l("Supervising authority in Swedish"),
                                    validators=[_length(NAME_MAX)])
    authority_name_en = StringField(_l("Supervising authority in English"),
                                    validators=[_length(NAME_MAX)])
    authority_url = StringField(_l("Supervising authority's web address"),
                                validators=[_length(URL_MAX), _https_url])

    TEXT_FIELDS = ("dpo_name_fi", "dpo_name_sv", "dpo_name_en", "dpo_email", "dpo_phone",
                   "dpo_address", "feedback_email", "feedback_phone", "feedback_url",
                   "authority_name_fi", "authority_name_sv", "authority_name_en",
                   "authority_url")

    def values(self) -> dict[str, str]:
        return {name: (getattr(self, name).data or "").strip() for name in self.TEXT_FIELDS}
