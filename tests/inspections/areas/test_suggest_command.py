"""manage.py suggest_judgement_areas: areas for findings that have none, never over a
person's decision."""

import io

import pytest
from django.core.management import call_command

from inspections.models import AreaState, FindingArea, JudgementArea
from tests.factories import FindingFactory

pytestmark = pytest.mark.django_db

LEADERS = "The impact of leaders on social work practice with children and families"
LEAVERS = "The experiences and progress of care leavers"


def test_findings_without_an_area_get_one_and_confirmed_ones_stay(authority):
    bare = FindingFactory(document__authority=authority, text="Pathway plans for care leavers.")
    decided = FindingFactory(document=bare.document, order=9, text="Pathway plans.")
    FindingArea.objects.create(
        finding=decided,
        judgement_area=JudgementArea.objects.get(era__code="ilacs-2023", name=LEADERS),
        state=AreaState.CONFIRMED,
    )
    out = io.StringIO()

    call_command("suggest_judgement_areas", "--authority", authority.name, stdout=out)

    assert FindingArea.objects.get(finding=bare).judgement_area.name == LEAVERS
    assert FindingArea.objects.get(finding=bare).state == AreaState.SUGGESTED
    assert FindingArea.objects.get(finding=decided).judgement_area.name == LEADERS
    assert out.getvalue().startswith("Suggested a judgement area for 1 findings; 0 still")
    call_command("suggest_judgement_areas", stdout=out)
    assert FindingArea.objects.count() == 2
