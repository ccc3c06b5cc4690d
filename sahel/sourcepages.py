"""What the evidence pages of the back matter show, computed from the checked inputs.

- A source's page: its full text, verbatim and escaped, with line numbers; every ledger claim's
  quote highlighted (``<mark class="claim">``, its figure in bold) and anchored by the claim's
  id, every coverage exclusion's context marked apart (``<mark class="excluded">``) and anchored
  by its id. :func:`source_marks` says what is marked, :func:`source_html` writes it.
- A record dataset's page: what the registry says of it (:func:`dataset_fields`) and, for the
  file of official facts, every fact (:func:`fact_entries`), each anchored.

The anchors are :mod:`sahel.provenance`'s, so a glued figure's link lands on its evidence.
``tooling/evidence_links.py`` puts these on the pages; nothing here knows about Sphinx.
"""

import heapq
import html
from dataclasses import dataclass

from sahel.evidence.coverage import load_exclusions
from sahel.evidence.textmatch import find_token
from sahel.provenance import claim_anchor, exclusion_anchor, fact_anchor

#: How marks nest when they share a span: the claim's quote outside, its figure inside.
_ORDER = {"claim": 0, "excluded": 0, "quantity": 1}


class MarkError(ValueError):
    """A claim's quote is not exactly once in its source, or an exclusion's context not in it."""


@dataclass(frozen=True)
class Mark:
    """A span of a source's text to mark: ``kind`` is "claim", "excluded" or "quantity";
    ``anchor`` its id on the page ("" for none); ``title`` its hover text."""

    start: int
    end: int
    kind: str
    anchor: str = ""
    title: str = ""


def _once(document, excerpt, what):
    spans = document.located.find_all(excerpt)
    if len(spans) != 1:
        raise MarkError(
            f"{document.source.file}: {what} is found {len(spans)} times, not once: {excerpt!r}"
        )
    return spans[0]


def source_marks(document, ledger, exclusions):
    """Every mark on ``document``'s page: each claim's quote (and the figure in it) and each
    exclusion's context, in text order."""
    marks = []
    for claim in ledger.for_source(document.id):
        start, end = _once(document, claim.quote, f"the quote of {claim.id}")
        figure = claim.date if claim.is_date else f"{claim.value} {claim.unit}"
        marks.append(
            Mark(start, end, "claim", claim_anchor(claim.id),
                 f"{claim.id}: {claim.subject} = {figure}".strip())
        )
        at = find_token(document.text[start:end], claim.quantity)
        if at >= 0:
            marks.append(Mark(start + at, start + at + len(claim.quantity), "quantity"))
    for row in exclusions:
        if row["source"] != document.id:
            continue
        # an exclusion covers its token in every occurrence of its context (as the coverage
        # scan reads it): the token is marked there, so it never straddles a claim's quote;
        # the anchor is on the first
        spans = []
        for start, end in document.located.find_all(row["context"]):
            at = find_token(document.text[start:end], row["token"])
            if at >= 0:
                spans.append((start + at, start + at + len(row["token"])))
        if not spans:
            raise MarkError(
                f"{document.source.file}: the token of {row['id']} is not found in its "
                f"context: {row['context']!r}"
            )
        for n, (start, end) in enumerate(spans):
            marks.append(
                Mark(start, end, "excluded", exclusion_anchor(row["id"]) if n == 0 else "",
                     f"{row['id']}: not counted ({row['reason']})")
            )
    return sorted(marks, key=lambda m: (m.start, -m.end, _ORDER[m.kind], m.anchor))


def _open(mark):
    tag = "strong" if mark.kind == "quantity" else "mark"
    attrs = [("class", mark.kind)]
    if mark.anchor:
        attrs.append(("id", mark.anchor))
    if mark.title:
        attrs.append(("title", mark.title))
    inner = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attrs)
    return f"<{tag}{inner}>", f"</{tag}>"


def _text(text, start, end, line):
    """Escaped text with an empty line-number marker at the start of each line."""
    out = []
    for piece in text[start:end].split("\n"):
        if out:
            line += 1
            out.append("\n" + _line_marker(line))
        out.append(html.escape(piece, quote=False))
    return "".join(out), line


def _line_marker(n):
    return f'<span class="line-number" data-line="{n}" aria-hidden="true"></span>'


def source_html(text, marks):
    """The text as HTML for a ``<pre>``: escaped, a line-number marker before every line (the
    number is drawn by CSS, so copied text and a mark's text stay the source's own), marks
    nested as elements. A mark that crosses the end of one it starts inside is split there: the
    rest continues as an unanchored mark of the same kind (class ``continued``)."""
    queue = [(m.start, -m.end, _ORDER[m.kind], i, m) for i, m in enumerate(marks)]
    heapq.heapify(queue)
    extra = len(marks)
    out, stack, at, line = [_line_marker(1)], [], 0, 1

    def advance(to):
        nonlocal at, line
        chunk, line = _text(text, at, to, line)
        out.append(chunk)
        at = to

    while queue:
        start, _, _, _, mark = heapq.heappop(queue)
        while stack and stack[-1][0].end <= start:
            closing, close_tag = stack.pop()
            advance(closing.end)
            out.append(close_tag)
        advance(start)
        if stack and mark.end > stack[-1][0].end:
            split = stack[-1][0].end
            rest = Mark(split, mark.end, mark.kind, "", mark.title)
            extra += 1
            heapq.heappush(queue, (rest.start, -rest.end, _ORDER[rest.kind], extra, rest))
            mark = Mark(mark.start, split, mark.kind, mark.anchor, mark.title)
        open_tag, close_tag = _open(mark)
        if not mark.anchor and mark.kind != "quantity":
            open_tag = open_tag.replace(f'class="{mark.kind}"', f'class="{mark.kind} continued"')
        out.append(open_tag)
        stack.append((mark, close_tag))
    while stack:
        closing, close_tag = stack.pop()
        advance(closing.end)
        out.append(close_tag)
    advance(len(text))
    return "".join(out)


def source_page(document, ledger, corpus):
    """``(fields, html)`` for a source's page: what the registry says of it, and its text."""
    source = document.source
    exclusions = load_exclusions(corpus)
    marks = source_marks(document, ledger, exclusions)
    claimed = sum(m.kind == "claim" for m in marks)
    excluded = sum(m.kind == "excluded" for m in marks)
    if source.date:
        date = source.date.isoformat()
    else:
        early = source.date_earliest.isoformat() if source.date_earliest else "?"
        late = source.date_latest.isoformat() if source.date_latest else "?"
        date = f"undated ({early} to {late})"
    fields = [
        ("Source", source.id),
        ("Title", source.title),
        ("Publisher", source.publisher),
        ("Author", source.author or "not stated"),
        ("Date", date),
        ("Kind", source.kind),
        ("File", f"seeds/{source.file}"),
        ("sha256", source.sha256),
        ("Size", f"{source.bytes:,} bytes, {document.words:,} words"),
        ("Marked", f"{claimed:,} claimed quotes, {excluded:,} excluded contexts"),
    ]
    return fields, source_html(document.text, marks)


def dataset_fields(source):
    """What the record registry says of a dataset (a ``record.RecordSource``), as fields."""
    taken = " ".join(p for p in (source.repository, source.path) if p)
    if source.commit:
        taken += f" at commit {source.commit}"
    return [
        ("Dataset", f"{source.dataset} ({source.id})"),
        ("Publisher", source.publisher),
        ("Version", source.version),
        ("File", f"data/record/{source.file}"),
        ("sha256", source.sha256),
        ("Size", f"{source.bytes:,} bytes"),
        ("Licence", source.licence),
        ("URL", source.url or "none (each fact gives its own)"),
        ("Taken from", taken),
        ("Used as", source.status),
    ]


@dataclass(frozen=True)
class FactEntry:
    """One fact of the official record as its page shows it, anchored."""

    anchor: str
    id: str
    text: str
    date: str
    value: str
    publisher: str
    page_title: str
    url: str


def fact_entries(frame):
    """The facts of :func:`sahel.evidence.record.facts`, one entry each, in file order."""
    return [
        FactEntry(
            fact_anchor(r["id"]), r["id"], r["fact"], r["date"], r["value"], r["publisher"],
            r["page_title"], r["url"],
        )
        for _, r in frame.iterrows()
    ]
