"""What loading and aggregating the public record adds to the cold build.

The record enters the book in the notebooks: every registered file of ``data/record/`` is read
through its strict loader (sha256, columns, dates, codes) and the chapters aggregate it (deaths
by year and cause, the running count, nationalities, the 2023→2025 revision, the
reconciliation). :func:`stage` does exactly that work, once, in a fresh interpreter as a kernel
would, and returns the wall time of each phase; imports are timed apart because the serial
floor of the cold build already pays for them. ``make bench`` reports the median of
``repeat`` fresh processes against the goal (≤ 2 s).

A chapter that starts reading a record file adds its aggregation to :data:`AGGREGATIONS`.
"""

import functools
import json
import statistics
import subprocess
import sys
import time

GOAL_S = 2.0
_CHILD = "import json, bench.record_cost as r; print(json.dumps(r.stage()))"


@functools.cache
def _corpus():
    """The verified seeds, loaded once per process (the notebook loads them once, too)."""
    from sahel.evidence.corpus import load_corpus

    return load_corpus()


def _human_cost(record, ledger, registry):
    from sahel.chapters import human_cost

    fatalities = record.fatalities(human_cost.CITED)
    earlier = record.fatalities(human_cost.EARLIER)
    marks = human_cost.seed_marks(ledger, registry, fatalities)
    human_cost.figures(fatalities, earlier, marks, ledger)
    human_cost.by_year_and_cause(fatalities)
    human_cost.cumulative_chart_data(ledger, registry, fatalities)
    human_cost.by_nationality(fatalities)


def _reconciliation(record, ledger, registry):
    from sahel.chapters import reconciliation

    facts = record.facts()
    plan = reconciliation.load_plan(ledger, facts_frame=facts)
    results = reconciliation.reconcile(
        plan, ledger, registry, facts, reconciliation.deaths_frames(plan)
    )
    reconciliation.table(results, facts)


def _conflict(record, ledger, registry):
    from sahel.chapters import conflict, minusma, norway, violence

    frame = record.ucdp(conflict.CITED)
    covered = conflict.countries(_corpus()[norway.SOURCE].text)
    phases = conflict.window(minusma.build_events(ledger))
    conflict.figures(frame, covered, phases, ledger)
    found = conflict.findings(frame, covered, phases)
    conflict.type_chart_data(found["table"], found["host"], phases)
    conflict.perpetrator_chart_data(found["perpetrators"], found["host"], phases)
    conflict.country_chart_data(found["long"], found["shown"], phases)
    violence.country_periods(frame, covered, found["spans"])


def _sites(record, ledger, registry):
    from sahel.chapters import geo_pko, minusma

    sites = record.geo_pko_sites(geo_pko.SITES)
    contributors = record.geo_pko_contributors(geo_pko.CONTRIBUTORS)
    closing = geo_pko.closing_sites(minusma.load_sites(_corpus(), ledger), ledger)
    geo_pko.figures(sites, contributors, closing, geo_pko.seed_year(ledger, registry))
    geo_pko.sites_table(sites, contributors, closing)


def _norway(record, ledger, registry):
    from sahel.chapters import aid, contribution, human_cost, norway

    coverage = norway.bamako_coverage(_corpus()[norway.SOURCE].text)
    data = aid.disbursements(coverage)
    aid.figures(data)
    aid.by_year(data)
    facts = record.facts()
    timeline = contribution.timeline(facts)
    marks = contribution.mission_marks(ledger)
    check = contribution.deaths_check(facts, record.fatalities(human_cost.CITED))
    contribution.figures(timeline, marks, check, ledger, facts)
    contribution.chart_data(timeline, marks)


#: each chapter's aggregation of the record, as its notebook runs it
AGGREGATIONS = {
    "human cost": _human_cost,
    "reconciliation": _reconciliation,
    "conflict": _conflict,
    "sites": _sites,
    "Norway's contribution and aid": _norway,
}


def stage():
    """Run in a fresh interpreter: ``{"import_s", "load_s", "aggregate_s": {name: s},
    "read": [record ids]}``. ``load_s`` reads every registered file through its loader."""
    start = time.perf_counter()
    from sahel.evidence import record
    from sahel.evidence.claims import load_ledger
    from sahel.evidence.registry import load_registry

    corpus = _corpus()
    ledger = load_ledger(corpus=corpus)
    registry = {source.id: source for source in load_registry()}
    imported = time.perf_counter()
    read = set(record.verify_all())
    loaded = time.perf_counter()
    aggregate = {}
    for name, run in AGGREGATIONS.items():
        began = time.perf_counter()
        run(record, ledger, registry)
        aggregate[name] = time.perf_counter() - began
    return {
        "import_s": imported - start,
        "load_s": loaded - imported,
        "aggregate_s": aggregate,
        "read": sorted(read),
    }


def measure(repeat):
    """Median over ``repeat`` fresh processes of the record's cost (load + aggregate)."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", _CHILD],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(out.stdout.splitlines()[-1]))
    totals = [r["load_s"] + sum(r["aggregate_s"].values()) for r in runs]
    best = runs[totals.index(statistics.median_low(totals))]
    return {
        "runs": runs,
        "total_median_s": statistics.median(totals),
        "import_median_s": statistics.median(r["import_s"] for r in runs),
        "load_s": best["load_s"],
        "aggregate_s": best["aggregate_s"],
        "read": best["read"],
    }


if __name__ == "__main__":
    # ``python -m bench.record_cost``: the stage measured alone (``make bench`` runs it too),
    # written to bench/record_cost.json with the machine and its load
    import datetime as dt
    from pathlib import Path

    from bench.run import machine

    measured = measure(5)
    measured.update(
        date=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        machine=machine(),
        goal_s=GOAL_S,
        met=measured["total_median_s"] <= GOAL_S,
    )
    out = Path(__file__).resolve().parent / "record_cost.json"
    out.write_text(json.dumps(measured, indent=2) + "\n", encoding="utf-8")
    print(f"record: {measured['total_median_s']:.2f} s (goal {GOAL_S:.0f} s) -> {out}")
