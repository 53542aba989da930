"""The county's service form: in service or not, and where its families turn when not."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from helpbutton.checked_form import CheckedForm

TEXT_MAX = 1000
PHONE_MAX = 40


class CountyServiceForm(CheckedForm):
    in_service = BooleanField(_l("The county uses the service"))
    where_to_turn_fi = TextAreaField(_l("Where to turn, in Finnish"), validators=[
        Optional(), Length(max=TEXT_MAX, message=_l("Use at most %(max)d characters.",
                                                    max=TEXT_MAX))])
    where_to_turn_sv = TextAreaField(_l("Where to turn, in Swedish"), validators=[
        Optional(), Length(max=TEXT_MAX, message=_l("Use at most %(max)d characters.",
                                                    max=TEXT_MAX))])
    where_to_turn_en = TextAreaField(_l("Where to turn, in English"), validators=[
        Optional(), Length(max=TEXT_MAX, message=_l("Use at most %(max)d characters.",
                                                    max=TEXT_MAX))])
    where_to_turn_phone = StringField(_l("Phone number for families"), validators=[
        Optional(), Length(max=PHONE_MAX, message=_l("Use at most %(max)d characters.",
                                                     max=PHONE_MAX))])
