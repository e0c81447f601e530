import datetime

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import ActionFactory, UserFactory
from tracker.models import ReminderSent
from tracker.roles import Role
from tracker.statuses import Status

NOW = datetime.datetime(2025, 3, 10, 8, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2025, 3, 10)


def _days(n):
    return TODAY + datetime.timedelta(days=n)


@time_machine.travel(NOW, tick=False)
def test_one_email_per_owner_with_overdue_and_due_soon(finding, owner, other_owner, settings):
    settings.REMINDER_WITHIN_DAYS = 14
    ActionFactory(
        finding=finding, owner=owner, title="Overdue RHI audit", start_date=None, deadline=_days(-2)
    )
    ActionFactory(finding=finding, owner=owner, title="Soon: RHI dashboard", deadline=_days(5))
    ActionFactory(finding=finding, owner=owner, title="Far away", deadline=_days(60))
    ActionFactory(
        finding=finding,
        owner=owner,
        title="Done already",
        start_date=None,
        deadline=_days(-5),
        status=Status.COMPLETED,
    )
    ActionFactory(finding=finding, owner=other_owner, title="Other person's", deadline=_days(1))

    call_command("send_reminders", base_url="https://tracker.example.gov.uk")

    assert sorted(m.to[0] for m in mail.outbox) == [other_owner.email, owner.email]
    (message,) = [m for m in mail.outbox if m.to == [owner.email]]
    assert "1 overdue, 1 due by 24 March 2025" in message.subject
    assert "Overdue RHI audit" in message.body and "Soon: RHI dashboard" in message.body
    assert "Far away" not in message.body and "Done already" not in message.body
    assert "https://tracker.example.gov.uk/actions/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Overdue RHI audit" in html


@time_machine.travel(NOW, tick=False)
def test_idempotent_per_day(finding, owner):
    ActionFactory(finding=finding, owner=owner, deadline=_days(3))
    call_command("send_reminders")
    call_command("send_reminders")
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.get().sent_on == TODAY
    with time_machine.travel(NOW + datetime.timedelta(days=1), tick=False):
        call_command("send_reminders")
    assert len(mail.outbox) == 2


@time_machine.travel(NOW, tick=False)
def test_owner_without_email_is_reported_not_recorded(finding, capsys):
    nobody = UserFactory(username="no-email", email="", roles=[Role.OWNER])
    ActionFactory(finding=finding, owner=nobody, deadline=_days(3))
    call_command("send_reminders")
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()
    assert "no-email" in capsys.readouterr().err


@time_machine.travel(NOW, tick=False)
def test_a_failed_send_is_retried_on_the_next_run(finding, owner, other_owner, monkeypatch):
    ActionFactory(finding=finding, owner=owner, deadline=_days(3))
    ActionFactory(finding=finding, owner=other_owner, deadline=_days(3))
    real_send = EmailMultiAlternatives.send

    def flaky(self, *args, **kwargs):
        if self.to == [owner.email]:
            raise ConnectionError("mail server down")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky)
    with pytest.raises(CommandError, match="run the command again"):
        call_command("send_reminders")
    assert [m.to for m in mail.outbox] == [[other_owner.email]]
    assert list(ReminderSent.objects.values_list("owner", flat=True)) == [other_owner.pk]
    monkeypatch.undo()
    call_command("send_reminders")
    assert [m.to for m in mail.outbox] == [[other_owner.email], [owner.email]]
