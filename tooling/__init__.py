"""Build tooling, kept apart from the analysis package ``sahel``.

``sphinx_fixes`` (a Sphinx extension, loaded through ``sphinx: local_extensions:`` in
``_config.yml``), ``notebooks`` (execute notebooks in place), ``browser`` (serve the book to the
system Chromium), ``pdf`` (the PDF edition), ``manifest`` (sha256 manifests of a build).
"""
