"""Ofsted documents and what they say: authorities, documents, judgements, paragraphs, findings.

Judgement areas differ by framework and year, so they are stored as printed,
never as a fixed list.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from inspections.matching.reasons import CONFIDENCE_HINTS, confidence_word
from inspections.names import authority_slug, initials
from inspections.parsing import framework
from inspections.parsing.types import GRADES


class RegisteredAuthority(models.Model):
    """One English local authority with children's services, as the register knows it.

    Loaded from inspections/data (see inspections.register); every imported
    document resolves to one entry, whichever of its names the document prints.
    """

    la_code = models.CharField("DfE LA code", max_length=3, unique=True)
    short_name = models.CharField(max_length=100, unique=True)
    official_name = models.CharField(max_length=200, blank=True)
    aliases = models.JSONField(
        default=list, blank=True, help_text="Former and alternative names seen in documents."
    )
    ons_code = models.CharField("ONS (GSS) code", max_length=9, blank=True)
    ofsted_urn = models.CharField("Ofsted URN", max_length=10, blank=True)
    region = models.CharField(max_length=60, blank=True)
    la_type = models.CharField("type", max_length=60, blank=True)
    statistical_neighbours = models.JSONField(
        default=list, blank=True, help_text="DfE LA codes of its ten statistical neighbours."
    )
    providers = models.JSONField(
        default=list,
        blank=True,
        help_text="Trusts or companies that deliver (or delivered) its children's services.",
    )
    ended = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Year the authority was abolished."
    )
    successors = models.JSONField(
        default=list, blank=True, help_text="DfE LA codes of the authorities that replaced it."
    )

    class Meta:
        ordering = ["short_name"]
        verbose_name = "register entry"
        verbose_name_plural = "authority register"

    def __str__(self) -> str:
        return f"{self.short_name} ({self.la_code})"

    @property
    def names(self) -> list[str]:
        return [self.short_name, self.official_name, *self.aliases]


class LocalAuthority(models.Model):
    name = models.CharField(max_length=200, unique=True)
    register = models.OneToOneField(
        RegisteredAuthority,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="authority",
        help_text="The register entry this authority is; set on first import.",
    )
    slug = models.SlugField(max_length=200, unique=True)
    code = models.CharField(
        max_length=12, blank=True, help_text="Short code used in action references, e.g. SG."
    )
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other spellings seen in documents."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = authority_slug(self.name, taken=LocalAuthority.objects.exclude(pk=self.pk))
        if not self.code:
            self.code = initials(self.name)
        super().save(*args, **kwargs)


class DocumentKind(models.TextChoices):
    ILACS = "ilacs", "ILACS inspection"
    SIF = "sif", "SIF inspection"
    MONITORING_VISIT = "monitoring_visit", "Monitoring visit"
    FOCUSED_VISIT = "focused_visit", "Focused visit"
    JTAI = "jtai", "Joint targeted area inspection"
    OTHER = "other", "Other"


class Document(models.Model):
    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    title = models.CharField(max_length=300, blank=True)
    visit_start = models.DateField(null=True, blank=True)
    visit_end = models.DateField(null=True, blank=True)
    letter_date = models.DateField(null=True, blank=True)
    published_date = models.DateField(null=True, blank=True)
    received_date = models.DateField(
        null=True,
        blank=True,
        help_text="When the council received the report; action-plan deadlines count from it.",
    )
    visit_number = models.PositiveSmallIntegerField(null=True, blank=True)
    previous_judgement = models.CharField(max_length=200, blank=True)
    delivered_by = models.CharField(
        max_length=200,
        blank=True,
        help_text="The trust or company the document names as delivering the services.",
    )
    lead_inspector = models.CharField(max_length=200, blank=True)
    inspectors = models.JSONField(default=list, blank=True)
    focus = models.TextField(blank=True)
    source_filename = models.CharField(max_length=255)
    source_file = models.FileField(upload_to="documents/%Y/", blank=True)
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    reference_label = models.CharField(
        max_length=12,
        blank=True,
        editable=False,
        help_text="Year of the visit, with a letter for a second document that year (2018b); "
        "fixed at import so finding references never change.",
    )
    page_count = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    parse_warnings = models.JSONField(default=list, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Corrections (dates drive the action-plan deadlines) are attributable; the
    # document's text never changes after import, so it is not copied.
    history = HistoricalRecords(excluded_fields=["text", "parse_warnings"])

    class Meta:
        ordering = ["authority__name", "visit_start", "pk"]
        indexes = [models.Index(fields=["authority", "visit_start"])]

    def __str__(self) -> str:
        when = self.visit_start.strftime("%B %Y") if self.visit_start else "undated"
        return f"{self.authority} – {self.get_kind_display()} – {when}"


class Judgement(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="judgements")
    area = models.CharField(max_length=300)
    grade = models.CharField(max_length=60, help_text="The grade as printed.")
    meaning = models.CharField(
        max_length=40,
        blank=True,
        choices=[(g, g) for g in GRADES],
        help_text="The grade on Ofsted's four-point scale, whatever words were printed.",
    )
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="judgement_order_unique")
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.grade}"


class Paragraph(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="paragraphs")
    order = models.PositiveIntegerField()
    number = models.PositiveIntegerField(null=True, blank=True)
    page = models.PositiveIntegerField(null=True, blank=True)
    heading = models.CharField(max_length=300, blank=True)
    text = models.TextField()

    class Meta:
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="paragraph_order_unique")
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.text[:60]}"

    @property
    def reference(self) -> str:
        if self.number:
            return f"paragraph {self.number}"
        if self.page:
            return f"passage {self.order} on page {self.page}"  # a letter: several a page
        return f"passage {self.order}"


class SourceList(models.TextChoices):
    WHAT_NEEDS_TO_IMPROVE = "what_needs_to_improve", "What needs to improve"
    PRIORITY_ACTION = "priority_action", "Area for priority action"
    RECOMMENDATION = "recommendation", "Recommendation"
    AREAS_COVERED = "areas_covered", "Area covered by the visit"
    SUGGESTED = "suggested", "Suggested from the letter's prose"


class FindingState(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class FindingQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(state=FindingState.CONFIRMED)


class Finding(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="findings")
    source_list = models.CharField(max_length=30, choices=SourceList.choices)
    section_heading = models.CharField(max_length=300, blank=True)
    order = models.PositiveIntegerField()
    text = models.TextField()
    ofsted_text = models.TextField(
        "Ofsted's wording", blank=True, help_text="As printed, when a manager reworded it."
    )
    rejected_reason = models.TextField("reason for rejecting", blank=True)
    context = models.TextField(
        blank=True,
        help_text="The printed sentence this item cannot be read without, shown beside it.",
    )
    framework_reference = models.CharField(
        max_length=200, blank=True, help_text="The National Framework reference as printed."
    )
    framework_kind = models.CharField(
        max_length=10, blank=True, choices=[("outcome", "Outcome"), ("enabler", "Enabler")]
    )
    framework_number = models.PositiveSmallIntegerField(null=True, blank=True)
    state = models.CharField(
        max_length=20, choices=FindingState.choices, default=FindingState.CONFIRMED
    )
    paragraphs = models.ManyToManyField(Paragraph, blank=True, related_name="findings")

    objects = FindingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="finding_order_unique")
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:77] + "…"

    @property
    def framework_title(self) -> str:
        """The National Framework outcome or enabler the item cites, by its title."""
        return framework.title(self.framework_kind, self.framework_number)

    @property
    def reference(self) -> str:
        """Stable short reference, e.g. SG-2024-03 (SG-2018b-01 for a second 2018 document)."""
        doc = self.document
        return f"{doc.authority.code}-{doc.reference_label or 'undated'}-{self.order:02d}"


# --- Following findings across later documents -------------------------------
#
# A finding is followed up by every later document of its authority: what did
# the inspectors say about it then? The importer suggests an answer (paragraphs,
# a verdict, a score and the reason); a person confirms, changes or rejects it.


class Verdict(models.TextChoices):
    # The values are those of inspections.matching.verdict, which proposes them.
    IMPROVED = "improved", "Improved"
    SOME_PROGRESS = "some_progress", "Some progress"
    NO_PROGRESS = "no_progress", "No progress or worse"
    TOO_EARLY = "too_early", "Too early to judge"
    NOT_LOOKED_AT = "not_looked_at", "Not looked at"
    NOT_ENOUGH_EVIDENCE = "not_enough_evidence", "Not enough evidence"


# Follow-ups and themes go through the same suggested → confirmed/rejected review as findings.
ReviewState = FindingState


class Theme(models.Model):
    """Findings of one authority, from different documents, that say the same thing."""

    authority = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(max_length=300)
    state = models.CharField(
        max_length=20, choices=ReviewState.choices, default=ReviewState.SUGGESTED
    )
    score = models.FloatField(null=True, blank=True, help_text="How alike the findings are, 0–1.")
    reason = models.TextField(blank=True, help_text="Why the findings were grouped.")
    findings = models.ManyToManyField(Finding, through="ThemeFinding", related_name="themes")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["authority", "title", "pk"]
        indexes = [models.Index(fields=["authority", "state"])]

    def __str__(self) -> str:
        return self.title


class ThemeFinding(models.Model):
    """A finding's place in a theme; suggested until a person confirms or rejects it."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="memberships")
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="theme_memberships")
    state = models.CharField(
        max_length=20, choices=ReviewState.choices, default=ReviewState.SUGGESTED
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["theme", "finding"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "finding"], name="theme_finding_unique")
        ]

    def __str__(self) -> str:
        return f"{self.theme}: {self.finding}"


class FollowUpQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(state=ReviewState.CONFIRMED)

    def pending(self):
        return self.filter(state=ReviewState.SUGGESTED)


class FollowUp(models.Model):
    """What one later document says about one earlier finding."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="followups")
    document = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        related_name="followups",
        help_text="The later document.",
    )
    state = models.CharField(
        max_length=20, choices=ReviewState.choices, default=ReviewState.SUGGESTED
    )
    verdict = models.CharField(
        max_length=20,
        choices=Verdict.choices,
        help_text="The inspectors' verdict: proposed while suggested, a person's once confirmed.",
    )
    paragraphs = models.ManyToManyField(
        Paragraph, through="FollowUpParagraph", blank=True, related_name="followups"
    )
    later_finding = models.ForeignKey(
        Finding,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The later document's own item (to improve, or an area it covered) "
        "that takes this finding up, if any.",
    )
    # What the matcher proposed, kept after a person decides so that its
    # quality can be measured against their decisions.
    suggested_verdict = models.CharField(max_length=20, choices=Verdict.choices, blank=True)
    score = models.FloatField(
        null=True,
        blank=True,
        help_text="How far the suggestion can be trusted, 0–1 (shown as strong, some or weak).",
    )
    reason = models.TextField(blank=True, help_text="Why this was suggested.")
    decisive_sentence = models.TextField(
        blank=True, help_text="The sentence of the later document that decided the verdict."
    )
    decisive_where = models.CharField(
        max_length=60, blank=True, help_text="Where that sentence is, e.g. 'paragraph 16'."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = FollowUpQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["finding", "document__visit_start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["finding", "document"], name="followup_unique"),
        ]
        indexes = [models.Index(fields=["document", "state"])]

    def __str__(self) -> str:
        return f"{self.finding} → {self.document}: {self.get_verdict_display()}"

    @property
    def confidence(self) -> str:
        """The suggestion's confidence in plain words: strong, some or weak."""
        return confidence_word(self.score)

    @property
    def confidence_hint(self) -> str:
        return CONFIDENCE_HINTS[self.confidence]

    @property
    def quotes_are_evidence(self) -> bool:
        """The nearest paragraphs to a finding the document does not mention are not evidence."""
        return self.verdict != Verdict.NOT_LOOKED_AT

    def clean(self):
        if self.finding_id and self.document_id:
            if self.finding.document_id == self.document_id:
                raise ValidationError("A finding cannot be followed up by its own document.")
            if self.finding.document.authority_id != self.document.authority_id:
                raise ValidationError(
                    "A finding can only be followed up by a document of the same authority."
                )


class FollowUpParagraph(models.Model):
    """A paragraph quoted for a follow-up, with its rank and score when suggested."""

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="quotes")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Position among the suggestions; empty if added by hand."
    )
    score = models.FloatField(null=True, blank=True)
    matched = models.CharField(max_length=300, blank=True, help_text="The finding's words found.")

    class Meta:
        ordering = ["followup", models.F("rank").asc(nulls_last=True), "paragraph__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["followup", "paragraph"], name="followup_paragraph_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.followup}: {self.paragraph.reference}"


# Framework eras and judgement areas keep their models beside their code; Django finds them here.
from inspections.areas.models import AreaState, FindingArea, FrameworkEra, JudgementArea  # noqa: E402, F401
