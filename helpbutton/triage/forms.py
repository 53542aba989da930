"""Forms of the request page. Validation and its messages live here; the views stay thin."""
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from helpbutton.checked_form import CheckedForm
from helpbutton.models import MESSAGE_MAX
from helpbutton.triage import labels
from helpbutton.triage.operations import CLOSING_OUTCOMES, NOTE_MAX, REASON_MAX


def _choices(mapping) -> list[SelectChoice]:
    return [SelectChoice(code, label) for code, label in mapping.items()]


class _PrefixedForm(CheckedForm):
    """Several forms share the request page: a prefix keeps their field ids apart."""

    PREFIX = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", self.PREFIX)
        super().__init__(*args, **kwargs)


class ContactForm(_PrefixedForm):
    PREFIX = "contact"
    result = RadioField(_l("Result"), choices=_choices(labels.CONTACT_RESULT),
                        validators=[InputRequired(_l("Choose how the contact attempt went."))])
    text = TextAreaField(_l("Note (optional)"), validators=[
        Optional(), Length(max=NOTE_MAX, message=_l("Keep it under %(max)d characters."))])


class NoteForm(_PrefixedForm):
    PREFIX = "note"
    text = TextAreaField(_l("Note"), validators=[
        DataRequired(_l("Write the note.")),
        Length(max=NOTE_MAX, message=_l("Keep it under %(max)d characters."))])


class StatusForm(_PrefixedForm):
    PREFIX = "status"
    status = SelectField(_l("Status"), choices=_choices(labels.STATUS),
                         validators=[InputRequired(_l("Choose a status."))])
    outcome = RadioField(_l("Outcome (needed when closing)"),
                         choices=[SelectChoice(o.value, labels.OUTCOME[o.value])
                                  for o in CLOSING_OUTCOMES],
                         validate_choice=False)

    def validate_outcome(self, field):
        if field.data and field.data not in {o.value for o in CLOSING_OUTCOMES}:
            raise ValidationError(_l("Choose the outcome from the list."))
        if self.status.data == "closed" and not field.data:
            raise ValidationError(_l("Choose the outcome to close the request."))


def optional_id(value) -> int | None:
    """A select's id, or None for its empty "Choose …" option."""
    return None if value in ("", None) else int(value)


class ForwardForm(_PrefixedForm):
    """Nothing is preselected: a worker who forwards chooses the centre themselves (the first
    option is an empty "Choose a centre"), so a hurried submit cannot send a family to the
    first centre of the list."""

    PREFIX = "forward"
    centre = SelectField(_l("Forward to"), coerce=optional_id, validate_choice=False,
                         validators=[InputRequired(_l("Choose the centre to forward to."))])
    reason = TextAreaField(_l("Reason"), validators=[
        DataRequired(_l("Say why the request is forwarded.")),
        Length(max=REASON_MAX, message=_l("Keep it under %(max)d characters."))])

    def validate_centre(self, field):
        offered = {c.value for c in field.choices or () if c.value != ""}
        if field.data not in offered:
            raise ValidationError(_l("Choose the centre from the list."))


class AssignForm(_PrefixedForm):
    PREFIX = "assign"
    assignee = SelectField(_l("Assign to"), coerce=int,
                           validators=[InputRequired(_l("Choose a worker."))])


class MessageForm(_PrefixedForm):
    """A worker's message to the family, read through the family's private link."""

    PREFIX = "message"
    body = TextAreaField(_l("Message to the family"), filters=[
        lambda v: v.replace("\r\n", "\n") if isinstance(v, str) else v], validators=[
        DataRequired(_l("Write the message.")),
        Length(max=MESSAGE_MAX, message=_l("Keep it under %(max)d characters."))])
