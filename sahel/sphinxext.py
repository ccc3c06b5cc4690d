"""A Sphinx extension that makes rebuilds byte-identical to fresh builds.

MyST-NB copies its stylesheet into ``_static/`` only when the build finishes. Sphinx adds a
``?v=<checksum>`` to a stylesheet link only if the file is already in the output folder when a
page is written, so a fresh build linked ``mystnb.<hash>.css`` without the checksum and any
later build into the same folder with it: the same commit gave different HTML. Copying the
stylesheet when the builder starts gives every build the checksummed link.
"""

from pathlib import Path

from myst_nb.sphinx_ext import add_global_html_resources


def _copy_mystnb_css(app):
    if app.builder.format == "html":
        (Path(app.builder.outdir) / "_static").mkdir(parents=True, exist_ok=True)
        add_global_html_resources(app, None)


def setup(app):
    app.setup_extension("myst_nb")
    app.connect("builder-inited", _copy_mystnb_css)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
