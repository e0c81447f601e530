import datetime

import pytest

from inspections.models import DocumentKind, SourceList
from tests.factories import DocumentFactory, FindingFactory
from tracker import deadlines, selectors


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (datetime.date(2025, 3, 7), 1, datetime.date(2025, 3, 10)),  # Friday → Monday
        (datetime.date(2025, 4, 17), 1, datetime.date(2025, 4, 22)),  # Good Friday, Easter Monday
        (datetime.date(2024, 12, 24), 1, datetime.date(2024, 12, 27)),  # Christmas, Boxing Day
        (datetime.date(2025, 3, 10), 5, datetime.date(2025, 3, 17)),
        (
            datetime.date(2024, 7, 26),
            70,
            datetime.date(2024, 11, 4),
        ),  # crosses the August bank holiday
    ],
)
def test_add_working_days(start, days, expected):
    assert deadlines.add_working_days(start, days) == expected


def test_plan_deadlines_from_received_date(db, settings):
    settings.ACTION_PLAN_WORKING_DAYS = 70
    document = DocumentFactory(received_date=datetime.date(2024, 7, 26))
    plan = deadlines.action_plan_deadlines(document, has_priority_actions=False)
    assert [(d.label, d.due) for d in plan.deadlines] == [
        ("Written action plan", datetime.date(2024, 11, 4))
    ]
    assert "received" in plan.note


def test_plan_deadlines_fall_back_to_letter_date_and_add_draft_for_priority_actions(db, settings):
    settings.PRIORITY_ACTION_DRAFT_PLAN_WORKING_DAYS = 20
    document = DocumentFactory(
        kind=DocumentKind.FOCUSED_VISIT, letter_date=datetime.date(2025, 2, 21), published_date=None
    )
    FindingFactory(document=document, source_list=SourceList.PRIORITY_ACTION)
    page = selectors.document_detail(user=_superuser(), pk=document.pk)
    labels = [d.label for d in page.plan.deadlines]
    assert labels[0].startswith("Draft action plan")
    assert page.plan.deadlines[0].due == datetime.date(2025, 3, 21)
    assert "not recorded" in page.plan.note and "letter" in page.plan.note


def test_monitoring_visits_need_no_plan(db):
    document = DocumentFactory(
        kind=DocumentKind.MONITORING_VISIT, letter_date=datetime.date(2018, 6, 15)
    )
    plan = deadlines.action_plan_deadlines(document, has_priority_actions=False)
    assert plan.deadlines == ()


def _superuser():
    from tests.factories import UserFactory

    user = UserFactory(username="root@example.gov.uk")
    user.is_superuser = True
    user.save()
    return user
