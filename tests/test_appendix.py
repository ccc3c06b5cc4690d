"""The appendix tables: the ledger listing and the data-files list."""


import pytest

from sahel import paths
from sahel.chapters import appendix
from sahel.evidence import claims
from sahel.evidence.corpus import load_corpus
from sahel.evidence.errors import SahelInputError
from tests.book import copy_tree


def test_ledger_table_has_every_claim_with_a_citation():
    corpus = load_corpus()
    ledger = claims.load_ledger(corpus=corpus)
    table = appendix.ledger_table(ledger, corpus)
    assert list(table["claim"]) == [c.id for c in ledger]
    assert all(s.startswith("{cite:t}`") for s in table["source"])


def test_every_csv_in_data_is_in_the_codebook():
    files = appendix.data_files()
    assert len(files) == len(list(paths.DATA.rglob("*.csv")))
    assert appendix.data_figures(files) == {"data_file_count": f"{len(files):,}"}


def test_ledger_and_coverage_figures():
    corpus = load_corpus()
    ledger = claims.load_ledger(corpus=corpus)
    assert appendix.ledger_figures(ledger) == {
        "ledger_claims": f"{len(ledger):,}",
        "ledger_subjects": f"{len(ledger.subjects()):,}",
    }
    counts = appendix.coverage_counts(corpus, ledger)
    assert set(appendix.COVERAGE_SHOWN) <= set(counts.columns)
    assert appendix.coverage_figures(counts)["coverage_unaccounted"] == "0"


def test_a_stray_csv_fails_the_data_page(tmp_path):
    data = tmp_path / "data"
    copy_tree(paths.DATA, data)
    (data / "derived" / "stray.csv").write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(SahelInputError, match=r"codebook\.csv: no entry for derived/stray\.csv"):
        appendix.data_files(data)


def test_a_stale_codebook_entry_fails(tmp_path):
    data = tmp_path / "data"
    copy_tree(paths.DATA, data)
    (data / "derived" / "checks.csv").unlink()
    with pytest.raises(SahelInputError, match=r"entries for missing files derived/checks\.csv"):
        appendix.data_files(data)
