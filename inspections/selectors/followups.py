"""Follow-ups: what the matcher proposes for a new document, a finding's history across
later documents, and the lists a manager reviews."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.db.models import F, Prefetch

from inspections.matching import Matcher, Passage, Proposal
from inspections.models import (
    Document,
    Finding,
    FindingState,
    FollowUp,
    FollowUpParagraph,
    LocalAuthority,
    Paragraph,
    ReviewState,
    SourceList,
    Theme,
    ThemeFinding,
    Verdict,
)
from inspections.selectors.dates import documents_in_date_order, is_later, visit_date

# --- Proposals (computed, not saved) -----------------------------------------------


@dataclass(frozen=True)
class FollowUpProposal:
    """What the matcher proposes for one finding and one later document."""

    finding: Finding
    document: Document  # the later document
    proposal: Proposal
    paragraphs: tuple[tuple[int, Paragraph], ...]  # (rank, paragraph) among the passages
    later_finding: Finding | None  # the later document's own item that takes this one up


# Findings of a later document that can stand as evidence in their own right:
# listed again for improvement, or named as an area the visit reviewed.
ITEM_LISTS = (
    SourceList.WHAT_NEEDS_TO_IMPROVE,
    SourceList.PRIORITY_ACTION,
    SourceList.RECOMMENDATION,
    SourceList.AREAS_COVERED,
)


def followup_proposals(
    *,
    authority: LocalAuthority,
    document: Document | None = None,
    include_unconfirmed: bool = False,
    skip_states: Collection[str] | None = None,
) -> list[FollowUpProposal]:
    """Proposed follow-ups for the authority's open findings; nothing is saved.

    With ``document``, only the pairs that involve it: its paragraphs against
    every earlier finding, and its own findings against every later document
    already imported (documents may arrive out of date order). A finding is open
    at a later document unless a person has confirmed, from a document before
    that one, that it has improved. Pairs that already have a follow-up are
    skipped, or only those whose follow-up is in one of ``skip_states``.
    """
    skip = set(ReviewState.values if skip_states is None else skip_states)
    documents = documents_in_date_order(Document.objects.filter(authority=authority))
    by_id = {d.pk: d for d in documents}
    if document is not None and visit_date(document) is None:
        return []
    states = [FindingState.CONFIRMED]
    if include_unconfirmed:
        states.append(FindingState.SUGGESTED)
    findings = list(
        Finding.objects.filter(document__authority=authority, state__in=states).order_by(
            "document_id", "order"
        )
    )
    for finding in findings:
        finding.document = by_id[finding.document_id]
    followups = list(
        FollowUp.objects.filter(finding__document__authority=authority).values_list(
            "finding_id", "document_id", "state", "verdict"
        )
    )
    existing = {(f, d) for f, d, state, _ in followups if state in skip}
    improved_at: dict[int, list[date]] = defaultdict(list)
    for finding_id, document_id, state, verdict in followups:
        when = visit_date(by_id[document_id])
        if state == ReviewState.CONFIRMED and verdict == Verdict.IMPROVED and when:
            improved_at[finding_id].append(when)

    pairs: dict[int, list[Finding]] = defaultdict(list)  # later document id → findings
    for finding in findings:
        for later in documents:
            if not is_later(later, finding.document):
                continue
            if document is not None and document.pk not in (later.pk, finding.document_id):
                continue
            if (finding.pk, later.pk) in existing:
                continue
            if any(when < visit_date(later) for when in improved_at[finding.pk]):
                continue  # inspectors already agreed it has improved
            pairs[later.pk].append(finding)
    if not pairs:
        return []

    paragraphs_by_document: dict[int, list[Paragraph]] = defaultdict(list)
    for paragraph in Paragraph.objects.filter(document_id__in=pairs).order_by(
        "document_id", "order"
    ):
        paragraphs_by_document[paragraph.document_id].append(paragraph)
    items_by_document: dict[int, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.document_id in pairs and finding.source_list in ITEM_LISTS:
            items_by_document[finding.document_id].append(finding)

    proposals = []
    for later_id, to_follow in pairs.items():
        later = by_id[later_id]
        paragraphs = paragraphs_by_document[later_id]
        items = [i for i in items_by_document[later_id] if i.state == FindingState.CONFIRMED]
        passages = [
            Passage(("paragraph", p.pk), p.text, p.heading, p.reference) for p in paragraphs
        ] + [
            Passage(
                ("finding", i.pk),
                i.text,
                i.section_heading or i.get_source_list_display(),
                f"item {i.order} ({i.section_heading or i.get_source_list_display()})",
                kind="item",
            )
            for i in items
        ]
        matcher = Matcher(passages)
        paragraph_by_id = {p.pk: p for p in paragraphs}
        item_by_id = {i.pk: i for i in items}
        for finding in to_follow:
            proposal = matcher.propose(finding.text)
            quoted = tuple(
                (rank, paragraph_by_id[ranked.key[1]])
                for rank, ranked in enumerate(proposal.passages, start=1)
                if ranked.key[0] == "paragraph"
            )
            later_item = next(
                (item_by_id[r.key[1]] for r in proposal.passages if r.key[0] == "finding"), None
            )
            proposals.append(FollowUpProposal(finding, later, proposal, quoted, later_item))
    proposals.sort(key=lambda p: (visit_date(p.finding.document), p.finding.order, p.document.pk))
    return proposals


# --- Follow-ups as cells -------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    paragraph: Paragraph
    reference: str  # "paragraph 17", "page 3"
    rank: int | None  # position among the suggestions; None if added by a person
    score: float | None
    matched: str


@dataclass(frozen=True)
class Cell:
    """What one later document says about one finding."""

    document: Document
    followup: FollowUp | None
    quotes: tuple[Quote, ...] = ()

    @property
    def verdict(self) -> str | None:
        """The verdict to show: a person's if confirmed, else the pending suggestion's."""
        if self.followup is None or self.followup.state == ReviewState.REJECTED:
            return None
        return self.followup.verdict

    @property
    def evidence(self) -> tuple[Quote, ...]:
        """The quoted paragraphs that say what the verdict says; none for "not looked at"."""
        if self.verdict is None or not self.followup.quotes_are_evidence:
            return ()
        return self.quotes

    @property
    def verdict_label(self) -> str:
        if self.verdict is None:
            return "Not reviewed"
        return Verdict(self.verdict).label

    @property
    def confirmed(self) -> bool:
        return self.followup is not None and self.followup.state == ReviewState.CONFIRMED

    @property
    def pending(self) -> bool:
        """A suggestion nobody has confirmed yet: show it as such."""
        return self.followup is not None and self.followup.state == ReviewState.SUGGESTED

    @property
    def date(self) -> date | None:
        return visit_date(self.document)


@dataclass(frozen=True)
class FindingHistory:
    finding: Finding
    cells: tuple[Cell, ...]  # one per later document, oldest first


def quotes_by_followup(
    followup_filter: dict, *, with_text: bool = True
) -> dict[int, tuple[Quote, ...]]:
    rows = (
        FollowUpParagraph.objects.filter(**followup_filter)
        .select_related("paragraph")
        .order_by("followup_id", F("rank").asc(nulls_last=True), "paragraph__order")
    )
    if not with_text:
        rows = rows.defer("paragraph__text", "paragraph__heading")
    quotes: dict[int, list[Quote]] = defaultdict(list)
    for row in rows:
        quotes[row.followup_id].append(
            Quote(row.paragraph, row.paragraph.reference, row.rank, row.score, row.matched)
        )
    return {k: tuple(v) for k, v in quotes.items()}


def finding_followups(*, finding: Finding) -> FindingHistory:
    """A finding's history across the later documents of its authority (a timeline).

    Four queries: the finding's document, the authority's documents, the
    follow-ups and their quoted paragraphs.
    """
    # The timeline shows dates and kinds: the documents' extracted text stays behind.
    source = Document.objects.defer("text").get(pk=finding.document_id)
    documents = documents_in_date_order(
        Document.objects.filter(authority_id=source.authority_id).defer("text")
    )
    by_id = {d.pk: d for d in documents}
    followups = {
        f.document_id: f
        for f in FollowUp.objects.filter(finding=finding).select_related("later_finding")
    }
    quotes = quotes_by_followup({"followup__finding": finding})
    cells = []
    for document in documents:
        if not is_later(document, source):
            continue
        followup = followups.get(document.pk)
        if followup is not None:
            followup.document = by_id[document.pk]
        cells.append(Cell(document, followup, quotes.get(followup.pk, ()) if followup else ()))
    finding.document = source
    return FindingHistory(finding, tuple(cells))


# --- Lists for review pages ------------------------------------------------------------


def quotes_by_rank() -> Prefetch:
    """A follow-up's quoted paragraphs, best-ranked first (a person's choices, unranked, last)."""
    return Prefetch(
        "quotes",
        queryset=FollowUpParagraph.objects.select_related("paragraph").order_by(
            F("rank").asc(nulls_last=True), "paragraph__order"
        ),
    )


def followup_pending_list(*, authority: LocalAuthority, document: Document | None = None):
    """Suggested follow-ups awaiting a person, with what a review page shows."""
    queryset = FollowUp.objects.filter(
        finding__document__authority=authority, state=ReviewState.SUGGESTED
    )
    if document is not None:
        queryset = queryset.filter(document=document)
    return queryset.select_related(
        "finding__document", "document", "later_finding"
    ).prefetch_related(quotes_by_rank())


def theme_list(*, authority: LocalAuthority, states: Collection[str] | None = None):
    """Themes of an authority with their findings (and each finding's document)."""
    queryset = Theme.objects.filter(authority=authority)
    if states:
        queryset = queryset.filter(state__in=states)
    return queryset.prefetch_related(
        Prefetch(
            "memberships",
            queryset=ThemeFinding.objects.select_related("finding__document").order_by(
                "finding__document__visit_start", "finding__order"
            ),
        )
    )
