"""The registry (data/sources.csv): valid as committed, loud about every malformed row."""

import csv

import pytest

from sahel import paths
from sahel.evidence.errors import DuplicateIdError, RegistryError
from sahel.evidence.registry import COLUMNS, describe_file, load_registry
from tests.conftest import rewrite


def test_committed_registry_matches_the_seed_files():
    sources = load_registry()
    assert [s.file for s in sources] == sorted(p.name for p in paths.SEEDS.iterdir())
    for source in sources:
        assert describe_file(paths.SEEDS / source.file) == (source.sha256, source.bytes)


def test_every_source_has_a_bib_entry():
    bib = (paths.BOOK / "references.bib").read_text(encoding="utf-8")
    for source in load_registry():
        assert f"{{{source.bibkey}," in bib


def test_undated_sources_carry_a_reason_and_a_window():
    for source in load_registry():
        if source.date is None:
            assert source.date_note.startswith("Undated")
            assert source.date_earliest is not None


def test_duplicate_id_names_the_file_and_the_id(scratch):
    registry, _ = scratch
    rewrite(registry, "S001,", "S000,")
    with pytest.raises(DuplicateIdError, match=r"sources\.csv.*duplicate id 'S000'"):
        load_registry(registry)


def test_row_with_missing_field_names_file_and_line(scratch):
    registry, _ = scratch
    rows = list(csv.reader(registry.open(encoding="utf-8")))
    rows[3] = rows[3][:-1]
    with registry.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    with pytest.raises(RegistryError, match=r"sources\.csv: line 4: 13 fields, expected 14"):
        load_registry(registry)


def test_unterminated_quote_is_malformed_csv(scratch):
    registry, _ = scratch
    registry.write_text(registry.read_text(encoding="utf-8") + 'S9,"broken\n', encoding="utf-8")
    with pytest.raises(RegistryError, match=r"sources\.csv"):
        load_registry(registry)


def test_wrong_header_is_named(scratch):
    registry, _ = scratch
    rewrite(registry, "sha256,bytes", "sha,bytes")
    with pytest.raises(RegistryError, match=r"sources\.csv: header"):
        load_registry(registry)


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("99270c3bbe", "99270C3BBE", "not 64 lowercase hex"),
        (",2873,", ",many,", "bytes 'many' is not a whole number"),
        (",2023-12-12,", ",12/12/2023,", "is not an ISO date"),
        ("press release", "blog post", "kind 'blog post'"),
    ],
)
def test_bad_values_name_the_source(scratch, old, new, problem):
    registry, _ = scratch
    rewrite(registry, old, new)
    with pytest.raises(RegistryError, match=r"sources\.csv: line \d+: source S00\d: .*" + problem):
        load_registry(registry)


def test_undated_source_without_reason_fails(scratch):
    registry, _ = scratch
    rows = list(csv.DictReader(registry.open(encoding="utf-8")))
    rows[1]["date_note"] = ""
    with registry.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(RegistryError, match="S001: undated source needs a date_note"):
        load_registry(registry)


SHARED = paths.ROOT.parent / "shared" / "seeds"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/seeds is not beside this checkout")
def test_seeds_are_byte_identical_to_shared():
    shared = sorted(p.name for p in SHARED.iterdir())
    assert sorted(p.name for p in paths.SEEDS.iterdir()) == shared
    for name in shared:
        assert (paths.SEEDS / name).read_bytes() == (SHARED / name).read_bytes(), name
