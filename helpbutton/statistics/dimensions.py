"""The breakdowns of the statistics: one line each. Everything else — the direct queries, the
per-day counts kept with every change (`rollup`), their rebuild, the dashboard's fast path —
is generic over this list.

To add a dimension: add its line here (its key is the name the dashboard and the CSV use),
give it labels in `presentation`/`labels`, and run `flask statistics rebuild` once after the
deploy (or ship a migration that calls `rollup.rebuild`). Until the per-day counts have been
rebuilt for the new list, the dashboard counts from the requests directly: slower, never wrong.
"""
from __future__ import annotations

from helpbutton.models import HelpRequest, RequestStatus

COLUMNS = {
    "municipality": HelpRequest.municipality_code,
    "topic": HelpRequest.topic_id,
    "age_band": HelpRequest.age_band,
    "channel": HelpRequest.channel,
    "partner": HelpRequest.partner_id,
    "service_language": HelpRequest.service_language,
    "form_language": HelpRequest.ui_language,
    "interpreter_language": HelpRequest.interpreter_language,
    "outcome": HelpRequest.outcome,
}

# Dimensions that count only some requests: outcomes count closed requests.
ONLY = {
    "outcome": (HelpRequest.status, RequestStatus.CLOSED),
}

DIMENSIONS = tuple(COLUMNS)
