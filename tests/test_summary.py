"""The summary page's figures are the chapters' own, gathered whole, never recomputed."""

from sahel.chapters import appendix, disagreements, minusma, realignment, reconciliation, summary


def test_summary_gathers_each_chapters_figures(corpus, ledger):
    figures = summary.figures(ledger, corpus)
    parts = [
        minusma.figures(ledger),
        realignment.figures(ledger),
        disagreements.figures(
            ledger, disagreements.find(ledger, results=reconciliation.run(ledger))
        ),
        appendix.ledger_figures(ledger),
        appendix.coverage_figures(appendix.coverage_counts(corpus, ledger)),
    ]
    for part in parts:
        assert part.items() <= figures.items()
    assert len(figures) >= sum(len(p) for p in parts)
