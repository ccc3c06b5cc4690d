"""The house style every chart is drawn in: deterministic SVG, embedded glyphs, one palette,
and text a phone can read.

A chart is an SVG shown at the width of the page's text column, never wider than its natural
size; on a phone (a viewport of 390 CSS px) that column is :data:`PHONE_FIGURE_PX` wide
(measured in Chromium on the built book; the browser suite measures it again on every figure).
Text drawn at ``s`` pt in an SVG ``w`` pt wide is then ``s * PHONE_FIGURE_PX / w`` CSS px high,
and must be at least :data:`MIN_TEXT_PX`: hence a narrow figure (:data:`WIDTH_IN`) and no text
under :data:`MIN_FONT_PT`. ``sahel.publish.figure`` refuses a chart that breaks the rule.
"""

WIDTH_IN = 5.0  # the house figure width, inches (360 pt)
MIN_FONT_PT = 10  # the smallest text a chart may draw, in points
PHONE_FIGURE_PX = 342  # width of a figure in the text column at a 390 px viewport (Chromium)
MIN_TEXT_PX = 9  # the smallest text a reader gets on a phone, CSS px

STYLE = {
    "svg.hashsalt": "sahel-report",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": MIN_FONT_PT,
    "legend.fontsize": MIN_FONT_PT,
    "legend.title_fontsize": MIN_FONT_PT,
    "xtick.labelsize": MIN_FONT_PT,
    "ytick.labelsize": MIN_FONT_PT,
    "figure.figsize": (WIDTH_IN, 3.4),
    "figure.dpi": 100,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "path.simplify": False,
}
COLORS = ("#1f5f8b", "#c0504d", "#6b8e23", "#8064a2", "#e69f00", "#4d4d4d")


def use_style():
    """Apply the house matplotlib style (deterministic SVG, embedded glyph paths)."""
    import matplotlib  # imported here: chapters that draw nothing skip its import cost

    matplotlib.use("Agg")
    matplotlib.rcParams.update(STYLE)


def phone_text_px(font_pt, width_pt):
    """CSS px of text drawn at ``font_pt`` in an SVG ``width_pt`` wide, shown on a phone."""
    return font_pt * min(PHONE_FIGURE_PX / width_pt, 96 / 72)


def wrap(text, chars=32):
    """``text`` broken into lines of at most ``chars`` characters (at spaces), so long labels
    keep a chart narrow enough for phone-sized text."""
    import textwrap

    return "\n".join(textwrap.wrap(str(text), chars)) or str(text)


def legend_below(ax, *, ncol=1, drop=0.1, **kwargs):
    """The house legend: below the axes, centred, unframed, in the smallest house text (a
    chart's own ``handles`` and ``labels`` pass through ``kwargs``)."""
    return ax.legend(
        fontsize=MIN_FONT_PT,
        frameon=False,
        ncol=ncol,
        loc="upper center",
        bbox_to_anchor=(0.5, -drop),
        **kwargs,
    )
