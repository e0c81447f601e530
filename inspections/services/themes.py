"""Themes: confirmed findings of different documents that say the same thing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from inspections.matching import themes as themes_engine
from inspections.models import (
    Finding,
    FindingState,
    LocalAuthority,
    Paragraph,
    ReviewState,
    Theme,
    ThemeFinding,
)

from .followups import FollowUpError
from .people import person as _person


@transaction.atomic
def theme_suggest(*, authority: LocalAuthority) -> list[Theme]:
    """Propose themes: confirmed findings of different documents that say the same thing.

    A finding already in a confirmed or suggested theme is not proposed again;
    one that resembles a confirmed theme is proposed as a new member of it. A
    group a person rejected is not proposed again. Returns the themes created or
    given new suggested members.
    """
    findings = list(
        Finding.objects.filter(
            document__authority=authority, state=FindingState.CONFIRMED
        ).select_related("document")
    )
    memberships = list(
        ThemeFinding.objects.filter(theme__authority=authority).select_related("theme")
    )
    taken: set[int] = set()  # findings in a live theme
    rejected_sets: set[frozenset[int]] = set()
    refused: set[tuple[int, int]] = set()  # (theme, finding) a person said no to
    theme_members: dict[int, list[int]] = defaultdict(list)
    themes: dict[int, Theme] = {}
    for m in memberships:
        if m.theme.state == ReviewState.REJECTED:
            continue
        if m.state == ReviewState.REJECTED:
            refused.add((m.theme_id, m.finding_id))
            continue
        taken.add(m.finding_id)
        if m.theme.state == ReviewState.CONFIRMED and m.state == ReviewState.CONFIRMED:
            theme_members[m.theme_id].append(m.finding_id)
            themes[m.theme_id] = m.theme
    by_theme: dict[int, set[int]] = defaultdict(set)
    for m in memberships:
        if m.theme.state == ReviewState.REJECTED:
            by_theme[m.theme_id].add(m.finding_id)
    rejected_sets = {frozenset(s) for s in by_theme.values()}

    text_of = {f.pk: f.text for f in findings}
    free = [f for f in findings if f.pk not in taken]
    items = [themes_engine.Item(("finding", f.pk), f.document_id, f.text) for f in free] + [
        themes_engine.Item(
            ("theme", theme_id), ("theme", theme_id), " ".join(text_of[i] for i in members)
        )
        for theme_id, members in theme_members.items()
    ]
    if len(items) < 2:
        return []
    background = Paragraph.objects.filter(document__authority=authority).values_list(
        "text", flat=True
    )
    changed: list[Theme] = []
    for group in themes_engine.group(items, background=background):
        theme_keys = [key[1] for key in group.keys if key[0] == "theme"]
        finding_ids = [key[1] for key in group.keys if key[0] == "finding"]
        if theme_keys:
            theme = themes[theme_keys[0]]
            new = [i for i in finding_ids if (theme.pk, i) not in refused]
            if new:
                bulk_create_with_history(
                    [
                        ThemeFinding(theme=theme, finding_id=i, state=ReviewState.SUGGESTED)
                        for i in new
                    ],
                    ThemeFinding,
                    default_change_reason="Suggested",
                )
                changed.append(theme)
            continue
        if frozenset(finding_ids) in rejected_sets:
            continue
        theme = Theme(
            authority=authority,
            title=group.title[:300],
            state=ReviewState.SUGGESTED,
            score=group.score,
            reason=group.reason,
        )
        theme.full_clean()
        theme.save()
        bulk_create_with_history(
            [
                ThemeFinding(theme=theme, finding_id=i, state=ReviewState.SUGGESTED)
                for i in finding_ids
            ],
            ThemeFinding,
            default_change_reason="Suggested",
        )
        changed.append(theme)
    return changed


@transaction.atomic
def theme_confirm(
    *,
    theme: Theme,
    user,
    findings: Iterable[Finding] | None = None,
    title: str | None = None,
) -> Theme:
    """Confirm a theme, with the findings a person agrees belong to it (default: all
    suggested or confirmed members). Members left out are marked rejected so they
    are not proposed for this theme again.
    """
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    memberships = {m.finding_id: m for m in theme.memberships.select_related("finding")}
    if findings is None:
        chosen = {i for i, m in memberships.items() if m.state != ReviewState.REJECTED}
    else:
        chosen = {f.pk for f in findings}
    members = list(Finding.objects.filter(pk__in=chosen).select_related("document"))
    if len(members) != len(chosen) or any(
        f.document.authority_id != theme.authority_id for f in members
    ):
        raise FollowUpError(f"A theme of {theme.authority} can only hold its own findings.")
    if any(f.state != FindingState.CONFIRMED for f in members):
        raise FollowUpError("Confirm the suggested findings first; a theme holds confirmed ones.")
    if len({f.document_id for f in members}) < 2:
        raise FollowUpError(
            "A theme links findings of at least two documents; choose findings from "
            "another visit too."
        )
    elsewhere = (
        ThemeFinding.objects.filter(
            finding_id__in=chosen,
            state=ReviewState.CONFIRMED,
            theme__state=ReviewState.CONFIRMED,
        )
        .exclude(theme=theme)
        .select_related("theme", "finding")
        .first()
    )
    if elsewhere is not None:
        raise FollowUpError(
            f"'{elsewhere.finding}' is already in the theme '{elsewhere.theme}'; "
            "take it out of that theme first."
        )
    if title is not None:
        theme.title = title.strip()
    theme.state = ReviewState.CONFIRMED
    theme.decided_by = _person(user)
    theme.decided_at = timezone.now()
    theme.full_clean()
    theme.save()
    for finding_id, membership in memberships.items():
        state = ReviewState.CONFIRMED if finding_id in chosen else ReviewState.REJECTED
        if membership.state != state:
            membership.state = state
            membership.save(update_fields=["state"])
    bulk_create_with_history(
        [
            ThemeFinding(theme=theme, finding_id=i, state=ReviewState.CONFIRMED)
            for i in chosen
            if i not in memberships
        ],
        ThemeFinding,
        default_user=_person(user),
        default_change_reason="Confirmed",
    )
    # The same findings' places in other, still suggested themes are now moot.
    ThemeFinding.objects.filter(finding_id__in=chosen, theme__state=ReviewState.SUGGESTED).exclude(
        theme=theme
    ).delete()
    Theme.objects.filter(authority=theme.authority_id, state=ReviewState.SUGGESTED).annotate(
        members=Count("memberships", filter=~Q(memberships__state=ReviewState.REJECTED))
    ).filter(members__lt=2).delete()
    return theme


@transaction.atomic
def theme_reject(*, theme: Theme, user) -> Theme:
    """Say these findings are not one theme. The group is remembered and not proposed again."""
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    theme.state = ReviewState.REJECTED
    theme.decided_by = _person(user)
    theme.decided_at = timezone.now()
    theme.full_clean()
    theme.save()
    return theme
