"""The ledger appendix: every claim with its source and quote, and the coverage figures."""

import pandas as pd

from sahel.evidence import coverage, numberwords
from sahel.evidence.qualifiers import (
    EXACT,
    PLURAL_RULE,
    TOLERANCE_RULE,
    as_written,
    interval,
    range_text,
)
from sahel.formatting import and_list, figure, number, whole_percent
from sahel.publish import cite


def ledger_table(ledger, corpus):
    """One row per claim, as the appendix shows it (the source column holds a citation)."""
    return pd.DataFrame(
        [
            {
                "claim": c.id,
                "source": cite(corpus[c.source].source.bibkey),
                "subject": c.subject,
                "as written": as_written(c),
                "normalised": c.date
                if c.is_date
                else (number(c.value) if isinstance(c.value, int | float) else c.value),
                "unit": c.unit,
                "quote": c.quote,
            }
            for c in ledger
        ]
    )


def ledger_figures(ledger):
    """How many claims and subjects the ledger holds, formatted for prose."""
    return {
        "ledger_claims": number(len(ledger)),
        "ledger_subjects": number(len(ledger.subjects())),
    }


def qualifier_figures(ledger):
    """The method note on qualifiers: the tolerance rule and, for each qualifier the ledger uses
    on a number, its first claim read as an interval ("“around 180” is 175 to 185")."""
    first = {}
    for c in ledger:
        if not c.is_date and isinstance(c.value, int | float) and c.qualifier != EXACT:
            first.setdefault(c.qualifier, c)
    examples = [
        f"“{as_written(c)}” means {range_text(interval(c), figure)}"
        for c in first.values()
    ]
    return {
        "ledger_tolerance_rule": TOLERANCE_RULE,
        "ledger_plural_rule": PLURAL_RULE,
        "ledger_interval_examples": and_list(examples),
    }


def word_claims(ledger):
    """The method note on numbers in words: the rule (:data:`sahel.evidence.numberwords.RULE`),
    how many claims have a quantity written in words ("two", "by the end of the year") and
    each distinct wording once, as its source words it."""
    found = [c for c in ledger if not any(ch.isdigit() for ch in c.quantity)]
    wordings = list(dict.fromkeys(f"“{as_written(c)}”" for c in found))
    return {
        "coverage_word_rule": numberwords.RULE,
        "coverage_word_claims": number(len(found)),
        "coverage_word_examples": and_list(wordings),
    }


def coverage_counts(corpus, ledger):
    """Per fully covered source: digit tokens and number words, and how many of them are
    claimed, excluded and unaccounted for (:func:`sahel.evidence.coverage.summary`)."""
    return coverage.summary(coverage.scan(corpus, ledger, coverage.load_exclusions(corpus)))


def coverage_figures(table):
    """Totals of the coverage summary, formatted for prose: all numbers, digit tokens and
    number words, and how many are claimed, excluded and unaccounted for."""
    totals = table[["tokens", "digits", "words", "claimed", "excluded", "unaccounted"]].sum()
    return {
        "coverage_tokens": number(totals['tokens']),
        "coverage_digits": number(totals['digits']),
        "coverage_words": number(totals['words']),
        "coverage_claimed": number(totals['claimed']),
        "coverage_excluded": number(totals['excluded']),
        "coverage_unaccounted": number(totals['unaccounted']),
        "coverage_sources": number(len(table)),
        "coverage_claimed_pct": whole_percent(totals["claimed"] / totals["tokens"]),
    }


COVERAGE_SHOWN = coverage.SUMMARY_COLUMNS
CODEBOOK_COLUMNS = ("id", "kind", "description")


def data_files(data_dir=None):
    """Every CSV in ``data/`` with its description, row count and columns.

    Fails if a CSV has no codebook entry or an entry names a missing file, so the Data page
    cannot drift from the folder.
    """
    from sahel import paths
    from sahel.evidence.errors import SahelInputError
    from sahel.evidence.tables import read_rows

    data_dir = data_dir or paths.DATA
    path = data_dir / "codebook.csv"
    entries = {r["id"]: r for r in read_rows(path, CODEBOOK_COLUMNS)}
    present = {p.relative_to(data_dir).as_posix() for p in data_dir.rglob("*.csv")}
    if missing := sorted(present - set(entries)):
        raise SahelInputError(f"{path}: no entry for {', '.join(missing)}")
    if stale := sorted(set(entries) - present):
        raise SahelInputError(f"{path}: entries for missing files {', '.join(stale)}")
    rows = []
    for name in sorted(entries, key=lambda n: (entries[n]["kind"] != "input", n)):
        frame = pd.read_csv(data_dir / name, dtype=str, keep_default_na=False)
        rows.append(
            {
                "file": f"{{download}}`{name} <../data/{name}>`",
                "kind": entries[name]["kind"],
                "rows": number(len(frame)),
                "columns": ", ".join(frame.columns),
                "holds": entries[name]["description"],
            }
        )
    return pd.DataFrame(rows)


def data_figures(files):
    """How many data files the Data appendix lists (``files``: :func:`data_files`)."""
    return {"data_file_count": number(len(files))}
