"""Each chapter's computations, one module per chapter: the notebooks call these and glue.

``sources`` (chapter 1), ``minusma`` (2), ``norway`` (3), ``relations`` and ``realignment`` (4),
``disagreements`` and ``checks`` (5), ``summary`` (the executive summary), ``appendix`` (the
ledger and data appendices).
"""
