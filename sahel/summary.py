"""The executive summary: the chapters' own computations, gathered for one page."""

from . import appendix, coverage, disagreements, norway, realignment, timeline


def figures(ledger, corpus):
    """Every formatted figure the summary glues, computed by the chapters' functions."""
    tokens = coverage.scan(corpus, ledger, coverage.load_exclusions(corpus))
    flags = disagreements.find(ledger)
    return {
        **timeline.figures(ledger),
        **norway.summary(ledger, norway.bamako_coverage(corpus[norway.SOURCE].text)),
        **realignment.figures(ledger),
        **appendix.coverage_figures(coverage.summary(tokens)),
        "dis_flagged": f"{len(flags):,}",
        "ledger_claims": f"{len(ledger):,}",
    }
