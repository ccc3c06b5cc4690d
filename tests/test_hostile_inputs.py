"""Hostile inputs: every file the project reads, broken on purpose in a scratch copy.

Each case runs the real loader (through the check of ``sahel.evidence.verify`` that reads the
file, after its prerequisites) and must end in a SahelInputError subclass whose message names
the file (and the line, where the problem has one); nothing is written anywhere.
"""

import csv
import hashlib
import io
import os
import re
import shutil

import pytest

from sahel import paths
from sahel.evidence import verify
from sahel.evidence.errors import DuplicateIdError, SahelInputError
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
    """"last year" is read from the source's dating window: widen it and the claim fails."""
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
