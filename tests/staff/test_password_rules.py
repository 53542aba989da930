"""Password rules on their own: length, common passwords and their disguises, personal data."""
import pytest

from helpbutton.accounts.password_rules import PasswordProblem, check_password, common_passwords


def problem(password, personal=()):
    try:
        check_password(password, personal=personal)
    except PasswordProblem as p:
        return p.code
    return None


def test_the_list_holds_thousands_of_common_passwords():
    words = common_passwords()
    assert len(words) > 5000
    assert {"password", "123456", "qwerty", "salasana"} <= words


@pytest.mark.parametrize("password", ["short-pass1", "a" * 11])
def test_shorter_than_twelve_is_refused(password):
    assert problem(password) == PasswordProblem.TOO_SHORT


@pytest.mark.parametrize("password", [
    "password1234", "Password2026!", "qwertyqwerty", "salasana1234", "123456789012",
    "aaaaaaaaaaaa", "abcabcabcabc", "iloveyou1234",
])
def test_common_passwords_and_their_disguises_are_refused(password):
    assert problem(password) == PasswordProblem.COMMON


@pytest.mark.parametrize("password", [
    "kirahvi sininen pyörä", "Ikkuna-Tuoli-Sade-47", "correct horse battery staple",
])
def test_good_passwords_pass(password):
    assert problem(password) is None


def test_own_email_or_name_is_refused():
    personal = ("tero.tyontekija@example.invalid", "Tero Työntekijä")
    assert problem("tero.tyontekija@example.invalid", personal) == PasswordProblem.PERSONAL
    assert problem("tero.tyontekija", personal) == PasswordProblem.PERSONAL
    assert problem("Tero Työntekijä1", personal) == PasswordProblem.PERSONAL
