"""Every figure in the chapters before the back matter has a caption that opens with its
takeaway, a sentence carrying at least one glued number (issue 23): "Deaths peaked in 2017, at
42; …", then what is drawn and the source."""

import re

import nbformat

from sahel import content, paths

READING_PATH = ("00-summary", "20-minusma", "25-cost", "27-conflict", "30-norway",
                "40-realignment")


def figures_in(notebook):
    """The figures a notebook's code cells publish."""
    cells = nbformat.read(paths.NOTEBOOKS / f"{notebook}.ipynb", as_version=4).cells
    code = "\n".join(c.source for c in cells if c.cell_type == "code")
    return set(re.findall(r'publish\.figure\(\s*"(fig_\w+)"', code))


def first_sentence(caption):
    return re.split(r"(?<=[.;:])\s", caption, maxsplit=1)[0]


def opening_problems(captions):
    """Figures whose caption's opening sentence carries no glued value."""
    return sorted(key for key, caption in captions.items()
                  if "{glue:text}" not in first_sentence(caption))


def test_every_chapter_figure_opens_with_a_takeaway():
    exhibits = content.load_exhibits()
    keys = set().union(*(figures_in(n) for n in READING_PATH))
    assert len(keys) >= 16, keys
    assert opening_problems({k: exhibits[k].caption for k in keys}) == []


def test_a_caption_that_only_restates_the_drawing_fails():
    restated = "MINUSMA's deaths each year, stacked by the type of incident the UN records."
    assert opening_problems({"fig_x": restated}) == ["fig_x"]
