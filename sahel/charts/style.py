"""The house style every chart is drawn in: deterministic SVG, embedded glyphs, one palette."""

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


def use_style():
    """Apply the house matplotlib style (deterministic SVG, embedded glyph paths)."""
    import matplotlib  # imported here: chapters that draw nothing skip its import cost

    matplotlib.use("Agg")
    matplotlib.rcParams.update(STYLE)
