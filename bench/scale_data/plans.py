"""Actions on the findings, each with the history, updates and evidence of its story."""

from __future__ import annotations

from datetime import date, timedelta

from bench.scale_data.base import SHARED_EVIDENCE_FILE, aware, poisson
from bench.scale_data.vocabulary import ACTION_VERBS, LEAD_ROLES
from inspections.models import FindingState, SourceList
from tracker.models import Action, Evidence, EvidenceKind, ProgressUpdate
from tracker.roles import Role
from tracker.statuses import ReviewState as EvidenceReview
from tracker.statuses import Status


class Plans:
    """Writes actions, their history, progress updates and evidence for a ``Generator``."""

    # --- actions, their history, updates and evidence -----------------------------------------

    def actions(self, documents, findings_of, people) -> None:
        rng = self.rng
        total_findings = sum(len(findings_of[d.pk]) for d in documents)
        eligible = [
            (d, f)
            for d in documents
            for f in findings_of[d.pk]
            if f.state == FindingState.CONFIRMED and f.source_list != SourceList.AREAS_COVERED
        ]
        if not eligible:
            return
        mean = self.o.actions_per_finding * total_findings / len(eligible)
        History = Action.history.model
        actions, stories = [], []
        for d, f in eligible:
            mine = people[d.authority_id]
            owners = mine[Role.OWNER]
            manager = mine[Role.MANAGER][0]
            for _ in range(max(0, round(mean * rng.uniform(0.5, 1.5)))):
                story = self.story(d, manager, owners)
                if story is None:
                    continue
                final = story["states"][-1]
                actions.append(
                    Action(
                        finding=f,
                        title=f"{rng.choice(ACTION_VERBS)} {f.text.rstrip('.').lower()}"[:200],
                        description=self.sentence(15, 40),
                        success_measure=self.sentence(8, 20),
                        start_date=story["start"],
                        created_by=manager,
                        created_at=story["events"][0][0],
                        updated_at=story["events"][-1][0],
                        version=len(story["events"]),
                        **final,
                    )
                )
                stories.append(story)
        actions = self.bulk(Action, actions)
        history, updates, evidence, evidence_history = [], [], [], []
        copied = [f.attname for f in Action._meta.fields]
        for action, story in zip(actions, stories, strict=True):
            base = {name: getattr(action, name) for name in copied}
            for (when, who, reason, kind), state in zip(
                story["events"], story["states"], strict=True
            ):
                row = {**base, **state, "updated_at": when}
                history.append(
                    History(
                        **row,
                        history_date=when,
                        history_type=kind,
                        history_change_reason=reason,
                        history_user_id=who,
                    )
                )
            for when, who in story["updates"]:
                updates.append(
                    ProgressUpdate(
                        action=action, author_id=who, text=self.sentence(15, 45), created_at=when
                    )
                )
            for when, who, accepted_at, reviewer in story["evidence"]:
                item = self.evidence(action, when, who, accepted_at, reviewer)
                evidence.append(item)
        self.bulk(History, history, "action history rows")
        self.bulk(ProgressUpdate, updates, "progress updates")
        evidence = self.bulk(Evidence, evidence)
        EvidenceHistory = Evidence.history.model
        fields = [f.attname for f in Evidence._meta.fields]
        for item in evidence:
            evidence_history.append(
                EvidenceHistory(
                    **{name: getattr(item, name) for name in fields},
                    history_date=item.added_at,
                    history_type="+",
                    history_user_id=item.added_by_id,
                )
            )
        self.bulk(EvidenceHistory, evidence_history, "evidence history rows")

    def story(self, document, manager, owners) -> dict | None:
        """The dated events of one action up to ``until``: created, started, edited,
        flagged, completed, verified, with the state after each."""
        rng, until = self.rng, self.o.until
        manager = manager.pk  # people are ids from here on
        created = document.received_date + timedelta(days=rng.randint(5, 70))
        if created >= until:
            return None
        start = created + timedelta(days=rng.randint(0, 30))
        deadline = start + timedelta(days=rng.randint(45, 480))
        owner = rng.choice(owners) if rng.random() > 0.04 else None
        state = {
            "status": Status.NOT_STARTED,
            "deadline": deadline,
            "original_deadline": deadline,
            "deadline_revisions": 0,
            "deadline_reason": "",
            "at_risk": False,
            "at_risk_reason": "",
            "owner_id": owner.pk if owner else None,
            "lead_role": rng.choice(LEAD_ROLES),
        }
        minute = rng.randint(8 * 60, 17 * 60)
        events = [(aware(created, minute), manager, None, "+")]
        states = [dict(state)]
        updates, evidence = [], []

        def happen(day: date, who, reason: str, **change) -> bool:
            if day >= until:
                return False
            when = aware(max(day, events[-1][0].date()), rng.randint(8 * 60, 18 * 60))
            if when <= events[-1][0]:  # the same day: keep the events in order
                when = events[-1][0] + timedelta(minutes=rng.randint(1, 90))
            if when.date() >= until:
                return False
            state.update(change)
            events.append((when, who, reason, "~"))
            states.append(dict(state))
            return True

        actor = owner.pk if owner else manager
        day = start + timedelta(days=rng.randint(0, 40))
        if not happen(day, actor, "Status changed", status=Status.IN_PROGRESS):
            return {"start": start, "events": events, "states": states,
                    "updates": updates, "evidence": evidence}  # fmt: skip
        extra = max(0.0, self.o.history_per_action - 4.6)
        for _ in range(poisson(rng, extra)):
            day += timedelta(days=rng.randint(5, 40))
            happen(day, manager, "Changed", lead_role=rng.choice(LEAD_ROLES))
        if rng.random() < 0.35:
            new_deadline = state["deadline"] + timedelta(days=rng.randint(30, 120))
            happen(day + timedelta(days=rng.randint(10, 60)), manager, "Deadline moved",
                   deadline=new_deadline, deadline_revisions=1,
                   deadline_reason="Waiting on the partner agency's data.")  # fmt: skip
        if rng.random() < 0.2:
            happen(day + timedelta(days=rng.randint(10, 90)), manager, "Changed",
                   owner_id=rng.choice(owners).pk)  # fmt: skip
        if rng.random() < 0.25:
            flagged = day + timedelta(days=rng.randint(10, 120))
            if happen(flagged, actor, "Flagged as at risk", at_risk=True,
                      at_risk_reason="Staffing shortfall in the team."):  # fmt: skip
                happen(flagged + timedelta(days=rng.randint(14, 90)), actor,
                       "At-risk flag cleared", at_risk=False, at_risk_reason="")  # fmt: skip
        n_updates = poisson(rng, self.o.updates_per_action)
        for k in range(n_updates):
            when = start + timedelta(days=int((k + 1) * (deadline - start).days / (n_updates + 1)))
            if when < until:
                updates.append(
                    (aware(when, rng.randint(8 * 60, 18 * 60)), state["owner_id"] or manager)
                )
        finish = state["deadline"] + timedelta(days=rng.randint(-60, 45))
        n_evidence = max(1, poisson(rng, self.o.evidence_per_action))
        if finish < until:
            for k in range(n_evidence):
                when = finish - timedelta(days=rng.randint(1, 20) + k)
                evidence.append((when, state["owner_id"] or manager, None, None))
            if happen(
                finish, state["owner_id"] or manager, "Status changed", status=Status.COMPLETED
            ):
                verified = finish + timedelta(days=rng.randint(7, 60))
                if happen(verified, manager, "Status changed", status=Status.VERIFIED):
                    evidence = [(w, who, verified, manager) for w, who, _, _ in evidence]
        elif rng.random() < 0.4:
            when = min(until - timedelta(days=1), day + timedelta(days=rng.randint(5, 60)))
            evidence.append((when, state["owner_id"] or manager, None, None))
        evidence = [
            (aware(max(w, created), rng.randint(8 * 60, 18 * 60)), who, at, by)
            for w, who, at, by in evidence
        ]
        return {"start": start, "events": events, "states": states,
                "updates": updates, "evidence": evidence}  # fmt: skip

    def evidence(self, action, when, who, accepted_at, reviewer) -> Evidence:
        rng = self.rng
        kind = rng.choices((EvidenceKind.NOTE, EvidenceKind.LINK, EvidenceKind.FILE), (5, 3, 2))[0]
        item = Evidence(
            action=action,
            kind=kind,
            added_by_id=who,
            added_at=when,
            review_state=EvidenceReview.ACCEPTED if accepted_at else EvidenceReview.PENDING,
            reviewed_by_id=reviewer,
            reviewed_at=aware(accepted_at) if accepted_at else None,
        )
        if kind == EvidenceKind.NOTE:
            item.note = self.sentence(10, 30)
        elif kind == EvidenceKind.LINK:
            item.title = "Audit report on the intranet"
            item.url = f"https://intranet.example.gov.uk/audits/{rng.randint(1000, 99999)}"
        else:
            item.file = SHARED_EVIDENCE_FILE
            item.original_name = "audit-summary.txt"
            item.content_type = "text/plain"
            item.size = 64
        return item
