"""The form a worker records a family's request in: the public form's fields and rules
(intake validates both alike), worded for the worker, with the channel it came through.

The public form's honeypot, partner and confirmation checkbox are not here: a worker is no
bot, comes through no partner's button, and a family that gives an email always gets the
confirmation with its private link (it has no other way to reach its request).
"""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice as C

from helpbutton.intake.forms import NO, UNANSWERED, YES, HelpRequestForm
from helpbutton.intake.operations import INTERPRETER
from helpbutton.models import STAFF_CHANNELS, Channel
from helpbutton.models.partner import CHANNEL_LABELS

# Intake's messages speak to the family; where a field has only one, this speaks to the
# worker instead.
WORKER_MESSAGES = {
    "topic_code": _l("Choose what the family needs help with."),
    "contact_method": _l("Choose how the family wants to be contacted."),
    "service_language": _l("Choose the language the family wants to be served in."),
    "interpreter_language": _l("Choose the family's own language, for the interpreter."),
    "consent": _l("Confirm that the family has agreed that its details are recorded."),
}


class RecordRequestForm(HelpRequestForm):
    channel = RadioField(
        _l("How did the request come?"),
        choices=[C(c.value, CHANNEL_LABELS[c.value]) for c in STAFF_CHANNELS],
        validate_choice=False,  # checked by `channel_error`, in the page's language
    )
    topic_code = RadioField(_l("What does the family need help with?"), validate_choice=False)
    description = TextAreaField(_l("What the family told (optional)"))
    urgent = BooleanField(_l("Urgent"))
    contact_method = RadioField(
        _l("How does the family want to be contacted?"),
        choices=[C("phone", _l("By phone")), C("email", _l("By email")),
                 C("either", _l("Either is fine"))],
        default="phone", validate_choice=False,
    )
    contact_name = StringField(_l("Name (optional)"))
    service_language = RadioField(
        _l("Language the family wants to be served in"),
        choices=[C("fi", "Suomi", {"lang": "fi"}), C("sv", "Svenska", {"lang": "sv"}),
                 C(INTERPRETER, _l("In the family's own language, with an interpreter"))],
        validate_choice=False,
    )
    interpreter_language = SelectField(_l("The family's own language"), validate_choice=False)
    may_leave_message = RadioField(
        _l("May the centre leave the family a message? (optional)"),
        choices=[C(YES, _l("Yes, a message may be left")),
                 C(NO, _l("No, leave no messages and send no notices")),
                 C(UNANSWERED, _l("Not asked, or the family did not say"))],
        default=UNANSWERED, validate_choice=False,
    )
    if_someone_else_answers = StringField(
        _l("What to say if someone else answers the family's phone (optional)"))
    consent = BooleanField(_l("The family has agreed that its details are recorded"))
    wants_email_confirmation = None
    partner = None
    website = None

    def wants_confirmation(self) -> bool:
        return bool((self.email.data or "").strip())

    def family_language(self) -> str:
        """The language of the family's mail and private link: its own language when the
        public side is written in it (intake keeps only those), else the service language."""
        if self.service_language.data == INTERPRETER:
            return self.interpreter_language.data or ""
        return self.service_language.data or ""

    def chosen_channel(self) -> Channel | None:
        """The channel picked, when it is one a worker records through."""
        return next((c for c in STAFF_CHANNELS if c.value == self.channel.data), None)

    def channel_error(self) -> dict[str, str]:
        if self.chosen_channel() is None:
            return {"channel": str(_l("Choose how the request came."))}
        return {}

    def show_errors(self, errors: dict[str, str]) -> None:
        super().show_errors({name: str(WORKER_MESSAGES.get(name, message))
                             for name, message in errors.items()})
