"""The partner form: name, channel and default municipality (and, when new, API access)."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from helpbutton.checked_form import CheckedForm
from helpbutton.models.partner import CHANNEL_LABELS
from helpbutton.partners.operations import NAME_MAX, PARTNER_CHANNELS


class PartnerForm(CheckedForm):
    name = StringField(_l("Name"), validators=[
        DataRequired(message=_l("Enter the partner's name.")),
        Length(max=NAME_MAX, message=_l("Use at most %(max)d characters.", max=NAME_MAX))])
    channel = SelectField(_l("Kind of place"), choices=[
        SelectChoice(c.value, CHANNEL_LABELS[c.value]) for c in PARTNER_CHANNELS])
    municipality_code = SelectField(
        _l("Municipality chosen in advance"),
        validate_choice=True,
        choices=[],  # set by the view from the region's municipalities
    )

    def set_municipalities(self, municipalities, lang: str) -> None:
        self.municipality_code.choices = [SelectChoice("", _l("None: the family chooses"))] + [
            SelectChoice(m.code, m.name(lang)) for m in municipalities]


class NewPartnerForm(PartnerForm):
    api_access = BooleanField(_l("Give this partner an API key for sending requests from "
                                 "their own system"))


class PartnerNetworksForm(CheckedForm):
    """The partner's shared connections and their limit of requests an hour per address."""
    networks = TextAreaField(_l("The partner's own network addresses"), validators=[
        Length(max=4000, message=_l("Use at most %(max)d characters.", max=4000))])
    form_limit_per_hour = IntegerField(
        _l("Requests an hour from one address of these networks"),
        validators=[Optional(), NumberRange(min=1, max=1000, message=_l(
            "Give a number from %(min)d to %(max)d.", min=1, max=1000))])
