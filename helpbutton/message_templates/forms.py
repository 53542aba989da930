"""The template form: a name and a text in each language, whether it is offered, and (when
new) whose it is."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import Length

from helpbutton.checked_form import CheckedForm
from helpbutton.message_templates.operations import BODY_MAX, NAME_MAX


def _name(label):
    return StringField(label, validators=[Length(max=NAME_MAX, message=_l(
        "Use at most %(max)d characters.", max=NAME_MAX))])


def _body(label):
    return TextAreaField(label, validators=[Length(max=BODY_MAX, message=_l(
        "Use at most %(max)d characters.", max=BODY_MAX))], render_kw={"rows": 6})


class TemplateForm(CheckedForm):
    name_fi = _name(_l("Name in Finnish"))
    body_fi = _body(_l("Text in Finnish"))
    name_sv = _name(_l("Name in Swedish"))
    body_sv = _body(_l("Text in Swedish"))
    name_en = _name(_l("Name in English"))
    body_en = _body(_l("Text in English"))
    active = BooleanField(_l("Offered to staff"), default=True)


class NewTemplateForm(TemplateForm):
    # Choices are set by the view: the owners this administrator may keep templates for.
    owner = SelectField(_l("Whose template"), choices=[], validate_choice=True)


# What the operation's reasons (TemplateInvalid) say on the page.
REASONS = {
    "required": _l("This is needed."),
    "too_long": _l("This is too long."),
    "name_without_text": _l("Give a text for this name, or remove the name."),
    "text_without_name": _l("Give a name for this text, or remove the text."),
    "invalid": _l("This cannot be saved."),
}
