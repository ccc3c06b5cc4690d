"""Sphinx extension (``local_extensions`` in ``_config.yml``): the tables of the reading path
fit a phone, as stacked cards, without JavaScript.

On the pages named in ``sahel_table_cards`` (``_config.yml``), every table with a header row
gets the class ``cards`` and each body cell a ``data-label`` holding its column's header. On a
narrow screen ``_static/sahel.css`` shows each row as a card and each cell under its
column's name (``td::before { content: attr(data-label) }``); wider screens see the table
unchanged. Back-matter tables keep scrolling in their container, with its visible cue.
tests/test_browser.py checks that no table of a chapter scrolls sideways at 390 px.
"""

import html
import re

CLASS = "cards"
_TABLE = re.compile(r"(<table\b[^>]*>)(.*?)(</table>)", re.S)
_HEAD = re.compile(r"<thead\b[^>]*>(.*?)</thead>", re.S)
_BODY = re.compile(r"(<tbody\b[^>]*>)(.*?)(</tbody>)", re.S)
_ROW = re.compile(r"(<tr\b[^>]*>)(.*?)(</tr>)", re.S)
_CELL = re.compile(r"<(td|th)\b([^>]*)>(.*?)</\1>", re.S)
_CELL_START = re.compile(r"<(td|th)\b")
_TAG = re.compile(r"<[^>]+>")
_CLASS_ATTR = re.compile(r'\bclass="([^"]*)"')


def _text(fragment):
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def _label_row(row, labels):
    cells = iter(labels)

    def label(match):
        name = next(cells, "")
        quoted = html.escape(name, quote=False).replace('"', "&quot;")
        return f'{match.group(0)} data-label="{quoted}"' if name else match.group(0)

    return _CELL_START.sub(label, row)


def _card(table_match):
    start, inner, end = table_match.groups()
    head = _HEAD.search(inner)
    body = _BODY.search(inner)
    rows = _ROW.findall(head.group(1)) if head else []
    if not rows or body is None or "data-label=" in inner:
        return table_match.group(0)  # no header to name the cells by, or done already
    labels = [_text(cell[2]) for cell in _CELL.findall(rows[-1][1])]
    cards_body = _ROW.sub(
        lambda r: r.group(1) + _label_row(r.group(2), labels) + r.group(3), body.group(2)
    )
    inner = inner[: body.start(2)] + cards_body + inner[body.end(2) :]
    if _CLASS_ATTR.search(start):
        start = _CLASS_ATTR.sub(lambda m: f'class="{m.group(1)} {CLASS}"', start, count=1)
    else:
        start = start[:-1] + f' class="{CLASS}">'
    return start + inner + end


def as_cards(body):
    """``body`` (a page's HTML) with every table that has a header row marked up as cards."""
    return _TABLE.sub(_card, body)


def _on_page_context(app, pagename, templatename, context, doctree):
    if "body" in context and pagename in app.config.sahel_table_cards:
        context["body"] = as_cards(context["body"])


def setup(app):
    app.add_config_value("sahel_table_cards", [], "html")
    app.connect("html-page-context", _on_page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
