"""What the committed notebooks glue, read by key (no browser, no package logic).

``notebook_glue`` reads one notebook's ``{key: mime bundle}``; ``tests.browser`` uses it to
check pages against the committed values, ``tests.independent`` to check values against a
recomputation from the vendored data.
"""

import nbformat

MIME_PREFIX = "application/papermill.record/"


def notebook_glue(notebook):
    """``{key: mime bundle}`` of every value glued in a committed notebook's outputs."""
    glued = {}
    for cell in nbformat.read(notebook, as_version=4).cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name is not None:
                data = output.get("data", {})
                glued[name] = {m.removeprefix(MIME_PREFIX): v for m, v in data.items()}
    return glued
