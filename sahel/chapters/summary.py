"""The executive summary: the chapters' own figures, gathered for one page.

Nothing is computed here: each chapter's figures function is called with the inputs its
chapter gives it, so the summary's figures are the chapters' figures, traced alike. Each
helper below is one chapter's set-up, in the chapter's own words (its notebook's first cells).
"""

from sahel.chapters import (
    aid,
    appendix,
    conflict,
    contribution,
    disagreements,
    donors,
    fallen,
    geo_pko,
    human_cost,
    mandate_end,
    minusma,
    norway,
    realignment,
    reconciliation,
    standing,
)
from sahel.evidence import record
from sahel.evidence.registry import load_registry


def _mission(ledger, corpus, events, results):
    """How MINUSMA ended: its dates, the answer's figures, the mandate's end, the drawdown."""
    sites = minusma.load_sites(corpus, ledger)
    pko_sites = record.geo_pko_sites(geo_pko.SITES)
    contributors = record.geo_pko_contributors(geo_pko.CONTRIBUTORS)
    closing = geo_pko.closing_sites(sites, ledger)
    year = geo_pko.seed_year(ledger, {source.id: source for source in load_registry()})
    return {
        **minusma.figures(ledger, events),
        **minusma.answer_figures(ledger, events),
        **mandate_end.figures(mandate_end.status(ledger, results), ledger),
        **geo_pko.figures(pko_sites, contributors, closing, year),
        **geo_pko.map_figures(pko_sites, geo_pko.map_years(pko_sites, year), year),
    }


def _cost(ledger, corpus, events):
    """What the mission cost: the UN's count, MINUSMA among all missions, who died, UCDP."""
    fatalities = record.fatalities(human_cost.CITED)
    earlier = record.fatalities(human_cost.EARLIER)
    registry = {source.id: source for source in load_registry()}
    marks = human_cost.seed_marks(ledger, registry, fatalities)
    covered = conflict.countries(corpus[norway.SOURCE].text)
    phases = conflict.window(events)
    return {
        **human_cost.figures(fatalities, earlier, marks, ledger),
        **standing.figures(fatalities),
        **fallen.figures(fatalities, record.radpko("R-RADPKO")),
        **conflict.figures(record.ucdp(conflict.CITED), covered, phases, ledger),
    }, fatalities


def _footprint(ledger, corpus, fatalities):
    """Norway's footprint: the release, the contribution, aid and Norway among donors."""
    coverage = norway.bamako_coverage(corpus[norway.SOURCE].text)
    facts = record.facts()
    contributions = contribution.timeline(facts)
    marks = contribution.mission_marks(ledger)
    deaths = contribution.deaths_check(facts, fatalities)
    return {
        **norway.summary(ledger, coverage),
        **contribution.figures(contributions, marks, deaths, ledger, facts=facts),
        **aid.figures(aid.disbursements(coverage)),
        **donors.figures(donors.amounts(coverage)),
    }


def _audit(ledger, results):
    """How far the sources hold: the reconciliation's grades and the flags."""
    flags, worded = disagreements.analyse(ledger, results=results)
    return {
        **reconciliation.figures(results),
        **disagreements.figures(
            ledger, disagreements.table(flags), disagreements.worded_table(worded)
        ),
    }


def figures(ledger, corpus):
    """Every formatted figure the summary glues: each chapter's figures function, called whole."""
    events = minusma.build_events(ledger)
    results = reconciliation.run(ledger, record.facts())
    cost, fatalities = _cost(ledger, corpus, events)
    return {
        **_mission(ledger, corpus, events, results),
        **cost,
        **_footprint(ledger, corpus, fatalities),
        **realignment.figures(ledger),
        **realignment.embassy_summary(realignment.embassy_and_g5(corpus)[0]),
        **appendix.coverage_figures(appendix.coverage_counts(corpus, ledger)),
        **appendix.ledger_figures(ledger),
        **_audit(ledger, results),
    }
