"""Bringing a council's existing improvement plan in from a spreadsheet.

The reading parts (``dates``, ``words``, ``sheets``, ``columns``, ``similar``) never
touch the database: cells in, plain values out. ``service`` reads a workbook into a
``PlanPreview`` (nothing saved) and ``plan_import`` writes it in one transaction.
"""
