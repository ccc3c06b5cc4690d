"""Charts, apart from the computations they draw: one module per chapter, each drawing exactly
the data frame its chapter computes (and the notebook saves as the figure's CSV).

``style`` holds the house style; call :func:`sahel.charts.style.use_style` before drawing.
"""
