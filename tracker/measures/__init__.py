"""Measures of impact beside the actions: a figure, its baseline, its target, monthly values.

``rules`` (pure) decides the trajectory and whether a measure is on track; ``chart``
draws it as SVG; ``services`` writes; ``selectors`` reads; ``sheet`` adds it to the
board pack.
"""
