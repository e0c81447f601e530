import datetime

import pytest

from inspections.models import FindingState, FollowUp, FollowUpParagraph, ReviewState, Verdict
from tests.factories import ActionFactory, DocumentFactory, FindingFactory, ParagraphFactory


@pytest.fixture
def suggestions(authority):
    """Three suggested findings of one monitoring letter."""
    letter = DocumentFactory(authority=authority, visit_start=datetime.date(2023, 3, 1))
    return [
        FindingFactory(document=letter, state=FindingState.SUGGESTED, text=f"Suggestion {i}.")
        for i in range(3)
    ]


@pytest.fixture
def foreign_suggestion(other_authority):
    return FindingFactory(document__authority=other_authority, state=FindingState.SUGGESTED)


@pytest.fixture
def plan(authority, owner):
    """Three actions of one confirmed finding, all Olu Owner's."""
    finding = FindingFactory(document__authority=authority)
    return [ActionFactory(finding=finding, owner=owner, version=1) for _ in range(3)]


@pytest.fixture
def pending_followups(authority):
    """Two suggested verdicts of a later inspection about two earlier findings."""
    earlier = DocumentFactory(authority=authority, visit_start=datetime.date(2018, 5, 22))
    later = DocumentFactory(authority=authority, visit_start=datetime.date(2024, 6, 3))
    paragraph = ParagraphFactory(document=later, text="Return home interviews are not timely.")
    followups = []
    for i, verdict in enumerate((Verdict.NO_PROGRESS, Verdict.NOT_LOOKED_AT)):
        followup = FollowUp.objects.create(
            finding=FindingFactory(document=earlier, order=i + 1),
            document=later,
            state=ReviewState.SUGGESTED,
            verdict=verdict,
            suggested_verdict=verdict,
            score=0.8,
            reason="Same weakness again.",
        )
        FollowUpParagraph.objects.create(followup=followup, paragraph=paragraph, rank=1)
        followups.append(followup)
    return followups
