"""The claims ledger: every row verified against its source; bad rows named by claim id."""

import csv

import pytest

from sahel.evidence import claims, coverage
from sahel.evidence.corpus import load_corpus
from sahel.evidence.errors import DuplicateIdError
from sahel.evidence.quantities import parse_date, parse_number


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


@pytest.fixture
def ledger_copy(tmp_path):
    """A writable copy of the ledger: (path, rows as dicts)."""
    rows = list(csv.DictReader(claims.CLAIMS_CSV.open(encoding="utf-8")))
    return tmp_path / "claims.csv", rows


def write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=claims.COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def row(rows, claim_id):
    return next(r for r in rows if r["id"] == claim_id)


def test_committed_ledger_verifies(corpus):
    ledger = claims.load_ledger(corpus=corpus)
    assert len(ledger) > 0
    assert {c.source for c in ledger} == set(corpus)


def test_quote_not_in_source_names_claim_and_file(corpus, ledger_copy):
    path, rows = ledger_copy
    row(rows, "C001-03")["quote"] = "with over 171 peacekeepers killed in Mali since 2013"
    with pytest.raises(
        claims.ClaimError,
        match=r"claim C001-03 \(S001\): quote not found verbatim "
        r"in 001_cd28ea386d30adad\.txt",
    ):
        claims.load_ledger(write(path, rows), corpus)


def test_wrong_value_for_its_quote(corpus, ledger_copy):
    path, rows = ledger_copy
    row(rows, "C000-07")["value"] = "745000"
    with pytest.raises(
        claims.ClaimError,
        match=r"claim C000-07 \(S000\): value 745000 is not "
        r"what 'NOK 745 million' says",
    ):
        claims.load_ledger(write(path, rows), corpus)


def test_wrong_date_for_its_quote(corpus, ledger_copy):
    path, rows = ledger_copy
    row(rows, "C002-11")["date"] = "2013-04-26"
    with pytest.raises(claims.ClaimError, match=r"claim C002-11 \(S002\): date 2013-04-26"):
        claims.load_ledger(write(path, rows), corpus)


def test_duplicate_id(corpus, ledger_copy):
    path, rows = ledger_copy
    row(rows, "C000-02")["id"] = "C000-01"
    with pytest.raises(DuplicateIdError, match=r"claims\.csv: line 3: duplicate id 'C000-01'"):
        claims.load_ledger(write(path, rows), corpus)


def test_unknown_source(corpus, ledger_copy):
    path, rows = ledger_copy
    row(rows, "C003-09")["source"] = "S009"
    with pytest.raises(claims.ClaimError, match=r"claim C003-09 \(S009\): unknown source 'S009'"):
        claims.load_ledger(write(path, rows), corpus)


def test_qualifier_must_be_worded(corpus, ledger_copy):
    path, rows = ledger_copy
    row(rows, "C001-02")["qualifier"] = "about"
    with pytest.raises(claims.ClaimError, match=r"claim C001-02 .*qualifier 'about' is not worded"):
        claims.load_ledger(write(path, rows), corpus)


def test_quantity_must_be_a_whole_token_of_its_quote(corpus, ledger_copy):
    path, rows = ledger_copy
    row(rows, "C000-12").update(quantity="7", value="7")
    with pytest.raises(
        claims.ClaimError, match=r"claim C000-12 .*quantity '7' is not in its quote"
    ):
        claims.load_ledger(write(path, rows), corpus)


def test_quotes_tolerate_only_whitespace_differences(corpus, ledger_copy):
    path, rows = ledger_copy
    row(rows, "C000-09")["quote"] = "close  to\nNOK 450 million in 2023, including Mali"
    claims.load_ledger(write(path, rows), corpus)
    row(rows, "C000-09")["quote"] = "Close to NOK 450 million in 2023, including Mali"
    with pytest.raises(claims.ClaimError, match="C000-09"):
        claims.load_ledger(write(path, rows), corpus)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("NOK 745 million", 745_000_000),
        ("15,000", 15_000),
        ("$2.6 billion", 2_600_000_000),
        ("US$128 million", 128_000_000),
        ("fourteen", 14),
        ("10-year", 10),
        ("a decade", 10),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("April 25, 2013", (2013, 4, 25)),
        ("31/08/2023", (2023, 8, 31)),
        ("July 1", (None, 7, 1)),
        ("12 December 2023", (2023, 12, 12)),
        ("June 2023", (2023, 6, None)),
        ("2020", (2020, None, None)),
    ],
)
def test_parse_date(text, parts):
    assert parse_date(text) == parts


def test_ledger_lookups(corpus):
    ledger = claims.load_ledger(corpus=corpus)
    assert ledger.one("norway.missions.total").value == 96
    assert {c.source for c in ledger.by_subject("minusma.personnel")} == {"S001", "S003", "S004"}
    with pytest.raises(claims.ClaimError, match="expected one claim about 'minusma.personnel'"):
        ledger.one("minusma.personnel")


def test_coverage_has_no_unaccounted_tokens(corpus):
    ledger = claims.load_ledger(corpus=corpus)
    tokens = coverage.scan(corpus, ledger, coverage.load_exclusions(corpus))
    unaccounted = [(t.source, t.text) for t in tokens if t.status == "unaccounted"]
    assert unaccounted == []
    assert {t.source for t in tokens} == set(corpus) - set(coverage.PARTIAL)


def test_coverage_catches_an_unclaimed_number(corpus):
    ledger = claims.load_ledger(corpus=corpus)
    thinner = claims.Ledger([c for c in ledger if c.id != "C003-09"])
    tokens = coverage.scan(corpus, thinner, coverage.load_exclusions(corpus))
    assert [(t.source, t.text) for t in tokens if t.status == "unaccounted"] == [("S003", "13")]


def test_coverage_of_a_new_document_is_full_by_default(corpus):
    new = dict(corpus)
    doc = corpus["S000"]
    new["S999"] = type(doc)(doc.source, "An added document says 42 things.")
    ledger = claims.load_ledger(corpus=corpus)
    tokens = coverage.scan(new, ledger, coverage.load_exclusions(corpus))
    assert ("S999", "42") in [(t.source, t.text) for t in tokens if t.status == "unaccounted"]


# --- every rule of verify_record fails on a row broken on purpose ---------------------------


@pytest.mark.parametrize(
    ("claim_id", "change", "message"),
    [
        # the period: YYYY, YYYY-MM or YYYY/YYYY, each year in the quote
        ("C000-07", {"period": "22"}, r"period '22' is not YYYY, YYYY-MM or YYYY/YYYY"),
        ("C000-07", {"period": "2022-1"}, r"period '2022-1' is not YYYY, YYYY-MM or YYYY/YYYY"),
        ("C000-07", {"period": "2022/23"}, r"period '2022/23' is not YYYY, YYYY-MM or YYYY/YYYY"),
        ("C000-07", {"period": " 2022"}, r"period ' 2022' is not YYYY"),
        ("C000-07", {"period": "2021"}, r"period year 2021 is not in the quote"),
        ("C000-07", {"period": "2022/2023"}, r"period year 2023 is not in the quote"),
        ("C000-07", {"period": "2023-05"}, r"period year 2023 is not in the quote"),
        # the columns with a closed list of values
        ("C000-07", {"topic": "sport"}, r"topic 'sport' is not one of minusma, norway"),
        ("C000-07", {"unit": "EUR"}, r"unit 'EUR' is not one of"),
        ("C000-07", {"qualifier": "roughly"}, r"qualifier 'roughly' is not one of"),
        ("C000-07", {"subject": ""}, r"subject, quantity and quote are required"),
        # a floor worded by the quantity itself ("thousands") keeps a lower-bound qualifier
        ("C003-10", {"qualifier": "exact"}, r"'thousands' states only a floor: its qualifier "
                                            r"is 'at least'"),
        # dates in the date column, numbers in value
        ("C000-07", {"date": "2022-01-01"}, r"only date claims may fill the date column"),
        ("C000-02", {"value": "2023"}, r"a date claim keeps its value in the date column"),
        ("C000-02", {"date": "2023-07-30"}, r"date 2023-07-30 does not match the quote's "
                                            r"'30 June' \(month 6\)"),
        # an implicit year is the source's own year plus the offset
        ("C001-11", {"date": "2021"}, r"date 2021 is not 'last year': the source is dated in "
                                      r"2023, so it is 2022"),
    ],
)
def test_each_rule_names_the_claim(corpus, ledger_copy, claim_id, change, message):
    path, rows = ledger_copy
    row(rows, claim_id).update(change)
    with pytest.raises(claims.ClaimError, match=rf"claim {claim_id} \(S\d+\): .*(?:{message})"):
        claims.load_ledger(write(path, rows), corpus)


@pytest.mark.parametrize("period", ["2022", "2022-05", "2022/2022"])
def test_each_period_form_passes(corpus, ledger_copy, period):
    """The boundary of the period rule: every accepted form, its year in the quote, loads."""
    path, rows = ledger_copy
    row(rows, "C000-07")["period"] = period
    assert claims.load_ledger(write(path, rows), corpus).get("C000-07").period == period
