"""Provenance travels with a glued value: traced text, its description, and how it is glued."""

import pickle

import IPython
import pytest

from sahel import provenance, publish
from sahel.chapters import norway
from sahel.provenance import Fact, Formula, ProvenanceError, Query, Quote, traced


def test_traced_text_is_the_plain_string_with_evidence(ledger):
    claim = ledger.get("C000-07")
    value = traced("NOK 745 million", Quote(claim))
    assert value == "NOK 745 million" and isinstance(value, str)
    assert f"{value}" == "NOK 745 million" and repr(value) == repr("NOK 745 million")
    assert provenance.evidence_of(value) == Quote(claim)
    assert provenance.evidence_of("plain") is None
    assert provenance.evidence_of(value + "!") is None  # a new string carries nothing
    assert pickle.loads(pickle.dumps(value)).evidence == Quote(claim)


def test_traced_refuses_numbers_and_non_evidence(ledger):
    with pytest.raises(TypeError, match="formatted text"):
        traced(745, Quote(ledger.get("C000-07")))
    with pytest.raises(ProvenanceError, match="Quote, Fact, Query, Dataset or Formula"):
        traced("745", "C000-07")
    with pytest.raises(ProvenanceError, match="ledger claims"):
        Quote("C000-07")
    with pytest.raises(ProvenanceError, match="at least one"):
        Quote()


def test_a_formula_input_must_carry_evidence(ledger):
    with pytest.raises(ProvenanceError, match="carries no evidence"):
        Formula("a divided by b", ("180", "745"))


def test_anchors_are_lower_case_slugs():
    assert provenance.claim_anchor("C000-10") == "claim-c000-10"
    assert provenance.exclusion_anchor("E003-01") == "exclusion-e003-01"
    assert provenance.fact_anchor("R01") == "fact-r01"
    assert provenance.query_anchor("R-UNFAT-2025", "deaths in Mali") == (
        "query-r-unfat-2025-deaths-in-mali"
    )
    assert provenance.formula_anchor("norway_mali_share") == "how-norway-mali-share"
    with pytest.raises(ProvenanceError):
        provenance.slug("--")


def test_describe_a_quote_fact_and_query(ledger):
    claims = ledger.get("C000-01"), ledger.get("C001-01")
    quote = provenance.describe(Quote(*claims), titles={"S000": "Norwegian Embassy in Mali"})
    assert quote["kind"] == "quote" and quote["target"] == "claim-c000-01"
    assert quote["claims"] == ["C000-01", "C001-01"]
    assert claims[0].quote in quote["title"] and claims[1].quote in quote["title"]
    assert "S000, Norwegian Embassy in Mali" in quote["title"]
    fact = provenance.describe(Fact("R01", "The Council adopted it", "United Nations"))
    assert fact["target"] == "fact-r01" and "The Council adopted it" in fact["title"]
    query = provenance.describe(Query("R-UNFAT-2025", "mali", "rows for MINUSMA", 311, "311"))
    assert query["target"] == "query-r-unfat-2025-mali" and query["rows"] == 311
    assert "rows for MINUSMA" in query["title"]
    dataset = provenance.describe(provenance.Dataset("R-UNFAT-2025", "version", "2025-04-04"))
    assert dataset["target"] == "dataset-r-unfat-2025" and "version 2025-04-04" in dataset["title"]


def test_a_formula_names_itself_after_its_key_and_nested_ones_after_it(ledger):
    mali = traced("NOK 180 million", Quote(ledger.get("C000-08")))
    sahel = traced("NOK 745 million", Quote(ledger.get("C000-07")))
    share = traced("24.2%", Formula("Mali's part divided by the whole", (mali, sahel)))
    twice = Formula("the share, twice", (share, traced("48.4%", Formula("x2", (share,)))))
    described = provenance.describe(twice, "double_share")
    assert described["target"] == "how-double-share"
    assert [i["text"] for i in described["inputs"]] == ["24.2%", "48.4%"]
    assert [i["target"] for i in described["inputs"]] == [
        "how-double-share-1", "how-double-share-2"
    ]
    assert [f["target"] for f in provenance.formulas(described)] == [
        "how-double-share", "how-double-share-1", "how-double-share-2", "how-double-share-2-1"
    ]
    assert described["inputs"][0]["inputs"][0]["target"] == "claim-c000-08"
    with pytest.raises(ProvenanceError, match="no name"):
        provenance.describe(Formula("unnamed"))


def test_queries_are_found_among_inputs():
    query = traced("12", Query("R-UNFAT-2025", "q", "rows", 12, "12"))
    described = provenance.describe(Formula("twice", (query, query)), "k")
    assert [q["name"] for q in provenance.queries(described)] == ["q", "q"]


def test_glue_text_glues_the_evidence_beside_the_text(ledger, monkeypatch):
    import myst_nb

    glued = {}

    def fake_glue(key, value, display=True):
        glued[key] = IPython.core.formatters.format_display_data(value)[0]

    monkeypatch.setattr(myst_nb, "glue", fake_glue)
    publish.glue_text("plain", "5")
    publish.glue_text("share", traced("24.2%", Formula("a share")))
    assert glued["plain"] == {"text/plain": "'5'"}
    assert glued["share"]["text/plain"] == "'24.2%'"
    assert glued["share"][provenance.MIME]["target"] == "how-share"


def test_every_figure_of_the_norway_chapter_is_traced(ledger, corpus):
    coverage = norway.bamako_coverage(corpus[norway.SOURCE].text)
    figures = norway.summary(ledger, coverage)
    untraced = [k for k, v in figures.items() if provenance.evidence_of(v) is None]
    assert not untraced
    share = provenance.describe(figures["norway_mali_share"].evidence, "norway_mali_share")
    assert [i["claims"] for i in share["inputs"]] == [["C000-08"], ["C000-07"]]
