"""From the statistics service's numbers to what the pages and the CSV file show: labelled
rows per section, and the charts with their text alternatives."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

from flask_babel import gettext as _

from helpbutton import formatting
from helpbutton.statistics import charts, labels, suppression
from helpbutton.statistics import queries as statistics


@dataclass
class Row:
    code: str  # the stored value ("853", "everyday", "2026-11-02"); "" when not given
    label: str
    count: int
    cell: suppression.Cell = None  # how the count may be shown; None: on its own

    def __post_init__(self):
        if self.cell is None:
            self.cell = suppression.cell(self.count)

    @property
    def shown(self) -> str:
        return shown(self.cell)


@dataclass
class Section:
    key: str
    title: str
    rows: list[Row]
    chart: str = ""

    @property
    def suppressed(self) -> bool:
        """Whether a count is hidden to protect another (the page explains it below)."""
        return any(r.cell.state is suppression.State.SUPPRESSED for r in self.rows)


def _label(dimension: str, key, names: dict, codes: dict) -> tuple[str, str]:
    """(code, label) of one value of a dimension."""
    if key is None:
        none = {"partner": labels.NO_PARTNER, "interpreter_language": labels.NO_INTERPRETER}
        return "", str(none.get(dimension, labels.NOT_GIVEN))
    if dimension == "form_language":
        return key, labels.form_language(key)
    if dimension == "interpreter_language":
        return key, labels.interpreter_language(key)
    if dimension == "municipality":
        return key, names["municipality"].get(key, key)
    if dimension == "topic":
        return codes["topic"].get(key, str(key)), names["topic"].get(key, str(key))
    if dimension == "partner":
        return codes["partner"].get(key, str(key)), names["partner"].get(key, str(key))
    table = {"age_band": labels.AGE_BAND, "channel": labels.CHANNEL,
             "service_language": labels.LANGUAGE, "outcome": labels.OUTCOME}[dimension]
    return key, str(table.get(key, key))


def week_label(monday: date) -> str:
    return formatting.short_day(monday)


def shown(cell: suppression.Cell) -> str:
    """A count as the page shows it: the number, "<5", or "hidden" (to protect another)."""
    if cell.state is suppression.State.SUPPRESSED:
        return _("hidden")
    return cell.text if cell.hidden else formatting.number(cell.count)


def suppressed_note() -> str:
    return _("A hidden count may be of any size: it is hidden so that a count under %(num)d in "
             "the same table cannot be worked out from the total.",
             num=suppression.SMALL_COUNT)


def _description(rows: list[Row]) -> str:
    if not rows or not any(r.count for r in rows):
        return _("No requests.")
    return "; ".join(f"{r.label}: {r.shown}" for r in rows)


def sections(summary: statistics.Summary, names: dict, codes: dict) -> list[Section]:
    week_cells = suppression.cells(summary.weeks)
    mondays = [cast(date, w.key) for w in summary.weeks]  # a week's key is its Monday
    weeks = [Row(monday.isoformat(), _("Week of %(date)s", date=week_label(monday)), w.count,
                 week_cells[w.key]) for monday, w in zip(mondays, summary.weeks, strict=True)]
    result = [Section("weeks", str(labels.SECTIONS["weeks"]), weeks)]
    for dimension in statistics.DIMENSIONS:
        counts = summary.by.get(dimension, [])
        if dimension == "age_band":
            counts = sorted(counts, key=lambda c: labels.AGE_ORDER.index(c.key)
                            if c.key in labels.AGE_ORDER else 99)
        cells = suppression.cells(counts)
        rows = [Row(*_label(dimension, c.key, names, codes), c.count, cells[c.key])
                for c in counts]
        result.append(Section(dimension, str(labels.SECTIONS[dimension]), rows))
    for section in result:
        # Bars of hidden counts are not drawn: their length would tell the count.
        bars = [charts.Bar(r.label, r.cell.value, r.shown, r.cell.hidden) for r in section.rows]
        description = _description(section.rows)
        if section.key == "weeks":
            bars = [charts.Bar(week_label(date.fromisoformat(r.code)), r.cell.value, r.shown,
                               r.cell.hidden) for r in section.rows]
            section.chart = charts.column_chart(
                bars, chart_id=f"chart-{section.key}", title=section.title,
                description=description, label_every=max(1, len(bars) // 8),
                axis_number=formatting.number)
        else:
            section.chart = charts.bar_chart(bars, chart_id=f"chart-{section.key}",
                                             title=section.title, description=description)
    return result


def hours(value: float | None, basis: int) -> str:
    """Hours with one decimal, in the reader's language (1,5 in Finnish); nothing when fewer
    than 5 requests lie behind them."""
    if value is None or not suppression.enough(basis):
        return ""
    return formatting.number(round(value, 1), decimals=1)


def percent(within: int, decided: int) -> str:
    if not suppression.enough(decided):
        return ""
    return formatting.number(round(100 * within / decided))


def figure(count: int) -> str:
    """A figure on its own (requests in the period, open now) as the page shows it."""
    return shown(suppression.cell(count))
