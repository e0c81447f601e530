"""Following findings across later documents: suggestions, and a person's decisions on them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from inspections.models import (
    Document,
    FollowUp,
    FollowUpParagraph,
    Paragraph,
    ReviewState,
    Verdict,
)
from inspections.selectors import followup_proposals

from .people import person as _person


class FollowUpError(Exception):
    """A follow-up or theme could not be saved; the message says why and what to do."""


# Verdicts that say the document grades nothing: no paragraph can support them.
UNSUPPORTED_VERDICTS = frozenset({Verdict.NOT_LOOKED_AT, Verdict.NOT_ENOUGH_EVIDENCE})


@transaction.atomic
def followup_suggest(*, document: Document) -> list[FollowUp]:
    """Suggest what ``document`` says about every open earlier finding of its authority,
    and what every later document already imported says about ``document``'s own
    findings (documents may arrive out of date order).

    Idempotent: a finding and a later document that already have a follow-up, in
    any state, are left alone, so a person's decisions are never overwritten.
    Monitoring letters' suggested findings take part once a person confirms them;
    running this again then covers them.
    """
    proposals = followup_proposals(authority=document.authority, document=document)
    followups = []
    for item in proposals:
        followup = FollowUp(
            finding=item.finding,
            document=item.document,
            state=ReviewState.SUGGESTED,
            verdict=item.proposal.verdict,
            suggested_verdict=item.proposal.verdict,
            score=item.proposal.score,
            reason=item.proposal.reason[:2000],
            decisive_sentence=item.proposal.decisive[:2000],
            decisive_where=item.proposal.decisive_where[:60],
            later_finding=item.later_finding,
        )
        # The related rows were just read and pairs are unique by construction:
        # skip the per-row existence and constraint queries, validate the rest.
        followup.full_clean(
            exclude=["finding", "document", "later_finding"], validate_constraints=False
        )
        followups.append(followup)
    bulk_create_with_history(
        followups, FollowUp, default_user=document.imported_by, default_change_reason="Suggested"
    )
    quotes = []
    for followup, item in zip(followups, proposals, strict=True):
        ranked = {r.key[1]: r for r in item.proposal.passages if r.key[0] == "paragraph"}
        for rank, paragraph in item.paragraphs:
            quotes.append(
                FollowUpParagraph(
                    followup=followup,
                    paragraph=paragraph,
                    rank=rank,
                    score=ranked[paragraph.pk].coverage,
                    matched=", ".join(ranked[paragraph.pk].matched)[:300],
                )
            )
    FollowUpParagraph.objects.bulk_create(quotes)
    return followups


@transaction.atomic
def followup_confirm(
    *,
    followup: FollowUp,
    verdict: str,
    paragraphs: Iterable[Paragraph],
    user,
) -> FollowUp:
    """Record the inspectors' verdict as a person reads it, with the paragraphs that say so."""
    followup = FollowUp.objects.select_for_update().select_related("document").get(pk=followup.pk)
    if verdict not in Verdict.values:
        raise FollowUpError(
            f"'{verdict}' is not a verdict; choose one of: "
            + ", ".join(label.lower() for label in Verdict.labels)
            + "."
        )
    chosen = {p.pk: p for p in paragraphs}
    wrong = Paragraph.objects.filter(pk__in=chosen).exclude(document=followup.document_id)
    if wrong.exists() or len(chosen) != Paragraph.objects.filter(pk__in=chosen).count():
        raise FollowUpError(
            f"Quote only paragraphs of {followup.document}, the document being read."
        )
    if not chosen and verdict not in UNSUPPORTED_VERDICTS:
        raise FollowUpError(
            f"Choose at least one paragraph of {followup.document} that supports the "
            "verdict, or choose 'Not looked at' or 'Not enough evidence'."
        )
    followup.state = ReviewState.CONFIRMED
    followup.verdict = verdict
    followup.decided_by = _person(user)
    followup.decided_at = timezone.now()
    followup.full_clean()
    followup.save()
    FollowUpParagraph.objects.filter(followup=followup).exclude(paragraph_id__in=chosen).delete()
    kept = set(
        FollowUpParagraph.objects.filter(followup=followup).values_list("paragraph_id", flat=True)
    )
    FollowUpParagraph.objects.bulk_create(
        FollowUpParagraph(followup=followup, paragraph_id=pk) for pk in chosen if pk not in kept
    )
    return followup


@transaction.atomic
def followup_reject(*, followup: FollowUp, user) -> FollowUp:
    """Say the suggestion is wrong: the later document does not speak to this finding.

    The row stays (rejected) so that the same pair is not suggested again.
    """
    followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
    followup.state = ReviewState.REJECTED
    followup.decided_by = _person(user)
    followup.decided_at = timezone.now()
    followup.full_clean()
    followup.save()
    return followup
