"""Reading ids and numbers from the query string or a form without ever raising.

``int()`` accepts digits that the database does not (``"²"``, other scripts' digits) and
numbers larger than a database integer; every id that comes from a request goes through
``parse_id`` so a bad one reads as "none" rather than a server error.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

# The largest value of a 64-bit signed integer column (PostgreSQL bigint, SQLite INTEGER).
MAX_DB_ID = 2**63 - 1
ASCII_ID = re.compile(r"[0-9]{1,19}")


def parse_id(value) -> int | None:
    """A positive database id from untrusted text, or None."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and ASCII_ID.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        return None
    return number if 0 < number <= MAX_DB_ID else None


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several rows by id, where an id that cannot be a database id is an invalid choice."""

    def _check_values(self, value):
        for pk in value:
            if parse_id(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


class IdChoiceField(forms.ModelChoiceField):
    """One row by id, where an id that cannot be a database id is an invalid choice."""

    def to_python(self, value):
        if value not in self.empty_values and parse_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)
