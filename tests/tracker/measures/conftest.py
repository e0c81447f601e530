from datetime import date
from decimal import Decimal

import pytest

from tracker.measures.services import measure_create


@pytest.fixture
def measure(finding, manager):
    return measure_create(
        finding=finding,
        user=manager,
        name="Return home interviews within 72 hours",
        unit="%",
        baseline_value=Decimal("38"),
        baseline_date=date(2025, 3, 31),
        target_value=Decimal("80"),
        target_date=date(2025, 12, 31),
        source="Monthly performance report",
    )
