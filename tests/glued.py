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


def shown_on_page(html, key):
    """The texts a built page shows for glue key ``key`` (its ``.glue-KEY`` elements, added by
    tooling/evidence_links.py), in page order."""
    from bs4 import BeautifulSoup

    page = html if isinstance(html, BeautifulSoup) else BeautifulSoup(html, "html.parser")
    return [e.get_text() for e in page.select(f".glue-{key}")]


def pasted_keys(notebook):
    """``{key: times}`` each glue key is pasted as text in a notebook's markdown."""
    import re

    found = {}
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type == "markdown":
            for key in re.findall(r"\{glue:text\}`(\w+)`", cell.source):
                found[key] = found.get(key, 0) + 1
    return found
