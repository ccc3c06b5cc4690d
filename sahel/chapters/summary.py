"""The executive summary: the chapters' own figures, gathered for one page.

Nothing is computed here: each chapter's figures function is called with the inputs its
chapter gives it, so the summary's figures are the chapters' figures, traced alike.
"""

from sahel.chapters import (
    aid,
    appendix,
    conflict,
    contribution,
    disagreements,
    human_cost,
    minusma,
    norway,
    realignment,
    reconciliation,
)
from sahel.evidence import record
from sahel.evidence.registry import load_registry


def _cost(ledger, corpus, events):
    """The figures of the chapter on what the mission cost: the UN's count, then UCDP's."""
    fatalities = record.fatalities(human_cost.CITED)
    earlier = record.fatalities(human_cost.EARLIER)
    registry = {source.id: source for source in load_registry()}
    marks = human_cost.seed_marks(ledger, registry, fatalities)
    covered = conflict.countries(corpus[norway.SOURCE].text)
    phases = conflict.window(events)
    return {
        **human_cost.figures(fatalities, earlier, marks, ledger),
        **conflict.figures(record.ucdp(conflict.CITED), covered, phases, ledger),
    }, fatalities


def _footprint(ledger, corpus, fatalities):
    """The figures of the chapter on Norway's footprint: the release, the contribution, aid."""
    coverage = norway.bamako_coverage(corpus[norway.SOURCE].text)
    facts = record.facts()
    contributions = contribution.timeline(facts)
    marks = contribution.mission_marks(ledger)
    deaths = contribution.deaths_check(facts, fatalities)
    return {
        **norway.summary(ledger, coverage),
        **contribution.figures(contributions, marks, deaths, ledger, facts=facts),
        **aid.figures(aid.disbursements(coverage)),
    }


def figures(ledger, corpus):
    """Every formatted figure the summary glues: each chapter's figures function, called whole."""
    events = minusma.build_events(ledger)
    cost, fatalities = _cost(ledger, corpus, events)
    return {
        **minusma.figures(ledger, events),
        **cost,
        **_footprint(ledger, corpus, fatalities),
        **realignment.figures(ledger),
        **appendix.coverage_figures(appendix.coverage_counts(corpus, ledger)),
        **appendix.ledger_figures(ledger),
        **disagreements.figures(
            ledger, disagreements.find(ledger, results=reconciliation.run(ledger))
        ),
    }
