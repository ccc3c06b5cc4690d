"""Put computed results on the page: glued text, figures, tables and their CSVs.

Everything a notebook shows goes through here, so escaping, determinism and the
CSV-beside-every-figure rule live in one place. :func:`table` and :func:`figure` are the one
way a notebook shows an exhibit: they write its CSV, build its caption from
``data/exhibits.csv`` (citation and download link included) and glue it; :func:`quotes` glues
the quotations of ``data/quotes.csv``.
"""

import functools
import io
import re

from sahel import content, paths, provenance
from sahel.evidence.registry import load_registry
from sahel.evidence.tables import write_csv_atomic
from sahel.evidence.textmatch import collapse

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&:'\"=^@%])")


_SVG_ROOT = re.compile(rb"<svg\b")
_VIEWBOX = re.compile(rb'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) [\d.]+"')


class UnreadableChartError(ValueError):
    """A chart whose smallest text would be too small to read on a phone."""


def min_font_pt(fig):
    """The size in points of the smallest visible, non-empty text the figure draws."""
    from matplotlib.text import Text

    sizes = [
        t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()
    ]
    return min(sizes) if sizes else None


def svg_bytes(fig):
    """Render a figure to SVG bytes with no date or tool stamp, so the bytes are reproducible.

    The root element carries ``data-min-font-pt``, the size of its smallest text, so the
    browser suite can compute what a reader sees at phone width (``sahel.charts.style``)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    smallest = min_font_pt(fig)
    if smallest is None:
        return buffer.getvalue()
    return _SVG_ROOT.sub(f'<svg data-min-font-pt="{smallest:g}"'.encode(), buffer.getvalue(), 1)


def svg_width_pt(svg):
    """The width of an SVG's viewBox (matplotlib writes it in points)."""
    return float(_VIEWBOX.search(svg)[1])


def check_readable(key, svg):
    """Raise :class:`UnreadableChartError` if the chart's smallest text is under
    ``style.MIN_TEXT_PX`` CSS px when shown at phone width."""
    from sahel.charts import style

    found = re.search(rb'data-min-font-pt="([\d.]+)"', svg)
    if found is None:
        return
    font, width = float(found[1]), svg_width_pt(svg)
    shown = style.phone_text_px(font, width)
    if shown < style.MIN_TEXT_PX:
        raise UnreadableChartError(
            f"chart {key}: its smallest text ({font:g} pt in a chart {width:.0f} pt wide) is "
            f"{shown:.1f} px on a phone, under {style.MIN_TEXT_PX} px: draw it narrower "
            f"(style.WIDTH_IN) or with larger text (style.MIN_FONT_PT)"
        )


def escape_md(text):
    """Escape text so MyST renders it literally (seed text is data, never markup)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


class _WithEvidence:
    """What :func:`glue_text` glues for a traced figure: its text (``text/plain``, exactly as
    for a plain string) and its evidence (:data:`sahel.provenance.MIME`), in one glue output."""

    def __init__(self, text, described):
        self.text, self.described = text, described

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": repr(self.text), provenance.MIME: self.described}


@functools.cache
def _source_titles():
    return {s.id: s.title for s in load_registry()}


def glue_text(key, text):
    """Glue a pre-formatted string for ``{glue:text}`` (never a raw number).

    A :func:`sahel.provenance.traced` string also glues its evidence, which the book turns
    into a link from the value to its source, query or formula (``tooling/evidence_links.py``).
    """
    from myst_nb import glue

    if not isinstance(text, str):
        raise TypeError(f"glue {key!r}: format the value as a string first, got {type(text)}")
    evidence = provenance.evidence_of(text)
    if evidence is None:
        glue(key, str(text), display=False)
        return
    described = provenance.describe(evidence, key, titles=_source_titles())
    glue(key, _WithEvidence(str(text), described), display=False)


def glue_figure(key, fig):
    """Glue a figure as reproducible SVG for ``{glue:figure}`` and close it."""
    import matplotlib.pyplot as plt
    from IPython.display import SVG
    from myst_nb import glue

    svg = svg_bytes(fig)
    plt.close(fig)
    check_readable(key, svg)
    glue(key, SVG(svg), display=False)


def cell_role(key, row, column):
    """The role marking a traced cell in a table's MyST: the book's extension pastes the cell's
    text from the table's glue output and links it to its evidence."""
    return f"{{glue:cell}}`{key}:{row}:{column}`"


def markdown_table(frame, *, caption, name, align=None, trusted=(), key=None):
    """A MyST ``{table}`` directive (numbered, captioned) holding ``frame``, cells escaped.

    ``caption`` is MyST written by the report (it may hold ``{cite}`` roles), not seed text.
    Columns named in ``trusted`` hold MyST the code built (e.g. ``{cite:t}`` roles from registry
    keys) and are not escaped; never put seed text in them. A :func:`sahel.provenance.traced`
    cell becomes a :func:`cell_role` of the table's glue ``key`` (its text and evidence travel
    in the glue output, :func:`table_cells`).
    """
    header = "| " + " | ".join(escape_md(c) for c in frame.columns) + " |"
    align = align or ["---"] * len(frame.columns)
    rule = "| " + " | ".join(align) + " |"
    keep = [c in trusted for c in frame.columns]
    texts = frame.astype(str)

    def cell(r, c):
        if provenance.evidence_of(frame.iat[r, c]) is not None:
            if key is None:
                raise ValueError(f"table {name}: a traced cell needs the table's glue key")
            return cell_role(key, r, c)
        text = texts.iat[r, c]
        return text if keep[c] else escape_md(text)

    body = [
        "| " + " | ".join(cell(r, c) for c in range(len(frame.columns))) + " |"
        for r in range(len(frame))
    ]
    lines = [f"::::{{table}} {caption}", f":name: {name}", "", header, rule, *body, "::::"]
    return "\n".join(lines)


def table_cells(key, frame, name):
    """The evidence of ``frame``'s traced cells as the table's glue carries it
    (:data:`sahel.provenance.CELLS_MIME`); None when no cell is traced. A cell's formula
    without a name is named after the table and the cell."""
    cells = {}
    for r in range(len(frame)):
        for c in range(len(frame.columns)):
            value = frame.iat[r, c]
            evidence = provenance.evidence_of(value)
            if evidence is not None:
                described = provenance.describe(evidence, f"{key}-{r}-{c}",
                                                titles=_source_titles())
                cells[f"{r}:{c}"] = {"text": str(value), **described}
    return {"label": name, "cells": cells} if cells else None


class _TableWithEvidence:
    """What :func:`glue_table` glues for a table with traced cells: its MyST (as a
    ``Markdown`` object glues it) and its cells' evidence, in one glue output."""

    def __init__(self, markdown, cells):
        self.markdown, self.cells = markdown, cells

    def _repr_mimebundle_(self, include=None, exclude=None):
        from IPython.display import Markdown

        return {"text/plain": repr(Markdown(self.markdown)), "text/markdown": self.markdown,
                provenance.CELLS_MIME: self.cells}


def glue_table(key, frame, *, caption, name, align=None, trusted=()):
    """Glue a numbered, captioned table for ``{glue:md}`` with ``:format: myst``; its traced
    cells link to their evidence."""
    from myst_nb import glue

    table = markdown_table(frame, caption=caption, name=name, align=align, trusted=trusted,
                           key=key)
    cells = table_cells(key, frame, name)
    if cells is None:
        glue_markdown(key, table)
    else:
        glue(key, _TableWithEvidence(table, cells), display=False)


def glue_markdown(key, text):
    """Glue MyST text (built by code, seed text already escaped) for ``{glue:md}``."""
    from IPython.display import Markdown
    from myst_nb import glue

    glue(key, Markdown(text), display=False)


def cite(bibkey, mode="t"):
    """A ``{cite:t}`` role for a registry bibkey (checked to be a plain key)."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_:-]*", bibkey):
        raise ValueError(f"not a BibTeX key: {bibkey!r}")
    return f"{{cite:{mode}}}`{bibkey}`"


def cite_all(bibkeys, mode="p"):
    """One ``{cite:p}`` role for several registry bibkeys, each once, in order."""
    keys = list(dict.fromkeys(bibkeys))
    for key in keys:
        cite(key, mode)
    return f"{{cite:{mode}}}`{','.join(keys)}`"


def cite_column(frame, corpus, column="source"):
    """``frame`` with its column of source ids replaced by ``{cite:t}`` roles (a copy)."""
    return frame.assign(**{column: [cite(corpus[s].source.bibkey) for s in frame[column]]})


def caption(key, sources=None):
    """The MyST caption of exhibit ``key``: its text, citation and CSV download link.

    ``sources`` (source ids) is required when the exhibit cites the sources of the rows shown,
    and refused otherwise.
    """
    exhibit = content.exhibit(key)
    if (exhibit.sources == (content.FROM_ROWS,)) != (sources is not None):
        raise content.ContentError(
            f"{exhibit.where}: {key} cites "
            + ("the sources of its rows: pass them" if sources is None else "fixed sources")
        )
    registry = {s.id: s for s in load_registry()}
    ids = exhibit.sources if sources is None else list(sources)
    return exhibit.render(list(dict.fromkeys(registry[s].bibkey for s in ids)))


def _save(key, frame):
    exhibit = content.exhibit(key)
    if exhibit.written_by_notebook:
        write_csv_atomic(frame, paths.DERIVED_OUT / exhibit.path.relative_to(paths.DERIVED))
    return exhibit


def table(key, frame, *, shown=None, sources=None, align=None, trusted=()):
    """Show ``frame`` as exhibit ``key``: write its CSV (if the notebook owns it), glue the
    numbered table (``shown``, default ``frame``) with the caption from ``data/exhibits.csv``."""
    exhibit = _save(key, frame)
    glue_table(
        key,
        frame if shown is None else shown,
        caption=caption(key, sources),
        name=exhibit.label,
        align=align,
        trusted=trusted,
    )


def figure(key, fig, data, *, sources=None):
    """Show ``fig`` as exhibit ``key``: write ``data`` (exactly what it draws) as its CSV, glue
    the figure and its caption (``{glue:md}`KEY_caption:myst``` in the figure directive)."""
    _save(key, data)
    glue_figure(key, fig)
    glue_markdown(f"{key}_caption", caption(key, sources))


def quotes(corpus, ledger, prefix=""):
    """Glue the quotations of ``data/quotes.csv`` whose key starts with ``prefix`` (every one by
    default), each checked verbatim, escaped by style; returns the keys glued."""
    chosen = {k: v for k, v in content.load_quotes(corpus, ledger).items() if k.startswith(prefix)}
    if not chosen:
        raise content.ContentError(f"{content.QUOTES_CSV}: no quote key starts with {prefix!r}")
    for key, (text, style) in chosen.items():
        if style == "text":
            glue_text(key, text)
        elif style == "inline":
            glue_markdown(key, f"\u201c{escape_md(collapse(text))}\u201d")
        else:
            glue_markdown(key, f"> {escape_md(collapse(text))}")
    return list(chosen)
