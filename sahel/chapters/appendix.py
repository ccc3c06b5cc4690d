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
from sahel.provenance import Formula, Quote, traced
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
    """How many claims and subjects the ledger holds, formatted for prose (traced)."""
    return {
        "ledger_claims": traced(
            number(len(ledger)),
            Formula("the rows of the claims ledger, data/claims.csv, each a claim with its quote "
                    "(the table of the claims ledger appendix)", name="ledger_claims"),
        ),
        "ledger_subjects": traced(
            number(len(ledger.subjects())),
            Formula("the different subjects those claims are about", name="ledger_subjects"),
        ),
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
        "ledger_plural_rule": traced(
            PLURAL_RULE,
            Formula("the rule for plural number words, as sahel/evidence/qualifiers.py states "
                    "it: two of the word's unit, at least", name="ledger_plural_rule"),
        ),
        "ledger_interval_examples": traced(
            and_list(examples),
            Formula("the first claim in the ledger with each qualifier, read as the interval "
                    "the qualifier means", tuple(traced(as_written(c), Quote(c))
                                                 for c in first.values())),
        ),
    }


def word_claims(ledger):
    """The method note on numbers in words: the rule (:data:`sahel.evidence.numberwords.RULE`),
    how many claims have a quantity written in words ("two", "by the end of the year") and
    each distinct wording once, as its source words it."""
    found = [c for c in ledger if not any(ch.isdigit() for ch in c.quantity)]
    wordings = list(dict.fromkeys(f"“{as_written(c)}”" for c in found))
    return {
        "coverage_word_rule": traced(
            numberwords.RULE,
            Formula("the rule for numbers in words, as sahel/evidence/numberwords.py states it "
                    "(its examples are words, not figures of the report)",
                    name="coverage_word_rule"),
        ),
        "coverage_word_claims": traced(
            number(len(found)),
            Formula("the claims whose quantity is written without a digit",
                    name="coverage_word_claims"),
        ),
        "coverage_word_examples": and_list(wordings),
    }


def coverage_counts(corpus, ledger):
    """Per fully covered source: digit tokens and number words, and how many of them are
    claimed, excluded and unaccounted for (:func:`sahel.evidence.coverage.summary`)."""
    return coverage.summary(coverage.scan(corpus, ledger, coverage.load_exclusions(corpus)))


def coverage_figures(table):
    """Totals of the coverage summary, formatted for prose, each traced to what it counts (the
    coverage table of the ledger appendix shows them source by source): all numbers, digit
    tokens and number words, and how many are claimed, excluded and unaccounted for."""
    totals = table[["tokens", "digits", "words", "claimed", "excluded", "unaccounted"]].sum()
    among = (
        "of the numbers in the fully covered sources (tokens holding a digit and number words), "
    )
    digits = traced(
        number(totals["digits"]),
        Formula("the tokens (runs of characters between spaces) holding a digit in the fully "
                "covered sources", name="coverage_digits"),
    )
    words = traced(
        number(totals["words"]),
        Formula("the number words, ordinals and implicit dates in the fully covered sources "
                "(the vocabulary of sahel/evidence/numberwords.py)", name="coverage_words"),
    )
    tokens = traced(
        number(totals["tokens"]),
        Formula("the tokens holding a digit plus the number words", (digits, words),
                name="coverage_tokens"),
    )
    claimed = traced(
        number(totals["claimed"]),
        Formula(among + "those a claim uses: the figure it reads or the year of its period, "
                "inside its quote", name="coverage_claimed"),
    )
    return {
        "coverage_tokens": tokens,
        "coverage_digits": digits,
        "coverage_words": words,
        "coverage_claimed": claimed,
        "coverage_excluded": traced(
            number(totals["excluded"]),
            Formula(among + "those excluded with a reason in data/coverage_exclusions.csv",
                    name="coverage_excluded"),
        ),
        "coverage_unaccounted": traced(
            number(totals["unaccounted"]),
            Formula(among + "those neither claimed nor excluded", name="coverage_unaccounted"),
        ),
        "coverage_sources": traced(
            number(len(table)),
            Formula("the sources whose every number must be claimed or excluded",
                    name="coverage_sources"),
        ),
        "coverage_claimed_pct": traced(
            whole_percent(totals["claimed"] / totals["tokens"]),
            Formula("the claimed numbers divided by all the numbers", (claimed, tokens),
                    name="coverage_claimed_pct"),
        ),
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
    return {
        "data_file_count": traced(
            number(len(files)),
            Formula("the CSV files in the repository's data/ folder, each listed in "
                    "data/codebook.csv", name="data_file_count"),
        )
    }
