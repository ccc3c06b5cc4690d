"""The "Sources" chapter: what the five documents are, how long, how dated."""

import pandas as pd

from sahel.formatting import number
from sahel.provenance import Formula, traced

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


def summary(corpus):
    """Pre-formatted figures the chapter's prose glues in, keyed by glue name, each traced to
    what it counts (the registry, data/sources.csv, and the documents themselves)."""
    sources = [d.source for d in corpus.values()]
    words = [d.words for d in corpus.values()]
    dated = [s for s in sources if s.date]
    counted = "words (runs of characters between spaces)"
    return {
        "sources_count": traced(
            number(len(sources)),
            Formula("the documents registered in data/sources.csv", name="sources_count"),
        ),
        "sources_words_total": traced(
            number(sum(words)),
            Formula(f"the {counted} of every document, added up", name="sources_words_total"),
        ),
        "sources_words_min": traced(
            number(min(words)),
            Formula(f"the {counted} of the shortest document", name="sources_words_min"),
        ),
        "sources_words_max": traced(
            number(max(words)),
            Formula(f"the {counted} of the longest document", name="sources_words_max"),
        ),
        "sources_dated_count": traced(
            number(len(dated)),
            Formula("the documents the registry gives a publication date", name="sources_dated"),
        ),
        "sources_undated_count": traced(
            number(len(sources) - len(dated)),
            Formula("the documents without one", name="sources_undated"),
        ),
        "sources_bytes_total": traced(
            number(sum(s.bytes for s in sources)),
            Formula("the size in bytes of every document, added up", name="sources_bytes"),
        ),
        "sources_sha_prefix_len": number(SHA_PREFIX),
    }
