"""Sphinx extension (``local_extensions`` in ``_config.yml``): the book's page of licences and
notices, built from the registries so it cannot fall behind them.

``{licence-notices}`` (the page ``book/notices.md``) lists the report's own terms (as
``LICENSE`` gives them), then every third-party item the book reproduces with its terms as
known: each source document (``data/sources.csv``, column ``licence``), each record dataset
(``data/record_sources.csv``, column ``licence``) and the map geometry (``data/geo``). Text
from the registries reaches the page as docutils text nodes, so it is escaped like every other
field.
"""

import pandas as pd
from docutils import nodes
from sphinx.util.docutils import SphinxDirective

OWN_TERMS = (
    "The report's text, tables and charts are licensed under the Creative Commons Attribution "
    "4.0 International licence (CC BY 4.0); its code under the MIT licence. The items below are "
    "not: each keeps its own terms, as known, and is reproduced or quoted with attribution."
)
SHARE_ALIKE = (
    "The encyclopedia article is reproduced in full on its source page, unchanged (byte for "
    "byte as registered), under CC BY-SA 4.0: that page and its excerpts in the chapters are "
    "shared under the same licence, with attribution to the article's contributors."
)


class NoticesDirective(SphinxDirective):
    """``{licence-notices}``: the report's terms and every third-party item's."""

    has_content = False

    def run(self):
        # the sibling extension, loaded by Sphinx under its own name (tooling/ is on the path
        # as the folder of the book's local extensions, in every build)
        from evidence_links import _table

        from sahel import paths
        from sahel.evidence import geo, record
        from sahel.evidence.registry import load_registry

        self.env.note_dependency(str(paths.SOURCES_CSV))
        self.env.note_dependency(str(record.RECORD_SOURCES_CSV))
        sources = pd.DataFrame(
            [{"source": s.title, "publisher": s.publisher, "licence": s.licence}
             for s in load_registry()]
        )
        datasets = pd.DataFrame(
            [{"dataset": s.dataset, "publisher": s.publisher, "licence": s.licence}
             for s in record.load_sources().values()]
        )
        out = [nodes.paragraph(text=OWN_TERMS)]
        for title, frame in (("Source documents", sources), ("Datasets", datasets)):
            section = nodes.section(ids=[nodes.make_id(f"notices-{title}")], names=[])
            section += nodes.title(text=title)
            section += _table(frame, classes=["notices"])
            out.append(section)
        section = nodes.section(ids=["notices-geometry"], names=[])
        section += nodes.title(text="Map geometry")
        section += nodes.paragraph(text=geo.CREDIT)
        out.append(section)
        out.append(nodes.paragraph(text=SHARE_ALIKE))
        return out


def setup(app):
    app.add_directive("licence-notices", NoticesDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
