"""``make verify``: every input the book reads, checked in seconds, without building the book.

``python -m sahel.evidence.verify [ROOT]`` runs the named checks in ``CHECKS`` with the same
loaders the chapters use (the rules of every input file on each file of seeds/, data/,
data/record/ and data/geo/; seeds and registry, ledger, exclusions, coverage, readings, defects,
sites, the relations table and its steps of general knowledge, the codebook, the vendored
geometry, the public record (sha256, columns, dates and codes of data/record/), the
reconciliation plan, and the chapter content: exhibits, quotes, picks, series) and prints one
summary line, or every error found (file, line, problem) and exits 1. A check whose input
failed is reported as not run; the others still run, so one pass names every broken file it can.

A new data file adds one ``Check`` here: the ``inventory`` check fails on any ``data/*.csv``
that no check reads.
"""

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sahel import paths
from sahel.evidence.errors import InputFileError, SahelInputError


@dataclass(frozen=True)
class Check:
    """One named check: the files it reads (relative to the root), the checks whose results
    it needs, and ``run(root, found)`` returning its result (``found`` holds earlier ones)."""

    name: str
    files: tuple
    run: Callable
    needs: tuple = field(default=())


def _corpus(root, found):
    from sahel.evidence.corpus import load_corpus

    return load_corpus(root / "data" / "sources.csv", root / "seeds")


def _ledger(root, found):
    from sahel.evidence.claims import load_ledger

    return load_ledger(root / "data" / "claims.csv", found["corpus"])


def _exclusions(root, found):
    from sahel.evidence.coverage import load_exclusions

    return load_exclusions(found["corpus"], root / "data" / "coverage_exclusions.csv")


def _coverage(root, found):
    from sahel.evidence import coverage

    tokens = coverage.scan(found["corpus"], found["ledger"], found["exclusions"])
    coverage.unaccounted(tokens, found["corpus"], root / "seeds")
    return tokens


def _readings(root, found):
    """The readings, each reading a flag raised now and written for the settlement the record
    gives now: the reconciliation is run on the vendored record and the flags computed."""
    from sahel import content
    from sahel.chapters import disagreements
    from sahel.chapters import reconciliation as rec
    from sahel.evidence import record

    ledger, plan = found["ledger"], found["reconciliation"]
    path = root / "data" / "readings.csv"
    readings = disagreements.load_readings(ledger, path, plan)
    sources, record_dir = root / "data" / "record_sources.csv", root / "data" / "record"
    facts = record.facts(path=sources, record_dir=record_dir)
    ids = dict.fromkeys(row.record[0] for row in plan if row.measure in rec.DEATHS)
    deaths = {i: record.fatalities(i, sources, record_dir) for i in ids}  # each read once
    registry = {sid: doc.source for sid, doc in found["corpus"].items()}
    results = rec.reconcile(plan, ledger, registry, facts, deaths)
    joined = content.picks_under(disagreements.SAME_QUANTITY, root / "data" / "picks.csv")
    flags, worded = disagreements.analyse(ledger, found["scopes"], joined, results)
    disagreements.load_regrades(ledger, flags, worded, root / "data" / "regrades.csv")
    return disagreements.check_readings(flags, readings)


def _defects(root, found):
    from sahel.chapters.disagreements import load_defects

    return load_defects(found["corpus"], found["ledger"], root / "data" / "source_defects.csv")


def _sites(root, found):
    from sahel.chapters.minusma import load_sites

    return load_sites(found["corpus"], found["ledger"], root / "data" / "sites.csv")


def _scopes(root, found):
    from sahel.evidence.scope import check_scopes

    sources = {sid: doc.source for sid, doc in found["corpus"].items()}
    return check_scopes(found["ledger"], root / "data" / "scopes.csv", sources)


def _relations(root, found):
    from sahel.chapters.relations import RELATIONS_COLUMNS
    from sahel.evidence.claims import ClaimError
    from sahel.evidence.tables import read_rows

    path = root / "data" / "relations.csv"
    return read_rows(path, RELATIONS_COLUMNS, id_column="row", error=ClaimError)


def _relation_steps(root, found):
    from sahel.chapters import relations

    rows = relations.parse_table(found["corpus"][relations.SOURCE].text)
    return relations.load_steps(rows, root / "data" / "relations_steps.csv")


def _codebook(root, found):
    from sahel.chapters.appendix import data_files

    return data_files(root / "data")


def _geo(root, found):
    from sahel.evidence import geo

    return [path for layer in geo.LAYERS for path in geo.verify(layer, root / "data" / "geo")]


def _exhibits(root, found):
    from sahel import content

    return content.load_exhibits(root / "data" / "exhibits.csv")


def _quotes(root, found):
    from sahel import content

    return content.load_quotes(found["corpus"], found["ledger"], root / "data" / "quotes.csv")


def _picks(root, found):
    from sahel import content

    return content.verify_picks(found["ledger"], root / "data" / "picks.csv")


def _series(root, found):
    from sahel import content

    return content.verify_series(found["ledger"], root / "data" / "series.csv")


def _record(root, found):
    from sahel.evidence import record

    return record.verify_all(
        root / "data" / "record_sources.csv",
        root / "data" / "record",
        root / "book" / "references.bib",
    )


def _reconciliation(root, found):
    from sahel.chapters.reconciliation import load_plan

    return load_plan(
        found["ledger"],
        root / "data" / "reconciliation.csv",
        root / "data" / "record_sources.csv",
    )


def _input_files(root, found):
    """The rules of every input file (``sahel.evidence.inputfiles``) on every file the book
    reads: the seeds, the registries and data files, the vendored record files (text); the
    geometry's files (binary: the path rules and non-empty)."""
    from sahel.evidence import inputfiles

    data = root / "data"
    checked = []
    for folder, text, pattern in (
        (root / "seeds", True, "*"),
        (data, True, "*.csv"),
        (data / "record", True, "*"),
        (data / "geo", False, "*"),
    ):
        checked += inputfiles.check_folder(folder, InputFileError, text=text, pattern=pattern)
    return checked


def _inventory(root, found):
    """Every CSV directly in data/ is read by some check (a new file needs a new check)."""
    checked = {f for check in CHECKS for f in check.files}
    unchecked = sorted(
        p.relative_to(root).as_posix()
        for p in (root / "data").glob("*.csv")
        if p.relative_to(root).as_posix() not in checked
    )
    if unchecked:
        raise SahelInputError(
            "\n".join(
                f"{root / f}: no check in sahel/evidence/verify.py reads it" for f in unchecked
            )
        )
    return checked


CHECKS = (
    Check("input files", (), _input_files),
    Check("seeds and registry", ("data/sources.csv", "seeds/"), _corpus),
    Check("ledger", ("data/claims.csv",), _ledger, ("seeds and registry",)),
    Check("exclusions", ("data/coverage_exclusions.csv",), _exclusions, ("seeds and registry",)),
    Check("coverage", (), _coverage, ("ledger", "exclusions")),
    Check("defects", ("data/source_defects.csv",), _defects, ("ledger",)),
    Check("sites", ("data/sites.csv",), _sites, ("ledger",)),
    Check("scopes", ("data/scopes.csv",), _scopes, ("ledger",)),
    Check("relations table", ("data/relations.csv",), _relations),
    Check(
        "relation steps", ("data/relations_steps.csv",), _relation_steps, ("seeds and registry",)
    ),
    Check("codebook", ("data/codebook.csv",), _codebook),
    Check("geometry", ("data/geo/",), _geo),
    Check("exhibits", ("data/exhibits.csv",), _exhibits, ("seeds and registry",)),
    Check("quotes", ("data/quotes.csv",), _quotes, ("ledger",)),
    Check("picks", ("data/picks.csv",), _picks, ("ledger",)),
    Check("series", ("data/series.csv",), _series, ("ledger",)),
    Check("record", ("data/record_sources.csv", "data/record/", "book/references.bib"), _record),
    Check("reconciliation", ("data/reconciliation.csv",), _reconciliation, ("ledger", "record")),
    Check(
        "readings",
        ("data/readings.csv", "data/regrades.csv"),
        _readings,
        ("seeds and registry", "ledger", "scopes", "picks", "reconciliation"),
    ),
    Check("inventory", (), _inventory),
)
KEYS = {"seeds and registry": "corpus"}  # names under which results are passed on


@dataclass
class Report:
    """What a run found: each check's result, the errors by check, the checks not run."""

    results: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)  # (check name, message)
    skipped: list = field(default_factory=list)  # (check name, failed prerequisites)
    seconds: float = 0.0

    @property
    def ok(self):
        return not self.errors and not self.skipped

    def data_files(self):
        return sorted({f for c in CHECKS for f in c.files if f.startswith("data/")})

    def summary(self):
        found = self.results
        if not self.ok:
            return (
                f"verify: {len(self.errors)} error(s), {len(self.skipped)} check(s) not run "
                f"— FAILED ({self.seconds:.1f} s)"
            )
        tokens = found["coverage"]
        words = sum(t.kind == "word" for t in tokens)
        return (
            f"verify: {len(found['corpus'])} sources, {len(found['ledger'])} claims, "
            f"{len(found['exclusions'])} exclusions, {len(tokens) - words} digit tokens and "
            f"{words} number words accounted for, "
            f"{len(self.data_files())} data files — ok ({self.seconds:.1f} s)"
        )

    def lines(self):
        out = [f"verify: {name}: {line}" for name, msg in self.errors for line in msg.splitlines()]
        out += [f"verify: {name}: not run (needs {', '.join(why)})" for name, why in self.skipped]
        return [*out, self.summary()]


def run(root=None, checks=CHECKS):
    """Run ``checks`` on the checkout at ``root`` (default: ``paths.ROOT``); return a Report."""
    root = Path(root or paths.ROOT)
    start, report, failed = time.perf_counter(), Report(), set()
    for check in checks:
        blocked = [n for n in check.needs if n in failed]
        if blocked:
            report.skipped.append((check.name, blocked))
            failed.add(check.name)
            continue
        try:
            result = check.run(root, report.results)
        except SahelInputError as exc:
            report.errors.append((check.name, f"{type(exc).__name__}: {exc}"))
            failed.add(check.name)
            continue
        except Exception as exc:  # a loader let an unnamed error through: still a failure
            report.errors.append((check.name, f"unexpected {type(exc).__name__}: {exc}"))
            failed.add(check.name)
            continue
        report.results[KEYS.get(check.name, check.name)] = result
    report.seconds = time.perf_counter() - start
    return report


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) > 1:
        raise SystemExit("usage: python -m sahel.evidence.verify [ROOT]")
    report = run(argv[0] if argv else None)
    print("\n".join(report.lines()))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
