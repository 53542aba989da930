"""Simple, accessible SVG charts drawn on the server: nothing to load, no JavaScript.

Each chart is an `<svg role="img">` named by its <title> and described by its <desc> (the text
alternative); the page shows the same numbers in a table beside it. Plain Python: no Flask.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

INK = "#1d2327"
BAR = "#1f5f4a"  # the app's accent: 8:1 against white, well above the 3:1 graphics need
GRID = "#6b7780"
FONT = 'font-family="system-ui, sans-serif"'


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the value as printed beside the bar
    hidden: bool = False  # a small or suppressed count: no bar, only its text ("<5")


def _open(chart_id: str, width: int, height: int, title: str, description: str) -> list[str]:
    return [
        f'<svg class="chart" id="{escape(chart_id)}" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]


def _short(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(bars: list[Bar], *, chart_id: str, title: str, description: str) -> str:
    """Horizontal bars, one row per category, largest value drawn full width."""
    width, label_w, bar_w, row = 640, 230, 330, 30
    height = max(row * len(bars), row) + 10
    top = max((b.value for b in bars), default=0) or 1
    parts = _open(chart_id, width, height, title, description)
    for i, b in enumerate(bars):
        y = 5 + i * row
        w = round(bar_w * b.value / top, 1)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 19}" text-anchor="end" font-size="14" '
            f'fill="{INK}" {FONT}>{escape(_short(b.label, 30))}</text>'
            f'<rect class="bar" x="{label_w}" y="{y + 4}" width="{w}" height="20" '
            f'fill="{BAR}"/>'
            f'<text x="{label_w + w + 6}" y="{y + 19}" font-size="14" fill="{INK}" {FONT}>'
            f'{escape(b.shown)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _nice_top(value: float) -> int:
    """A round upper end for the axis: 1, 2, 4, 6, 10, 20, 50, … (under ten, an even number, so
    that the middle line is a whole count too)."""
    if value <= 1:
        return 1
    if value <= 6:
        return next(m for m in (2, 4, 6) if m >= value)
    magnitude = 10 ** math.floor(math.log10(value))
    return next(int(m * magnitude) for m in (1, 2, 5, 10) if m * magnitude >= value)


def axis_values(top: int) -> list[int]:
    """The counts the value axis marks: 0, the middle and the top, whole counts only (a chart
    of counts never says "2.5")."""
    return [0, top // 2, top] if top % 2 == 0 else [0, top]


def column_chart(bars: list[Bar], *, chart_id: str, title: str, description: str,
                 label_every: int = 1, axis_number: Callable[[int], str] = str) -> str:
    """Vertical columns in order (e.g. weeks), with a value axis at 0, half and the top; the
    axis values are written by `axis_number` (the page's language's digits)."""
    width, height, left, bottom, top_pad = 640, 260, 48, 34, 12
    plot_w, plot_h = width - left - 8, height - bottom - top_pad
    top = _nice_top(max((b.value for b in bars), default=0))
    slot = plot_w / max(len(bars), 1)
    parts = _open(chart_id, width, height, title, description)
    for value in axis_values(top):
        y = round(top_pad + plot_h * (1 - value / top), 1)
        parts.append(
            f'<line x1="{left}" x2="{width - 8}" y1="{y}" y2="{y}" stroke="{GRID}" '
            f'stroke-width="{1 if value else 1.5}"/>'
            f'<text class="axis" x="{left - 6}" y="{y + 5}" text-anchor="end" font-size="13" '
            f'fill="{INK}" {FONT}>{escape(axis_number(value))}</text>')
    for i, b in enumerate(bars):
        h = round(plot_h * b.value / top, 1)
        x = round(left + i * slot + slot * 0.15, 1)
        parts.append(f'<rect class="bar" x="{x}" y="{round(top_pad + plot_h - h, 1)}" '
                     f'width="{round(slot * 0.7, 1)}" height="{h}" fill="{BAR}"/>')
        if b.hidden:  # no column for a hidden count, but say why the place is empty
            parts.append(
                f'<text class="hidden-count" x="{round(x + slot * 0.35, 1)}" '
                f'y="{top_pad + plot_h - 4}" text-anchor="middle" font-size="11" '
                f'fill="{INK}" {FONT}>{escape(b.shown)}</text>')
        if i % max(label_every, 1) == 0:
            parts.append(
                f'<text x="{round(x + slot * 0.35, 1)}" y="{height - 12}" text-anchor="middle" '
                f'font-size="12" fill="{INK}" {FONT}>{escape(b.label)}</text>')
    parts.append("</svg>")
    return "".join(parts)
