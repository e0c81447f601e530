"""The words of notification emails: one line per event, the subject, the message."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from tracker.formats import govuk_date
from tracker.notifications.models import Kind, Notification
from tracker.notifications.selectors import action_references
from tracker.selectors.people import person_name

# The subject of an email about one event: {ref}, {title} and {detail} filled in.
SUBJECTS = {
    Kind.ASSIGNED: "{ref} assigned to you: {title}",
    Kind.MOVED_AWAY: "{ref} moved to {detail}: {title}",
    Kind.MORE_EVIDENCE: "More evidence needed for {ref}: {title}",
    Kind.EVIDENCE_ACCEPTED: "Evidence accepted for {ref}: {title}",
    Kind.VERIFIED: "{ref} verified: {title}",
    Kind.REOPENED: "{ref} reopened: {title}",
}
# The subject of an email about several events of one kind, e.g. a bulk reassignment.
MANY_SUBJECTS = {
    Kind.ASSIGNED: "{n} actions assigned to you",
    Kind.MOVED_AWAY: "{n} of your actions moved to someone else",
    Kind.MORE_EVIDENCE: "More evidence needed for {n} actions",
    Kind.EVIDENCE_ACCEPTED: "Evidence accepted for {n} actions",
    Kind.VERIFIED: "{n} of your actions verified",
    Kind.REOPENED: "{n} of your actions reopened",
}


@dataclass(frozen=True)
class Item:
    """One event as an email shows it."""

    notification: Notification
    reference: str
    happened: str
    asked: str
    url: str

    @property
    def action(self):
        return self.notification.action

    @property
    def finding(self):
        return self.notification.action.finding


def _happened(n: Notification) -> str:
    who = person_name(n.actor) or "Someone"
    evidence = f" “{n.evidence.label}”" if n.evidence else ""
    return {
        Kind.ASSIGNED: f"{who} gave you this action.",
        Kind.MOVED_AWAY: f"{who} moved this action from you to {n.detail}.",
        Kind.MORE_EVIDENCE: f"{who} reviewed the evidence{evidence} and asked for more.",
        Kind.EVIDENCE_ACCEPTED: f"{who} accepted the evidence{evidence}.",
        Kind.VERIFIED: f"{who} verified this action: it is done.",
        Kind.REOPENED: f"{who} reopened this action; it is now {n.detail.lower()}.",
    }[n.kind]


def _asked(n: Notification) -> str:
    deadline = govuk_date(n.action.deadline)
    return {
        Kind.ASSIGNED: f"Deliver it by {deadline}: add progress updates and evidence as you "
        "go, and mark it completed when it is done.",
        Kind.MOVED_AWAY: "Nothing more is asked of you for this action.",
        Kind.MORE_EVIDENCE: f"What is needed: {n.detail} Add it on the action's page.",
        Kind.EVIDENCE_ACCEPTED: (f"Comment: {n.detail} " if n.detail else "")
        + "Nothing more is asked for this evidence.",
        Kind.VERIFIED: "Nothing more is asked of you for this action.",
        Kind.REOPENED: f"Carry on with it by {deadline}, and mark it completed again when it "
        "is done.",
    }[n.kind]


def items(notifications: list[Notification], *, base_url: str) -> list[Item]:
    references = action_references(n.action for n in notifications)
    return [
        Item(
            notification=n,
            reference=references[n.action_id],
            happened=_happened(n),
            asked=_asked(n),
            url=base_url + reverse("tracker:action-detail", args=[n.action_id]),
        )
        for n in notifications
    ]


def subject(shown: list[Item]) -> str:
    # A title from a spreadsheet cell may hold line breaks, which a subject may not.
    return " ".join(_subject(shown).split())


def _subject(shown: list[Item]) -> str:
    kinds = {i.notification.kind for i in shown}
    if len(shown) == 1:
        (item,) = shown
        return SUBJECTS[item.notification.kind].format(
            ref=item.reference, title=item.action.title, detail=item.notification.detail
        )
    if len(kinds) == 1:
        return MANY_SUBJECTS[kinds.pop()].format(n=len(shown))
    return f"{len(shown)} updates on your improvement actions"


def message(
    *, recipient, subject: str, template: str, context: dict, base_url: str
) -> EmailMultiAlternatives:
    """A plain-text email with an HTML part, from ``tracker/email/<template>.txt/.html``."""
    context = {
        "recipient": recipient,
        "settings_url": base_url + reverse("tracker:notification-preferences"),
        "dashboard_url": base_url + reverse("tracker:dashboard"),
        **context,
    }
    email = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"tracker/email/{template}.txt", context),
        to=[recipient.email],
    )
    email.attach_alternative(
        render_to_string(f"tracker/email/{template}.html", context), "text/html"
    )
    return email
