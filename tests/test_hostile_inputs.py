"""Hostile inputs: every file the project reads, broken on purpose in a scratch copy.

Each case runs the real loader (through the check of ``sahel.evidence.verify`` that reads the
file, after its prerequisites) and must end in a SahelInputError subclass whose message names
the file (and the line, where the problem has one); nothing is written anywhere.
"""

import csv
import datetime as dt
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from sahel import paths
from sahel.evidence import record, verify
from sahel.evidence.errors import (
    DuplicateIdError,
    RegistryError,
    SahelInputError,
    SeedDecodeError,
)
from sahel.evidence.registry import load_registry
from sahel.evidence.tables import read_rows
from tests.book import copy_inputs

CSVS = (
    "data/sources.csv",
    "data/claims.csv",
    "data/coverage_exclusions.csv",
    "data/readings.csv",
    "data/source_defects.csv",
    "data/sites.csv",
    "data/codebook.csv",
    "data/relations.csv",
    "data/relations_steps.csv",
    "data/exhibits.csv",
    "data/quotes.csv",
    "data/picks.csv",
    "data/series.csv",
    "data/reconciliation.csv",
    "data/record_sources.csv",
    "data/scopes.csv",
    "data/regrades.csv",
)
LINE = r"line \d+"


def snapshot(folder, *, in_flight=False):
    """sha256 of every file under ``folder`` (to prove nothing was written). ``in_flight``
    leaves out the hidden ``.NAME.*.tmp`` files of atomic writes in progress: nbval, in the
    other pytest-xdist worker, re-executes the notebooks, which rewrite data/derived (with the
    same bytes) while these tests run."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not (in_flight and p.name.startswith(".") and p.suffix == ".tmp")
    }


@pytest.fixture
def tree(tmp_path):
    """A scratch copy of the inputs: seeds/ and data/ (with derived/ and geo/)."""
    root = copy_inputs(tmp_path / "book")
    real = snapshot(paths.DERIVED, in_flight=True)
    yield root
    after = snapshot(paths.DERIVED, in_flight=True)
    assert after == real, "a hostile case changed the real data/derived"


def load(root, name):
    """Run the check that reads ``name`` (a path under root), after the checks it needs."""
    checks = {c.name: c for c in verify.CHECKS}
    found = {}

    def run(check):
        for need in check.needs:
            run(checks[need])
        found[verify.KEYS.get(check.name, check.name)] = check.run(root, found)

    run(next(c for c in verify.CHECKS if name in c.files))
    return found


def fails(root, name, problem, error=SahelInputError, *, target=None, line=True):
    """Loading ``name`` fails with ``error`` naming ``target`` (default: the file), the line
    (if ``line``) and ``problem``; the scratch tree is unchanged and holds no temporary files."""
    before = snapshot(root)
    with pytest.raises(error) as caught:
        load(root, name)
    message = str(caught.value)
    assert isinstance(caught.value, SahelInputError)
    assert str(root / (target or name)) in message, message
    if line:
        assert re.search(LINE, message), message
    assert re.search(problem, message), message
    assert snapshot(root) == before
    assert not [p for p in root.rglob("*.tmp")]
    return message


def edit(path, change):
    path.write_bytes(change(path.read_bytes()))


def nth_line(data, n, change):
    """Apply ``change`` to line ``n`` (1-based) of ``data``."""
    lines = data.split(b"\n")
    lines[n - 1] = change(lines[n - 1])
    return b"\n".join(lines)


def rows(data, change):
    """Rewrite CSV ``data`` row by row: ``change(row, index)`` (index 0 is the header)."""
    out = io.StringIO()
    table = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    csv.writer(out, lineterminator="\n").writerows(change(r, i) for i, r in enumerate(table))
    return out.getvalue().encode("utf-8")


def test_the_scratch_copy_loads(tree):
    for name in CSVS:
        load(tree, name)


# --- every CSV: bytes, encoding, shape -----------------------------------------------------------

CASES = {
    "empty file": (lambda d: b"", "empty file", False),
    "header only": (lambda d: d.split(b"\n")[0] + b"\n", "no rows", False),
    "byte-order mark": (lambda d: b"\xef\xbb\xbf" + d, "byte-order mark", True),
    "non-UTF-8": (lambda d: nth_line(d, 2, lambda s: s + b"\xe9"), "line 2: not valid UTF-8", True),
    "NUL": (lambda d: nth_line(d, 2, lambda s: s[:3] + b"\0" + s[3:]), r"line 2: .*'\\x00'", True),
    "control": (lambda d: nth_line(d, 3, lambda s: s[:2] + b"\x1b" + s[2:]), r"line 3: ", True),
    "lone CR": (lambda d: nth_line(d, 2, lambda s: s[:4] + b"\r" + s[4:]), "carriage return", True),
    "duplicate column": (
        lambda d: rows(d, lambda r, i: r if i else [r[0], r[0], *r[2:]]),
        "header .*duplicate column",
        True,
    ),
    "missing column": (lambda d: rows(d, lambda r, i: r[:-1]), "header .*missing column", True),
    "extra column": (lambda d: rows(d, lambda r, i: [*r, "x"]), "header .*unknown column x", True),
    "short row": (
        lambda d: nth_line(d, 3, lambda s: s.split(b",", 1)[1]),
        "line 3: .*fields",
        True,
    ),
    "unterminated quote": (lambda d: d + b'X1,"broken\n', "malformed CSV", True),
    "id with spaces": (
        lambda d: nth_line(d, 2, lambda s: b" " + s),
        "line 2: .* is not of the form",
        True,
    ),
}


@pytest.mark.parametrize("name", CSVS)
@pytest.mark.parametrize("case", CASES)
def test_every_csv_refuses(tree, name, case):
    change, problem, line = CASES[case]
    edit(tree / name, change)
    fails(tree, name, problem, line=line)


@pytest.mark.parametrize("name", CSVS)
def test_crlf_line_ends_read_the_same(tree, name):
    """CRLF is CSV's own line end (RFC 4180): a CRLF copy loads to exactly the same rows."""
    same = read_rows(paths.ROOT / name, _columns(name), id_column=_id(name), error=SahelInputError)
    edit(tree / name, lambda d: d.replace(b"\n", b"\r\n"))
    crlf = read_rows(tree / name, _columns(name), id_column=_id(name), error=SahelInputError)
    assert crlf == same and [r.line for r in crlf] == [r.line for r in same]
    load(tree, name)


def _columns(name):
    with open(paths.ROOT / name, encoding="utf-8") as handle:
        return tuple(handle.readline().rstrip("\n").split(","))


def _id(name):
    ids = {"relations.csv": "row", "exhibits.csv": "key", "quotes.csv": "key", "picks.csv": "key"}
    return ids.get(name.rsplit("/", 1)[-1], "id")


# --- ids -----------------------------------------------------------------------------------------

ID_CASES = [
    ("data/sources.csv", "S001,", "s001,", "id 's001'"),
    ("data/sources.csv", "S001,", "S1,", "id 'S1'"),
    ("data/claims.csv", "C001-02,", "c001-02,", "id 'c001-02'"),
    ("data/claims.csv", "C001-02,", "C001-02 ,", "id 'C001-02 '"),
    ("data/claims.csv", "C001-02,S001", "C001-02,s001", "source 's001'"),
    ("data/coverage_exclusions.csv", "E003-01,", "e003-01,", "id 'e003-01'"),
    ("data/coverage_exclusions.csv", "E003-01,S003", "E003-01,S3", "source 'S3'"),
    ("data/readings.csv", "R-02,", "r-02,", "id 'r-02'"),
    ("data/source_defects.csv", "D002-01,", "D2-1,", "id 'D2-1'"),
    ("data/sites.csv", "SITE-02,", "Site-02,", "id 'Site-02'"),
    ("data/codebook.csv", "readings.csv,", "Readings.csv,", "id 'Readings.csv'"),
]


@pytest.mark.parametrize(("name", "old", "new", "problem"), ID_CASES)
def test_ids_of_the_wrong_form(tree, name, old, new, problem):
    edit(tree / name, lambda d: d.replace(old.encode(), new.encode(), 1))
    fails(tree, name, f"line \\d+: {re.escape(problem)} is not of the form")


def test_ids_differing_only_in_case_are_duplicates(tmp_path):
    """For files without a fixed id form, case (and nothing else) still makes no new id."""
    path = tmp_path / "other.csv"
    path.write_text("id,v\nAb-1,x\nab-1,y\n", encoding="utf-8")
    with pytest.raises(DuplicateIdError, match=r"other\.csv: line 3: differs only in case"):
        read_rows(path, ("id", "v"))


def test_duplicate_claim_id(tree):
    edit(tree / "data/claims.csv", lambda d: d.replace(b"C001-03,", b"C001-02,", 1))
    fails(tree, "data/claims.csv", "duplicate id 'C001-02'", DuplicateIdError)


@pytest.mark.parametrize(
    ("name", "old", "new", "problem"),
    [
        ("data/claims.csv", "C001-02,S001", "C001-02,S009", "unknown source 'S009'"),
        ("data/coverage_exclusions.csv", "E003-01,S003", "E003-01,S009", "unknown source"),
        ("data/source_defects.csv", "D002-01,S002", "D002-01,S009", "unknown source"),
        ("data/sites.csv", "SITE-02,Gao,S003", "SITE-02,Gao,S009", "unknown source"),
    ],
)
def test_unknown_source_ids(tree, name, old, new, problem):
    edit(tree / name, lambda d: d.replace(old.encode(), new.encode(), 1))
    fails(tree, name, problem)


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("data/readings.csv", "{C001-03}", "{C001-99}"),
        ("data/source_defects.csv", "{C000-05}", "{C000-99}"),
        ("data/sites.csv", "{C003-09}", "{C003-99}"),
    ],
)
def test_unknown_claim_placeholders(tree, name, old, new):
    edit(tree / name, lambda d: d.replace(old.encode(), new.encode(), 1))
    # readings are named by id (their loader, in sahel.chapters, gives no line)
    fails(tree, name, "unknown claim 'C0\\d\\d-99'", line=not name.endswith("readings.csv"))


# --- quotes and numbers --------------------------------------------------------------------------


def test_ambiguous_quote_names_no_one_passage(tree):
    """A quote cut down to its quantity, which the source writes more than once."""
    edit(
        tree / "data/claims.csv",
        lambda d: re.sub(rb"(\nC000-03,[^\n]*?,,)The Norwegian[^,]*,", rb"\g<1>2023,", d),
    )
    fails(tree, "data/claims.csv", r"line 4: claim C000-03 .*quote found \d+ times")


@pytest.mark.parametrize(
    ("written", "value"),
    [("15.000", "15"), ("15.000", "15000"), ("1.500", "1.5"), ("1.500", "1500")],
)
def test_european_separators_need_a_stated_convention(tree, written, value):
    """A ledger figure "15.000" (or "1.500") is ambiguous whatever value the row records."""
    _replace_figure(tree / "data/claims.csv", "C001-02", written, value)
    fails(tree, "data/claims.csv", rf"line \d+: claim C001-02 .*ambiguous separator in '{written}'")


def _replace_figure(ledger, claim_id, written, value, convention=None):
    """Rewrite the claim's quantity, value and quote (and the seed it quotes) in the tree."""
    table = list(csv.DictReader(ledger.open(encoding="utf-8")))
    row = next(r for r in table if r["id"] == claim_id)
    seed_dir = ledger.parent.parent / "seeds"
    registry = ledger.parent / "sources.csv"
    sources = list(csv.DictReader(registry.open(encoding="utf-8")))
    source = next(s for s in sources if s["id"] == row["source"])
    seed = seed_dir / source["file"]
    old_quote = row["quote"]
    new_quote = old_quote.replace(row["quantity"], written, 1)
    text = seed.read_text(encoding="utf-8")
    assert old_quote in " ".join(text.split())
    seed.write_text(" ".join(text.split()).replace(old_quote, new_quote, 1), encoding="utf-8")
    data = seed.read_bytes()
    source["sha256"], source["bytes"] = hashlib.sha256(data).hexdigest(), str(len(data))
    row.update(quantity=written, value=value, quote=new_quote)
    fields = list(table[0])
    if convention is not None:
        fields.append("convention")
        for r in table:
            r["convention"] = convention if r is row else ""
    for path, records, names in ((registry, sources, list(sources[0])), (ledger, table, fields)):
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=names, lineterminator="\n")
            writer.writeheader()
            writer.writerows(records)


@pytest.mark.parametrize(
    ("convention", "written", "value"),
    [("eu", "15.000", "15000"), ("en", "1.500", "1.5"), ("eu", "1,500", "1.5")],
)
def test_a_stated_convention_reads_the_figure(tree, convention, written, value):
    _replace_figure(tree / "data/claims.csv", "C001-02", written, value, convention)
    found = load(tree, "data/claims.csv")
    assert found["ledger"].get("C001-02").value == float(value)


def test_a_stated_convention_still_checks_the_value(tree):
    _replace_figure(tree / "data/claims.csv", "C001-02", "15.000", "15", "eu")
    fails(tree, "data/claims.csv", r"line \d+: claim C001-02 .*value 15 is not what '15.000' says")


def test_unknown_convention(tree):
    _replace_figure(tree / "data/claims.csv", "C001-02", "15.000", "15000", "de")
    fails(tree, "data/claims.csv", "convention 'de' is not one of")


def test_exclusion_token_not_in_its_context(tree):
    edit(tree / "data/coverage_exclusions.csv", lambda d: d.replace(b"S003,2009.,", b"S003,2019,"))
    fails(tree, "data/coverage_exclusions.csv", "token '2019' is not in its context")


def test_defect_quote_not_verbatim(tree):
    edit(
        tree / "data/source_defects.csv", lambda d: d.replace(b"the the diligent", b"the diligent")
    )
    fails(tree, "data/source_defects.csv", "line 3: defect D002-02 .*quote not found verbatim")


# --- the registry and the seeds ------------------------------------------------------------------


@pytest.mark.parametrize("path", ["../000_f7638546bebadadf.txt", "/etc/hostname", "sub/x.txt"])
def test_registry_file_must_be_a_bare_name(tree, path):
    edit(tree / "data/sources.csv", lambda d: d.replace(b"000_f7638546bebadadf.txt", path.encode()))
    fails(tree, "data/sources.csv", "line 2: source S000: file .* must be a bare file name")


def test_seed_linked_from_outside_seeds(tree, tmp_path):
    seed = tree / "seeds" / "000_f7638546bebadadf.txt"
    outside = tmp_path / "elsewhere.txt"
    shutil.move(seed, outside)
    os.symlink(outside, seed)
    fails(
        tree,
        "data/sources.csv",
        "a link to .*outside seeds/",
        target=seed.relative_to(tree),
        line=False,
    )


def test_seed_that_is_a_directory(tree):
    seed = tree / "seeds" / "000_f7638546bebadadf.txt"
    seed.unlink()
    seed.mkdir()
    fails(tree, "data/sources.csv", "is a directory", target=seed.relative_to(tree), line=False)


def test_non_utf8_seed(tree):
    seed = tree / "seeds" / "000_f7638546bebadadf.txt"
    edit(seed, lambda d: d + b"\xff")
    fails(tree, "data/sources.csv", "sha256", target=seed.relative_to(tree), line=False)


def test_unaccounted_digit_token(tree):
    """An exclusion removed leaves its token unaccounted: the seed file and line are named."""
    edit(tree / "data/coverage_exclusions.csv", lambda d: re.sub(rb"\nE003-01,[^\n]*", b"", d))
    report = verify.run(tree)
    assert [name for name, _ in report.errors] == ["coverage"], report.lines()
    seed = tree / "seeds" / "003_30959f7c2243f577.txt"
    assert re.search(rf"{re.escape(str(seed))}: line \d+: digit token '2009.'", report.errors[0][1])


def test_unaccounted_number_word(tree):
    """A number word whose exclusion is removed is named with its seed file and line."""
    edit(tree / "data/coverage_exclusions.csv", lambda d: re.sub(rb"\nE003-08,[^\n]*", b"", d))
    report = verify.run(tree)
    assert [name for name, _ in report.errors] == ["coverage"], report.lines()
    seed = tree / "seeds" / "003_30959f7c2243f577.txt"
    assert re.search(rf"{re.escape(str(seed))}: line 20: number word 'Second'", report.errors[0][1])


def test_a_number_word_that_is_no_number(tree):
    edit(
        tree / "data/claims.csv",
        lambda d: d.replace(b"mali.coups.count,two,2,", b"mali.coups.count,the two,2,", 1),
    )
    fails(tree, "data/claims.csv", r"claim C000-04 .*cannot read a number in 'the two'")


def test_a_plural_number_word_claimed_as_exact(tree):
    edit(
        tree / "data/claims.csv",
        lambda d: d.replace(b"thousands,2000,persons,at least,", b"thousands,2000,persons,exact,"),
    )
    fails(tree, "data/claims.csv", r"claim C003-10 .*'thousands' states only a floor")


def test_an_implicit_year_in_a_source_no_longer_dated_within_a_year(tree):
    """ "last year" is read from the source's dating window: widen it and the claim fails."""
    edit(
        tree / "data/sources.csv",
        lambda d: rows(d, lambda r, i: [*r[:10], "2024-01-31", *r[11:]] if r[0] == "S001" else r),
    )
    fails(tree, "data/claims.csv", r"claim C001-11 .*'last year' is relative to the source's date")


# --- codebook and geometry -----------------------------------------------------------------------


def test_codebook_entry_for_a_missing_file(tree):
    (tree / "data/readings.csv").rename(tree / "data/readings.txt")
    (tree / "data/readings.txt").unlink()
    fails(tree, "data/codebook.csv", "entries for missing files readings.csv", line=False)


def test_geo_readme_records_another_digest(tree):
    readme = tree / "data/geo/README.md"
    edit(
        readme,
        lambda d: re.sub(rb"(lowres\.shp` \| \d+ \| `)[0-9a-f]{64}", rb"\g<1>" + b"0" * 64, d),
    )
    fails(tree, "data/geo/", "lowres.shp: sha256 .* was altered", target="data/geo", line=False)


def test_geo_shapefile_altered(tree):
    edit(tree / "data/geo/naturalearth_cities.dbf", lambda d: d + b" ")
    fails(tree, "data/geo/", "naturalearth_cities.dbf: sha256", target="data/geo", line=False)


def test_geo_readme_missing(tree):
    (tree / "data/geo/README.md").unlink()
    fails(tree, "data/geo/", "README.md: missing", target="data/geo", line=False)


# === fault injection, by class (issue 25) =========================================================
# Each test names the class of fault it covers. The property tests (hypothesis) feed a loader
# values of a column written in other formats than its own; every one must stop the loader with
# a named error giving the file and the row's line: never a value read some other way.

RECORD = "data/record"
OFFICIAL = f"{RECORD}/official_record.csv"
FATALITIES_2023 = f"{RECORD}/DPPADPOSS-FATALITIES_lastupdate-2023-11-28.csv"
DAC_2010 = f"{RECORD}/ODA-2010-DAC2a.csv"
TCC = f"{RECORD}/TCCMap_v.2.3.csv"
PARTIAL_ISO = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?(/[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)?")
DAY_FORMATS = (
    "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y/%m/%d", "%Y%m%d", "%d %B %Y", "%B %d, %Y",
    "%Y-%m-%dT00:00", "%y-%m-%d", "%d-%m-%Y", "%Y-%m-%d ", " %Y-%m-%d", "%Y-%m-%d00",
)  # fmt: skip
MONTH_FORMATS = ("%m/%Y", "%Y/%m", "%m.%Y", "%b %Y", "%B %Y", "%Y%m", "%m-%Y", "%Y-%m-")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PROPERTY = settings(
    max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)


def set_cell(path, key_column, key, column, value):
    """Set ``column`` of the row whose ``key_column`` is ``key`` (the first row if ``key`` is
    None); return the line that row starts on."""
    text = path.read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    out, start, found = [], 1, None
    header = None
    for row in reader:
        if header is None:
            header = row
        elif found is None and (key is None or row[header.index(key_column)] == key):
            row[header.index(column)] = value
            found = start
        out.append(row)
        start = reader.line_num + 1
    assert found, f"{key!r} not in {path}"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(out)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return found


def reregister(root, file):
    """Record ``file``'s new sha256 and size in its registry (as after a deliberate edit)."""
    data = (root / file).read_bytes()
    name = (root / file).name
    registry = root / (
        "data/sources.csv" if file.startswith("seeds/") else "data/record_sources.csv"
    )
    text = registry.read_text(encoding="utf-8")
    rows_ = list(csv.DictReader(io.StringIO(text, newline="")))
    for row in rows_:
        if row["file"] == name:
            row.update(sha256=hashlib.sha256(data).hexdigest(), bytes=str(len(data)))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows_[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows_)
    registry.write_text(buffer.getvalue(), encoding="utf-8")


@pytest.fixture
def pristine(tree):
    """The scratch tree and a way to put a file back as it was between hypothesis examples."""
    saved = {}

    def restore(*names):
        for name in names:
            saved.setdefault(name, (tree / name).read_bytes())
            (tree / name).write_bytes(saved[name])

    return tree, restore


@st.composite
def day_in_another_format(draw):
    day = draw(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2024, 12, 31)))
    written = draw(
        st.one_of(
            st.sampled_from(DAY_FORMATS).map(day.strftime),
            st.sampled_from((FULL_WIDTH, ARABIC_INDIC)).map(day.isoformat().translate),
            st.just(f"{day.year}-{day.month}-{day.day}"),
        )
    )
    assume(not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", written))
    return written


@st.composite
def partial_date_in_another_format(draw):
    day = draw(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2024, 12, 31)))
    written = draw(
        st.one_of(
            st.sampled_from(MONTH_FORMATS + DAY_FORMATS).map(day.strftime),
            st.sampled_from((FULL_WIDTH, ARABIC_INDIC)).map(day.strftime("%Y-%m").translate),
            st.just(f"{day.year}-{day.month}"),
            st.just(f"{day:%Y-%m}/{day.year - 1}"),  # a range that ends before it begins
        )
    )
    assume(not PARTIAL_ISO.fullmatch(written) or written.endswith(f"/{day.year - 1}"))
    return written


def not_matching(pattern, alphabet=None):
    """Text that is not of ``pattern``: drawn near it (digits, signs, separators, spaces)."""
    chars = alphabet or st.sampled_from("0123456789+-;.,/ eE٣２\t")
    return st.text(chars, min_size=0, max_size=8).filter(lambda s: not re.fullmatch(pattern, s))


def refused(call, file, line, error=SahelInputError):
    """``call()`` fails with ``error`` naming ``file`` and ``line``."""
    with pytest.raises(error) as caught:
        call()
    message = str(caught.value)
    assert str(file) in message and f"line {line}" in message, message
    return message


@PROPERTY
@given(written=partial_date_in_another_format())
@example(written="09/2013")  # the issue's case
@example(written="２０１３-０９")  # full-width digits, once read as September 2013
def test_format_drift_fact_value_dates(pristine, written):
    """Fault class: a malformed value (partial date) in official_record.csv's value column.
    The issue's case ("09/2013" for "2013-09") is the first of the generated formats."""
    tree, restore = pristine
    restore(OFFICIAL, "data/record_sources.csv")
    line = set_cell(tree / OFFICIAL, "id", "M01", "value", written)
    reregister(tree, OFFICIAL)
    refused(
        lambda: record.facts(path=tree / "data/record_sources.csv", record_dir=tree / RECORD),
        tree / OFFICIAL,
        line,
        record.RecordDateError,
    )


def test_format_drift_the_issues_case_changes_no_page(tree):
    """Fault class: fallback on bad data. "09/2013" in the value of Norway's first contribution
    once made the chapter read its date column instead ("began in November 2022"): the loader
    now stops, and the chapter reads a date value by the topic's declared form only."""
    from sahel.chapters import contribution

    line = set_cell(tree / OFFICIAL, "id", "M01", "value", "09/2013")
    reregister(tree, OFFICIAL)
    sources = tree / "data/record_sources.csv"
    message = refused(
        lambda: record.facts(path=sources, record_dir=tree / RECORD),
        tree / OFFICIAL,
        line,
        record.RecordDateError,
    )
    assert "'09/2013' is not a partial ISO date" in message
    report = verify.run(tree)
    assert any("09/2013" in msg and f"line {line}" in msg for _, msg in report.errors)
    facts = record.facts()
    start = facts[facts["topic"] == "norway.minusma.start"].iloc[0].copy()
    assert contribution.fact_dates(start) == ("2013-09", "2013-09")
    start["date"] = "2022-11"  # the column the old code fell back to: never read for a date value
    assert contribution.fact_dates(start) == ("2013-09", "2013-09")


@PROPERTY
@given(written=partial_date_in_another_format())
def test_format_drift_fact_date_column(pristine, written):
    """Fault class: a malformed value (partial date) in official_record.csv's date column."""
    tree, restore = pristine
    restore(OFFICIAL, "data/record_sources.csv")
    line = set_cell(tree / OFFICIAL, "id", "N01", "date", written)
    reregister(tree, OFFICIAL)
    refused(
        lambda: record.facts(path=tree / "data/record_sources.csv", record_dir=tree / RECORD),
        tree / OFFICIAL,
        line,
        record.RecordDateError,
    )


@PROPERTY
@given(
    case=st.sampled_from(
        [("M03", r"[0-9]+"), ("R05", r"[0-9]+\+[0-9]+"), ("M05", r"[0-9]+(;[0-9]+)+")]
    ),
    data=st.data(),
)
def test_format_drift_fact_values_of_other_forms(pristine, case, data):
    """Fault class: a malformed value (count, strength, list of counts) in official_record.csv:
    "0.0", "zero", "1 000", "١٢" or an empty value for a count is refused, never read."""
    tree, restore = pristine
    fact, pattern = case
    written = data.draw(not_matching(pattern))
    restore(OFFICIAL, "data/record_sources.csv")
    line = set_cell(tree / OFFICIAL, "id", fact, "value", written)
    reregister(tree, OFFICIAL)
    refused(
        lambda: record.facts(path=tree / "data/record_sources.csv", record_dir=tree / RECORD),
        tree / OFFICIAL,
        line,
        record.RecordError,
    )


@PROPERTY
@given(column=st.sampled_from(["date", "date_earliest", "date_latest"]), data=st.data())
@example(column="date", data=None)  # ISO's basic form 20230831, once read as a date
def test_format_drift_registry_dates(pristine, column, data):
    """Fault class: a malformed value (day) in each date column of data/sources.csv."""
    tree, restore = pristine
    restore("data/sources.csv")
    written = "20230831" if data is None else data.draw(day_in_another_format())
    line = set_cell(tree / "data/sources.csv", "id", "S000", column, written)
    refused(
        lambda: load_registry(tree / "data/sources.csv"),
        tree / "data/sources.csv",
        line,
        RegistryError,
    )


@PROPERTY
@given(written=day_in_another_format())
def test_format_drift_fatality_dates(pristine, written):
    """Fault class: a malformed value (day) in the UN fatalities' incident_date."""
    tree, restore = pristine
    restore(FATALITIES_2023, "data/record_sources.csv")
    line = set_cell(tree / FATALITIES_2023, "id", "2", "incident_date", written)
    reregister(tree, FATALITIES_2023)
    refused(
        lambda: record.fatalities("R-UNFAT-2023", tree / "data/record_sources.csv", tree / RECORD),
        tree / FATALITIES_2023,
        line,
        record.RecordDateError,
    )


@PROPERTY
@given(
    case=st.sampled_from(
        [
            ("R-UNFAT-2023", "version"),
            ("R-UCDP", "version"),
            ("R-ODA-2010", "version"),
            ("R-OFFICIAL", "version"),
            ("R-UCDP", "bytes"),
            ("R-UCDP", "sha256"),
            ("R-UCDP", "commit"),
            ("R-UCDP", "bibkey"),
        ]
    ),
    data=st.data(),
)
def test_format_drift_record_registry(pristine, case, data):
    """Fault class: a malformed value in each formed column of data/record_sources.csv: a
    version in another format (a date, a release, a year), a size, a hash, a commit, a key;
    markup (``<img src=x onerror=…>``) among them."""
    tree, restore = pristine
    restore("data/record_sources.csv")
    row, column = case
    written = data.draw(
        st.one_of(
            day_in_another_format(),
            st.just("<img src=x onerror=alert(1)>"),
            not_matching(r"[0-9]+(\.[0-9]+)*", st.sampled_from("0123456789.-/ v٣２<>")),
        )
    )
    assume(not (column == "bibkey" and re.fullmatch(r"[A-Za-z][A-Za-z0-9_:-]*", written)))
    if column in ("commit", "bibkey"):
        assume(written != "")  # both may be empty in some rows
    path = tree / "data/record_sources.csv"
    line = set_cell(path, "id", row, column, written)
    refused(lambda: record.load_sources(path), path, line, record.RecordError)


@PROPERTY
@given(
    column=st.sampled_from(["title", "publisher", "author", "date_note"]),
    bad=st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Co"], exclude_characters="\r"),
)
def test_format_drift_registry_text_is_one_printable_line(pristine, column, bad):
    """Fault class: a malformed value (free text): a control, format (bidirectional override,
    zero-width), line or paragraph separator character in a registry text field."""
    tree, restore = pristine
    restore("data/sources.csv")
    path = tree / "data/sources.csv"
    line = set_cell(path, "id", "S002", column, f"Mali{bad}text")
    refused(lambda: load_registry(path), path, line, RegistryError)


@PROPERTY
@given(
    case=st.sampled_from(
        [("latitude", r"-?[0-9]+(\.[0-9]+)?"), ("year", r"[0-9]{4}"), ("No.TCC", r"[0-9]+")]
    ),
    data=st.data(),
)
def test_format_drift_geo_pko(pristine, case, data):
    """Fault class: a malformed value (decimal, year, count) in Geo-PKO's contributors file."""
    tree, restore = pristine
    column, pattern = case
    written = data.draw(not_matching(pattern))
    restore(TCC, "data/record_sources.csv")
    line = set_cell(tree / TCC, "mission", None, column, written)
    reregister(tree, TCC)
    refused(
        lambda: record.geo_pko_contributors(
            "R-GEOPKOTCC", tree / "data/record_sources.csv", tree / RECORD
        ),
        tree / TCC,
        line,
        record.RecordError,
    )


@PROPERTY
@given(written=not_matching(r"-?[0-9]+(\.[0-9]+)?|"))
def test_format_drift_dac_amount(pristine, written):
    """Fault class: a malformed value (amount) in a DAC Table 2a file (Norway's column)."""
    tree, restore = pristine
    restore(DAC_2010, "data/record_sources.csv")
    line = set_cell(tree / DAC_2010, "Donor(s)", "", "Norway", written)
    reregister(tree, DAC_2010)
    refused(
        lambda: record.dac2a("R-ODA-2010", tree / "data/record_sources.csv", tree / RECORD),
        tree / DAC_2010,
        line,
        record.RecordError,
    )


# --- duplicate keys in every keyed file ----------------------------------------------------------


@pytest.mark.parametrize("name", CSVS)
def test_duplicate_key_in_every_registry_and_data_file(tree, name):
    """Fault class: duplicate keys. The first row repeated right below it, in each keyed file."""
    table = list(csv.reader(io.StringIO((tree / name).read_text(encoding="utf-8"), newline="")))
    table.insert(2, table[1])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(table)
    (tree / name).write_text(buffer.getvalue(), encoding="utf-8")
    message = fails(tree, name, "duplicate|also on line", SahelInputError)
    assert "line" in message


@pytest.mark.parametrize(
    ("name", "loader"),
    [
        (
            OFFICIAL,
            lambda root: record.facts(
                path=root / "data/record_sources.csv", record_dir=root / RECORD
            ),
        ),
        (
            FATALITIES_2023,
            lambda root: record.fatalities(
                "R-UNFAT-2023", root / "data/record_sources.csv", root / RECORD
            ),
        ),
        (
            DAC_2010,
            lambda root: record.dac2a(
                "R-ODA-2010", root / "data/record_sources.csv", root / RECORD
            ),
        ),
    ],
)
def test_duplicate_key_in_every_keyed_record_file(tree, name, loader):
    """Fault class: duplicate keys, in the vendored record files with a key (re-registered):
    a fact id, a death's id, a DAC recipient. (UCDP's country-year is tested in test_conflict;
    Geo-PKO's exact duplicate rows are published so, dropped and counted by design.)"""
    table = list(csv.reader(io.StringIO((tree / name).read_text(encoding="utf-8"), newline="")))
    table.insert(3, table[2])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(table)
    (tree / name).write_text(buffer.getvalue(), encoding="utf-8")
    reregister(tree, name)
    with pytest.raises(SahelInputError) as caught:
        loader(tree)
    assert str(tree / name) in str(caught.value) and "line" in str(caught.value)


# --- the rules of every input file: links, non-regular, empty, NUL -------------------------------


@pytest.mark.parametrize("name", [*CSVS, OFFICIAL, FATALITIES_2023])
def test_link_leaving_its_folder_is_refused(tree, tmp_path, name):
    """Fault class: links. Any input file replaced by a link to the same bytes outside its
    folder is refused by make verify, naming the file."""
    path = tree / name
    outside = tmp_path / "outside" / path.name
    outside.parent.mkdir()
    shutil.move(path, outside)
    os.symlink(outside, path)
    report = verify.run(tree)
    found = [msg for _, msg in report.errors if str(path) in msg and "outside" in msg]
    assert found, report.lines()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty file"),
        (None, r"control character '\\x00'"),
        (b"\xef\xbb\xbfMali\n", "byte-order"),
    ],
)
def test_seed_content_every_input_file_refuses(tree, content, problem):
    """Fault class: what a page claims to show. A zero-byte seed, a seed with a NUL byte, a seed
    with a BOM, re-registered (as after a deliberate edit), are refused: the page would show
    nothing, or silently drop a character, while saying it shows the text as registered."""
    seed = tree / "seeds" / "000_f7638546bebadadf.txt"
    data = seed.read_bytes()
    seed.write_bytes(content if content is not None else data[:10] + b"\0" + data[10:])
    reregister(tree, "seeds/000_f7638546bebadadf.txt")
    fails(
        tree,
        "data/sources.csv",
        problem,
        SeedDecodeError,
        target=seed.relative_to(tree),
        line=False,
    )


@pytest.mark.parametrize("content", [b"", b"id,topic\n\0\n"])
def test_record_file_content_every_input_file_refuses(tree, content):
    """Fault class: the same rules on a vendored record file (re-registered)."""
    (tree / OFFICIAL).write_bytes(content)
    reregister(tree, OFFICIAL)
    with pytest.raises(record.RecordFileError, match=re.escape(str(tree / OFFICIAL))):
        record.facts(path=tree / "data/record_sources.csv", record_dir=tree / RECORD)


def test_a_pipe_in_seeds_is_refused_not_waited_on(tree):
    """Fault class: not a regular file. A named pipe in seeds/ (reading it would hang) is named
    by make verify, which still finishes."""
    os.mkfifo(tree / "seeds" / "zz.txt")
    out = subprocess.run(
        [sys.executable, "-m", "sahel.evidence.verify", str(tree)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 1
    assert f"{tree / 'seeds' / 'zz.txt'}: not a regular file" in out.stdout, out.stdout


# --- missing and read-only folders, concurrent runs ----------------------------------------------


@pytest.mark.parametrize("folder", ["seeds", "data/record", "data/geo"])
def test_missing_folder_is_named(tree, folder):
    """Fault class: missing folder. Every check that needs it names it; none fails unnamed."""
    shutil.rmtree(tree / folder)
    report = verify.run(tree)
    assert not report.ok
    assert all(not msg.startswith("unexpected") for _, msg in report.errors), report.lines()
    assert any(str(tree / folder) in msg for _, msg in report.errors), report.lines()


def _read_only(path, *command):
    """Run ``command`` with ``path`` mounted read-only (a private mount namespace: nothing
    outside the command sees it); None if this machine cannot."""
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode:
        return None
    script = 'mount --bind -o ro "$1" "$1" && shift && exec "$@"'
    return subprocess.run(
        [
            "unshare",
            "-m",
            "--propagation",
            "private",
            "sh",
            "-c",
            script,
            "sh",
            str(path),
            *command,
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_verify_runs_on_a_read_only_checkout(tree):
    """Fault class: read-only folder. make verify writes nothing: it passes on a read-only
    copy of the inputs."""
    out = _read_only(tree, sys.executable, "-m", "sahel.evidence.verify", str(tree))
    if out is None:
        pytest.skip("no private mount namespace here (needs root): cannot mount read-only")
    assert out.returncode == 0, out.stdout + out.stderr


def test_build_into_a_read_only_folder_fails_named(tmp_path):
    """Fault class: read-only folder. A build whose output folder is read-only fails with one
    line naming it (no traceback), and leaves the last good book and no process behind."""
    from tests.book import marked_processes, minimal_book

    root = minimal_book(tmp_path / "book")
    (root / "_build" / "html").mkdir(parents=True)
    (root / "_build" / "html" / "last-good.html").write_text("kept", encoding="utf-8")
    mark = f"readonly-{os.getpid()}"
    env = ["env", f"SAHEL_ROOT={root}", f"SAHEL_TEST_MARK={mark}"]
    out = _read_only(
        root / "_build", *env, sys.executable, "-m", "tooling.build", "--root", str(root)
    )
    if out is None:
        pytest.skip("no private mount namespace here (needs root): cannot mount read-only")
    assert out.returncode != 0
    assert "build failed" in out.stderr and "Read-only file system" in out.stderr, out.stderr
    assert "Traceback" not in out.stderr, out.stderr
    assert (root / "_build" / "html" / "last-good.html").read_text(encoding="utf-8") == "kept"
    assert not marked_processes(mark)


def test_concurrent_verify_runs_agree_and_write_nothing(tree):
    """Fault class: concurrent runs. Two make verify at once on one checkout both pass and
    leave every file as it was."""
    before = snapshot(tree)
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "sahel.evidence.verify", str(tree)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=600)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert snapshot(tree) == before
