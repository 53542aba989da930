"""Forms of the configuration pages. The rules themselves live in routing_config.validation;
these forms only read what was typed (and carry the CSRF token)."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from helpbutton import interpreter_languages
from helpbutton.checked_form import CheckedForm
from helpbutton.models.partner import CHANNEL_LABELS
from helpbutton.names import language_name
from helpbutton.routing_admin.validation import (
    RULE_LANGUAGES,
    CentreDraft,
    RuleDraft,
    parse_postal_codes,
)
from helpbutton.triage.labels import LANGUAGE

LANGUAGE_CHOICES = [SelectChoice(code, label) for code, label in LANGUAGE.items()]


def rule_language_choices() -> list[SelectChoice]:
    """Finnish, Swedish and English, then the interpreter languages, named in the page's
    language (Babel's names: built for each form, not once)."""
    return [SelectChoice(code, language_name(code)) for code in RULE_LANGUAGES]


INTERPRETER_CHOICES = [
    ("", _l("Either")),
    ("1", _l("Only requests needing an interpreter")),
    ("0", _l("Only requests without an interpreter")),
]
CHANNEL_CHOICES = [SelectChoice(code, label) for code, label in CHANNEL_LABELS.items()]


# A date input sends ISO; typed (a browser without one, a script) d.m.yyyy works too.
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
DATE_MESSAGE = _l("Enter the date as day.month.year, e.g. 2.11.2026.")


def day_field(label) -> DateField:
    return DateField(label, validators=[Optional()], format=DATE_FORMATS,
                     invalid_value_message=DATE_MESSAGE)


def age_choices(empty_label) -> list[SelectChoice]:
    return [SelectChoice("", empty_label), SelectChoice("-1", _l("Expecting a baby")),
            *(SelectChoice(str(a), str(a)) for a in range(0, 18))]


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


class RuleForm(CheckedForm):
    name = StringField(_l("Name of the rule"), validators=[Length(max=120)])
    topics = SelectMultipleField(_l("Topics"), choices=[], validate_choice=False)
    min_age = SelectField(_l("Youngest child's age, at least"), validate_choice=False,
                          choices=age_choices(_l("No lower limit")))
    max_age = SelectField(_l("Child's age, at most"), validate_choice=False,
                          choices=age_choices(_l("No upper limit")))
    languages = SelectMultipleField(
        _l("Languages"), choices=[], validate_choice=False,
        description=_l("The service language, or the family's own language when it needs an "
                       "interpreter."))
    postal_codes = TextAreaField(_l("Postal codes"))
    channels = SelectMultipleField(_l("How the request came"),
                                   choices=CHANNEL_CHOICES, validate_choice=False)
    urgent = SelectField(_l("Urgency"), validate_choice=False, choices=[
        SelectChoice("", _l("Urgent or not")), SelectChoice("1", _l("Only urgent requests")),
        SelectChoice("0", _l("Only requests that are not urgent"))])
    interpreter = SelectField(_l("Interpreter"), validate_choice=False, choices=[
        SelectChoice(value, label) for value, label in INTERPRETER_CHOICES])
    target_centre = SelectField(_l("Send to centre"), validate_choice=False, choices=[])
    active = BooleanField(_l("In use"), default=True)
    valid_from = day_field(_l("Valid from"))
    valid_until = day_field(_l("Valid until"))
    checked = HiddenField()
    action = HiddenField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.languages.choices = rule_language_choices()

    def draft(self) -> RuleDraft:
        urgent = {"1": True, "0": False}.get(self.urgent.data or "")
        interpreter = {"1": True, "0": False}.get(self.interpreter.data or "")
        return RuleDraft(
            target_centre=_int(self.target_centre.data), name=(self.name.data or "").strip(),
            topics=sorted(set(self.topics.data or [])), min_age=_int(self.min_age.data),
            max_age=_int(self.max_age.data), languages=sorted(set(self.languages.data or [])),
            postal_codes=parse_postal_codes(self.postal_codes.data or ""),
            channels=sorted(set(self.channels.data or [])), urgent=urgent,
            interpreter=interpreter, active=bool(self.active.data), valid_from=self.valid_from.data,
            valid_until=self.valid_until.data)

    def fill(self, draft: RuleDraft) -> None:
        self.name.data = draft.name
        self.topics.data = list(draft.topics)
        self.min_age.data = "" if draft.min_age is None else str(draft.min_age)
        self.max_age.data = "" if draft.max_age is None else str(draft.max_age)
        self.languages.data = list(draft.languages)
        self.postal_codes.data = ", ".join(draft.postal_codes)
        self.channels.data = list(draft.channels)
        self.urgent.data = {True: "1", False: "0"}.get(draft.urgent, "")
        self.interpreter.data = {True: "1", False: "0"}.get(draft.interpreter, "")
        self.target_centre.data = str(draft.target_centre or "")
        self.active.data = draft.active
        self.valid_from.data, self.valid_until.data = draft.valid_from, draft.valid_until


class CentreForm(CheckedForm):
    name_fi = StringField(_l("Name in Finnish"))
    name_sv = StringField(_l("Name in Swedish"))
    name_en = StringField(_l("Name in English"))
    languages = SelectMultipleField(_l("Languages the centre serves in"),
                                    choices=LANGUAGE_CHOICES, validate_choice=False)
    serves = SelectMultipleField(_l("Municipalities the centre serves"), choices=[],
                                 validate_choice=False)
    notification_email = StringField(_l("Email for notifications of new requests"))
    phone = StringField(_l("Public phone number"))
    hours_fi = StringField(_l("Opening hours in Finnish"))
    hours_sv = StringField(_l("Opening hours in Swedish"))
    hours_en = StringField(_l("Opening hours in English"))
    active = BooleanField(_l("In use"), default=True)

    def draft(self) -> CentreDraft:
        def text(field) -> str | None:
            return (field.data or "").strip() or None

        return CentreDraft(
            name_fi=text(self.name_fi) or "", name_sv=text(self.name_sv) or "",
            name_en=text(self.name_en) or "", languages=list(self.languages.data or []),
            serves=list(self.serves.data or []),
            notification_email=text(self.notification_email) or "", phone=text(self.phone),
            hours_fi=text(self.hours_fi), hours_sv=text(self.hours_sv),
            hours_en=text(self.hours_en), active=bool(self.active.data))


class MunicipalityForm(CheckedForm):
    default_centre = SelectField(_l("Default centre"), choices=[], validate_choice=False)
    social_emergency_phone = StringField(_l("Social emergency number (sosiaalipäivystys)"))
    active = BooleanField(_l("The municipality is in use on the form"))


class TopicForm(CheckedForm):
    code = StringField(_l("Code"))
    position = IntegerField(_l("Order"), default=0, validators=[
        InputRequired(message=_l("Give a number.")), NumberRange(min=0, max=10000)])
    active = BooleanField(_l("In use"), default=True)
    label_fi = StringField(_l("Label in Finnish"))
    label_sv = StringField(_l("Label in Swedish"))
    label_en = StringField(_l("Label in English"))
    help_fi = StringField(_l("Help text in Finnish"))
    help_sv = StringField(_l("Help text in Swedish"))
    help_en = StringField(_l("Help text in English"))
    notice_fi = TextAreaField(_l("Notice in Finnish"))
    notice_sv = TextAreaField(_l("Notice in Swedish"))
    notice_en = TextAreaField(_l("Notice in English"))


class RegionForm(CheckedForm):
    fallback_centre = SelectField(_l("Fallback centre"), choices=[], validate_choice=False)
    promise_working_days = IntegerField(_l("Promised contact within (working days)"),
                                        validators=[InputRequired(message=_l("Give a number."))])
    urgent_promise_working_days = IntegerField(
        _l("Urgent requests: promised contact within (working days)"),
        validators=[InputRequired(message=_l("Give a number."))])
    escalate_after_working_days = IntegerField(
        _l("Tell the municipality's administrators of an overdue request after (working days)"),
        validators=[InputRequired(message=_l("Give a number."))])
    social_emergency_phone = StringField(
        _l("County-wide social emergency number (sosiaalipäivystys)"))
    social_emergency_name_fi = StringField(_l("Name of the social emergency service in Finnish"))
    social_emergency_name_sv = StringField(_l("Name of the social emergency service in Swedish"))
    social_emergency_name_en = StringField(_l("Name of the social emergency service in English"))


class ImportForm(CheckedForm):
    file = FileField(_l("Configuration file (YAML)"), validators=[
        FileRequired(message=_l("Choose the file to import."))])
    action = HiddenField()


class PreviewForm(CheckedForm):
    """Facts of an imagined request; read from the query string (no personal data)."""

    class Meta:
        csrf = False

    topic = SelectField(_l("Topic"), choices=[], validate_choice=False)
    ages = SelectMultipleField(_l("Children's ages"), validate_choice=False,
                               choices=age_choices("")[1:])
    language = SelectField(_l("Service language"), choices=LANGUAGE_CHOICES)
    interpreter_language = SelectField(_l("Interpreter"), choices=[], validate_choice=False)
    urgent = BooleanField(_l("Urgent"))
    channel = SelectField(_l("How the request came"), choices=CHANNEL_CHOICES)
    postal_code = StringField(_l("Postal code"), validators=[Length(max=5)])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.interpreter_language.choices = [
            SelectChoice("", _l("No interpreter")),
            *(SelectChoice(code, language_name(code))
              for code in interpreter_languages.INTERPRETER_LANGUAGES)]

    def interpreter(self) -> str | None:
        """The interpreter language asked for, if it is one of the list."""
        value = self.interpreter_language.data or ""
        return value if value in interpreter_languages.INTERPRETER_CODES else None
    day = day_field(_l("Day"))
