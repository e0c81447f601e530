"""Reads for the inspections app: follow-ups, themes and the across-visits matrix.

Every selector here runs a fixed number of queries whatever the number of
documents, findings or follow-ups, and returns plain structures that a page or
an Excel sheet renders without touching the database again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import F, Prefetch
from django.db.models.functions import Coalesce

from inspections.areas.models import area_name
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

# When a document's visit happened, best first: what "earlier" and "later" mean here.
VISIT_DATE_FIELDS = ("visit_start", "visit_end", "letter_date", "published_date")


def visit_date(document: Document) -> date | None:
    for name in VISIT_DATE_FIELDS:
        if when := getattr(document, name):
            return when
    return None


def visit_date_expression(document_path: str = "") -> Coalesce:
    """``visit_date`` in SQL, for the document at ``document_path`` (e.g. "document__")."""
    return Coalesce(*(f"{document_path}{name}" for name in VISIT_DATE_FIELDS))


def documents_in_date_order(documents: Iterable[Document]) -> list[Document]:
    """Dated documents first, oldest first; undated ones last, in import order."""
    return sorted(documents, key=lambda d: (visit_date(d) is None, visit_date(d) or date.min, d.pk))


def is_later(document: Document, than: Document) -> bool:
    return is_later_date(visit_date(document), visit_date(than))


def is_later_date(mine: date | None, theirs: date | None) -> bool:
    """``is_later`` of two visit dates: an undated document is neither earlier nor later."""
    return mine is not None and theirs is not None and mine > theirs


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


def _quotes_by_followup(
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
    quotes = _quotes_by_followup({"followup__finding": finding})
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


# --- The across-visits matrix ---------------------------------------------------------


@dataclass(frozen=True)
class Row:
    finding: Finding
    theme: Theme | None
    cells: tuple[Cell | None, ...]  # aligned with the matrix's documents; None = not later

    @property
    def later_cells(self) -> tuple[Cell, ...]:
        return tuple(c for c in self.cells if c is not None)


@dataclass(frozen=True)
class RowGroup:
    theme: Theme | None  # None: findings in no confirmed theme
    rows: tuple[Row, ...]

    @property
    def title(self) -> str:
        return self.theme.title if self.theme else "Findings in no theme"

    @property
    def first_date(self) -> date | None:
        dates = [visit_date(r.finding.document) for r in self.rows]
        return min((d for d in dates if d), default=None)


@dataclass(frozen=True)
class StatusMatrix:
    authority: LocalAuthority
    documents: tuple[Document, ...]  # the columns, oldest first
    groups: tuple[RowGroup, ...]
    judgement_areas: tuple[str, ...] = field(default=())  # for a filter's choices

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(row for group in self.groups for row in group.rows)

    @property
    def is_empty(self) -> bool:
        return not any(row.later_cells for row in self.rows)

    @property
    def message(self) -> str:
        """What to tell a reader when there is nothing to show yet."""
        if not self.documents:
            return f"No Ofsted documents have been imported for {self.authority} yet."
        if len(self.documents) == 1:
            return (
                f"Only one document has been imported for {self.authority}. "
                "What later visits say about its findings appears here once a later "
                "inspection or visit letter is imported."
            )
        if not self.rows:
            return "No findings match; try removing a filter."
        if self.is_empty:
            return (
                "None of these findings has a later document yet. Findings from the "
                "latest document are followed up when the next one is imported."
            )
        return ""


def status_matrix(
    *,
    authority: LocalAuthority,
    judgement_area: str | None = None,
    verdicts: Collection[str] | None = None,
    with_quotes: bool = True,
) -> StatusMatrix:
    """For each confirmed finding (grouped by confirmed theme), every later document
    in date order with the inspectors' verdict: a confirmed follow-up, else the
    pending suggestion, flagged as such.

    Filters: ``judgement_area`` (the name of the finding's area, suggested or confirmed)
    and ``verdicts`` (rows with at least one cell showing one of them). Five queries,
    whatever the size; four without the quoted paragraphs (``with_quotes=False``:
    a caller showing some rows reads theirs with ``with_quotes``).
    """
    documents = documents_in_date_order(Document.objects.filter(authority=authority).defer("text"))
    by_id = {d.pk: d for d in documents}
    findings = list(
        Finding.objects.filter(
            document__authority=authority, state=FindingState.CONFIRMED
        ).select_related("area__judgement_area")
    )
    for finding in findings:
        finding.document = by_id[finding.document_id]
    followups: dict[tuple[int, int], FollowUp] = {}
    # What a cell shows; the suggestion's reason and review details stay on its own page.
    for followup in FollowUp.objects.filter(finding__document__authority=authority).only(
        "finding_id", "document_id", "state", "verdict"
    ):
        followup.document = by_id[followup.document_id]
        followups[(followup.finding_id, followup.document_id)] = followup
    theme_of: dict[int, Theme] = {}
    for membership in ThemeFinding.objects.filter(
        theme__authority=authority,
        theme__state=ReviewState.CONFIRMED,
        state=ReviewState.CONFIRMED,
    ).select_related("theme"):
        theme_of.setdefault(membership.finding_id, membership.theme)

    areas = tuple(sorted({area_name(f) for f in findings} - {""}))
    if judgement_area:
        findings = [f for f in findings if area_name(f) == judgement_area]
    wanted = set(verdicts or ())

    # Each document's place in time, worked out once for the thousands of cells.
    dated = [(document, visit_date(document)) for document in documents]
    rows = []
    for finding in findings:
        since = visit_date(finding.document)
        cells: list[Cell | None] = []
        for document, on in dated:
            if not is_later_date(on, since):
                cells.append(None)
                continue
            followup = followups.get((finding.pk, document.pk))
            if followup is not None:
                followup.finding = finding
            cells.append(Cell(document, followup))
        row = Row(finding, theme_of.get(finding.pk), tuple(cells))
        if wanted and not any(c.verdict in wanted for c in row.later_cells):
            continue
        rows.append(row)
    if with_quotes:
        rows = with_quotes_of(rows, {"followup__finding__document__authority": authority})

    grouped: dict[int | None, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row.theme.pk if row.theme else None].append(row)
    order = {d.pk: i for i, d in enumerate(documents)}
    for members in grouped.values():
        members.sort(key=lambda r: (order[r.finding.document_id], r.finding.order))
    groups = [
        RowGroup(members[0].theme, tuple(members))
        for key, members in grouped.items()
        if key is not None
    ]
    groups.sort(key=lambda g: (order[g.rows[0].finding.document_id], g.title))
    if None in grouped:
        groups.append(RowGroup(None, tuple(grouped[None])))
    return StatusMatrix(authority, tuple(documents), tuple(groups), areas)


def with_quotes_of(rows: Sequence[Row], followup_filter: dict | None = None) -> list[Row]:
    """``rows`` with the paragraphs each cell's follow-up quotes, by reference only (cells
    name them; their words stay on the finding's page). One query: of the follow-ups
    ``followup_filter`` selects, or else of these rows'."""
    if followup_filter is None:
        followup_filter = {
            "followup_id__in": [c.followup.pk for r in rows for c in r.later_cells if c.followup]
        }
    quotes = _quotes_by_followup(followup_filter, with_text=False)
    return [
        replace(
            row,
            cells=tuple(
                c
                if c is None or c.followup is None
                else Cell(c.document, c.followup, quotes.get(c.followup.pk, ()))
                for c in row.cells
            ),
        )
        for row in rows
    ]


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
