"""The build extension's pybtex cache gives the same plugins while reading metadata once."""

import pybtex.plugin

from sahel import sphinxext

QUERIES = [("pybtex.backends", "plaintext"), ("pybtex.style.formatting", "plain")]


def test_cached_plugin_lookup_finds_the_same_plugins_once(monkeypatch):
    real = pybtex.plugin.entry_points
    expected = [pybtex.plugin.find_plugin(group, name) for group, name in QUERIES]
    calls = []

    def counting(**query):
        calls.append(query)
        return real(**query)

    monkeypatch.setattr(pybtex.plugin, "entry_points", counting)
    sphinxext.cache_pybtex_entry_points()
    sphinxext.cache_pybtex_entry_points()  # a second setup does not wrap twice
    for _ in range(3):
        assert [pybtex.plugin.find_plugin(group, name) for group, name in QUERIES] == expected
    assert len(calls) == len({tuple(sorted(q.items())) for q in calls}) == len(QUERIES)
