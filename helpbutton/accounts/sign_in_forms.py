"""Sign-in, two-factor, password and language forms. Messages are translatable."""
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from helpbutton.accounts.password_rules import (
    MAX_LENGTH,
    MIN_LENGTH,
    PasswordProblem,
    check_password,
)
from helpbutton.checked_form import CheckedForm

# Each language named in itself, and marked so for screen readers.
LANGUAGE_CHOICES = [SelectChoice(code, label, render_kw={"lang": code})
                    for code, label in (("fi", "suomi"), ("sv", "svenska"), ("en", "English"))]


def password_message(problem: PasswordProblem) -> str:
    return {
        PasswordProblem.TOO_SHORT: _l("Use at least %(n)d characters.", n=MIN_LENGTH),
        PasswordProblem.TOO_LONG: _l("Use at most %(n)d characters.", n=MAX_LENGTH),
        PasswordProblem.COMMON: _l("This password is commonly used and easy to guess. "
                                   "Choose another, for example a few unrelated words."),
        PasswordProblem.PERSONAL: _l("Do not use your name or email address as the password."),
    }[problem.code]


class NewPasswordMixin:
    """New password twice; `personal` (email, name) is set by the view before validating."""

    new_password = PasswordField(_l("New password"), validators=[
        DataRequired(message=_l("Enter a new password."))])
    confirm = PasswordField(_l("New password again"), validators=[
        DataRequired(message=_l("Enter the new password again.")),
        EqualTo("new_password", message=_l("The passwords do not match."))])
    personal: tuple[str, ...] = ()

    def validate_new_password(self, field):
        try:
            check_password(field.data or "", personal=self.personal)
        except PasswordProblem as problem:
            raise ValidationError(password_message(problem)) from None


class SignInForm(CheckedForm):
    email = StringField(_l("Email address"), validators=[
        DataRequired(message=_l("Enter your email address.")), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[
        DataRequired(message=_l("Enter your password.")), Length(max=MAX_LENGTH)])
    next = HiddenField()


class CodeForm(CheckedForm):
    code = StringField(_l("Six-digit code"), validators=[
        DataRequired(message=_l("Enter the six-digit code from your authenticator app.")),
        Length(max=12)])


class ChangePasswordForm(NewPasswordMixin, CheckedForm):
    current_password = PasswordField(_l("Current password"), validators=[
        DataRequired(message=_l("Enter your current password.")), Length(max=MAX_LENGTH)])


class ForgotPasswordForm(CheckedForm):
    email = StringField(_l("Email address"), validators=[
        DataRequired(message=_l("Enter your email address.")), Length(max=254)])


class ResetPasswordForm(NewPasswordMixin, CheckedForm):
    pass


class LanguageForm(CheckedForm):
    language = SelectField(_l("Language of the staff pages"), choices=LANGUAGE_CHOICES,
                           validators=[DataRequired()])


class EmptyForm(CheckedForm):
    """A button that posts (sign-out, deactivate): only the CSRF token."""
