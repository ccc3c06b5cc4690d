"""The executive summary: the chapters' own figures, gathered for one page."""

from sahel.chapters import appendix, disagreements, minusma, norway, realignment, reconciliation


def figures(ledger, corpus):
    """Every formatted figure the summary glues: each chapter's figures function, called whole."""
    return {
        **minusma.figures(ledger),
        **norway.summary(ledger, norway.bamako_coverage(corpus[norway.SOURCE].text)),
        **realignment.figures(ledger),
        **appendix.coverage_figures(appendix.coverage_counts(corpus, ledger)),
        **appendix.ledger_figures(ledger),
        **disagreements.figures(
            ledger, disagreements.find(ledger, results=reconciliation.run(ledger))
        ),
    }
