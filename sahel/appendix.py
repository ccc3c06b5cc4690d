"""The ledger appendix: every claim with its source and quote, and the coverage figures."""

import pandas as pd

from .disagreements import as_written
from .publish import cite


def ledger_table(ledger, corpus):
    """One row per claim, as the appendix shows it (the source column holds a citation)."""
    return pd.DataFrame(
        [
            {
                "claim": c.id,
                "source": cite(corpus[c.source].source.bibkey),
                "subject": c.subject,
                "as written": as_written(c),
                "normalised": c.date
                if c.is_date
                else (f"{c.value:,}" if isinstance(c.value, int | float) else c.value),
                "unit": c.unit,
                "quote": c.quote,
            }
            for c in ledger
        ]
    )


def coverage_figures(table):
    """Totals of the coverage summary, formatted for prose."""
    totals = table[["tokens", "claimed", "excluded", "unaccounted"]].sum()
    return {
        "coverage_tokens": f"{totals['tokens']:,}",
        "coverage_claimed": f"{totals['claimed']:,}",
        "coverage_excluded": f"{totals['excluded']:,}",
        "coverage_unaccounted": f"{totals['unaccounted']:,}",
        "coverage_sources": f"{len(table):,}",
        "coverage_claimed_pct": f"{totals['claimed'] / totals['tokens']:.0%}",
    }
