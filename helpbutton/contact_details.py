"""The one check of an email address and of a phone number, for every form and import.

Plain functions on the libraries (email-validator, phonenumbers): no Flask, no database, no
DNS look-up. Families' addresses must be deliverable names; staff and centre addresses may use
the reserved names (`.invalid`, `.test`, `.local`, …) that demo and test set-ups give them:
mail to them fails visibly in the outbox rather than reaching somebody.
"""
from __future__ import annotations

import email_validator
import phonenumbers
from wtforms.validators import ValidationError

_RESERVED_TLDS = frozenset(email_validator.SPECIAL_USE_DOMAIN_NAMES)


def normalize_email(value: str, *, allow_reserved: bool = False) -> str | None:
    """The address in normal form, or None when its syntax is wrong.

    With `allow_reserved`, a reserved top-level name is checked as if it were `.test` (the one
    email-validator lets through in a test environment) and kept as typed."""
    if not value:
        return None
    checked, reserved_tld = value, None
    if allow_reserved:
        local, at, domain = value.rpartition("@")
        tld = domain.rstrip(".").rpartition(".")[2].lower()
        if at and tld in _RESERVED_TLDS:
            reserved_tld = domain.rstrip(".").rpartition(".")[2]
            checked = f"{local}@{domain.rstrip('.')[:-len(reserved_tld)]}test"
    try:
        normalized = email_validator.validate_email(
            checked, check_deliverability=False, test_environment=allow_reserved).normalized
    except email_validator.EmailNotValidError:
        return None
    if reserved_tld is not None:
        normalized = normalized[:-len("test")] + reserved_tld.lower()
    return normalized


def valid_email(value: str | None, *, allow_reserved: bool = False) -> bool:
    return normalize_email(value or "", allow_reserved=allow_reserved) is not None


def _valid_number(value: str | None) -> phonenumbers.PhoneNumber | None:
    """The valid Finnish or international number `value` is, or None.

    A letter anywhere makes it no number: phonenumbers reads letters as a keypad's digits
    (1-800-FLOWERS) or drops them, so "050 123 456O" (a letter O for the last zero) became
    +35850123456, a digit short, and a reference such as DF63774EDP a valid number."""
    if not value or any(c.isalpha() for c in value):
        return None
    try:
        number = phonenumbers.parse(value, "FI")
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def normalize_phone(value: str) -> str | None:
    """A Finnish or international number in E.164 form, or None when it is not a valid number."""
    number = _valid_number(value)
    if number is None:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def valid_phone(value: str | None) -> bool:
    return normalize_phone(value or "") is not None


def display_phone(value: str) -> str:
    """A number as staff read and dial it: international form, grouped ("+358 40 765 4321");
    anything that is not a valid number is shown as it was typed.

    Finnish numbers are grouped as the Finnish recommendation does (the area or operator code,
    then the subscriber's digits in threes with four at the end); phonenumbers leaves them in
    one block ("+358 40 7654321"). Other countries keep phonenumbers' own grouping."""
    parsed = _valid_number(value)
    if parsed is None:
        return value
    grouped = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    if phonenumbers.region_code_for_number(parsed) != "FI":
        return grouped
    country, code, *rest = grouped.split(" ")
    return " ".join([country, code, *_subscriber_groups("".join(rest))])


_SPLITS = {5: 2, 6: 3, 7: 3, 8: 4}  # digits → the first group's length


def _subscriber_groups(digits: str) -> list[str]:
    """"7654321" → ["765", "4321"]; "123456" → ["123", "456"]; "12345678" → ["1234", "5678"]."""
    if len(digits) <= 4:
        return [digits] if digits else []
    cut = _SPLITS.get(len(digits), 3)
    if len(digits) in _SPLITS:
        return [digits[:cut], digits[cut:]]
    return [digits[:cut], *_subscriber_groups(digits[cut:])]


class EmailAddress:
    """WTForms validator on `valid_email`; an empty field is left to DataRequired/Optional."""

    def __init__(self, message, *, allow_reserved: bool = False) -> None:
        self.message = message
        self.allow_reserved = allow_reserved

    def __call__(self, form, field) -> None:
        if field.data and not valid_email(field.data, allow_reserved=self.allow_reserved):
            raise ValidationError(self.message)
