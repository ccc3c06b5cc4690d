"""The committed notebooks' glued values, by key, across every notebook; and the vendored
record files, read by path. Nothing here imports the ``sahel`` package."""

import ast
import json
from functools import cache
from pathlib import Path

from tests.glued import notebook_glue

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
RECORD = ROOT / "data" / "record"
# The evidence a traced value carries (sahel.provenance.MIME), spelled here to stay independent.
EVIDENCE = "application/vnd.sahel.evidence+json"


@cache
def bundles():
    """``{key: [(notebook name, mime bundle), ...]}`` over every committed notebook."""
    found = {}
    for notebook in sorted(NOTEBOOKS.glob("*.ipynb")):
        for key, bundle in notebook_glue(notebook).items():
            found.setdefault(key, []).append((notebook.name, bundle))
    return found


def text(key):
    """The text ``{glue:text}`key``` pastes, the same in every notebook that glues it."""
    shown = {name: ast.literal_eval(b["text/plain"]) for name, b in bundles().get(key, ())}
    if not shown:
        raise AssertionError(f"no committed notebook glues {key!r}")
    if len(set(shown.values())) != 1:
        raise AssertionError(f"{key!r} is glued with different values: {shown}")
    return next(iter(shown.values()))


def evidence(key):
    """The evidence glued with ``key`` (a dict), or None."""
    for _, bundle in bundles().get(key, ()):
        if EVIDENCE in bundle:
            described = bundle[EVIDENCE]
            return json.loads(described) if isinstance(described, str) else described
    return None


def queries(described):
    """Every query (``kind`` "query") in a described evidence, inputs included."""
    if not isinstance(described, dict):
        return []
    found = [described] if described.get("kind") == "query" else []
    for value in described.get("inputs", ()) or ():
        found.extend(queries(value))
    return found


def dataset_keys():
    """Glue keys whose evidence runs a query on a record dataset: the figures the book counts
    from a dataset."""
    return sorted(
        key
        for key in bundles()
        if any(q.get("dataset") for q in queries(evidence(key)))
    )


def query_rows(key):
    """``rows`` of each query behind ``key`` (what the record page shows as "Rows selected")."""
    return [q["rows"] for q in queries(evidence(key))]


def spelled(n):
    """A count as the book writes a small one in words (one to fifteen), else with digits."""
    words = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
             "fifteen").split()
    return words[n - 1] if 1 <= n <= len(words) else f"{n:,}"


def listed(items):
    """``a``, ``a and b``, ``a, b and c``."""
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def check_figure(figures, key):
    """Assert that the book glues ``figures[key]``'s text under ``key`` and that its query's
    "Rows selected" (on the record page) is the recomputed count."""
    expected, rows = figures[key]
    assert text(key) == expected
    assert query_rows(key) == rows
