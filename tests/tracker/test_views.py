import datetime
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections.models import FindingState
from tests.factories import ActionFactory, EvidenceFactory, FindingFactory
from tests.forms import date_input
from tracker import services
from tracker.formats import govuk_date
from tracker.models import Action, EvidenceKind
from tracker.statuses import Status

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def foreign_action(other_authority, outsider_other_authority):
    finding = FindingFactory(document__authority=other_authority)
    return ActionFactory(finding=finding, owner=outsider_other_authority)


def _status(client, action, new_status, version=1, **extra):
    return client.post(
        reverse("tracker:action-update-status", args=[action.pk]),
        {"status": new_status, "version": version, **extra},
    )


def test_pages_need_login(client, action):
    for url in [
        reverse("tracker:dashboard"),
        reverse("tracker:action-list"),
        reverse("tracker:finding-list"),
        reverse("tracker:action-detail", args=[action.pk]),
        reverse("tracker:finding-detail", args=[action.finding_id]),
        reverse("tracker:document-detail", args=[action.finding.document_id]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_every_page_renders_for_a_manager(client, manager, action):
    client.force_login(manager)
    for url in [
        reverse("tracker:dashboard"),
        reverse("tracker:action-list"),
        reverse("tracker:finding-list"),
        reverse("tracker:document-list"),
        reverse("tracker:action-detail", args=[action.pk]),
        reverse("tracker:action-edit", args=[action.pk]),
        reverse("tracker:finding-detail", args=[action.finding_id]),
        reverse("tracker:action-create", args=[action.finding_id]),
        reverse("tracker:document-detail", args=[action.finding.document_id]),
    ]:
        assert client.get(url).status_code == 200, url


def test_owner_cannot_read_another_authoritys_action(client, owner, foreign_action):
    client.force_login(owner)
    assert client.get(reverse("tracker:action-detail", args=[foreign_action.pk])).status_code == 404
    assert (
        client.get(reverse("tracker:finding-detail", args=[foreign_action.finding_id])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("tracker:document-detail", args=[foreign_action.finding.document_id])
        ).status_code
        == 404
    )
    assert _status(client, foreign_action, Status.IN_PROGRESS).status_code == 404
    foreign_action.refresh_from_db()
    assert foreign_action.status == Status.NOT_STARTED
    listed = client.get(reverse("tracker:action-list"))
    assert foreign_action.title not in listed.content.decode()


def test_owner_cannot_change_someone_elses_action_by_posting(client, other_owner, action):
    client.force_login(other_owner)
    assert client.get(reverse("tracker:action-detail", args=[action.pk])).status_code == 200
    assert _status(client, action, Status.IN_PROGRESS).status_code == 403
    assert (
        client.post(
            reverse("tracker:action-add-update", args=[action.pk]), {"update-text": "x"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("tracker:evidence-add", args=[action.pk, "note"]), {"note-note": "x"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("tracker:action-update-risk", args=[action.pk]),
            {"risk-at_risk": "1", "risk-reason": "x", "risk-version": 1},
        ).status_code
        == 403
    )
    action.refresh_from_db()
    assert (
        action.status == Status.NOT_STARTED
        and not action.updates.exists()
        and not action.evidence.exists()
    )


def test_viewer_can_read_but_write_nothing(client, viewer, action):
    client.force_login(viewer)
    page = client.get(reverse("tracker:action-detail", args=[action.pk]))
    assert page.status_code == 200
    assert "Change status" not in page.content.decode()
    posts = [
        (
            reverse("tracker:action-update-status", args=[action.pk]),
            {"status": "in_progress", "version": 1},
        ),
        (
            reverse("tracker:action-update-risk", args=[action.pk]),
            {"risk-at_risk": "1", "risk-reason": "x", "risk-version": 1},
        ),
        (reverse("tracker:action-add-update", args=[action.pk]), {"update-text": "x"}),
        (reverse("tracker:evidence-add", args=[action.pk, "note"]), {"note-note": "x"}),
        (
            reverse("tracker:action-edit", args=[action.pk]),
            {"title": "x", **date_input(deadline="2030-01-01"), "version": 1},
        ),
        (
            reverse("tracker:action-create", args=[action.finding_id]),
            {"title": "x", **date_input(deadline="2030-01-01")},
        ),
        (reverse("tracker:finding-confirm", args=[action.finding_id]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert client.get(reverse("tracker:action-edit", args=[action.pk])).status_code == 403
    action.refresh_from_db()
    assert action.version == 1
    assert Action.objects.count() == 1


def test_owner_moves_own_action_and_sees_refusals(client, owner, action):
    client.force_login(owner)
    response = _status(client, action, Status.IN_PROGRESS, **{"update_text": "Started the audit"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS and action.updates.get().text == "Started the audit"
    response = _status(client, action, Status.COMPLETED, version=2)
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body and "at least one piece of evidence" in body


def test_stale_form_is_refused_with_a_clear_message(client, owner, manager, action):
    services.action_update(action=action, user=manager, expected_version=1, title="Renamed")
    client.force_login(owner)
    response = _status(client, action, Status.IN_PROGRESS, version=1)
    assert response.status_code == 400
    assert "Someone else changed this action" in response.content.decode()


def test_manager_creates_action_through_the_form(client, manager, owner, finding):
    client.force_login(manager)
    response = client.post(
        reverse("tracker:action-create", args=[finding.pk]),
        {
            "title": "Weekly RHI tracker",
            **date_input(deadline="2030-01-31", start_date="2030-02-01"),
            "owner": owner.pk,
        },
    )
    assert response.status_code == 400
    assert "The deadline must be the same as or after the start date" in response.content.decode()
    response = client.post(
        reverse("tracker:action-create", args=[finding.pk]),
        {"title": "Weekly RHI tracker", **date_input(deadline="2030-01-31"), "owner": owner.pk},
    )
    action = Action.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "tracker:action-detail", args=[action.pk]
    )
    assert action.owner == owner and action.created_by == manager


def test_manager_confirms_suggested_finding(client, manager, authority):
    finding = FindingFactory(document__authority=authority, state=FindingState.SUGGESTED)
    client.force_login(manager)
    page = client.get(reverse("tracker:finding-detail", args=[finding.pk])).content.decode()
    assert "Confirm finding" in page and "Add an action" not in page
    client.post(reverse("tracker:finding-confirm", args=[finding.pk]))
    finding.refresh_from_db()
    assert finding.state == FindingState.CONFIRMED


def test_evidence_upload_and_permission_checked_download(
    client, owner, viewer, outsider_other_authority, action
):
    client.force_login(owner)
    response = client.post(
        reverse("tracker:evidence-add", args=[action.pk, "file"]),
        {"file-file": SimpleUploadedFile("audit.pdf", PDF), "file-title": "RHI audit"},
    )
    assert response.status_code == 302
    evidence = action.evidence.get()
    url = reverse("tracker:evidence-download", args=[evidence.pk])

    client.force_login(viewer)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="audit.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"

    client.force_login(outsider_other_authority)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_bad_upload_shows_an_error_summary(client, owner, action):
    client.force_login(owner)
    response = client.post(
        reverse("tracker:evidence-add", args=[action.pk, "file"]),
        {"file-file": SimpleUploadedFile("evil.pdf", b"<html><script>alert(1)</script></html>")},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body and "looks like a web page" in body
    assert not action.evidence.exists()


def test_lists_filter_from_the_url(client, manager, finding, owner, today):
    late = ActionFactory(
        finding=finding,
        owner=owner,
        title="Late one",
        description="Behind schedule.",
        success_measure="Caught up.",
        start_date=None,
        deadline=today - datetime.timedelta(days=3),
    )
    # Fixed texts: generated ones could contain the searched word by chance.
    ActionFactory(
        finding=finding,
        owner=owner,
        title="Fine one with a zephyr",
        description="On track.",
        success_measure="Done on time.",
        deadline=today + datetime.timedelta(days=90),
    )
    client.force_login(manager)
    body = client.get(reverse("tracker:action-list"), {"rag": "red"}).content.decode()
    assert "Late one" in body and "Fine one" not in body
    body = client.get(
        reverse("tracker:action-list"), {"overdue": "on", "sort": "-deadline"}
    ).content.decode()
    assert "Late one" in body and "Fine one" not in body
    body = client.get(reverse("tracker:action-list"), {"q": "zephyr"}).content.decode()
    assert "Fine one" in body and "Late one" not in body
    late_deadline = Action.objects.get(title="Late one").deadline
    body = client.get(
        reverse("tracker:action-list"), date_input(deadline_before=late_deadline)
    ).content.decode()
    assert "Late one" in body and "Fine one" not in body
    assert 'name="deadline_before_year" type="text" inputmode="numeric" value="' in body
    response = client.get(
        reverse("tracker:action-list"),
        {"deadline_after_day": "31", "deadline_after_month": "2", "deadline_after_year": "2030"},
    )
    assert '<a href="#id_deadline_after_day">Deadline from must be a real date' in (
        response.content.decode()
    )
    body = client.get(reverse("tracker:finding-list"), {"rag": "red"}).content.decode()
    assert finding.text[:30] in body
    body = client.get(reverse("tracker:finding-list"), {"rag": "blue"}).content.decode()
    assert finding.text[:30] not in body
    assert late.pk


def test_stale_status_form_shows_the_current_version_for_a_deliberate_retry(
    client, owner, manager, action
):
    services.action_update(action=action, user=manager, expected_version=1, title="Renamed")
    client.force_login(owner)
    response = _status(client, action, Status.IN_PROGRESS, version=1)
    assert 'name="version" value="2"' in response.content.decode()
    assert _status(client, action, Status.IN_PROGRESS, version=2).status_code == 302


def test_manager_reviews_evidence(client, manager, owner, action):
    evidence = services.evidence_add(
        action=action, user=owner, kind=EvidenceKind.NOTE, note="Minutes"
    )
    client.force_login(manager)
    url = reverse("tracker:evidence-review", args=[evidence.pk])
    response = client.post(url, {f"review-{evidence.pk}-state": "more_requested"})
    assert response.status_code == 400
    assert "Say what more is needed." in response.content.decode()
    response = client.post(
        url, {f"review-{evidence.pk}-state": "accepted", f"review-{evidence.pk}-comment": "Clear"}
    )
    assert response.status_code == 302
    evidence.refresh_from_db()
    assert evidence.review_state == "accepted" and evidence.reviewed_by == manager


def test_a_review_without_a_decision_is_shown_at_its_own_radios(client, manager, owner, action):
    evidence = services.evidence_add(
        action=action, user=owner, kind=EvidenceKind.NOTE, note="Minutes"
    )
    client.force_login(manager)

    response = client.post(reverse("tracker:evidence-review", args=[evidence.pk]), {})

    assert response.status_code == 400
    html = response.content.decode()
    first_radio = f"id_review-{evidence.pk}-state_0"
    assert f'href="#{first_radio}"' in html and f'id="{first_radio}"' in html
    # The message is beside the radios too, and the radios point at it.
    assert f'id="id_review-{evidence.pk}-state_error"' in html
    assert f'aria-describedby="id_review-{evidence.pk}-state_error"' in html
    evidence.refresh_from_db()
    assert evidence.review_state == "pending"


def test_owner_cannot_review_evidence(client, owner, action):
    evidence = services.evidence_add(
        action=action, user=owner, kind=EvidenceKind.NOTE, note="Minutes"
    )
    client.force_login(owner)
    response = client.post(
        reverse("tracker:evidence-review", args=[evidence.pk]),
        {f"review-{evidence.pk}-state": "accepted"},
    )
    assert response.status_code == 403


def test_manager_edits_and_reassigns_with_a_stale_check(client, manager, other_owner, action):
    client.force_login(manager)
    url = reverse("tracker:action-edit", args=[action.pk])
    data = {
        "title": "New title",
        "description": action.description,
        **date_input(start_date=action.start_date, deadline=action.deadline),
        "owner": other_owner.pk,
        "version": 1,
    }
    assert client.post(url, data).status_code == 302
    action.refresh_from_db()
    assert action.owner == other_owner and action.title == "New title" and action.version == 2
    response = client.post(url, {**data, "title": "Second edit"})
    assert response.status_code == 400
    assert (
        "Someone else changed this action (owner, title) by Mina Manager"
        in response.content.decode()
    )


def test_download_of_a_file_missing_from_the_store_is_a_404(client, owner, action):
    client.force_login(owner)
    client.post(
        reverse("tracker:evidence-add", args=[action.pk, "file"]),
        {"file-file": SimpleUploadedFile("audit.pdf", PDF)},
    )
    evidence = action.evidence.get()
    evidence.file.storage.delete(evidence.file.name)
    assert client.get(reverse("tracker:evidence-download", args=[evidence.pk])).status_code == 404


def test_viewer_dashboard_has_no_my_actions(client, viewer, action):
    client.force_login(viewer)
    body = client.get(reverse("tracker:dashboard")).content.decode()
    assert "My actions" not in body and action.title in body


def _visible_headings(body: str) -> list[str]:
    """Text of the headings and table captions a sighted reader sees, in order."""
    found = re.findall(r"<(h[1-6]|caption)\b([^>]*)>(.*?)</\1>", body, re.S)
    return [
        re.sub(r"<[^>]+>", "", text).strip()
        for tag, attrs, text in found
        if "govuk-visually-hidden" not in attrs
    ]


def test_finding_page_says_actions_once_and_keeps_the_tables_name(client, manager, action):
    client.force_login(manager)
    body = client.get(reverse("tracker:finding-detail", args=[action.finding_id])).content.decode()
    headings = _visible_headings(body)
    assert headings.count("Actions") == 1
    assert "Actions on this finding" not in headings
    # Screen readers still hear the table's own name, from its caption.
    region = re.search(r'role="region" aria-labelledby="([^"]+)"', body).group(1)
    caption = re.search(rf'<caption id="{region}"([^>]*)>([^<]*)</caption>', body)
    assert caption.group(2) == "Actions on this finding"
    assert "govuk-visually-hidden" in caption.group(1)


def test_finding_page_without_actions_invites_the_first(client, manager, viewer, finding):
    client.force_login(manager)
    body = client.get(reverse("tracker:finding-detail", args=[finding.pk])).content.decode()
    assert "No actions yet – add the first one." in body
    assert "<table" not in body.split('id="later-visits"')[0].split(">Actions</h2>")[1]
    client.force_login(viewer)
    body = client.get(reverse("tracker:finding-detail", args=[finding.pk])).content.decode()
    assert "No actions yet." in body and "add the first one" not in body


def test_action_page_reads_times_and_headings_the_gov_uk_way(client, manager, owner, action):
    with time_machine.travel(datetime.datetime(2025, 3, 4, 14, 5, tzinfo=datetime.UTC)):
        services.progress_update_add(action=action, user=owner, text="Audit booked.")
    EvidenceFactory(action=action, title="Panel minutes")
    client.force_login(manager)
    body = client.get(reverse("tracker:action-detail", args=[action.pk])).content.decode()
    assert "4 March 2025 at 2:05pm by Olu Owner" in body
    assert "a.m." not in body and "p.m." not in body
    # "Evidence" is the heading; the table keeps its name for screen readers only.
    assert "Evidence for this action" not in _visible_headings(body)
    assert 'class="govuk-visually-hidden">Evidence for this action</caption>' in body


def test_a_finding_listed_as_a_phrase_reads_as_a_heading(client, manager, authority):
    finding = FindingFactory(document__authority=authority, text="the quality of pathway plans")
    client.force_login(manager)
    body = client.get(reverse("tracker:finding-detail", args=[finding.pk])).content.decode()
    assert '<h1 class="govuk-heading-l">The quality of pathway plans</h1>' in body


def test_action_form_marks_the_optional_fields(client, manager, finding):
    client.force_login(manager)
    body = client.get(reverse("tracker:action-create", args=[finding.pk])).content.decode()
    labels = re.findall(
        r'<(?:label class="govuk-label"[^>]*|legend class="govuk-fieldset__legend[^>]*)>([^<]*)<',
        body,
    )
    assert labels == [
        "Title",
        "What will be done (optional)",
        "Owner (optional)",
        "Lead role (optional)",
        "Start date (optional)",
        "Deadline",
        "How we will know it has worked (optional)",
    ]


def test_an_empty_plan_says_so_in_words(client, manager):
    client.force_login(manager)
    body = client.get(reverse("tracker:dashboard")).content.decode()
    assert "0 actions" not in body
    assert "No actions yet." in body


def test_the_documents_table_names_its_columns_plainly(client, manager, finding):
    client.force_login(manager)
    body = client.get(reverse("tracker:document-list")).content.decode()
    headers = re.findall(r'<th scope="col" class="govuk-table__header">([^<]*)</th>', body)
    assert headers == ["Authority", "Type", "Visit dates", "Letter or publication date"]


def _edit_data(action, **changes):
    return {
        "title": action.title,
        "description": action.description,
        **date_input(
            start_date=action.start_date, deadline=changes.pop("deadline", action.deadline)
        ),
        "owner": action.owner_id,
        "version": action.version,
        **changes,
    }


def test_moving_a_deadline_on_the_edit_page_needs_a_reason(client, manager, action):
    client.force_login(manager)
    url = reverse("tracker:action-edit", args=[action.pk])
    first = action.deadline
    later = first + datetime.timedelta(days=30)
    response = client.post(url, _edit_data(action, deadline=later))
    assert response.status_code == 400
    assert "Say why the deadline is changing" in response.content.decode()
    action.refresh_from_db()
    assert action.deadline == first and action.version == 1

    reason = "The provider started a month late"
    response = client.post(url, _edit_data(action, deadline=later, deadline_reason=reason))
    assert response.status_code == 302
    page = client.get(reverse("tracker:action-detail", args=[action.pk])).content.decode()
    assert f"Deadline revised once, originally {govuk_date(first)}" in page
    assert f"Latest reason: {reason}" in page
    # The history says from, to and why.
    assert f"{govuk_date(first)} → {govuk_date(later)}" in page


def test_the_add_page_asks_no_reason_for_a_deadline(client, manager, action):
    client.force_login(manager)
    adding = client.get(reverse("tracker:action-create", args=[action.finding_id])).content
    editing = client.get(reverse("tracker:action-edit", args=[action.pk])).content
    assert b"deadline_reason" not in adding and b"deadline_reason" in editing


def test_the_action_list_marks_and_filters_slipped_actions(client, manager, action):
    steady = ActionFactory(finding=action.finding, title="Steady action")
    services.action_update(
        action=action,
        user=manager,
        expected_version=1,
        deadline=action.deadline + datetime.timedelta(days=7),
        deadline_reason="Audit moved",
    )
    client.force_login(manager)
    url = reverse("tracker:action-list")
    everything = client.get(url).content.decode()
    assert everything.count(">Slipped</strong>") == 1
    assert steady.title in everything
    slipped = client.get(url, {"slipped": "true"}).content.decode()
    assert action.title in slipped and steady.title not in slipped


def test_verifying_over_evidence_awaiting_review_needs_an_override_reason(
    client, manager, owner, action
):
    services.evidence_add(action=action, user=owner, kind=EvidenceKind.NOTE, note="Minutes")
    for version, status in enumerate((Status.IN_PROGRESS, Status.COMPLETED), start=1):
        services.action_transition(
            action=action, user=owner, new_status=status, expected_version=version
        )
    client.force_login(manager)
    page = client.get(reverse("tracker:action-detail", args=[action.pk])).content.decode()
    assert "override_reason" in page

    response = _status(client, action, Status.VERIFIED, version=3)
    assert response.status_code == 400
    assert "1 item of evidence awaiting review" in response.content.decode()
    action.refresh_from_db()
    assert action.status == Status.COMPLETED

    reason = "The board reviewed the minutes in the meeting"
    response = _status(client, action, Status.VERIFIED, version=3, override_reason=reason)
    assert response.status_code == 302
    page = client.get(reverse("tracker:action-detail", args=[action.pk])).content.decode()
    assert f"Verified before all evidence was accepted. Reason: {reason}" in page
    assert "Status: Completed → Verified despite unaccepted evidence" in page


def test_the_admin_cannot_move_a_deadline_or_sign_off(client, action, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin)
    url = reverse("admin:tracker_action_change", args=[action.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="deadline"' not in page.content.decode()
    assert 'name="status"' not in page.content.decode()
    assert client.get(reverse("admin:tracker_action_add")).status_code == 403


def test_list_pages_are_wide_and_other_pages_keep_the_reading_width(client, manager, action):
    client.force_login(manager)
    wide = '<body class="govuk-template__body app-wide-page">'
    for name in ["action-list", "finding-list", "document-list", "measure-list", "audit-log"]:
        assert wide in client.get(reverse(f"tracker:{name}")).content.decode(), name
    for url in [
        reverse("tracker:dashboard"),
        reverse("tracker:action-detail", args=[action.pk]),
        reverse("tracker:action-edit", args=[action.pk]),
    ]:
        assert '<body class="govuk-template__body">' in client.get(url).content.decode(), url
