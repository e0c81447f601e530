"""Forms only parse input; the services decide what is allowed."""

from django import forms
from django.utils.html import format_html
from django.utils.text import capfirst

from config.forms import GovukCheckboxes, GovukDateField, GovukRadios
from inspections.models import Finding, FindingState, FollowUp, Paragraph, Theme, Verdict
from tracker import formats, selectors
from tracker.models import DEADLINE_BEFORE_START, DEADLINE_REASON_REQUIRED, Action, EvidenceKind
from tracker.statuses import OWNER_MOVES, ReviewState, Status
from tracker.validation import IdChoiceField, IdMultipleChoiceField


def _text(width: str = "govuk-!-width-two-thirds", **attrs) -> forms.TextInput:
    return forms.TextInput(attrs={"class": f"govuk-input {width}", **attrs})


def _area(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"class": "govuk-textarea", "rows": rows})


def _too_long(label: str, limit: int) -> str:
    return f"{label} must be {limit} characters or fewer"


# A hidden field goes missing or wrong only when the page is broken or tampered
# with; a fresh copy of the page puts it right.
RELOAD = "Reload the page and try again"
HIDDEN_ERRORS = {
    "required": RELOAD,
    "invalid": RELOAD,
    "invalid_choice": RELOAD,
    "min_value": RELOAD,
}


class VersionedForm(forms.Form):
    """Carries the version of the action the user saw, so a stale form is refused."""

    version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, error_messages=HIDDEN_ERRORS
    )


class ActionForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        widget=_text("govuk-!-width-full"),
        error_messages={"required": "Enter a title", "max_length": _too_long("Title", 200)},
    )
    description = forms.CharField(
        required=False, widget=_area(5), label="What will be done (optional)"
    )
    owner = IdChoiceField(
        queryset=None,
        required=False,
        label="Owner (optional)",
        empty_label="Nobody yet",
        widget=forms.Select(attrs={"class": "govuk-select"}),
        help_text="Only people who belong to this authority and can own actions are listed.",
        error_messages={"invalid_choice": "Choose an owner from the list"},
    )
    lead_role = forms.CharField(
        max_length=200,
        required=False,
        label="Lead role (optional)",
        help_text="For example, Head of Service, Care Leavers.",
        widget=_text(),
        error_messages={"max_length": _too_long("Lead role", 200)},
    )
    start_date = GovukDateField(
        required=False,
        label="Start date (optional)",
        help_text="For example, 1 4 2025",
        error_messages={"invalid": "Start date must be a real date, for example 1 4 2025"},
    )
    deadline = GovukDateField(
        label="Deadline",
        help_text="For example, 31 3 2026",
        error_messages={
            "required": "Enter a deadline",
            "invalid": "Deadline must be a real date, for example 31 3 2026",
        },
    )
    deadline_reason = forms.CharField(
        required=False,
        label="Reason for changing the deadline (if changing it)",
        help_text="The board pack shows how often and why a deadline moved.",
        widget=_area(2),
    )
    success_measure = forms.CharField(
        required=False,
        label="How we will know it has worked (optional)",
        help_text="The impact on children and young people, not only the activity.",
        widget=_area(3),
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, required=False, error_messages=HIDDEN_ERRORS
    )

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = selectors.person_name
        # Editing (the form starts from an action) needs the version the person saw.
        self.fields["version"].required = "version" in self.initial
        if "deadline" not in self.initial:
            # A new action has no deadline to move yet.
            del self.fields["deadline_reason"]

    def clean(self):
        data = super().clean()
        start, deadline = data.get("start_date"), data.get("deadline")
        if start and deadline and start > deadline:
            self.add_error("deadline", DEADLINE_BEFORE_START)
        moved = deadline is not None and deadline != self.initial.get("deadline", deadline)
        # A form from a stale page is refused by the service with what changed and by whom;
        # its old deadline is not a move to explain.
        stale = data.get("version") not in (None, self.initial.get("version", data.get("version")))
        if moved and not stale and not data.get("deadline_reason", "").strip():
            self.add_error("deadline_reason", DEADLINE_REASON_REQUIRED)
        return data

    @staticmethod
    def initial_for(action: Action) -> dict:
        return {
            "title": action.title,
            "description": action.description,
            "owner": action.owner_id,
            "lead_role": action.lead_role,
            "start_date": action.start_date,
            "deadline": action.deadline,
            "success_measure": action.success_measure,
            "version": action.version,
        }


class StatusForm(VersionedForm):
    status = forms.ChoiceField(
        label="New status",
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={
            "required": "Choose the new status",
            "invalid_choice": "Choose a status from the list",
        },
    )
    update_text = forms.CharField(
        required=False,
        label="Progress update (optional)",
        help_text="What has happened, and what difference it has made.",
        widget=_area(3),
    )
    override_reason = forms.CharField(
        required=False,
        label="Reason for verifying before all evidence is accepted (if verifying)",
        help_text="Needed only when evidence is awaiting review or more has been requested.",
        widget=_area(2),
    )

    def __init__(self, *args, action: Action, by_manager: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_moves(action=action, by_manager=by_manager)
        if self.is_bound:
            # Accept any status when submitted: the service explains why a move is refused.
            self.fields["status"].choices = [("", "Choose a status"), *Status.choices]

    def offer_moves(self, *, action: Action, by_manager: bool) -> None:
        """Show only the moves this user can make (evidence rules are checked on submit)."""
        if by_manager:
            allowed = [s for s in Status if s != action.status]
        else:
            allowed = [s for s in Status if s in OWNER_MOVES.get(action.status, set())]
        # No default: a stray submit must not reopen or reset an action.
        self.fields["status"].choices = [("", "Choose a status")] + [
            (s.value, s.label) for s in allowed
        ]


class AtRiskForm(VersionedForm):
    at_risk = forms.TypedChoiceField(
        choices=[("1", "Raise"), ("0", "Clear")],
        coerce=lambda v: v == "1",
        widget=forms.HiddenInput,
        error_messages=HIDDEN_ERRORS,
    )
    reason = forms.CharField(required=False, widget=_area(3))


class ProgressUpdateForm(forms.Form):
    text = forms.CharField(
        label="Progress update",
        widget=_area(4),
        error_messages={"required": "Enter a progress update"},
    )


def _evidence_title() -> forms.CharField:
    return forms.CharField(
        max_length=200,
        required=False,
        label="Title (optional)",
        widget=_text(),
        error_messages={"max_length": _too_long("Title", 200)},
    )


class EvidenceFileForm(forms.Form):
    kind = EvidenceKind.FILE
    title = _evidence_title()
    file = forms.FileField(
        label="File",
        help_text="PDF, Word, Excel, PNG, JPEG or GIF.",
        widget=forms.ClearableFileInput(attrs={"class": "govuk-file-upload"}),
        error_messages={
            "required": "Select a file to upload",
            "missing": "Select a file to upload",
            "invalid": "Select a file to upload",
            "empty": "The selected file is empty",
        },
    )


class EvidenceLinkForm(forms.Form):
    kind = EvidenceKind.LINK
    title = _evidence_title()
    url = forms.CharField(
        max_length=500,
        label="Link",
        help_text="For example, a page on the council's intranet or a shared document.",
        widget=_text("govuk-!-width-full", spellcheck="false"),
        error_messages={
            "required": "Enter a link to the evidence",
            "max_length": _too_long("Link", 500),
        },
    )


class EvidenceNoteForm(forms.Form):
    kind = EvidenceKind.NOTE
    title = _evidence_title()
    note = forms.CharField(
        label="Note", widget=_area(4), error_messages={"required": "Enter a note"}
    )


EVIDENCE_FORMS = {
    EvidenceKind.FILE: EvidenceFileForm,
    EvidenceKind.LINK: EvidenceLinkForm,
    EvidenceKind.NOTE: EvidenceNoteForm,
}


class EvidenceReviewForm(forms.Form):
    state = forms.ChoiceField(
        choices=[
            (ReviewState.ACCEPTED.value, "Accept"),
            (ReviewState.MORE_REQUESTED.value, "Ask for more"),
        ],
        widget=GovukRadios,
        label="Review",
        error_messages={
            "required": "Choose whether to accept the evidence or ask for more",
            "invalid_choice": "Choose whether to accept the evidence or ask for more",
        },
    )
    comment = forms.CharField(required=False, label="Comment", widget=_area(2))


class AcrossVisitsFilterForm(forms.Form):
    """The across-visits filters, read from the GET query string so a view can be bookmarked."""

    area = forms.CharField(required=False, max_length=300, label="Judgement area")
    verdict = forms.MultipleChoiceField(
        required=False,
        choices=Verdict.choices,
        label="Inspectors’ verdict",
        help_text="Findings with this verdict at one or more later visits.",
        widget=GovukCheckboxes,
    )
    gap = forms.BooleanField(
        required=False,
        label="Only where we said the work was in hand and inspectors saw no progress",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="filter-%s", **kwargs)


class FollowUpReviewForm(forms.Form):
    """A manager's reading of what a later document says about a finding: a verdict, and
    which of ``paragraphs`` (those the page offers) say so. Each follow-up's form has ids of
    its own, so a page can hold one per suggestion."""

    verdict = forms.ChoiceField(
        choices=Verdict.choices,
        widget=GovukRadios,
        label="What do the inspectors say about this finding?",
        error_messages={
            "required": "Choose the inspectors' verdict.",
            "invalid_choice": "Choose one of the verdicts listed.",
        },
    )
    paragraphs = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=GovukCheckboxes,
        label="Which paragraphs say so?",
        help_text="Choose at least one, unless the visit did not look at this or says too "
        "little to judge it.",
        error_messages={"invalid_choice": "Choose paragraphs of the document being read."},
    )

    def __init__(self, *args, followup: FollowUp, paragraphs: list[Paragraph], **kwargs):
        super().__init__(*args, auto_id=f"followup-{followup.pk}-%s", **kwargs)
        self.followup = followup
        self.offered = {p.pk: p for p in paragraphs}
        self.fields["paragraphs"].choices = [(p.pk, _paragraph_choice(p)) for p in paragraphs]
        if followup.state == FindingState.SUGGESTED:
            self.fields["verdict"].choices = [
                (value, _suggested(label) if value == followup.suggested_verdict else label)
                for value, label in Verdict.choices
            ]
        self.initial.setdefault("verdict", followup.verdict)
        self.initial.setdefault(
            "paragraphs",
            [q.paragraph_id for q in followup.quotes.all()] if followup.quotes_are_evidence else [],
        )

    def clean_paragraphs(self) -> list[Paragraph]:
        return [self.offered[pk] for pk in self.cleaned_data["paragraphs"]]


def _suggested(label: str) -> str:
    return format_html('{} <span class="govuk-body-s">(suggested)</span>', label)


def _paragraph_choice(paragraph: Paragraph) -> str:
    heading = format_html(' <span class="govuk-body-s">({})</span>', paragraph.heading)
    return format_html(
        '{}{}: <span class="govuk-body-s">{}</span>',
        capfirst(paragraph.reference),
        heading if paragraph.heading else "",
        formats.shorten(paragraph.text, 90),
    )


class ThemeReviewForm(forms.Form):
    title = forms.CharField(
        max_length=300,
        label="Title",
        error_messages={"required": "Give the theme a title."},
    )
    findings = IdMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose findings suggested for this theme."},
    )

    def __init__(self, *args, theme: Theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["findings"].queryset = Finding.objects.filter(theme_memberships__theme=theme)


class AuditFilterForm(forms.Form):
    """The audit log's date filter, read from the query string."""

    since = GovukDateField(
        required=False, label="Changed on or after", help_text="For example, 1 4 2025"
    )
