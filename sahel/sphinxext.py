"""A Sphinx extension for reproducible, cheaper builds of the book (listed in ``_config.yml``).

* MyST-NB copies its stylesheet into ``_static/`` only when the build finishes. Sphinx adds
  ``?v=<checksum>`` to a stylesheet link only if the file is already in the output folder when
  a page is written, so a fresh build linked ``mystnb.<hash>.css`` without the checksum and any
  later build into the same folder with it: the same commit gave different HTML. Copying the
  stylesheet when the builder starts gives every build the checksummed link.
* pybtex looks its plugins up in the installed packages' entry points on every call, and
  sphinxcontrib-bibtex calls it for every citation: about a second of each build went to
  re-reading package metadata. The installed packages do not change during a build, so the
  look-up is cached (plugins registered at run time are still checked first, by pybtex).
"""

import functools
from pathlib import Path

import pybtex.plugin
from myst_nb.sphinx_ext import add_global_html_resources


def _copy_mystnb_css(app):
    if app.builder.format == "html":
        (Path(app.builder.outdir) / "_static").mkdir(parents=True, exist_ok=True)
        add_global_html_resources(app, None)


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


def setup(app):
    app.setup_extension("myst_nb")
    cache_pybtex_entry_points()
    app.connect("builder-inited", _copy_mystnb_css)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
