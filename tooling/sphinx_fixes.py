"""Sphinx extension (``local_extensions`` in ``_config.yml``): every page loads without errors,
passes axe-core, is labelled author-year, and builds reproducibly and cheaply.

tests/test_browser.py checks the pages in Chromium; tests/test_reproducible.py checks their bytes.

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

sphinx-book-theme writes the page title as plain text (``title.astext()``) into its print header
and the book's title into its sidebar, both unescaped: a title holding ``<script>`` (a source's
title comes from ``data/sources.csv``) would run in the reader's browser. Both are escaped here
(priority 900, after the theme sets them), so every title reaches HTML escaped.

The theme's sidebar shows a chapter with pages of its own (the sources in full, the public
record) as a link followed by a ``<summary>`` holding only a chevron icon, which has no accessible
name (axe: summary-name, serious). Each such ``<summary>`` gets an ``aria-label`` naming the
pages it shows or hides ("Pages of The sources in full").

The reference list is labelled author–year, like the citations in the text ("[Okalamar, 2023]"),
instead of pybtex's plain numbers: ``bibtex_default_style: authoryear`` selects the style
registered here.

The book runs on the checkout it is built from: a checkout copied with its ``.venv`` would
import the original's package and read the original's data. ``config-inited`` stops the build
(``sahel.paths.require_checkout``) when the source folder is another checkout than the one the
package reads (``SAHEL_ROOT`` can name it on purpose).

Reproducible, cheaper builds:

- MyST-NB copies its stylesheet into ``_static/`` only when the build finishes. Sphinx adds
  ``?v=<checksum>`` to a stylesheet link only if the file is already in the output folder when
  a page is written, so a fresh build linked ``mystnb.<hash>.css`` without the checksum and any
  later build into the same folder with it: the same commit gave different HTML. Copying the
  stylesheet when the builder starts gives every build the checksummed link.
- pybtex looks its plugins up in the installed packages' entry points on every call, and
  sphinxcontrib-bibtex calls it for every citation: about a second of each build went to
  re-reading package metadata. The installed packages do not change during a build, so the
  look-up is cached (plugins registered at run time are still checked first, by pybtex).
"""

import functools
import html
import re
from pathlib import Path

import pybtex.plugin
from docutils import nodes
from myst_nb.sphinx_ext import add_global_html_resources
from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle


def _last_names(person):
    return " ".join(part.strip("{}") for part in person.last_names)


class AuthorYearLabels(BaseLabelStyle):
    """Labels "Author, year" ("A and B, year"; "A et al., year" for three or more authors)."""

    def format_labels(self, sorted_entries):
        for entry in sorted_entries:
            people = entry.persons.get("author") or entry.persons.get("editor") or []
            names = [_last_names(p) for p in people]
            who = (
                names[0]
                if len(names) == 1
                else (" and ".join(names) if len(names) == 2 else f"{names[0]} et al.")
                if names
                else entry.fields.get("title", "Anonymous")
            )
            yield f"{who}, {entry.fields.get('year', 'n.d.')}"


class AuthorYearSorting(BaseSortingStyle):
    """By author (braces of corporate names ignored), then year, then title."""

    def sorting_key(self, entry):
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = " ".join(_last_names(p) for p in people).lower()
        return names, entry.fields.get("year", ""), entry.fields.get("title", "").lower()


class AuthorYearStyle(PlainStyle):
    """pybtex's plain style, sorted by author, labelled author–year."""

    default_label_style = AuthorYearLabels
    default_sorting_style = AuthorYearSorting


register_plugin("pybtex.style.labels", "authoryear", AuthorYearLabels)
register_plugin("pybtex.style.formatting", "authoryear", AuthorYearStyle)

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


#: Context values the theme sets as plain text (``astext()`` of a title node) and its templates
#: write unescaped: sphinx-book-theme's print header (``<h1>{{ pagetitle }}</h1>``) and sidebar
#: (``{{ root_title }}``). A page title holds data (a source's title from the registry).
PLAIN_TEXT_CONTEXT = ("pagetitle", "root_title")


def escape_plain_text(context):
    """Escape the theme's plain-text context values so a title is shown, never parsed."""
    for key in PLAIN_TEXT_CONTEXT:
        if isinstance(context.get(key), str):
            context[key] = html.escape(context[key], quote=True)


def _on_page_context(app, pagename, templatename, context, doctree):
    escape_plain_text(context)
    if "body" in context:
        context["body"] = fix_body(context["body"])
    if "script_files" in context:
        scripts = unique_scripts(context["script_files"])
        if doctree is not None and not has_math(doctree):
            mathjax = app.config.mathjax_path
            scripts = [s for s in scripts if getattr(s, "filename", s) != mathjax]
        context["script_files"][:] = scripts


def _copy_mystnb_css(app):
    if app.builder.format == "html":
        (Path(app.builder.outdir) / "_static").mkdir(parents=True, exist_ok=True)
        add_global_html_resources(app, None)


def label_toc_toggles(soup):
    """Give each sidebar ``<summary>`` without text an ``aria-label`` naming its chapter."""
    for summary in soup.find_all("summary"):
        if summary.get_text(strip=True) or summary.get("aria-label"):
            continue
        item = summary.find_parent("li")
        link = item.find("a", recursive=False) if item is not None else None
        name = link.get_text(" ", strip=True) if link is not None else "this chapter"
        summary["aria-label"] = f"Pages of {name}"


def _label_collapsible_toc():
    from pydata_sphinx_theme import toctree

    original = toctree.add_collapse_checkboxes
    if getattr(original, "labelled", False):
        return

    def add_collapse_checkboxes(soup):
        original(soup)
        label_toc_toggles(soup)

    add_collapse_checkboxes.labelled = True
    toctree.add_collapse_checkboxes = add_collapse_checkboxes


def cache_pybtex_entry_points():
    """Make ``pybtex.plugin``'s entry-point look-up read the package metadata once per query."""
    lookup = pybtex.plugin.entry_points
    if getattr(lookup, "cached", False):
        return

    @functools.cache
    def cached(**query):
        return tuple(lookup(**query))

    def entry_points(**query):
        return cached(**query)

    entry_points.cached = True
    pybtex.plugin.entry_points = entry_points


def require_this_checkout(app, config):
    """Stop the build if the book's folder is not the checkout ``sahel`` reads."""
    from sahel import paths

    paths.require_checkout(app.srcdir, "the book's source folder")


def setup(app):
    app.connect("config-inited", require_this_checkout)
    app.setup_extension("myst_nb")
    cache_pybtex_entry_points()
    _label_collapsible_toc()
    app.connect("builder-inited", _copy_mystnb_css)
    app.connect("html-page-context", _on_page_context, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
