"""The Sources chapter's chart: the length of each document."""

import matplotlib.pyplot as plt

from sahel.charts.style import COLORS, WIDTH_IN
from sahel.formatting import number


def words_chart(data):
    """Horizontal bars: words per source, coloured by document kind, labelled with counts."""
    kinds = sorted(data["kind"].unique())
    colour = {k: COLORS[i % len(COLORS)] for i, k in enumerate(kinds)}
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 0.5 * len(data) + 1.2))
    order = data.iloc[::-1]
    bars = ax.barh(order["id"], order["words"], color=[colour[k] for k in order["kind"]])
    ax.bar_label(bars, labels=[number(w) for w in order["words"]], padding=3)
    ax.set_xlabel("Words (whitespace-separated tokens)")
    ax.set_xlim(0, data["words"].max() * 1.15)
    handles = [plt.Rectangle((0, 0), 1, 1, color=colour[k]) for k in kinds]
    ax.legend(handles, kinds, frameon=False, loc="upper right")
    ax.set_title("Length of each source document")
    fig.tight_layout()
    return fig
