"""Follow-up suggestions: what each later document says about each earlier finding.

The matching itself is ``inspections.matching`` (plain Python); this module
saves its proposals as suggested follow-ups with the paragraphs they quote.
``inspections.services`` re-exports ``followup_suggest`` for its callers.
"""

from __future__ import annotations

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from inspections.models import Document, FollowUp, FollowUpParagraph, ReviewState
from inspections.selectors import followup_proposals


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
