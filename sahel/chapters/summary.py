"""The executive summary: the chapters' own computations, gathered for one page."""

from sahel.chapters import appendix, disagreements, minusma, norway, realignment
from sahel.evidence import coverage
from sahel.formatting import number


def figures(ledger, corpus):
    """Every formatted figure the summary glues, computed by the chapters' functions."""
    tokens = coverage.scan(corpus, ledger, coverage.load_exclusions(corpus))
    flags = disagreements.find(ledger)
    return {
        **minusma.figures(ledger),
        **norway.summary(ledger, norway.bamako_coverage(corpus[norway.SOURCE].text)),
        **realignment.figures(ledger),
        **appendix.coverage_figures(coverage.summary(tokens)),
        "dis_flagged": number(len(flags)),
        "ledger_claims": number(len(ledger)),
    }
