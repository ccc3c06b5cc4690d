"""The "Sources" chapter: what the five documents are, how long, how dated."""

import pandas as pd

from sahel.formatting import number

SHA_PREFIX = 12
SHOWN_COLUMNS = ("id", "title", "publisher", "date", "kind", "words", "sha256 prefix")


def date_label(source):
    """The publication date, or the window the text implies for an undated document."""
    if source.date:
        return source.date.isoformat()
    early = source.date_earliest.isoformat() if source.date_earliest else "?"
    late = source.date_latest.isoformat() if source.date_latest else "?"
    return f"undated ({early} to {late})"


def sources_table(corpus):
    """One row per document: what the Sources chapter's table shows (and its CSV holds)."""
    rows = [
        {
            "id": d.source.id,
            "title": d.source.title,
            "publisher": d.source.publisher,
            "author": d.source.author or "not stated",
            "date": date_label(d.source),
            "kind": d.source.kind,
            "words": d.words,
            "sha256 prefix": d.source.sha256[:SHA_PREFIX],
            "bibkey": d.source.bibkey,
        }
        for d in corpus.values()
    ]
    return pd.DataFrame(rows)


def dating_table(corpus):
    """Undated documents with the window their text implies and the reasoning."""
    rows = [
        {
            "id": d.source.id,
            "earliest": d.source.date_earliest.isoformat() if d.source.date_earliest else "",
            "latest": d.source.date_latest.isoformat() if d.source.date_latest else "none implied",
            "reasoning": d.source.date_note,
        }
        for d in corpus.values()
        if d.source.date is None
    ]
    return pd.DataFrame(rows, columns=["id", "earliest", "latest", "reasoning"])


def words_chart_data(corpus):
    """Exactly the numbers the words-per-source chart draws."""
    return pd.DataFrame(
        {
            "id": [d.source.id for d in corpus.values()],
            "kind": [d.source.kind for d in corpus.values()],
            "words": [d.words for d in corpus.values()],
        }
    )


def summary(corpus):
    """Pre-formatted figures the chapter's prose glues in, keyed by glue name."""
    sources = [d.source for d in corpus.values()]
    words = [d.words for d in corpus.values()]
    dated = [s for s in sources if s.date]
    return {
        "sources_count": number(len(sources)),
        "sources_words_total": number(sum(words)),
        "sources_words_min": number(min(words)),
        "sources_words_max": number(max(words)),
        "sources_dated_count": number(len(dated)),
        "sources_undated_count": number(len(sources) - len(dated)),
        "sources_bytes_total": number(sum(s.bytes for s in sources)),
        "sources_sha_prefix_len": number(SHA_PREFIX),
    }
