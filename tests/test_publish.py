"""Publishing helpers: escaping, reproducible SVG, atomic CSV writes."""

import os
import re
import subprocess
import sys

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from sahel import content, publish
from sahel.charts import style
from sahel.evidence import tables


def test_escape_md_neutralises_markup():
    text = '<script>alert("x")</script> *bold* [link](http://e.x) {cite}`k` | pipe'
    escaped = publish.escape_md(text)
    for raw in ("<script>", "*bold*", "[link]", "{cite}`"):
        assert raw not in escaped
    assert re.search(r"(?<!\\)[|<>*`]", escaped) is None
    assert "\\<script\\>" in escaped


def test_markdown_table_is_numbered_and_escapes_cells():
    frame = pd.DataFrame({"a": ["x|y"], "b": ["<b>"]})
    text = publish.markdown_table(frame, caption="Cap {cite:p}`k`", name="tbl-x")
    lines = text.splitlines()
    assert lines[0] == "::::{table} Cap {cite:p}`k`"
    assert lines[1] == ":name: tbl-x"
    assert "| x\\|y | \\<b\\> |" in lines
    assert lines[-1] == "::::"


def test_svg_is_reproducible_and_undated():
    style.use_style()

    def draw():
        fig, ax = plt.subplots()
        ax.plot([1, 2, 3], [3, 1, 2])
        data = publish.svg_bytes(fig)
        plt.close(fig)
        return data

    first, second = draw(), draw()
    assert first == second
    assert b"<dc:date>" not in first


def _chart(width_in, font_pt):
    style.use_style()
    fig, ax = plt.subplots(figsize=(width_in, 2))
    ax.plot([0, 1], [0, 1])
    ax.set_title("A title", fontsize=font_pt)
    return fig


def test_svg_states_its_smallest_text_and_phone_readability_is_enforced():
    readable = publish.svg_bytes(_chart(style.WIDTH_IN, style.MIN_FONT_PT))
    assert f'<svg data-min-font-pt="{style.MIN_FONT_PT:g}"'.encode() in readable
    publish.check_readable("fig_ok", readable)  # no error
    from IPython.display import SVG

    assert 'data-min-font-pt="' in SVG(readable).data  # kept when glued
    tiny = publish.svg_bytes(_chart(7.0, 6))
    assert b'data-min-font-pt="6"' in tiny
    unreadable = r"fig_tiny: .*\(6 pt in a chart .* on a phone"
    with pytest.raises(publish.UnreadableChartError, match=unreadable):
        publish.check_readable("fig_tiny", tiny)
    # a chart narrower than the phone's column is shown at its natural size (1 pt = 4/3 px)
    assert style.phone_text_px(6, 200) == pytest.approx(8.0)


def test_glue_text_refuses_raw_numbers():
    with pytest.raises(TypeError, match="format the value"):
        publish.glue_text("k", 3)


def test_atomic_csv_leaves_nothing_on_failure(tmp_path):
    class Boom:
        def to_csv(self, handle, **kwargs):
            handle.write("half,")
            raise RuntimeError("disk full")

    target = tmp_path / "out.csv"
    with pytest.raises(RuntimeError):
        tables.write_csv_atomic(Boom(), target)
    assert list(tmp_path.iterdir()) == []


def test_atomic_csv_writes(tmp_path):
    target = tables.write_csv_atomic(pd.DataFrame({"a": [1, 2]}), tmp_path / "d" / "x.csv")
    assert target.read_text() == "a\n1\n2\n"


def test_atomic_csv_leaves_an_unchanged_file_untouched(tmp_path):
    """Same bytes, same mtime: Sphinx then sees no changed download and re-runs nothing."""
    target = tables.write_csv_atomic(pd.DataFrame({"a": [1, 2]}), tmp_path / "x.csv")
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    tables.write_csv_atomic(pd.DataFrame({"a": [1, 2]}), target)
    assert target.stat().st_mtime_ns == 1_000_000_000
    assert list(tmp_path.iterdir()) == [target]
    tables.write_csv_atomic(pd.DataFrame({"a": [1, 3]}), target)
    assert target.read_text() == "a\n1\n3\n"
    assert target.stat().st_mtime_ns != 1_000_000_000


def test_chapters_that_draw_nothing_do_not_import_matplotlib():
    """Importing matplotlib costs each kernel a noticeable share of its start-up."""
    code = "import sys, sahel.chapters.appendix, sahel.evidence.claims, sahel.evidence.coverage, "
    code += "sahel.chapters.disagreements, sahel.chapters.checks, sahel.chapters.minusma, "
    code += "sahel.publish; print(sorted(m for m in sys.modules if m.startswith('matplotlib')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_quotes_glues_only_the_keys_with_the_prefix(corpus, ledger, monkeypatch):
    glued = []
    monkeypatch.setattr(publish, "glue_text", lambda key, text: glued.append(key))
    monkeypatch.setattr(publish, "glue_markdown", lambda key, text: glued.append(key))
    keys = publish.quotes(corpus, ledger, prefix="minusma_")
    assert glued == keys and keys
    assert all(key.startswith("minusma_") for key in keys)
    glued.clear()
    assert len(publish.quotes(corpus, ledger)) > len(keys)
    with pytest.raises(content.ContentError, match="no quote key starts with 'nosuch_'"):
        publish.quotes(corpus, ledger, prefix="nosuch_")


def test_cite_column_replaces_source_ids_with_citations(corpus):
    frame = pd.DataFrame({"source": ["S000", "S003"], "x": [1, 2]})
    cited = publish.cite_column(frame, corpus)
    assert list(cited["source"]) == ["{cite:t}`NorwayMFA2023embassy`", "{cite:t}`TDI2023ends`"]
    assert list(frame["source"]) == ["S000", "S003"]
