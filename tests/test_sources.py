"""The Sources chapter's computations."""

from sahel.chapters import sources
from sahel.evidence.corpus import load_corpus


def test_summary_counts_words_and_dates():
    corpus = load_corpus()
    summary = sources.summary(corpus)
    words = [len(d.text.split()) for d in corpus.values()]
    assert summary["sources_count"] == str(len(corpus))
    assert summary["sources_words_total"] == f"{sum(words):,}"
    assert summary["sources_words_max"] == f"{max(words):,}"
    dated = sum(1 for d in corpus.values() if d.source.date)
    assert summary["sources_dated_count"] == str(dated)
    assert summary["sources_undated_count"] == str(len(corpus) - dated)


def test_tables_cover_every_source():
    corpus = load_corpus()
    table = sources.sources_table(corpus)
    assert list(table["id"]) == list(corpus)
    assert all(len(p) == sources.SHA_PREFIX for p in table["sha256 prefix"])
    dating = sources.dating_table(corpus)
    assert set(dating["id"]) == {k for k, d in corpus.items() if d.source.date is None}


def test_undated_label_shows_window():
    corpus = load_corpus()
    assert sources.date_label(corpus["S002"].source) == "undated (2023-06-30 to 2023-12-31)"
    assert sources.date_label(corpus["S003"].source) == "2023-12-12"


