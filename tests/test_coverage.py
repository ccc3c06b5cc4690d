"""Numbers in words: the vocabulary the coverage scan counts, what each word says, and how a
word is claimed or excluded like a digit token."""

import csv
import math
import time

import pytest

from sahel.evidence import claims, coverage, numberwords
from sahel.evidence import qualifiers as q
from sahel.evidence.quantities import QuantityError, parse_date, parse_number, relative_year

# --- the vocabulary ------------------------------------------------------------------------------


def words(text):
    return [w for _, _, w in numberwords.word_tokens(text)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Since the two military coups in 2020 and 2021", ["two"]),
        ("from six to fourteen battalions", ["six", "fourteen"]),
        (
            "thousands killed and hundreds of thousands displaced",
            ["thousands", "hundreds", "thousands"],
        ),
        ("twenty-one people", ["twenty-one"]),
        ("Mali's sixth-largest donor, then third-largest", ["sixth", "third"]),
        ("for over a decade; this decade-old media house", ["decade", "decade"]),
        ("once, twice, annual and Biannual reports", ["once", "twice", "annual", "Biannual"]),
        ("to be completed by the end of the year", ["end of the year"]),
        (
            "Earlier this year; last year's order; the same day",
            ["this year", "last year", "same day"],
        ),
        ("Over the past decade", ["past decade"]),
        ("adopted today, on Friday, reported on MONDAY", ["today", "Friday", "MONDAY"]),
        ("In June, Mali", ["June"]),
        ("One of the largest; no one", ["One", "one"]),
    ],
)
def test_number_words_ordinals_and_implicit_dates_are_found(text, found):
    assert words(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("someone often tone alone anyone done", []),  # never inside another word
        ("the tenth-ranked, secondary, firstly", ["tenth"]),  # other words that begin alike
        ("this removal may be the result; march on; an august body", []),  # not months here
        ("Both countries; several donors; many missions; recently", []),  # not counted
        ("the last 2,400 troops; next steps", []),  # "last", "next" alone
        ("its first-ever; a 10-year deployment; the 2nd", ["first"]),  # inside a digit token
    ],
)
def test_the_vocabulary_does_not_match_inside_other_words(text, found):
    assert words(text) == found


def test_offsets_hold_in_any_script():
    """Lower-casing "İ" makes two characters; the tokens keep their places in the text."""
    text = "İSTANBUL, Ærø and Tromsø: two offices since Monday"
    assert [text[s:e] for s, e, _ in numberwords.word_tokens(text)] == ["two", "Monday"]


def test_a_word_that_belongs_to_a_figure_is_not_counted_again():
    text = "NOK 745 million, $2.6 billion, 300 million readers, in June 2023, on 16 February 2014"
    assert words(text) == []
    assert words("a million readers and hundreds more") == ["million", "hundreds"]


def test_matching_is_one_linear_pass():
    """Twice the text takes about twice the time: no per-word rescans."""
    unit = "The mission left after a decade; two coups, thousands killed, in June 2023. " * 200

    def seconds(text):
        best = math.inf
        for _ in range(3):
            start = time.perf_counter()
            numberwords.word_tokens(text)
            best = min(best, time.perf_counter() - start)
        return best

    assert len(numberwords.word_tokens(unit * 8)) == 8 * len(numberwords.word_tokens(unit))
    assert seconds(unit * 16) < 8 * seconds(unit * 2) + 0.05


# --- what a word says ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "floor"),
    [
        ("two", 2, False),
        ("fourteen", 14, False),
        ("twenty-one", 21, False),
        ("two hundred thousand", 200_000, False),
        ("a decade", 10, False),
        ("two decades", 20, False),
        ("a dozen", 12, False),
        ("half", 0.5, False),
        ("sixth", 6, False),
        ("twenty-first", 21, False),
        ("twice", 2, False),
        ("thousands", 2_000, True),
        ("hundreds of thousands", 200_000, True),
        ("tens of thousands", 20_000, True),
        ("decades", 20, True),
    ],
)
def test_a_number_word_reads_as_its_value(text, value, floor):
    assert numberwords.read(text) == (value, floor)
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["several", "a", "two lots", "Monday"])
def test_words_that_say_no_number_are_refused(text):
    with pytest.raises(QuantityError, match="cannot read a number"):
        parse_number(text)


def test_implicit_dates_read_relative_to_the_source():
    assert parse_date("the year") == (None, None, None)
    assert parse_date("June") == (None, 6, None)
    assert [relative_year(t) for t in ("the year", "last year", "next year", "2023")] == [
        0,
        -1,
        1,
        None,
    ]


def test_a_plural_is_a_lower_bound_that_includes_its_floor(ledger):
    thousands = ledger.get("C003-10")
    assert (thousands.quantity, thousands.value, thousands.qualifier) == (
        "thousands",
        2_000,
        "at least",
    )
    iv = q.interval(thousands)
    assert (iv.low, iv.high, iv.kind, iv.low_open) == (2_000, math.inf, q.LOWER, False)
    assert iv.contains(2_000) and not iv.contains(1_999)
    assert q.as_written(thousands) == "thousands"  # the word implies its qualifier
    assert q.range_text(iv, str) == "at least 2000"
    assert q.as_written(ledger.get("C003-11")) == "hundreds of thousands"


# --- claims of number words ----------------------------------------------------------------------


@pytest.fixture
def ledger_copy(tmp_path):
    rows = list(csv.DictReader(claims.CLAIMS_CSV.open(encoding="utf-8")))
    return tmp_path / "claims.csv", rows


def write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=claims.COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def change(rows, claim_id, **values):
    next(r for r in rows if r["id"] == claim_id).update(values)


def test_a_plural_claimed_as_exact_is_refused(corpus, ledger_copy):
    path, rows = ledger_copy
    change(rows, "C003-10", qualifier="exact")
    with pytest.raises(claims.ClaimError, match=r"C003-10 .*'thousands' states only a floor"):
        claims.load_ledger(write(path, rows), corpus)


def test_a_number_word_claim_checks_its_value(corpus, ledger_copy):
    path, rows = ledger_copy
    change(rows, "C000-04", value="3")
    with pytest.raises(claims.ClaimError, match=r"C000-04 .*value 3 is not what 'two' says"):
        claims.load_ledger(write(path, rows), corpus)


def test_an_implicit_year_must_be_the_one_the_source_date_makes_it(corpus, ledger_copy):
    path, rows = ledger_copy
    change(rows, "C001-11", date="2023")
    with pytest.raises(
        claims.ClaimError,
        match=r"C001-11 .*date 2023 is not 'last year': the source is dated in 2023, so it is 2022",
    ):
        claims.load_ledger(write(path, rows), corpus)


# --- coverage of number words --------------------------------------------------------------------


def document(corpus, text):
    """A new fully covered document (S999) with ``text``, registered like seed S000."""
    base = corpus["S000"]
    return {**corpus, "S999": type(base)(base.source, text)}


def claim(**values):
    fields = dict.fromkeys(claims.COLUMNS, "")
    return claims.Claim(**{**fields, "id": "C999-01", "source": "S999", **values})


TEXT = "A report.\nSince the two coups, the ministry has found its sixth-largest donor.\n"


def test_an_unaccounted_number_word_fails_with_file_line_and_word(corpus):
    found = document(corpus, TEXT)
    tokens = coverage.scan(found, claims.Ledger([]), [])
    mine = [(t.text, t.kind, t.status) for t in tokens if t.source == "S999"]
    assert mine == [("two", "word", "unaccounted"), ("sixth", "word", "unaccounted")]
    with pytest.raises(
        claims.ClaimError,
        match=r"seeds/000_f7638546bebadadf\.txt: line 2: number word 'two' \(S999\) is neither "
        r"claimed",
    ):
        coverage.unaccounted([t for t in tokens if t.source == "S999"], found)


def test_a_number_word_is_claimed_by_its_claim(corpus):
    found = document(corpus, TEXT)
    two = claim(quantity="two", quote="Since the two coups")
    tokens = [t for t in coverage.scan(found, claims.Ledger([two]), []) if t.source == "S999"]
    assert [(t.text, t.status, t.by) for t in tokens] == [
        ("two", "claimed", "C999-01"),
        ("sixth", "unaccounted", ""),
    ]


def test_an_ordinal_is_claimed_or_excluded(corpus):
    found = document(corpus, TEXT)
    sixth = claim(quantity="sixth", quote="its sixth-largest donor")
    tokens = coverage.scan(found, claims.Ledger([sixth]), [])
    assert ("sixth", "claimed") in [(t.text, t.status) for t in tokens if t.source == "S999"]
    excluded = {
        "id": "E999-01",
        "source": "S999",
        "token": "sixth",
        "context": "sixth-largest donor",
        "reason": "a rank",
    }
    tokens = coverage.scan(found, claims.Ledger([]), [excluded])
    assert ("sixth", "excluded", "E999-01") in [
        (t.text, t.status, t.by) for t in tokens if t.source == "S999"
    ]


def test_an_implicit_date_is_claimed_by_its_claim(corpus):
    found = document(corpus, "Norway will close the embassy by the end of the year.\n")
    deadline = claim(
        quantity="the year",
        unit="date",
        qualifier="by the end of",
        date="2023",
        quote="close the embassy by the end of the year",
    )
    tokens = [t for t in coverage.scan(found, claims.Ledger([deadline]), []) if t.source == "S999"]
    assert [(t.text, t.kind, t.status) for t in tokens] == [("end of the year", "word", "claimed")]


def test_the_seeds_number_words_are_claimed_or_excluded(corpus, ledger):
    tokens = coverage.scan(corpus, ledger, coverage.load_exclusions(corpus))
    found = {(t.source, t.text): t.status for t in tokens if t.kind == coverage.WORD}
    assert found[("S000", "two")] == found[("S001", "two")] == "claimed"
    assert found[("S000", "end of the year")] == found[("S003", "thousands")] == "claimed"
    assert found[("S003", "Second")] == "excluded"


def test_the_encyclopedia_article_is_fully_covered(corpus, ledger):
    assert "S004" not in coverage.PARTIAL
    tokens = coverage.scan(corpus, ledger, coverage.load_exclusions(corpus))
    article = [t for t in tokens if t.source == "S004"]
    assert {t.kind for t in article} == {coverage.DIGIT, coverage.WORD}
    assert [(t.text, t.start) for t in article if t.status == "unaccounted"] == []


def test_summary_counts_digit_tokens_and_number_words_apart(corpus, ledger):
    tokens = coverage.scan(corpus, ledger, coverage.load_exclusions(corpus))
    table = coverage.summary(tokens)
    assert tuple(table.columns) == coverage.SUMMARY_COLUMNS
    assert list(table["source"]) == sorted(corpus)
    assert (table["digits"] + table["words"] == table["tokens"]).all()
    assert (table["claimed"] + table["excluded"] + table["unaccounted"] == table["tokens"]).all()
    assert table["words"].sum() == sum(t.kind == coverage.WORD for t in tokens) > 0
