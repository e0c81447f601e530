"""Later pages of the actions list fetch their keys first: the same rows, in the same order."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import ActionFactory, ProgressUpdateFactory
from tracker import selectors
from tracker.statuses import Status


@pytest.mark.django_db
def test_a_later_page_holds_the_same_rows_as_slicing_the_whole_list(finding, manager, owner):
    today = timezone.localdate()
    for n in range(60):
        action = ActionFactory(
            finding=finding,
            owner=owner,
            deadline=today + datetime.timedelta(days=n % 17 - 5),
            status=[Status.NOT_STARTED, Status.IN_PROGRESS, Status.COMPLETED][n % 3],
        )
        if n % 4 == 0:
            ProgressUpdateFactory(action=action, text=f"Update {n}")
    everything = list(selectors.action_list(user=manager))
    page = selectors.action_list(user=manager)[25:50]
    assert [a.pk for a in page] == [a.pk for a in everything[25:50]]
    assert [(a.rag, a.latest_update_text) for a in page] == [
        (a.rag, a.latest_update_text) for a in everything[25:50]
    ]
    # The first page and single rows are read as usual.
    assert [a.pk for a in selectors.action_list(user=manager)[:25]] == [
        a.pk for a in everything[:25]
    ]
    assert selectors.action_list(user=manager)[30].pk == everything[30].pk
