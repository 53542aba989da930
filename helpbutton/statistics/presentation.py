"""From the statistics service's numbers to what the pages and the CSV file show: labelled
rows per section, and the charts with their text alternatives."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import format_decimal, gettext as _

from helpbutton.statistics import queries as statistics
from helpbutton.statistics import charts, labels, suppression


@dataclass
class Row:
    code: str  # the stored value ("853", "everyday", "2026-11-02"); "" when not given
    label: str
    count: int


@dataclass
class Section:
    key: str
    title: str
    rows: list[Row]
    chart: str = ""
    hidden: set = field(default_factory=set)  # codes an export shows as "<5"


def _label(dimension: str, key, names: dict, codes: dict) -> tuple[str, str]:
    """(code, label) of one value of a dimension."""
    if key is None:
        return "", str(labels.NO_PARTNER if dimension == "partner" else labels.NOT_GIVEN)
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
    return f"{monday.day}.{monday.month}."


def _description(rows: list[Row]) -> str:
    if not rows or not any(r.count for r in rows):
        return _("No requests.")
    return "; ".join(f"{r.label}: {r.count}" for r in rows)


def sections(summary: statistics.Summary, names: dict, codes: dict) -> list[Section]:
    weeks = [Row(w.key.isoformat(), _("Week of %(date)s", date=week_label(w.key)), w.count)
             for w in summary.weeks]
    result = [Section("weeks", str(labels.SECTIONS["weeks"]), weeks,
                      hidden={c.key.isoformat() for c in summary.weeks
                              if c.key in suppression.hidden_keys(summary.weeks)})]
    for dimension in statistics.DIMENSIONS:
        counts = summary.by.get(dimension, [])
        if dimension == "age_band":
            counts = sorted(counts, key=lambda c: labels.AGE_ORDER.index(c.key)
                            if c.key in labels.AGE_ORDER else 99)
        hidden_keys = suppression.hidden_keys(counts)
        rows, hidden = [], set()
        for c in counts:
            code, label = _label(dimension, c.key, names, codes)
            rows.append(Row(code, label, c.count))
            if c.key in hidden_keys:
                hidden.add(code)
        result.append(Section(dimension, str(labels.SECTIONS[dimension]), rows, hidden=hidden))
    for section in result:
        bars = [charts.Bar(r.label, r.count, str(r.count)) for r in section.rows]
        description = _description(section.rows)
        if section.key == "weeks":
            bars = [charts.Bar(week_label(date.fromisoformat(r.code)), r.count, str(r.count))
                    for r in section.rows]
            section.chart = charts.column_chart(
                bars, chart_id=f"chart-{section.key}", title=section.title,
                description=description, label_every=max(1, len(bars) // 8))
        else:
            section.chart = charts.bar_chart(bars, chart_id=f"chart-{section.key}",
                                             title=section.title, description=description)
    return result


def hours(value: float | None) -> str:
    """Hours with one decimal, in the reader's language (1,5 in Finnish)."""
    return "" if value is None else format_decimal(round(value, 1), format="#,##0.0")


def percent(within: int, decided: int) -> str:
    return "" if not decided else format_decimal(round(100 * within / decided), format="#,##0")
