"""The synthetic corpora of the scaling benchmark pass the project's own checks."""

import csv
import re

import pytest

from bench import synthetic
from sahel.evidence import claims, coverage
from sahel.evidence.corpus import load_corpus
from sahel.evidence.errors import RegistryError
from sahel.evidence.registry import load_registry


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return synthetic.generate(12, tmp_path_factory.mktemp("synthetic") / "corpus")


@pytest.fixture(scope="module")
def loaded(generated):
    corpus = load_corpus(generated.registry, generated.seeds)
    ledger = claims.load_ledger(generated.ledger, corpus)
    exclusions = coverage.load_exclusions(corpus, generated.exclusions_csv)
    return corpus, ledger, exclusions


def test_documents_are_press_release_sized_utf8_with_numbers(generated):
    files = sorted(generated.seeds.iterdir())
    assert len(files) == generated.documents == 12
    for path in files:
        data = path.read_bytes()
        assert synthetic.SIZE[0] <= len(data) <= synthetic.SIZE[1]
        text = data.decode("utf-8")
        assert not text.isascii() and any(ch.isdigit() for ch in text)


def test_every_claim_verifies_and_every_number_is_accounted_for(generated, loaded):
    corpus, ledger, exclusions = loaded
    assert len(corpus) == 12 and len(ledger) == generated.claims > 12 * 5
    tokens = coverage.scan(corpus, ledger, exclusions)
    assert {t.status for t in tokens} == {"claimed", "excluded"}
    assert {t.kind for t in tokens} == {coverage.DIGIT, coverage.WORD}
    assert len(exclusions) == generated.exclusions


def test_quotes_file_holds_every_quote(generated, loaded):
    _, ledger, _ = loaded
    lines = generated.quotes.read_text(encoding="utf-8").splitlines()
    assert lines == [c.quote for c in ledger]


def test_generation_is_reproducible(generated, tmp_path):
    again = synthetic.generate(12, tmp_path / "again")
    for name in ("sources.csv", "claims.csv", "coverage_exclusions.csv"):
        assert (again.root / name).read_bytes() == (generated.root / name).read_bytes()


def test_ledger_indexes_match_a_plain_filter(loaded):
    corpus, ledger, _ = loaded
    for sid in [*corpus, "S9999"]:
        assert ledger.for_source(sid) == [c for c in ledger if c.source == sid]
    for subject in [*ledger.subjects(), "no.such.subject"]:
        assert ledger.by_subject(subject) == [c for c in ledger if c.subject == subject]


def test_a_tampered_quote_is_caught_at_scale(generated, loaded, tmp_path):
    corpus, _, _ = loaded
    rows = list(csv.DictReader(generated.ledger.open(encoding="utf-8")))
    row = next(r for r in reversed(rows) if " about " in r["quote"])
    row["quote"] = row["quote"].replace(" about ", " around ")
    path = tmp_path / "claims.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=claims.COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(claims.ClaimError, match=rf"claim {row['id']} .*quote not found"):
        claims.load_ledger(path, corpus)


@pytest.mark.parametrize("column", ["file", "bibkey"])
def test_registry_names_every_duplicated_file_and_bibkey(generated, tmp_path, column):
    rows = list(csv.DictReader(generated.registry.open(encoding="utf-8")))
    rows[5][column], rows[9][column] = rows[2][column], rows[7][column]
    path = tmp_path / "sources.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    expected = ", ".join(sorted([rows[2][column], rows[7][column]]))
    with pytest.raises(RegistryError, match=f"duplicate {column} {re.escape(expected)}$"):
        load_registry(path)
