"""The build extension: author-year reference list; pybtex's cached plugin look-up."""

import pybtex.plugin
from pybtex.database import parse_file
from pybtex.plugin import find_plugin

from sahel import paths
from tooling import sphinx_fixes

QUERIES = [("pybtex.backends", "plaintext"), ("pybtex.style.formatting", "plain")]


def test_cached_plugin_lookup_finds_the_same_plugins_once(monkeypatch):
    real = pybtex.plugin.entry_points
    expected = [pybtex.plugin.find_plugin(group, name) for group, name in QUERIES]
    calls = []

    def counting(**query):
        calls.append(query)
        return real(**query)

    monkeypatch.setattr(pybtex.plugin, "entry_points", counting)
    sphinx_fixes.cache_pybtex_entry_points()
    sphinx_fixes.cache_pybtex_entry_points()  # a second setup does not wrap twice
    for _ in range(3):
        assert [pybtex.plugin.find_plugin(group, name) for group, name in QUERIES] == expected
    assert len(calls) == len({tuple(sorted(q.items())) for q in calls}) == len(QUERIES)


def test_reference_list_labels_and_order():
    entries = parse_file(paths.BOOK / "references.bib").entries.values()
    style = find_plugin("pybtex.style.formatting", "authoryear")()
    ordered = list(style.sort(entries))
    labels = list(style.format_labels(ordered))
    assert labels == sorted(labels, key=str.lower)
    assert "Okalamar, 2023" in labels and "Wikipedia contributors, n.d." in labels
    assert not any("{" in label for label in labels)


def test_sidebar_toggles_get_an_accessible_name():
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(
        '<ul><li class="has-children"><a class="reference" href="x.html">The sources</a>'
        '<details><summary><span class="toctree-toggle"><i></i></span></summary><ul></ul>'
        "</details></li><li><details><summary><p>Caption</p></summary></details></li></ul>",
        "html.parser",
    )
    sphinx_fixes.label_toc_toggles(soup)
    first, second = soup.find_all("summary")
    assert first["aria-label"] == "Pages of The sources"
    assert not second.get("aria-label")  # has text of its own
