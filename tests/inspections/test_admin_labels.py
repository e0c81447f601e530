"""The admin's tabular inputs are labelled for screen readers, and match scores read as words."""

import re

import pytest
from django.urls import reverse

from inspections.models import FollowUp, Theme
from tests.factories import DocumentFactory, FindingFactory, JudgementFactory

pytestmark = pytest.mark.django_db

INPUT = re.compile(r"<(?:input|select|textarea)\b[^>]*>")


def test_every_judgement_input_on_a_document_page_has_a_name(admin_client):
    document = DocumentFactory()
    JudgementFactory(document=document, area="Overall effectiveness", grade="Good")
    JudgementFactory(document=document, area="Children in care", grade="Requires improvement")

    html = admin_client.get(
        reverse("admin:inspections_document_change", args=[document.pk])
    ).content.decode()

    judgement_inputs = [
        tag
        for tag in INPUT.findall(html)
        if 'name="judgements-' in tag and 'type="hidden"' not in tag
    ]
    assert judgement_inputs  # area, grade, order and delete of each row
    assert all("aria-label=" in tag for tag in judgement_inputs)
    assert 'aria-label="Grade, row 2"' in html
    assert 'aria-label="Delete, row 1"' in html


def test_follow_ups_and_themes_show_confidence_and_likeness_in_words(admin_client):
    finding = FindingFactory()
    later = DocumentFactory(authority=finding.document.authority)
    FollowUp.objects.create(finding=finding, document=later, score=0.99)
    Theme.objects.create(authority=later.authority, title="Return home interviews", score=0.7)

    followups = admin_client.get(reverse("admin:inspections_followup_changelist")).content
    themes = admin_client.get(reverse("admin:inspections_theme_changelist")).content

    assert b'<td class="field-confidence">strong</td>' in followups
    assert b"0.99" not in followups
    assert b'<td class="field-likeness">Very alike</td>' in themes and b"0.7" not in themes
