"""The statistics as a CSV file, with every count under 5 shown as "<5" and every count hidden
to protect a small one as "suppressed" (the rules are in `suppression`; the page uses the same).

Long format (measure, code, name, value) so that a spreadsheet can pivot it. Derived figures
(median, 90th percentile, share in time) are left empty when fewer than 5 requests lie behind
them. Names that a spreadsheet would take for a formula are quoted with a leading apostrophe.
"""
from __future__ import annotations

import csv
import io

from flask_babel import gettext as _

from helpbutton.statistics import presentation, suppression
from helpbutton.statistics import queries as statistics
from helpbutton.statistics.presentation import Section

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def _number(value: float | None, basis: int) -> str:
    if value is None or not suppression.enough(basis):
        return ""
    return f"{value:.1f}"


def build(summary: statistics.Summary, sections: list[Section], municipality: tuple[str, str]
          ) -> str:
    scope = summary.scope
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    # The header in the reader's language; the measures and codes below stay the same in every
    # language, so that a spreadsheet built on one file reads the next.
    writer.writerow([_("Measure"), _("Code"), _("Name"), _("Value")])
    writer.writerow(["period_from", "", "", scope.date_from.isoformat() if scope.date_from else ""])
    writer.writerow(["period_to", "", "", scope.date_to.isoformat() if scope.date_to else ""])
    writer.writerow(["filter_municipality", municipality[0], _safe(municipality[1]), ""])
    writer.writerow(["note_small", "", _("Counts under %(num)d are shown as “<%(num)d”.",
                                         num=suppression.SMALL_COUNT), suppression.SMALL])
    writer.writerow(["note_suppressed", "", presentation.suppressed_note(), suppression.SUPPRESSED])
    writer.writerow(["requests", "", _("All requests"), suppression.shown(summary.total)])
    for section in sections:
        for row in section.rows:
            writer.writerow([section.key, row.code, _safe(row.label), row.cell.text])
    fc, promise = summary.first_contact, summary.promise
    writer.writerow(["first_contact_requests", "", _("Requests contacted"),
                     suppression.shown(fc.contacted)])
    writer.writerow(["first_contact_median_hours", "", _("Median time to first contact (hours)"),
                     _number(fc.median_hours, fc.contacted)])
    writer.writerow(["first_contact_p90_hours", "",
                     _("90th percentile of time to first contact (hours)"),
                     _number(fc.p90_hours, fc.contacted)])
    writer.writerow(["promise_decided", "", _("Requests whose promised time has been tested"),
                     suppression.shown(promise.decided)])
    writer.writerow(["promise_within", "", _("Contacted within the promised time"),
                     suppression.shown(promise.within)])
    share = 100 * promise.within / promise.decided if promise.decided else None
    writer.writerow(["promise_within_percent", "",
                     _("Share contacted within the promised time (%)"),
                     _number(share, promise.decided)])
    writer.writerow(["open_now", "", _("Open now"), suppression.shown(summary.open_now)])
    writer.writerow(["overdue_now", "", _("Overdue now"), suppression.shown(summary.overdue_now)])
    return out.getvalue()
