"""Where each glued figure comes from: provenance that travels with the value.

A chapter module returns its figures as formatted strings. A figure that should be clickable to
its evidence is returned as :func:`traced` text instead, a ``str`` that also carries its
evidence, so it still formats, compares and glues exactly as before::

    aid = traced(nok(claim.value), Quote(claim))                  # read from a source
    days = traced(fmt_range(*gap), Formula("days from … to …", (vote, announced)))
    deaths = traced(number(n), Query("R-UNFAT-2025", "deaths-mali", "rows where …", n, ...))
    ended = traced(fmt_date(fact["value"]), Fact(fact))          # a fact of the public record

:func:`sahel.publish.glue_text` glues the evidence beside the text, in the same glue output,
as the JSON of :func:`describe` under the MIME type :data:`MIME`. The book's Sphinx extension
(``tooling/evidence_links.py``) turns the glued text into a link to the evidence:

- :class:`Quote` → the claim's highlighted quote on its source's page (``book/sources/``);
- :class:`Fact` → the fact's entry on the official record's page (``book/record/``);
- :class:`Query` → the query's entry on its dataset's page (words, rows, result);
- :class:`Dataset` → a dataset's registry entry on its page (its version, sha256, licence…);
- :class:`Formula` → the figure's entry in the appendix "How each figure is computed": the
  formula in words and its inputs, each a traced value linked to its own evidence in turn.

Link targets are the anchors below (one home for their spelling); the hover text is the quote,
the fact, the query in words or the formula. Nothing here reads files: a quote's text and a
fact's words come from the objects the chapter already holds (a ledger ``Claim``, a row of
:func:`sahel.evidence.record.facts`).
"""

import re
from dataclasses import dataclass

#: The glue output's MIME type for a value's evidence (beside its ``text/plain``).
MIME = "application/vnd.sahel.evidence+json"
#: A table's glue output's MIME type for its cells' evidence (beside its ``text/markdown``):
#: ``{"label": the table's name, "cells": {"ROW:COLUMN": {"text": …, **described}}}``.
CELLS_MIME = "application/vnd.sahel.cells+json"
KINDS = ("quote", "fact", "query", "dataset", "formula")


class ProvenanceError(ValueError):
    """Evidence that cannot be described: no claim, an input without evidence, …"""


def slug(text):
    """Lower-case letters and digits joined by single hyphens: "C000-10" → "c000-10"."""
    out = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")
    if not out:
        raise ProvenanceError(f"{text!r} gives an empty anchor")
    return out


def claim_anchor(claim_id):
    """The anchor of a ledger claim's highlighted quote on its source's page."""
    return f"claim-{slug(claim_id)}"


def exclusion_anchor(exclusion_id):
    """The anchor of a coverage exclusion's marked context on its source's page."""
    return f"exclusion-{slug(exclusion_id)}"


def fact_anchor(fact_id):
    """The anchor of a fact of the official record on its dataset's page."""
    return f"fact-{slug(fact_id)}"


def query_anchor(dataset, name):
    """The anchor of a query's entry on its dataset's page."""
    return f"query-{slug(dataset)}-{slug(name)}"


def dataset_anchor(dataset):
    """The anchor of a record dataset's registry entry on its page."""
    return f"dataset-{slug(dataset)}"


def formula_anchor(name):
    """The anchor of a derived figure's entry in "How each figure is computed"."""
    return f"how-{slug(name)}"


class Traced(str):
    """A formatted figure that carries its evidence (``.evidence``); otherwise a plain ``str``."""

    __slots__ = ("evidence",)

    def __new__(cls, text, evidence):
        if not isinstance(text, str):
            raise TypeError(f"trace formatted text, not {type(text).__name__}: {text!r}")
        if not isinstance(evidence, Quote | Fact | Query | Dataset | Formula):
            raise ProvenanceError(
                f"{text!r}: evidence must be a Quote, Fact, Query, Dataset or Formula"
            )
        self = super().__new__(cls, text)
        self.evidence = evidence
        return self

    def __reduce__(self):
        return (Traced, (str(self), self.evidence))


def traced(text, evidence):
    """``text`` (a formatted figure) with the evidence it came from."""
    return Traced(text, evidence)


def derived(key, text, words, *inputs):
    """``text`` computed as ``words`` says from ``inputs`` (traced values), its formula named
    after its glue ``key``: the common case of :class:`Formula` evidence."""
    return Traced(text, Formula(words, inputs, name=key))


def evidence_of(text):
    """The evidence a glued string carries, or None for a plain string."""
    return getattr(text, "evidence", None)


@dataclass(frozen=True, init=False)
class Quote:
    """Read from a source: one or more ledger claims stating the figure (the first is linked;
    the hover text gives every quote)."""

    claims: tuple

    def __init__(self, *claims):
        if not claims:
            raise ProvenanceError("a Quote needs at least one claim")
        for claim in claims:
            if not (hasattr(claim, "id") and hasattr(claim, "quote")):
                raise ProvenanceError(f"a Quote takes ledger claims, not {claim!r}")
        object.__setattr__(self, "claims", tuple(dict.fromkeys(claims)))


@dataclass(frozen=True)
class Fact:
    """A fact of the official record (a row of ``official_record.csv``): ``id`` and its words."""

    id: str
    fact: str
    publisher: str = ""

    @classmethod
    def of(cls, row):
        """From a row of :func:`sahel.evidence.record.facts` (a Series or a mapping)."""
        return cls(row["id"], row["fact"], row.get("publisher", ""))


@dataclass(frozen=True)
class Query:
    """A query the book runs on a record dataset: its filter in ``words``, the ``rows`` it
    selects and its ``result`` as shown; ``name`` makes its anchor on the dataset's page.
    ``select`` (a :class:`sahel.evidence.selection.Selection`) gives the same rows as
    conditions on the file's columns: the dataset's page then lists the rows, links a CSV of
    them and shows the one line of pandas that selects them."""

    dataset: str
    name: str
    words: str
    rows: int
    result: str
    select: object = None

    def __post_init__(self):
        from sahel.evidence.selection import Selection

        if self.select is not None and not isinstance(self.select, Selection):
            raise ProvenanceError(f"query {self.name!r}: select must be a Selection")


@dataclass(frozen=True)
class Dataset:
    """What the record's registry says of a dataset: its ``field`` (e.g. "version") is
    ``value``."""

    id: str
    field: str
    value: str


@dataclass(frozen=True)
class Formula:
    """Computed from other figures: the formula in ``words`` and its ``inputs`` (traced values,
    each linked to its own evidence). ``name`` makes its anchor; a figure's formula is named
    after its glue key unless given one, a nested formula after its parent's."""

    words: str
    inputs: tuple = ()
    name: str = ""

    def __post_init__(self):
        object.__setattr__(self, "inputs", tuple(self.inputs))
        for value in self.inputs:
            if evidence_of(value) is None:
                raise ProvenanceError(
                    f"formula {self.words!r}: input {value!r} carries no evidence (trace it)"
                )


def _source_line(claim, titles):
    title = titles.get(claim.source)
    return f"{claim.source}, {title}" if title else claim.source


def describe(evidence, name="", *, titles=None):
    """The JSON the glue output carries for ``evidence``: its kind, link ``target`` (anchor),
    hover ``title`` and what the evidence pages show (a formula's words and inputs, a query's
    rows and result). ``name`` names a formula without one (its glue key); ``titles`` maps
    source ids to titles for the hover text of quotes."""
    titles = titles or {}
    if isinstance(evidence, Quote):
        lines = [
            f"\u201c{c.quote}\u201d ({c.id}, {_source_line(c, titles)})" for c in evidence.claims
        ]
        return {
            "kind": "quote",
            "target": claim_anchor(evidence.claims[0].id),
            "claims": [c.id for c in evidence.claims],
            "title": "Quoted: " + " \u2014 ".join(lines),
        }
    if isinstance(evidence, Fact):
        by = f" ({evidence.publisher})" if evidence.publisher else ""
        return {
            "kind": "fact",
            "target": fact_anchor(evidence.id),
            "fact": evidence.id,
            "title": f"Public record {evidence.id}: {evidence.fact}{by}",
        }
    if isinstance(evidence, Query):
        described = {
            "kind": "query",
            "target": query_anchor(evidence.dataset, evidence.name),
            "dataset": evidence.dataset,
            "name": evidence.name,
            "words": evidence.words,
            "rows": int(evidence.rows),
            "result": evidence.result,
            "title": f"Query on {evidence.dataset}: {evidence.words} \u2192 {evidence.result}",
        }
        if evidence.select is not None:
            described["select"] = evidence.select.as_dict()
        return described
    if isinstance(evidence, Dataset):
        return {
            "kind": "dataset",
            "target": dataset_anchor(evidence.id),
            "dataset": evidence.id,
            "title": f"Registry of the record: {evidence.id}, {evidence.field} {evidence.value}",
        }
    if isinstance(evidence, Formula):
        own = evidence.name or name
        if not own:
            raise ProvenanceError(f"formula {evidence.words!r} has no name (give it one)")
        inputs = []
        for i, value in enumerate(evidence.inputs, start=1):
            inner = evidence_of(value)
            nested = f"{own}-{i}" if isinstance(inner, Formula) and not inner.name else ""
            inputs.append({"text": str(value), **describe(inner, nested, titles=titles)})
        shown = "; ".join(i["text"] for i in inputs)
        return {
            "kind": "formula",
            "target": formula_anchor(own),
            "name": own,
            "words": evidence.words,
            "inputs": inputs,
            "title": f"Computed: {evidence.words}" + (f" (from {shown})" if shown else ""),
        }
    raise ProvenanceError(f"not evidence: {evidence!r}")


def formulas(described):
    """Every formula in a described evidence, itself and nested ones, outermost first."""
    if described.get("kind") != "formula":
        return []
    found = [described]
    for value in described["inputs"]:
        found += formulas(value)
    return found


def facts(described):
    """Every fact in a described evidence (itself or among a formula's inputs, nested)."""
    if described.get("kind") == "fact":
        return [described]
    return [f for value in described.get("inputs", ()) for f in facts(value)]


def queries(described):
    """Every query in a described evidence (itself or among a formula's inputs, nested)."""
    if described.get("kind") == "query":
        return [described]
    return [q for value in described.get("inputs", ()) for q in queries(value)]
