"""The dashboard's filter: a date range and a municipality, sent as GET parameters (codes and
dates only: nothing personal ever goes into these URLs)."""
import re
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import ValidationError

from helpbutton.checked_form import CheckedForm

MAX_DAYS = 3660  # ten years: weeks are drawn one column each
_FINNISH = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def parse_date(value: str | None) -> date | None:
    """2026-11-02 (what a date input sends) or 2.11.2026 (typed the Finnish way)."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        match = _FINNISH.fullmatch(value)
        if match:
            day, month, year = map(int, match.groups())
            return date(year, month, day)
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(value) from None


class DateText(StringField):
    """A date typed or picked; `.date` holds it when valid."""

    def pre_validate(self, form):
        try:
            self.date = parse_date(self.data)
        except ValueError:
            self.date = None
            raise ValidationError(_l("Enter the date as day.month.year, e.g. 2.11.2026.")) from None


class FilterForm(CheckedForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    date_from = DateText(_l("From"), name="from")
    date_to = DateText(_l("To"), name="to")
    municipality = SelectField(_l("Municipality"), name="municipality", choices=[],
                               validate_choice=False)

    def validate_municipality(self, field):
        if field.data and field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Choose a municipality from the list."))

    def validate_date_to(self, field):
        start = getattr(self.date_from, "date", None)
        end = getattr(field, "date", None)
        if start and end and end < start:
            raise ValidationError(_l("The end date must not be before the start date."))
        if start and end and (end - start).days > MAX_DAYS:
            raise ValidationError(_l("Choose a period of at most ten years."))
