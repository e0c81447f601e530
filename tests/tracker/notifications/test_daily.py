"""The daily email: reminders and the day's notifications in one email per person per day."""

import datetime

import time_machine
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command

from tests.factories import ActionFactory, EvidenceFactory
from tests.tracker.notifications.conftest import SITE
from tracker import services
from tracker.models import ReminderSent
from tracker.notifications.models import Frequency, Notification
from tracker.notifications.services import preference_set
from tracker.statuses import ReviewState

NOW = datetime.datetime(2025, 3, 10, 8, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2025, 3, 10)


def _days(n):
    return TODAY + datetime.timedelta(days=n)


@time_machine.travel(NOW, tick=False)
def test_a_daily_reader_gets_reminders_and_notifications_in_one_email_once_a_day(
    committed, mailoutbox, finding, manager, owner
):
    preference_set(user=owner, frequency=Frequency.DAILY)
    due = ActionFactory(finding=finding, owner=owner, title="Due soon", deadline=_days(3))
    given = ActionFactory(finding=finding, owner=owner, title="Newly given", deadline=_days(90))
    evidence = EvidenceFactory(action=given, title="Audit")
    with committed():
        services.notify.actions_assigned(actions=[given], by=manager)
        services.evidence_review(
            evidence=evidence, user=manager, state=ReviewState.MORE_REQUESTED, comment="Sign it."
        )
    assert mailoutbox == []

    call_command("send_reminders")
    call_command("send_reminders")

    (email,) = mailoutbox
    assert email.to == [owner.email]
    assert email.subject == "Improvement actions: 0 overdue, 1 due by 24 March 2025, 2 updates"
    reference = finding.reference
    assert f"{reference}.1: Due soon" in email.body
    assert f"{reference}.2: Newly given" in email.body
    assert "Mina Manager gave you this action." in email.body
    assert "What is needed: Sign it." in email.body
    assert f"{SITE}/actions/{due.pk}/" in email.body
    assert "What happened to your improvement actions" in email.alternatives[0][0]
    assert ReminderSent.objects.get().sent_on == TODAY
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


@time_machine.travel(NOW, tick=False)
def test_an_immediate_reader_gets_reminders_daily_and_nothing_twice(
    committed, mailoutbox, finding, manager, owner
):
    action = ActionFactory(finding=finding, owner=owner, title="Given", deadline=_days(-1))
    with committed():
        services.notify.actions_assigned(actions=[action], by=manager)
    (at_once,) = mailoutbox

    call_command("send_reminders")
    call_command("send_reminders")

    assert len(mailoutbox) == 2
    daily = mailoutbox[1]
    assert daily.subject == "Improvement actions: 1 overdue, 0 due by 24 March 2025"
    assert "gave you this action" not in daily.body
    with time_machine.travel(NOW + datetime.timedelta(days=1), tick=False):
        call_command("send_reminders")
    assert len(mailoutbox) == 3


@time_machine.travel(NOW, tick=False)
def test_notifications_alone_make_a_daily_email_with_their_own_subject(
    committed, mailoutbox, finding, manager, owner
):
    preference_set(user=owner, frequency=Frequency.DAILY)
    action = ActionFactory(finding=finding, owner=owner, title="Far off", deadline=_days(200))
    with committed():
        services.notify.actions_assigned(actions=[action], by=manager)
    call_command("send_reminders")
    (email,) = mailoutbox
    assert email.subject == f"{finding.reference}.1 assigned to you: Far off"
    assert "need attention" not in email.body


@time_machine.travel(NOW, tick=False)
def test_a_failed_immediate_email_goes_in_the_daily_email(
    committed, mailoutbox, finding, manager, owner, monkeypatch
):
    action = ActionFactory(finding=finding, owner=owner, title="Given", deadline=_days(200))
    real_send = EmailMultiAlternatives.send

    def down(self, *args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", down)
    with committed():
        services.notify.actions_assigned(actions=[action], by=manager)
    assert Notification.objects.get().emailed_at is None

    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    call_command("send_reminders")
    call_command("send_reminders")
    (email,) = mailoutbox
    assert "assigned to you: Given" in email.subject
    assert Notification.objects.get().emailed_at is not None
