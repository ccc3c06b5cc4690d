"""Put computed results on the page: glued text, figures, tables and their CSVs.

Everything a notebook shows goes through here, so escaping, determinism and the
CSV-beside-every-figure rule live in one place.
"""

import io
import re

from sahel import paths
from sahel.evidence.tables import write_csv_atomic

STYLE = {
    "svg.hashsalt": "sahel-report",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "figure.figsize": (7.0, 3.6),
    "figure.dpi": 100,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "path.simplify": False,
}
COLORS = ("#1f5f8b", "#c0504d", "#6b8e23", "#8064a2", "#e69f00", "#4d4d4d")

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&:'\"=^@%])")


def use_style():
    """Apply the house matplotlib style (deterministic SVG, embedded glyph paths)."""
    import matplotlib  # imported here: chapters that draw nothing skip its import cost

    matplotlib.use("Agg")
    matplotlib.rcParams.update(STYLE)


def svg_bytes(fig):
    """Render a figure to SVG bytes with no date or tool stamp, so the bytes are reproducible."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def escape_md(text):
    """Escape text so MyST renders it literally (seed text is data, never markup)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def save_csv(frame, name):
    """Write ``data/derived/<name>`` atomically and return its path."""
    return write_csv_atomic(frame, paths.DERIVED / name)


def glue_text(key, text):
    """Glue a pre-formatted string for ``{glue:text}`` (never a raw number)."""
    from myst_nb import glue

    if not isinstance(text, str):
        raise TypeError(f"glue {key!r}: format the value as a string first, got {type(text)}")
    glue(key, text, display=False)


def glue_figure(key, fig):
    """Glue a figure as reproducible SVG for ``{glue:figure}`` and close it."""
    import matplotlib.pyplot as plt
    from IPython.display import SVG
    from myst_nb import glue

    glue(key, SVG(svg_bytes(fig)), display=False)
    plt.close(fig)


def markdown_table(frame, *, caption, name, align=None, trusted=()):
    """A MyST ``{table}`` directive (numbered, captioned) holding ``frame``, cells escaped.

    ``caption`` is MyST written by the report (it may hold ``{cite}`` roles), not seed text.
    Columns named in ``trusted`` hold MyST the code built (e.g. ``{cite:t}`` roles from registry
    keys) and are not escaped; never put seed text in them.
    """
    header = "| " + " | ".join(escape_md(c) for c in frame.columns) + " |"
    align = align or ["---"] * len(frame.columns)
    rule = "| " + " | ".join(align) + " |"
    keep = [c in trusted for c in frame.columns]
    body = [
        "| " + " | ".join(v if k else escape_md(v) for v, k in zip(row, keep, strict=True)) + " |"
        for row in frame.astype(str).itertuples(index=False)
    ]
    lines = [f"::::{{table}} {caption}", f":name: {name}", "", header, rule, *body, "::::"]
    return "\n".join(lines)


def glue_table(key, frame, *, caption, name, align=None, trusted=()):
    """Glue a numbered, captioned table for ``{glue:md}`` with ``:format: myst``."""
    table = markdown_table(frame, caption=caption, name=name, align=align, trusted=trusted)
    glue_markdown(key, table)


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
