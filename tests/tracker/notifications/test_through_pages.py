"""The emails go out from the pages people use, and only when the change is committed."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tests.factories import FindingFactory
from tests.forms import date_input
from tracker import services
from tracker.models import EvidenceKind
from tracker.notifications.models import Notification


def test_reassigning_on_the_edit_page_emails_both_owners(
    client, committed, mailoutbox, manager, other_owner, owner, action
):
    client.force_login(manager)
    data = {
        "title": action.title,
        "description": action.description,
        **date_input(start_date=action.start_date, deadline=action.deadline),
        "owner": other_owner.pk,
        "version": action.version,
    }
    with committed():
        assert (
            client.post(reverse("tracker:action-edit", args=[action.pk]), data).status_code == 302
        )
    assert sorted(m.to[0] for m in mailoutbox) == sorted([owner.email, other_owner.email])


def test_asking_for_more_evidence_on_the_page_emails_the_owner(
    client, committed, mailoutbox, manager, owner, action
):
    evidence = services.evidence_add(
        action=action, user=owner, kind=EvidenceKind.NOTE, note="Minutes"
    )
    client.force_login(manager)
    with committed():
        client.post(
            reverse("tracker:evidence-review", args=[evidence.pk]),
            {
                f"review-{evidence.pk}-state": "more_requested",
                f"review-{evidence.pk}-comment": "Add the signed minutes.",
            },
        )
    (email,) = mailoutbox
    assert email.to == [owner.email]
    assert "Add the signed minutes." in email.body


# serialized_rollback: the tables are emptied afterwards without re-adding the roles, so
# later tests that restore the database's first contents find no copy already there.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_real_commits_send_and_real_rollbacks_do_not(mailoutbox, authority, manager, owner):
    finding = FindingFactory(document__authority=authority)
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.action_create(
            finding=finding, user=manager, title="Rolled back", deadline=deadline, owner=owner
        )
        raise RuntimeError("the request failed after the action was saved")
    assert mailoutbox == []
    assert not Notification.objects.exists()

    services.action_create(
        finding=finding, user=manager, title="Committed", deadline=deadline, owner=owner
    )
    (email,) = mailoutbox
    assert "assigned to you: Committed" in email.subject
