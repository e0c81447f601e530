"""How the migration that made judgement areas records reads the areas people had typed."""

import importlib

import pytest

from inspections.models import JudgementArea

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "inspections.migrations.0011_load_framework_eras_and_move_typed_areas"
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Children in care", "The experiences and progress of children in care"),
        ("CARE LEAVERS", "The experiences and progress of care leavers"),
        ("Leadership", "The impact of leaders on social work practice with children and families"),
        (
            "Help and protection",
            "The experiences and progress of children who need help and protection",
        ),
        ("Pathway plans", "The experiences and progress of care leavers"),
        ("Overall effectiveness", "Overall effectiveness"),
        ("Finance", None),
    ],
)
def test_a_typed_area_becomes_the_area_of_its_era_it_names(typed, expected):
    areas = list(JudgementArea.objects.filter(era__code="ilacs-2023").order_by("order"))
    found = migration._area(areas, typed)
    assert (found.name if found else None) == expected
