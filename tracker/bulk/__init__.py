"""Work on many rows of a list at once, each row through its own single-row service.

A bulk change is all or nothing: every row is checked (scope, role, the row's own
rules) inside one transaction, and one refused row leaves every row as it was.
"""
