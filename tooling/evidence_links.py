"""Sphinx extension (``local_extensions`` in ``_config.yml``): every glued figure links to its
evidence, and the back matter's evidence pages are built from the checked inputs.

How a value becomes a link. A chapter returns a figure as ``sahel.provenance.traced`` text;
``sahel.publish.glue_text`` glues it with its evidence described as JSON under
``sahel.provenance.MIME``, in the same glue output as its ``text/plain``. Prose is unchanged:
``{glue:text}`KEY``` still pastes the text, through :class:`EvidencedText`, MyST-NB's own role
extended to read the evidence beside the text and wrap the pasted text in an
:class:`evidence_ref`. At write time :class:`ResolveEvidence` turns it into an internal link
(``make_refnode``, so links also resolve in the one-page edition the PDF is printed from) with
the quote, fact, query or formula as its ``title`` (hover text, no script, works offline), and
the classes ``evidence`` and its kind, which ``_static/sahel.css`` keeps quiet in running text.
Every pasted text (linked or not) carries the class ``glue-KEY``, its glue key.

Where links land (anchors spelled by ``sahel.provenance``):

- ``{evidence-source}`` (a page ``book/sources/ID.md``): the source's full text, escaped, line
  numbered, every claim's quote highlighted and anchored by claim id, exclusions marked apart
  (``sahel.sourcepages``);
- ``{evidence-dataset}`` (a page ``book/record/ID.md``): the record dataset's registry entry, its
  facts (the file of official facts) and every query the book's glued figures ran on it: filter
  in words, rows, result, each anchored;
- ``{evidence-formulas}`` (the appendix "How each figure is computed"): one anchored entry per
  computed figure shown anywhere in the book, its formula in words and its inputs, each a link.

Queries and formulas are collected from the glued values while pages are read (per page, so
incremental and parallel reads merge), and written out when every page has been read.

Enforcement: a glued value containing a digit without evidence is a warning (the build runs
with ``-W``, so it fails), except on the pages listed in the config value
``sahel_provenance_exempt`` (docnames). Empty that list to require provenance everywhere. A link
whose target no page defines is always a warning.
"""

import html
import posixpath
import re
from functools import cache
from pathlib import Path

from docutils import nodes
from myst_nb.core.variables import RetrievalError
from myst_nb.ext.glue.domain import NbGlueDomain
from myst_nb.ext.glue.roles import PasteTextRole
from myst_nb.ext.glue.utils import glue_warning, retrieve_glue_data
from myst_nb.ext.utils import RoleBase
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from sahel import provenance

LOGGER = logging.getLogger(__name__)
ROWS_FOLDER = "_rows"  # in the output: one CSV per query, the rows it selects
DIGIT = re.compile(r"\d")
SOURCES_FOLDER = "book/sources"
RECORD_FOLDER = "book/record"


class evidence_ref(nodes.Inline, nodes.Element):  # noqa: N801 (docutils node naming)
    """A glued value to link to its evidence (``evidence``: the described JSON)."""


class evidence_list(nodes.General, nodes.Element):  # noqa: N801
    """Where a page lists what the glued values collected: ``what`` is "formulas" or
    "queries" (of ``dataset``)."""


def _store(env):
    """The extension's data on the build environment (created on first use)."""
    if not hasattr(env, "sahel_evidence"):
        env.sahel_evidence = {}  # docname -> [{"key", "value", "evidence"}] in page order
        env.sahel_targets = {}  # docname -> [anchor] a page defines at read time
        env.sahel_pages = {}  # docname -> ("formulas",) or ("dataset", id)
    return env


# --- the glue role: text pasted as before, wrapped in its evidence ----------------------------


def use_anchor(key, n):
    """The anchor of the ``n``-th glued value on a page (its key ``key``): where an evidence
    entry's "Shown in" lands."""
    return f"use-{provenance.slug(key)}-{n}"


def exempt(env, docname):
    return docname in set(env.config.sahel_provenance_exempt or ())


def _wrap(env, key, pasted, described, table=None):
    """Record a use of ``described`` on the page and wrap the ``pasted`` node in an
    :class:`evidence_ref` anchored for "Shown in" (``table``: the label of the table holding
    it, if a cell)."""
    described = dict(described)
    uses = env.sahel_evidence.setdefault(env.docname, [])
    anchor = use_anchor(key, len(uses) + 1)
    use = {"key": key, "value": pasted.astext(), "evidence": described, "anchor": anchor}
    if table:
        use["table"] = table
    uses.append(use)
    ref = evidence_ref("", evidence=described, key=key, ids=[anchor])
    ref.source, ref.line = pasted.source, pasted.line
    ref += pasted
    return ref


class EvidencedText(PasteTextRole):
    """MyST-NB's ``{glue:text}``, wrapping the pasted text in its evidence when it has one."""

    def run(self):
        pasted, messages = super().run()
        if len(pasted) != 1 or not isinstance(pasted[0], nodes.inline):
            return pasted, messages
        key = self.text.rsplit(":", 1)[0] if ":" in self.text else self.text
        # the pasted text carries its glue key, so tests find a value by its name on the page
        pasted[0]["classes"].append(f"glue-{key.rsplit('::', 1)[-1]}")
        try:
            data = retrieve_glue_data(self.document, key).data
        except RetrievalError:  # pragma: no cover (super() already warned)
            return pasted, messages
        env = _store(self.document.settings.env)
        text = pasted[0].astext()
        described = data.get(provenance.MIME)
        if described is None:
            if DIGIT.search(text) and not exempt(env, env.docname):
                LOGGER.warning(
                    f"glued value {key!r} ({text!r}) has a digit but no provenance: glue it "
                    "as sahel.provenance.traced text (or list the page in "
                    "sahel_provenance_exempt) [sahel.provenance]",
                    location=pasted[0],
                    type="sahel",
                    subtype="provenance",
                )
            return pasted, messages
        return [_wrap(env, key, pasted[0], described)], messages


class EvidencedCell(RoleBase):
    """``{glue:cell}`KEY:ROW:COLUMN```: a traced cell of the table glued as ``KEY``
    (``sahel.publish.glue_table``), its text pasted (escaped, as text) and linked to its
    evidence like a glued value."""

    def run(self):
        parts = self.text.rsplit(":", 2)
        if len(parts) != 3:
            return [], [glue_warning(f"glue:cell {self.text!r}: give KEY:ROW:COLUMN",
                                     self.document, self.line)]
        key, row, column = parts
        try:
            data = retrieve_glue_data(self.document, key).data
        except RetrievalError as exc:
            return [], [glue_warning(str(exc), self.document, self.line)]
        table = data.get(provenance.CELLS_MIME) or {}
        described = table.get("cells", {}).get(f"{row}:{column}")
        if described is None:
            return [], [glue_warning(f"table {key!r} has no traced cell {row}:{column}",
                                     self.document, self.line)]
        text = described["text"]
        pasted = nodes.inline(text, text, classes=["pasted-text", f"glue-{key}", "table-cell"])
        self.set_source_info(pasted)
        env = _store(self.document.settings.env)
        evidence = {k: v for k, v in described.items() if k != "text"}
        return [_wrap(env, key, pasted, evidence, table=table.get("label"))], []


class SahelGlueDomain(NbGlueDomain):
    """MyST-NB's glue domain with :class:`EvidencedText` as ``{glue:text}``."""

    roles = {**NbGlueDomain.roles, "text": EvidencedText(), "cell": EvidencedCell()}


# --- the evidence pages ------------------------------------------------------------------------


def _field_list(fields):
    listing = nodes.field_list(classes=["evidence-fields"])
    for name, value in fields:
        field = nodes.field()
        field += nodes.field_name(text=name)
        body = nodes.field_body()
        body += nodes.paragraph(text=str(value))
        field += body
        listing += field
    return listing


def _section(directive, title, *children):
    section = nodes.section(ids=[nodes.make_id(title)], names=[nodes.fully_normalize_name(title)])
    section += nodes.title(text=title)
    section.extend(children)
    directive.state.document.note_implicit_target(section, section)
    return section


class PageDirective(SphinxDirective):
    """A directive that builds its whole page for the id named by the page's file name."""

    has_content = False
    required_arguments = 0

    def page_id(self):
        return Path(self.env.docname).name

    def depends(self, *files):
        for file in files:
            self.env.note_dependency(str(file))

    def defines(self, *anchors):
        _store(self.env).sahel_targets.setdefault(self.env.docname, []).extend(anchors)


class SourceDirective(PageDirective):
    """``{evidence-source}``: the source document named by the page, in full, claims marked."""

    def run(self):
        from sahel import paths, sourcepages
        from sahel.evidence import claims, coverage
        from sahel.evidence.corpus import load_corpus

        corpus = load_corpus()
        sid = self.page_id()
        if sid not in corpus:
            raise self.error(f"no source {sid!r} in {paths.SOURCES_CSV} (page {self.env.docname})")
        document = corpus[sid]
        ledger = claims.load_ledger(corpus=corpus)
        self.depends(
            paths.SEEDS / document.source.file, paths.SOURCES_CSV, claims.CLAIMS_CSV,
            coverage.EXCLUSIONS_CSV,
        )
        fields, body = sourcepages.source_page(document, ledger, corpus)
        self.defines(*re.findall(r' id="([^"]+)"', body))
        legend = nodes.paragraph(
            text="The document's full text, exactly as registered, with its line numbers. "
            "Highlighted: the quote of a claim in the ledger, with the figure it reads in bold; "
            "a figure in a chapter links to its claim's quote here. Marked with a dashed "
            "outline: a figure left out of the coverage check, with the reason on hover."
        )
        text = nodes.raw("", f'<pre class="source-text">{body}</pre>', format="html")
        title = f"Source {sid}: {document.source.title}"
        return [_section(self, title, legend, _field_list(fields), text)]


class DatasetDirective(PageDirective):
    """``{evidence-dataset}``: the record dataset named by the page, its facts and queries."""

    def run(self):
        from sahel import sourcepages
        from sahel.evidence import record

        sources = record.load_sources()
        rid = self.page_id()
        if rid not in sources:
            raise self.error(f"no dataset {rid!r} in {record.RECORD_SOURCES_CSV}")
        source = sources[rid]
        self.depends(record.RECORD_SOURCES_CSV, record.RECORD_DIR / source.file)
        _store(self.env).sahel_pages[self.env.docname] = ("dataset", rid)
        queries = nodes.section(ids=[f"queries-{provenance.slug(rid)}"], names=[])
        queries += nodes.title(text="Queries the book runs on it")
        queries += nodes.paragraph(
            text="Every figure the chapters compute from this dataset, with its filter in "
            "words, the rows it selects and the result shown."
        )
        queries += evidence_list("", what="queries", dataset=rid)
        fields = _field_list(sourcepages.dataset_fields(source))
        fields["ids"].append(provenance.dataset_anchor(rid))
        self.defines(provenance.dataset_anchor(rid))
        children = [
            nodes.paragraph(text="A dataset of the public record the book reads, byte for "
                            "byte as published, checked against its sha256 before use."),
            fields,
            queries,
        ]
        if source.dataset == record.FACTS:
            children.append(self.facts(record.facts(rid)))
        return [_section(self, f"Record: {source.dataset}, version {source.version}", *children)]

    def facts(self, frame):
        from sahel import sourcepages

        section = nodes.section(ids=["facts"], names=[])
        section += nodes.title(text="Facts")
        for entry in sourcepages.fact_entries(frame):
            box = nodes.container(ids=[entry.anchor], classes=["evidence-entry", "fact"])
            head = nodes.paragraph()
            head += nodes.strong(text=f"{entry.id} ({entry.date}): ")
            head += nodes.Text(entry.text)
            box += head
            where = nodes.paragraph(classes=["evidence-where"])
            where += nodes.Text(f"{entry.publisher}: ")
            where += nodes.reference("", entry.page_title, refuri=entry.url)
            box += where
            section += box
            self.defines(entry.anchor)
        return section


class FormulasDirective(PageDirective):
    """``{evidence-formulas}``: one entry per computed figure the book shows."""

    def run(self):
        _store(self.env).sahel_pages[self.env.docname] = ("formulas",)
        return [evidence_list("", what="formulas")]


@cache
def _raw(dataset):
    """(path relative to the repository, the file as ``pd.read_csv`` reads it) of a dataset."""
    import pandas as pd

    from sahel import paths
    from sahel.evidence import record

    source = record.load_sources()[dataset]
    file = record.RECORD_DIR / source.file
    return file.relative_to(paths.ROOT).as_posix(), pd.read_csv(file)


def _selected(dataset, chosen):
    from sahel.evidence import selection

    path, frame = _raw(dataset)
    return path, selection.apply(frame, chosen)


def _escape(text):
    return html.escape(str(text), quote=True)


def _table(frame, classes=()):
    """A docutils table of a frame (header row, then every row; text escaped by the writer)."""
    table = nodes.table(classes=list(classes))
    group = nodes.tgroup(cols=len(frame.columns))
    table += group
    for _ in frame.columns:
        group += nodes.colspec(colwidth=1)
    head, body = nodes.thead(), nodes.tbody()

    def row_of(values):
        row = nodes.row()
        for value in values:
            entry = nodes.entry()
            shown = "" if value is None or (isinstance(value, float) and value != value) else value
            entry += nodes.paragraph(text=str(shown))
            row += entry
        return row

    head += row_of(frame.columns)
    for values in frame.itertuples(index=False):
        body += row_of(values)
    group += head
    group += body
    return table


# --- collected data, merged across pages -------------------------------------------------------


def _doc_order(env):
    """Every document in reading order of the table of contents (then any other, sorted)."""
    order, seen = [], set()

    def walk(doc):
        if doc in seen:
            return
        seen.add(doc)
        order.append(doc)
        for child in env.toctree_includes.get(doc, ()):
            walk(child)

    walk(env.config.root_doc)
    return order + sorted(set(env.all_docs) - seen)


def collected(env):
    """``(formulas, queries)`` shown in the book, each ``{target: entry}`` in reading order; an
    entry holds the described evidence, the value and the pages showing it."""
    store = _store(env)
    formulas, queries = {}, {}
    for doc in _doc_order(env):
        for item in store.sahel_evidence.get(doc, ()):
            top = item["evidence"]
            where = (doc, item.get("anchor"))
            table = item.get("table")
            for found in provenance.formulas(top):
                _collect(formulas, found, found.get("text", item["value"]), where, table)
            for found in provenance.queries(top):
                _collect(queries, found, found.get("text", item["value"]), where, table)
    return formulas, queries


def tables_using(env, anchors):
    """``[(docname, table label)]`` of the tables whose cells' evidence reaches one of
    ``anchors`` (a query's or a fact's, nested in formulas too), in reading order."""
    found = []
    for doc in _doc_order(env):
        for item in _store(env).sahel_evidence.get(doc, ()):
            if not item.get("table") or (doc, item["table"]) in found:
                continue
            reached = provenance.queries(item["evidence"]) + provenance.facts(item["evidence"])
            if any(r["target"] in anchors for r in reached):
                found.append((doc, item["table"]))
    return found


def facts_used(env, anchors):
    """Whether any glued value's evidence reaches a fact anchored at one of ``anchors``."""
    return any(
        f["target"] in anchors
        for uses in _store(env).sahel_evidence.values()
        for item in uses
        for f in provenance.facts(item["evidence"])
    )


def _collect(into, described, value, where, table=None):
    """Add a use ``where`` (docname, anchor of the use) of ``described`` to its entry; an entry
    keeps the first use on each page (and each table, ``table``, it is shown in)."""
    doc = where[0]
    target = described["target"]
    entry = into.setdefault(target, {"evidence": described, "values": [], "pages": []})
    if table and (doc, table) not in entry.setdefault("tables", []):
        entry["tables"].append((doc, table))
    if _comparable(entry["evidence"]) != _comparable(described):
        entry.setdefault("conflicts", []).append(doc)
    if value and value not in entry["values"]:
        entry["values"].append(value)
    if doc not in [d for d, _ in entry["pages"]]:
        entry["pages"].append(where)


def _comparable(described):
    """A described evidence without the text it was attached to (an input's own value)."""
    return {k: v for k, v in described.items() if k != "text"}


def targets(env):
    """``{anchor: docname}`` for every link target the book defines."""
    store = _store(env)
    found = {a: doc for doc, anchors in store.sahel_targets.items() for a in anchors}
    pages = sorted(store.sahel_pages.items())
    formulas_page = [doc for doc, (kind, *_) in pages if kind == "formulas"]
    datasets = {rest[0]: doc for doc, (kind, *rest) in pages if kind == "dataset"}
    formulas, queries = collected(env)
    if formulas_page:
        found.update(dict.fromkeys(formulas, formulas_page[0]))
    for target, entry in queries.items():
        if entry["evidence"]["dataset"] in datasets:
            found[target] = datasets[entry["evidence"]["dataset"]]
    return found


def _purge(app, env, docname):
    store = _store(env)
    for table in (store.sahel_evidence, store.sahel_targets, store.sahel_pages):
        table.pop(docname, None)


def _merge(app, env, docnames, other):
    store, theirs = _store(env), _store(other)
    for name in ("sahel_evidence", "sahel_targets", "sahel_pages"):
        mine = getattr(store, name)
        for doc in docnames:
            if doc in getattr(theirs, name):
                mine[doc] = getattr(theirs, name)[doc]


def _outdated(app, env, added, changed, removed):
    """Pages listing what other pages glue are re-read whenever any page is."""
    if not (added or changed or removed):
        return []
    return sorted(set(_store(env).sahel_pages) - set(added) - set(changed))


# --- write time: links and lists --------------------------------------------------------------


def _title(env, doc):
    title = env.titles.get(doc)
    return title.astext() if title is not None else doc


class ResolveEvidence(SphinxPostTransform):
    """Fill the lists of formulas and queries, then turn every :class:`evidence_ref` into a
    link to its target, with the evidence as hover text."""

    default_priority = 20  # after MyST-NB's cross-document glue (5)

    def run(self, **kwargs):
        refs = list(self.document.findall(evidence_ref))
        lists = list(self.document.findall(evidence_list))
        if not refs and not lists:
            return
        env = self.env
        found = targets(env)
        formulas, queries = collected(env) if lists else ({}, {})
        for entry in [*formulas.values(), *queries.values()]:
            if entry.get("conflicts") and lists:
                LOGGER.warning(
                    f"{entry['evidence']['target']!r} is described differently on "
                    f"{', '.join(d for d, _ in entry['pages'])}: give each formula or query "
                    "its own name [sahel.provenance]",
                    location=lists[0],
                    type="sahel",
                    subtype="provenance",
                )
        for node in lists:
            if node["what"] == "formulas":
                node.replace_self(self.formula_entries(formulas) or self.none("No figure"))
            else:
                chosen = {
                    t: e for t, e in queries.items() if e["evidence"]["dataset"] == node["dataset"]
                }
                node.replace_self(self.dataset_uses(chosen))
        for node in list(self.document.findall(evidence_ref)):
            self.link(node, found)

    def none(self, what):
        return [nodes.paragraph(text=f"{what} in the book comes from here yet.")]

    def dataset_uses(self, chosen):
        """A dataset page's queries, the tables drawing on it, or (only when true) that no
        figure in the book comes from it."""
        mine = set(_store(self.env).sahel_targets.get(self.env.docname, ())) | set(chosen)
        out = self.query_entries(chosen)
        tables = tables_using(self.env, mine)
        if tables:
            line = nodes.paragraph(classes=["evidence-tables"])
            line += nodes.Text("Tables drawing on it: ")
            for i, (doc, label) in enumerate(tables):
                if i:
                    line += nodes.Text(", ")
                line += make_refnode(self.app.builder, self.env.docname, doc, label,
                                     nodes.Text(self.table_name(doc, label)))
            out.insert(0, line)
        if not chosen and facts_used(self.env, mine):
            out.append(nodes.paragraph(text="No query: the figures the book takes from here "
                                       "are the facts below, each linked from where it is "
                                       "shown."))
        return out or self.none("No figure")

    def table_name(self, doc, label):
        """"Table 3.2 (Chapter title)": a table by its number and page."""
        number = self.env.toc_fignumbers.get(doc, {}).get("table", {}).get(label)
        name = f"Table {'.'.join(map(str, number))}" if number else label
        return f"{name} ({_title(self.env, doc)})"

    def link(self, node, found):
        described = node["evidence"]
        target = described["target"]
        child = [c.deepcopy() for c in node.children]
        if target not in found:
            LOGGER.warning(
                f"evidence of {node.get('key') or node.get('text')!r} links to {target!r}, "
                "which no page defines [sahel.provenance]",
                location=node,
                type="sahel",
                subtype="provenance",
            )
            node.replace_self(child)
            return
        ref = make_refnode(
            self.app.builder, self.env.docname, found[target], target, child, described["title"]
        )
        ref["classes"] += ["evidence", described["kind"]]
        ref["ids"] += node.get("ids", [])
        node.replace_self(ref)

    def pages_line(self, pages):
        """"Shown in:" each page using the figure, linked to the figure's first use there."""
        line = nodes.paragraph(classes=["evidence-where"])
        line += nodes.Text("Shown in: ")
        for i, (doc, anchor) in enumerate(pages):
            if i:
                line += nodes.Text(", ")
            line += make_refnode(
                self.app.builder, self.env.docname, doc, anchor, nodes.Text(_title(self.env, doc))
            )
        return line

    def inputs_list(self, described):
        items = nodes.bullet_list(classes=["evidence-inputs"])
        for value in described["inputs"]:
            item = nodes.list_item()
            para = nodes.paragraph()
            para += evidence_ref("", nodes.inline(value["text"], value["text"]),
                                 evidence=value, key=value["text"])
            para += nodes.Text(f": {value['title']}")
            item += para
            items += item
        return items

    def formula_entries(self, formulas):
        boxes = []
        for target, entry in formulas.items():
            described = entry["evidence"]
            box = nodes.container(ids=[target], classes=["evidence-entry", "formula"])
            head = nodes.paragraph()
            head += nodes.strong(text=" or ".join(entry["values"]) or described["name"])
            head += nodes.Text(f": {described['words']}.")
            box += head
            if described["inputs"]:
                box += nodes.paragraph(text="From:")
                box += self.inputs_list(described)
            box += self.pages_line(entry["pages"])
            boxes.append(box)
        return boxes

    def query_entries(self, queries):
        boxes = []
        for target, entry in queries.items():
            q = entry["evidence"]
            box = nodes.container(ids=[target], classes=["evidence-entry", "query"])
            head = nodes.paragraph()
            head += nodes.strong(text=f"{q['result']}: ")
            head += nodes.Text(q["words"])
            box += head
            box += nodes.paragraph(text=f"Rows selected: {q['rows']:,}.")
            if "select" in q:
                box.extend(self.rows_of(q, target))
            box += self.pages_line(entry["pages"])
            boxes.append(box)
        return boxes

    def rows_of(self, q, target):
        """The rows a query selects: its pandas line, the rows themselves (a few inline, more
        counted by the selection's grouping in a collapsed table) and a CSV of them all."""
        from sahel.evidence import selection as sel

        chosen = sel.Selection.from_dict(q["select"])
        path, rows = _selected(q["dataset"], chosen)
        out = [nodes.paragraph(text="To select the same rows, with pandas imported as pd, from "
                               "the repository's root:")]
        out.append(nodes.literal_block(text=sel.pandas_line(path, chosen), language="python",
                                       classes=["evidence-pandas"]))
        csv_uri = self.rows_csv(target, rows)
        link = nodes.paragraph()
        link += nodes.reference("", f"The {len(rows):,} rows selected (CSV)", refuri=csv_uri,
                                classes=["evidence-rows-csv"])
        out.append(link)
        shown = rows[list(chosen.show)] if chosen.show else rows
        if len(rows) <= sel.INLINE_ROWS:
            out.append(_table(shown, classes=["evidence-rows"]))
        elif chosen.group:
            by = ", ".join(chosen.group)
            out.append(nodes.raw("", f"<details class=\"evidence-rows\"><summary>The rows "
                                 f"counted by {_escape(by)}</summary>", format="html"))
            out.append(_table(sel.grouped(rows, chosen), classes=["evidence-rows"]))
            out.append(nodes.raw("", "</details>", format="html"))
        return out

    def rows_csv(self, target, rows):
        """Write the selected rows to ``_rows/TARGET.csv`` in the output; its URI from here."""
        folder = Path(self.app.outdir) / ROWS_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        text = rows.to_csv(index=False, lineterminator="\n")
        file = folder / f"{target}.csv"
        if not file.is_file() or file.read_text(encoding="utf-8") != text:
            file.write_text(text, encoding="utf-8")
        if self.app.builder.name == "singlehtml":
            return f"{ROWS_FOLDER}/{target}.csv"
        page = self.app.builder.get_target_uri(self.env.docname)
        return posixpath.relpath(f"{ROWS_FOLDER}/{target}.csv", posixpath.dirname(page) or ".")


def setup(app):
    app.setup_extension("myst_nb")
    app.add_config_value("sahel_provenance_exempt", [], "env", types=[list])
    app.add_domain(SahelGlueDomain, override=True)
    app.add_node(evidence_ref)
    app.add_node(evidence_list)
    app.add_directive("evidence-source", SourceDirective)
    app.add_directive("evidence-dataset", DatasetDirective)
    app.add_directive("evidence-formulas", FormulasDirective)
    app.add_post_transform(ResolveEvidence)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _outdated)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
