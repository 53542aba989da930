"""Forms of the privacy pages."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from helpbutton.checked_form import CheckedForm
from helpbutton.models.request import EVENT_KIND_LABELS
from helpbutton.statistics.forms import DateText

REASON_MAX = 300

KIND_LABELS = EVENT_KIND_LABELS


class EraseForm(CheckedForm):
    reason = TextAreaField(_l("Why is the data erased?"), validators=[
        DataRequired(message=_l("Write why the data is erased.")),
        Length(max=REASON_MAX, message=_l("Please keep this under %(max)d characters.",
                                          max=REASON_MAX))])
    confirm = BooleanField(_l("I understand that the family's contact details, description "
                              "and notes are erased for good."),
                           validators=[DataRequired(message=_l("Confirm the erasure."))])


class AuditFilterForm(CheckedForm):
    class Meta:
        csrf = False  # a GET form that only filters

    user = SelectField(_l("Who"), name="user", choices=[], validate_choice=False)
    reference = StringField(_l("Request reference"), name="reference",
                            validators=[Length(max=20)])
    kind = SelectField(_l("What"), name="kind", validate_choice=False,
                       choices=[])
    date_from = DateText(_l("From"), name="from")
    date_to = DateText(_l("To"), name="to")

    def validate_user(self, field):
        if field.data and field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Choose a person from the list."))

    def validate_kind(self, field):
        if field.data and field.data not in KIND_LABELS:
            raise ValidationError(_l("Choose an event from the list."))
