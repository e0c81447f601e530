"""Recurring themes across an authority's findings, and what later visits said about them."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from bench.scale_data.base import aware
from bench.scale_data.vocabulary import ASPECTS, TOPICS
from inspections.models import (
    Finding,
    FindingState,
    FollowUp,
    FollowUpParagraph,
    Paragraph,
    ReviewState,
    SourceList,
    Theme,
    ThemeFinding,
    Verdict,
)


class ThemesAndFollowUps:
    """Writes themes and follow-ups for a ``Generator``."""

    # --- themes and follow-ups ---------------------------------------------------------------

    def themes(self, authorities, by_authority, findings_of) -> None:
        rng = self.rng
        themes, members = [], []
        for authority in authorities:
            by_topic: dict[str, list[Finding]] = defaultdict(list)
            for d in by_authority[authority.pk]:
                for f in findings_of[d.pk]:
                    if f.state == FindingState.CONFIRMED:
                        topic = next((t for t in TOPICS if t in f.text.lower()), None)
                        if topic:
                            by_topic[topic].append(f)
            for topic, group in by_topic.items():
                if len({f.document_id for f in group}) < 2:
                    continue
                confirmed = rng.random() < 0.7
                theme = Theme(
                    authority=authority,
                    title=topic[:1].upper() + topic[1:],
                    state=ReviewState.CONFIRMED if confirmed else ReviewState.SUGGESTED,
                    score=round(rng.uniform(0.5, 0.95), 2),
                    reason=f"These findings all speak of {topic}.",
                    decided_at=aware(self.o.until - timedelta(days=rng.randint(1, 300)))
                    if confirmed
                    else None,
                )
                themes.append(theme)
                members.append((theme, group[:8], confirmed))
        self.bulk(Theme, themes)
        self.bulk(
            ThemeFinding,
            [
                ThemeFinding(
                    theme=theme,
                    finding=f,
                    state=ReviewState.CONFIRMED if confirmed else ReviewState.SUGGESTED,
                )
                for theme, group, confirmed in members
                for f in group
            ],
        )

    def followups(self, by_authority, findings_of, paras_of) -> None:
        """What each later document said about each confirmed finding, until it improved."""
        rng = self.rng
        rows: list[tuple[FollowUp, list[Paragraph]]] = []
        for documents in by_authority.values():
            latest = documents[-1]
            for i, earlier in enumerate(documents):
                for f in findings_of[earlier.pk]:
                    if f.state != FindingState.CONFIRMED:
                        continue
                    chance_improved = 0.15
                    for later in documents[i + 1 :]:
                        months = (later.visit_start - earlier.visit_start).days / 30
                        if months < 5:
                            verdict = Verdict.TOO_EARLY
                        else:
                            verdict = rng.choices(
                                (
                                    Verdict.IMPROVED,
                                    Verdict.SOME_PROGRESS,
                                    Verdict.NO_PROGRESS,
                                    Verdict.NOT_LOOKED_AT,
                                ),
                                weights=(chance_improved, 0.4, 0.15, 0.2),
                            )[0]
                        pending = later.pk == latest.pk or rng.random() < 0.1
                        state = (
                            ReviewState.SUGGESTED
                            if pending
                            else rng.choices(
                                (ReviewState.CONFIRMED, ReviewState.REJECTED), weights=(19, 1)
                            )[0]
                        )
                        same_topic = [
                            g
                            for g in findings_of[later.pk]
                            if g.source_list != SourceList.SUGGESTED
                            and g.text.split(" of ")[-1] == f.text.split(" of ")[-1]
                        ]
                        followup = FollowUp(
                            finding=f,
                            document=later,
                            state=state,
                            verdict=verdict,
                            suggested_verdict=verdict,
                            later_finding=same_topic[0] if same_topic else None,
                            score=round(rng.uniform(0.3, 1.0), 2),
                            reason="Words of the finding found in the later letter.",
                            decided_at=None
                            if state == ReviewState.SUGGESTED
                            else aware(later.received_date + timedelta(days=rng.randint(5, 40))),
                        )
                        quoted = rng.sample(
                            paras_of[later.pk], min(rng.randint(1, 3), len(paras_of[later.pk]))
                        )
                        rows.append((followup, quoted))
                        if verdict == Verdict.IMPROVED and state == ReviewState.CONFIRMED:
                            break
                        chance_improved += 0.12
        created = self.bulk(FollowUp, [f for f, _ in rows], "follow-ups")
        self.bulk(
            FollowUpParagraph,
            [
                FollowUpParagraph(
                    followup=followup,
                    paragraph=p,
                    rank=rank,
                    score=round(rng.uniform(0.3, 1.0), 2),
                    matched=", ".join(rng.sample(ASPECTS, 2)),
                )
                for followup, (_, quoted) in zip(created, rows, strict=True)
                for rank, p in enumerate(quoted, start=1)
            ],
            "follow-up quotes",
        )
