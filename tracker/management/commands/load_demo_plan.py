"""Load demo users and a demo improvement plan for the seed findings (fixtures/demo_plan.json).

For local demonstrations only: every demo user gets the same published
password, so the command refuses to run unless DEBUG is on (or --force).
Run `python manage.py import_reports seeds/` first: actions hang off the seed
documents' findings, and the command says which documents it could not find.

Idempotent: users, memberships and roles are created when missing; an action
whose finding already has an action of the same title is left alone, so
changes made while trying the demo survive a re-run. Every change goes
through the tracker's services, so the history, the RAG and the rules are the
real ones; the steps are then dated back to the days the plan says.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from inspections.models import Document, Finding, LocalAuthority
from inspections.selectors import visit_date
from tracker import services
from tracker.models import Action, Evidence, EvidenceKind, Membership, ProgressUpdate
from tracker.notifications import services as notify
from tracker.notifications.models import Notification
from tracker.roles import Role
from tracker.settled import settled_statuses_forget

DEFAULT_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo_plan.json"
SEED_HINT = "Import the seed reports first: python manage.py import_reports seeds/"

User = get_user_model()


class Command(BaseCommand):
    help = "Create demo users and a demo action plan for the seed findings (local demos only)."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="The demo plan (JSON).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off. Never on a real service: the password is published.",
        )

    def handle(self, *args, file: Path, force: bool, **options):
        if not (settings.DEBUG or getattr(settings, "TESTING", False) or force):
            raise CommandError(
                "The demo plan creates users with a published password; run it with DEBUG=1 "
                "on a local copy (or --force if you really mean to)."
            )
        try:
            plan = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read the demo plan {file}: {exc}") from exc
        self.today = timezone.localdate()
        authorities = self._authorities({a for u in plan["users"] for a in u["authorities"]})
        findings, missing = self._findings(plan["findings"], authorities)
        if not findings:
            raise CommandError(
                f"None of the seed documents the demo plan needs are here. {SEED_HINT}"
            )
        with transaction.atomic():
            before = Notification.objects.order_by("-pk").values_list("pk", flat=True).first()
            users = self._users(plan, authorities)
            created, kept = self._actions(plan["findings"], findings, users)
            # The plan's story happened before today: it is in people's notifications, but
            # nobody is emailed about it now.
            notify.mark_emailed(list(Notification.objects.filter(pk__gt=before or 0)))
        self.stdout.write(
            self.style.SUCCESS(f"Demo plan: {created} action(s) created, {kept} already there.")
        )
        for line in missing:
            self.stdout.write(self.style.WARNING(line))
        self.stdout.write("\nDemo sign-ins (local demonstrations only):")
        for spec in plan["users"]:
            self.stdout.write(f"  {spec['username']:<36} {spec['role']}")
        self.stdout.write(f"  password for all of them: {plan['demo_password']}")

    def _authorities(self, names: set[str]) -> dict[str, LocalAuthority | None]:
        known = list(LocalAuthority.objects.all())

        def match(name: str) -> LocalAuthority | None:
            wanted = name.casefold()
            for authority in known:
                spellings = [authority.name, *(authority.aliases or [])]
                if any(s.casefold() == wanted for s in spellings):
                    return authority
            return None

        return {name: match(name) for name in names}

    def _findings(self, specs, authorities) -> tuple[dict[int, Finding], list[str]]:
        found: dict[int, Finding] = {}
        missing: list[str] = []
        for index, spec in enumerate(specs):
            authority = authorities.get(spec["authority"])
            documents = (
                Document.objects.filter(authority=authority, kind=spec["kind"]) if authority else []
            )
            document = next(
                (d for d in documents if (on := visit_date(d)) and on.year == spec["year"]),
                None,
            )
            if document is None:
                missing.append(
                    f"Not found: {spec['authority']} {spec['kind'].replace('_', ' ')} "
                    f"of {spec['year']}; its actions were skipped. {SEED_HINT}"
                )
                continue
            finding = Finding.objects.filter(
                document=document, text__icontains=spec["text_contains"]
            ).first()
            if finding is None:
                missing.append(
                    f"Not found: a finding mentioning “{spec['text_contains']}” in {document}; "
                    "its actions were skipped."
                )
                continue
            found[index] = finding
        return found, missing

    def _users(self, plan, authorities) -> dict[str, object]:
        password = plan["demo_password"]
        users = {}
        for spec in plan["users"]:
            user, created = User.objects.get_or_create(
                username=spec["username"],
                defaults={
                    "email": spec["username"],
                    "first_name": spec["first_name"],
                    "last_name": spec["last_name"],
                    "is_staff": spec.get("staff", False),
                },
            )
            if created:
                try:
                    validate_password(password, user)
                except ValidationError as exc:
                    raise CommandError(
                        f"The demo password is refused: {' '.join(exc.messages)}"
                    ) from exc
                user.set_password(password)
                user.save()
            user.groups.add(Group.objects.get_or_create(name=spec["role"])[0])
            for name in spec["authorities"]:
                if authorities.get(name):
                    Membership.objects.get_or_create(user=user, authority=authorities[name])
            users[spec["username"]] = user
        return users

    def _actions(self, specs, findings, users) -> tuple[int, int]:
        created = kept = 0
        manager = next(u for u in users.values() if u.groups.filter(name=Role.MANAGER).exists())
        for index, spec in enumerate(specs):
            finding = findings.get(index)
            if finding is None:
                continue
            for item in spec["actions"]:
                if Action.objects.filter(finding=finding, title=item["title"]).exists():
                    kept += 1
                    continue
                self._action(finding, item, users, manager)
                created += 1
        # The plan's history is dated in the past: earlier answers about those days are void.
        settled_statuses_forget(finding.pk for finding in findings.values())
        return created, kept

    def _when(self, days_ago: int) -> datetime:
        day = self.today - timedelta(days=days_ago)
        return timezone.make_aware(datetime.combine(day, time(9, 30)))

    def _day(self, offset: int | None) -> date | None:
        return None if offset is None else self.today + timedelta(days=offset)

    def _action(self, finding, item, users, manager) -> None:
        start = self._day(item.get("start_in_days"))
        action = services.action_create(
            finding=finding,
            user=manager,
            title=item["title"],
            description=item.get("description", ""),
            owner=users[item["owner"]],
            lead_role=item.get("lead_role", ""),
            start_date=start,
            deadline=self._day(item["deadline_in_days"]),
            success_measure=item.get("success_measure", ""),
        )
        created_at = self._when(max(0, -(item.get("start_in_days") or 0)) + 7)
        steps = item.get("steps", [])
        if steps:
            created_at = min(created_at, self._when(steps[0]["days_ago"] + 1))
        Action.objects.filter(pk=action.pk).update(created_at=created_at, updated_at=created_at)
        self._date_latest_history(action, created_at)
        for step in steps:
            self._step(action, step, users)

    def _step(self, action, step, users) -> None:
        when = self._when(step["days_ago"])
        user = users[step["by"]]
        action.refresh_from_db()
        if "status" in step:
            services.action_transition(
                action=action,
                user=user,
                new_status=step["status"],
                expected_version=action.version,
                update_text=step.get("update", ""),
            )
            self._date_latest_history(action, when)
        elif "at_risk" in step:
            services.action_set_at_risk(
                action=action,
                user=user,
                at_risk=True,
                reason=step["at_risk"],
                expected_version=action.version,
            )
            self._date_latest_history(action, when)
        elif "update" in step:
            services.progress_update_add(action=action, user=user, text=step["update"])
        elif "evidence_note" in step or "evidence_link" in step:
            kind = EvidenceKind.NOTE if "evidence_note" in step else EvidenceKind.LINK
            services.evidence_add(
                action=action,
                user=user,
                kind=kind,
                title=step.get("title", ""),
                note=step.get("evidence_note", ""),
                url=step.get("evidence_link", ""),
            )
            evidence = action.evidence.order_by("-pk").first()
            Evidence.objects.filter(pk=evidence.pk).update(added_at=when)
            self._date_latest_history(evidence, when, added_at=when)
        elif "review" in step:
            evidence = action.evidence.order_by("-pk").first()
            services.evidence_review(
                evidence=evidence, user=user, state=step["review"], comment=step.get("comment", "")
            )
            Evidence.objects.filter(pk=evidence.pk).update(reviewed_at=when)
            self._date_latest_history(evidence, when, reviewed_at=when)
        if "update" in step:
            ProgressUpdate.objects.filter(
                pk=action.updates.order_by("-pk").values("pk")[:1]
            ).update(created_at=when)
        Action.objects.filter(pk=action.pk).update(updated_at=when)

    def _date_latest_history(self, record, when: datetime, **fields) -> None:
        """Date the newest history row of an action or evidence ``when`` (and set ``fields``):
        the action page's history reads evidence being added and reviewed from there too."""
        latest = record.history.order_by("-history_id").values("history_id")[:1]
        type(record).history.filter(history_id__in=latest).update(history_date=when, **fields)
