"""The text a person sees on a page: no tags, scripts, styles or attribute values.

Each text run is kept apart (a table cell, a list item, a label), so that a check can tell a
code standing alone from the same letters inside a sentence. What a page marks as code on
purpose (<code>, <pre>, <kbd>, <samp>, a <textarea>'s content, e.g. an embed snippet or an API
key) is left out.
"""
from html.parser import HTMLParser

_HIDDEN = {"script", "style", "template", "noscript", "code", "pre", "kbd", "samp", "textarea",
           "title"}
# Elements that end a text run: what is inside one is read as one piece.
_BLOCKS = {"p", "div", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
           "label", "legend", "option", "button", "a", "caption", "summary", "tr", "table",
           "ul", "ol", "dl", "section", "article", "header", "footer", "nav", "main", "form",
           "fieldset", "span", "strong", "em", "b", "i", "small", "time", "br", "select"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area", "base"}


class _Runs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.runs: list[str] = []
        self.title = ""
        self._hidden = 0
        self._in_title = False
        self._current: list[str] = []

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.runs.append(text)
        self._current = []

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self._in_title = True
        if tag in _HIDDEN and tag not in _VOID:
            self._hidden += 1
        if tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        if tag in _BLOCKS:
            self._flush()

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if not self._hidden:
            self._current.append(data)


def text_runs(html: str) -> list[str]:
    parser = _Runs()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.runs


def page_title(html: str) -> str:
    parser = _Runs()
    parser.feed(html)
    return " ".join(parser.title.split())
