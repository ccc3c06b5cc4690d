"""Sphinx extension: fixes so every page loads without errors and passes axe-core.

tests/test_browser.py checks both in Chromium.

- sphinx-thebe adds its inline ``const THEBE_JS_URL = …`` script once to Sphinx's registry and
  once to the HTML builder; Sphinx 7.4 keeps both (filename ``None`` in one, ``''`` in the other),
  so every page threw "Identifier 'THEBE_JS_URL' has already been declared". Each page's scripts
  are de-duplicated; thebe itself stays off (``launch_buttons.thebe: false``).
- Jupyter Book sets the assets policy to "always" for ``singlehtml`` (the PDF edition), which
  loads MathJax from a CDN even though no page has math. MathJax is dropped from any page whose
  doctree holds no math, as Sphinx itself does for the HTML pages; a page with math keeps it
  (and the offline checks then name the CDN request: vendor MathJax before adding math).
- docutils 0.21 writes each bibliography entry as ``<div class="citation" role="doc-biblioentry">``
inside ``<div role="list">``. ``doc-biblioentry`` is deprecated in DPub-ARIA 1.1 and is not an
allowed child of ``role="list"`` (axe: aria-required-children, critical). The entries are list
items of that list, so they get ``role="listitem"``; ids, classes and links are unchanged.
"""

import re

from docutils import nodes

_BIBLIOENTRY = re.compile(r'(<div class="citation"[^>]*?) role="doc-biblioentry"')


def fix_body(body):
    """Give bibliography entries the list-item role their ``role="list"`` parent requires."""
    return _BIBLIOENTRY.sub(r'\1 role="listitem"', body)


def unique_scripts(scripts):
    """Scripts in order, each once (same file or inline body, same attributes)."""
    seen, kept = set(), []
    for script in scripts:
        name = getattr(script, "filename", script) or ""
        attributes = tuple(sorted(getattr(script, "attributes", {}).items()))
        if (name, attributes) not in seen:
            seen.add((name, attributes))
            kept.append(script)
    return kept


def has_math(doctree):
    return any(
        True for _ in doctree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block)))
    )


def _on_page_context(app, pagename, templatename, context, doctree):
    if "body" in context:
        context["body"] = fix_body(context["body"])
    if "script_files" in context:
        scripts = unique_scripts(context["script_files"])
        if doctree is not None and not has_math(doctree):
            mathjax = app.config.mathjax_path
            scripts = [s for s in scripts if getattr(s, "filename", s) != mathjax]
        context["script_files"][:] = scripts


def setup(app):
    app.connect("html-page-context", _on_page_context, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
