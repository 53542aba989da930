"""The public "Ask for help" form: fields, choices and the hand-over to intake.

The rules for what is valid live in `services.intake.validate_intake`; this form only parses
what the browser sent and shows intake's messages next to the fields, so the web form and the
API can never disagree.
"""
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice as C
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from helpbutton import interpreter_languages, text_rules
from helpbutton.checked_form import CheckedForm
from helpbutton.intake.field_rules import without_nul
from helpbutton.intake.operations import (
    CONTACT_TIMES_MAX,
    DESCRIPTION_MAX,
    INTERPRETER,
    NAME_MAX,
    SOMEONE_ELSE_MAX,
    IntakeData,
)
from helpbutton.models import MESSAGE_MAX
from helpbutton.routing import EXPECTING, MAX_CHILD_AGE

YES, NO, UNANSWERED = "yes", "no", "unanswered"
MESSAGE_ANSWERS: dict[str, bool | None] = {YES: True, NO: False, UNANSWERED: None}
BAD_AGE = -99  # what an unreadable age becomes, so that intake refuses it with its message
# The page makes the key (secrets.token_urlsafe(24)); it is stored in a 64-character column.
_SUBMISSION_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _our_submission_key(value):
    """A key the page could have made, or None, for which the view makes a fresh one: a
    forged key must not reach the database as a value too long for its column."""
    return value if isinstance(value, str) and _SUBMISSION_KEY.fullmatch(value) else None


# The most of each field that a page sends back (the database columns' sizes).
ECHO_MAX = {"description": DESCRIPTION_MAX, "contact_times": CONTACT_TIMES_MAX,
            "contact_name": NAME_MAX, "if_someone_else_answers": SOMEONE_ELSE_MAX,
            "phone": 40, "email": 254, "postal_code": 10,
            "submission_key": 64, "partner": 40, "website": 200}
ECHO_MAX_DEFAULT = 40  # choices' codes


class AgesField(SelectMultipleField):
    """Checkboxes for ages; values that are not numbers become BAD_AGE instead of crashing."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def process_formdata(self, valuelist):
        ages = []
        for value in valuelist:
            try:
                ages.append(int(value))
            except ValueError:
                ages.append(BAD_AGE)
        self.data = ages

    def pre_validate(self, form):
        pass  # intake checks the ages


class HelpRequestForm(FlaskForm):
    municipality_code = SelectField(_l("Municipality"), validate_choice=False)
    postal_code = StringField(_l("Postal code (optional)"))
    topic_code = RadioField(_l("What would you like help with?"), validate_choice=False)
    child_ages = AgesField(_l("Children's ages"), choices=[], validate_choice=False, coerce=int)
    description = TextAreaField(_l("Tell us more if you like (optional)"))
    urgent = BooleanField(_l("It feels urgent"))
    contact_method = RadioField(
        _l("How would you like to be contacted?"),
        choices=[C("phone", _l("By phone")), C("email", _l("By email")),
                 C("either", _l("Either is fine"))],
        default="phone", validate_choice=False,
    )
    phone = StringField(_l("Phone number"))
    email = StringField(_l("Email address"))
    contact_times = StringField(_l("Good times to call (optional)"))
    contact_name = StringField(_l("Your name (optional)"))
    # "Is it safe to contact you?": both optional.
    may_leave_message = RadioField(
        _l("May we leave you a message? (optional)"),
        choices=[C(YES, _l("Yes, you may leave a message")),
                 C(NO, _l("No, do not leave messages or send notices")),
                 C(UNANSWERED, _l("I do not want to answer"))],
        default=UNANSWERED, validate_choice=False,
    )
    if_someone_else_answers = StringField(
        _l("If someone else answers your phone, what should the worker say? (optional)"))
    service_language = RadioField(
        _l("Language you would like to be served in"),
        choices=[C("fi", "Suomi", {"lang": "fi"}), C("sv", "Svenska", {"lang": "sv"}),
                 C(INTERPRETER, _l("In my own language, with an interpreter"))],
        validate_choice=False,
    )
    # Always shown (no script needed); read only with the interpreter answer.
    interpreter_language = SelectField(_l("Your language"), validate_choice=False)
    wants_email_confirmation = BooleanField(_l("Send me a confirmation by email"))
    consent = BooleanField(_l("I have read the privacy notice and want to send this request"))
    submission_key = HiddenField(filters=[_our_submission_key])
    partner = HiddenField(filters=[without_nul])  # a slug; nothing else names a partner
    # The honeypot: hidden from people (CSS), filled in by bots that fill every field.
    website = StringField(_l("Leave this field empty"))

    description_max = DESCRIPTION_MAX

    def set_choices(self, municipalities, topics, lang: str, sv_first: bool = False) -> None:
        self.municipality_code.choices = [C("", _l("Choose a municipality"))] + [
            C(m.code, m.name(lang)) for m in sorted(municipalities, key=lambda m: m.name(lang))
        ]
        # A topic's name in the page's language, or its fallback (index.html marks it).
        self.topic_code.choices = [C(t.code, t.label(lang, sv_first)) for t in topics]
        self.interpreter_language.choices = [C("", _l("Choose your language"))] + [
            C(code, label) for code, label in interpreter_languages.choices(lang)]
        self.child_ages.choices = [C(EXPECTING, _l("Expecting a baby")),
                                   C(0, _l("under 1"))] + [
            C(age, str(age)) for age in range(1, MAX_CHILD_AGE + 1)
        ]

    def intake_data(self, ui_language: str) -> IntakeData:
        return IntakeData(
            municipality_code=self.municipality_code.data or None,
            postal_code=self.postal_code.data,
            topic_code=self.topic_code.data or None,
            child_ages=list(self.child_ages.data or []),
            description=self.description.data,
            urgent=bool(self.urgent.data),
            contact_method=self.contact_method.data or "",
            phone=self.phone.data,
            email=self.email.data,
            contact_times=self.contact_times.data,
            contact_name=self.contact_name.data,
            service_language=self.service_language.data or "",
            interpreter_language=self.interpreter_language.data or None,
            wants_email_confirmation=self.wants_confirmation(),
            consent=bool(self.consent.data),
            ui_language=ui_language,
            # An answer the page did not offer counts as none.
            may_leave_message=MESSAGE_ANSWERS.get(self.may_leave_message.data or UNANSWERED),
            if_someone_else_answers=self.if_someone_else_answers.data,
        )

    def wants_confirmation(self) -> bool:
        """The family asked for the confirmation by email (a worker's form decides it so)."""
        return bool(self.wants_email_confirmation.data)

    def keep_within_limits(self) -> bool:
        """Cut what goes back into the page to what each field may hold (the columns' sizes);
        True when the description was cut. A page never echoes a body's worth of text."""
        cut = False
        for field in self:
            if isinstance(field.data, str):
                limit = ECHO_MAX.get(field.name, ECHO_MAX_DEFAULT)
                if len(field.data) > limit:
                    field.data = field.data[:limit]
                    cut = cut or field.name == "description"
        return cut

    def show_errors(self, errors: dict[str, str]) -> None:
        """Put intake's messages on the fields of the same name. Text the page cannot hold
        comes back with its refused characters marked (text_rules), the rest as typed."""
        for name, message in errors.items():
            field = getattr(self, name, None)
            if field is not None:
                field.errors = [*field.errors, message]
                field.data = text_rules.marked(field.data)


class WithdrawForm(FlaskForm):
    confirm = BooleanField(_l("Yes, I want to withdraw my request"))


def _plain_line_ends(value):
    # A browser sends CRLF: a line break is one character, as the family counts it.
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def _message_field(label):
    return TextAreaField(label, filters=[without_nul, _plain_line_ends], validators=[
        DataRequired(_l("Write your message first.")),
        Length(max=MESSAGE_MAX, message=_l(
            "Your message is too long: keep it under %(max)d characters. Everything you wrote "
            "is still here."))])


class FamilyReplyForm(CheckedForm):
    """The family's message to the centre, on its follow-up page. Its CSRF token is checked by
    the view, so that an expired page shows the text again instead of an error page."""

    body = _message_field(_l("Your message to the family centre"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "reply")
        super().__init__(*args, **kwargs)


class FamilyAdditionForm(FamilyReplyForm):
    """Something the family adds to its request (shown to staff as its addition)."""

    body = _message_field(_l("What would you like to add?"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "addition")
        super().__init__(*args, **kwargs)


class LostLinkForm(FlaskForm):
    """"Send me my link again": the reference and the email address or phone number given.
    Checked in the view (intake/private_link.py); nothing here says whether they match."""

    reference = StringField(_l("Reference"))
    contact = StringField(_l("Email address or phone number you gave"))
