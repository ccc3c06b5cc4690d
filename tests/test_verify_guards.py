"""Every check of ``make verify`` fails on an input broken on purpose (one per check, named by
the check and the file), so none of them can pass vacuously."""

import pytest

from sahel.evidence import verify
from tests.book import copy_inputs


def rename_first_column(path):
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[0] = "bogus" + lines[0][lines[0].index(",") :]
    path.write_text("\n".join(lines), encoding="utf-8")


def header_broken(file):
    def breaker(tree):
        rename_first_column(tree / file)
        return tree / file

    return breaker


def seed_changed(tree):
    seed = sorted((tree / "seeds").glob("*.txt"))[0]
    seed.write_bytes(seed.read_bytes() + b" 1")
    return seed


def exclusion_dropped(tree):
    """The ledger and exclusions still load; a number word of a seed is now unaccounted."""
    path = tree / "data/coverage_exclusions.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:1] + lines[2:]), encoding="utf-8")
    return None


def geometry_truncated(tree):
    shp = tree / "data/geo/naturalearth_lowres.shp"
    shp.write_bytes(shp.read_bytes()[:200])
    return None


def record_byte_flipped(tree):
    file = sorted((tree / "data/record").glob("*.csv"))[0]
    data = bytearray(file.read_bytes())
    data[-2] = ord("7") if data[-2] != ord("7") else ord("8")
    file.write_bytes(bytes(data))
    return file


def nul_in_seed(tree):
    """A seed holding a NUL byte: not plain text (its digest changes too)."""
    seed = sorted((tree / "seeds").glob("*.txt"))[0]
    seed.write_bytes(seed.read_bytes() + b"\x00")
    return seed


def unchecked_file(tree):
    (tree / "data/new.csv").write_text("id,x\nN-1,y\n", encoding="utf-8")
    return tree / "data/new.csv"


BREAK = {
    "input files": nul_in_seed,
    "seeds and registry": seed_changed,
    "ledger": header_broken("data/claims.csv"),
    "exclusions": header_broken("data/coverage_exclusions.csv"),
    "coverage": exclusion_dropped,
    "defects": header_broken("data/source_defects.csv"),
    "sites": header_broken("data/sites.csv"),
    "scopes": header_broken("data/scopes.csv"),
    "relations table": header_broken("data/relations.csv"),
    "relation steps": header_broken("data/relations_steps.csv"),
    "codebook": header_broken("data/codebook.csv"),
    "geometry": geometry_truncated,
    "exhibits": header_broken("data/exhibits.csv"),
    "quotes": header_broken("data/quotes.csv"),
    "picks": header_broken("data/picks.csv"),
    "series": header_broken("data/series.csv"),
    "record": record_byte_flipped,
    "reconciliation": header_broken("data/reconciliation.csv"),
    "readings": header_broken("data/readings.csv"),
    "inventory": unchecked_file,
}


# A new data file is also missing from the codebook, which documents every data file.
# A seed that is not plain text no longer matches its registered digest either.
ALSO_FAILS = {"inventory": {"codebook"}, "input files": {"seeds and registry"}}


def test_every_check_has_a_broken_input():
    assert set(BREAK) == {c.name for c in verify.CHECKS}


@pytest.mark.parametrize("check", list(BREAK))
def test_check_fails_on_its_broken_input(tmp_path, check):
    tree = copy_inputs(tmp_path / "book")
    broken = BREAK[check](tree)
    report = verify.run(tree)
    assert not report.ok
    failed = dict(report.errors)
    assert check in failed, report.lines()
    assert not failed[check].startswith("unexpected"), failed[check]  # a named input error
    if broken is not None:
        assert str(broken) in failed[check] or broken.name in failed[check], failed[check]
    # the checks that do not read the broken input still ran and passed
    ran = {k for k, _ in report.errors} | {k for k, _ in report.skipped}
    also = ALSO_FAILS.get(check, set())
    assert ran <= {check} | also | {
        c.name for c in verify.CHECKS if any(_depends_on(c.name, k) for k in {check} | also)
    }


def _depends_on(name, check):
    by_name = {c.name: c for c in verify.CHECKS}
    needs = by_name[name].needs
    return check in needs or any(_depends_on(n, check) for n in needs)
