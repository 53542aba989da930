"""The SVG charts on their own: sizes follow the numbers, text is escaped, each has a name."""
import re

from helpbutton.statistics import charts


def widths(svg):
    bar = r'class="bar" x="[\d.]+" y="[\d.]+" width="([\d.]+)"'
    return [float(w) for w in re.findall(bar, svg)]


def test_bars_are_proportional_and_named():
    svg = charts.bar_chart([charts.Bar("Turku", 8, "8"), charts.Bar("Loimaa", 2, "2"),
                            charts.Bar("Aura", 0, "0")],
                           chart_id="c", title="By municipality", description="Turku: 8")
    assert widths(svg) == [330.0, 82.5, 0.0]
    assert 'role="img"' in svg and 'aria-labelledby="c-title c-desc"' in svg
    assert '<title id="c-title">By municipality</title>' in svg
    assert '<desc id="c-desc">Turku: 8</desc>' in svg


def test_labels_are_escaped():
    svg = charts.bar_chart([charts.Bar("<script>&", 1, "1")], chart_id="x", title="<t>",
                           description="d")
    assert "<script>" not in svg and "&lt;script&gt;&amp;" in svg and "&lt;t&gt;" in svg


def test_columns_reach_the_round_top_of_the_axis():
    svg = charts.column_chart([charts.Bar("2.11.", 7, "7"), charts.Bar("9.11.", 10, "10")],
                              chart_id="w", title="Weeks", description="d")
    heights = [float(h) for h in re.findall(r'height="([\d.]+)" fill', svg)]
    assert heights == [149.8, 214.0]  # the axis ends at 10: 7/10 and 10/10 of 214
    assert ">10</text>" in svg and ">5</text>" in svg and ">0</text>" in svg


def test_an_empty_chart_is_still_valid():
    svg = charts.column_chart([], chart_id="e", title="Weeks", description="No requests.")
    assert svg.startswith("<svg") and svg.endswith("</svg>") and 'class="bar"' not in svg
