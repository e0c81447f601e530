"""Print the follow-ups the matcher would suggest for an authority; nothing is saved.

For every open finding and every later document of the authority it shows the
paragraphs that seem to speak to the finding, the proposed verdict, the score
and the reason, so that suggestions can be reviewed or scripted outside the
browser. Pairs a person has already confirmed or rejected are left out; pairs
with a pending suggestion are shown as the matcher sees them now.

    python manage.py suggest_followups --authority "South Gloucestershire" --format json
    python manage.py suggest_followups --authority SG --include-unconfirmed

Read-only: safe to run at any time, against any database.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from inspections.models import LocalAuthority, ReviewState
from inspections.selectors import FollowUpProposal, followup_proposals, visit_date

FIRST_WORDS = 12


def authority_named(name: str) -> LocalAuthority:
    wanted = " ".join(name.split()).casefold()
    authorities = list(LocalAuthority.objects.order_by("name"))
    for authority in authorities:
        names = [authority.name, authority.code, *authority.aliases]
        if wanted in (n.casefold() for n in names if n):
            return authority
    known = ", ".join(a.name for a in authorities) or "none imported yet"
    raise CommandError(f"No local authority called '{name}'. Known: {known}.")


def first_words(text: str, count: int = FIRST_WORDS) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def as_dict(item: FollowUpProposal) -> dict:
    finding, later, proposal = item.finding, item.document, item.proposal
    ranked = {r.key: r for r in proposal.passages}
    return {
        "finding": {
            "id": finding.pk,
            "text": finding.text,
            "state": finding.state,
            "source_list": finding.source_list,
            "document_id": finding.document_id,
            "document_date": _iso(visit_date(finding.document)),
            "document_kind": finding.document.kind,
        },
        "later_document": {
            "id": later.pk,
            "date": _iso(visit_date(later)),
            "kind": later.kind,
        },
        "paragraphs": [
            {
                "rank": rank,
                "reference": paragraph.reference,
                "first_words": first_words(paragraph.text),
                "coverage": ranked[("paragraph", paragraph.pk)].coverage,
                "matched": list(ranked[("paragraph", paragraph.pk)].matched),
            }
            for rank, paragraph in item.paragraphs
        ],
        "later_item": (
            {"id": item.later_finding.pk, "text": item.later_finding.text}
            if item.later_finding
            else None
        ),
        "verdict": proposal.verdict,
        "verdict_label": proposal.verdict_label,
        "score": proposal.score,
        "reason": proposal.reason,
    }


def _iso(value) -> str | None:
    return value.isoformat() if value else None


class Command(BaseCommand):
    help = "Print suggested follow-ups for an authority's findings (nothing is saved)."

    def add_arguments(self, parser):
        parser.add_argument("--authority", required=True, help="Name, code or alias.")
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument(
            "--include-unconfirmed",
            action="store_true",
            help="Also cover monitoring letters' suggested findings nobody has confirmed yet.",
        )

    def handle(self, *args, authority, format, include_unconfirmed, **options):
        found = authority_named(authority)
        proposals = followup_proposals(
            authority=found,
            include_unconfirmed=include_unconfirmed,
            skip_states=(ReviewState.CONFIRMED, ReviewState.REJECTED),
        )
        rows = [as_dict(p) for p in proposals]
        if format == "json":
            self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
            return
        if not rows:
            self.stdout.write(
                f"No suggestions for {found}: it needs findings and a later document."
            )
            return
        for row in rows:
            finding, later = row["finding"], row["later_document"]
            self.stdout.write(
                f"\n#{finding['id']} ({finding['document_date']}): {first_words(finding['text'])}"
            )
            self.stdout.write(
                f"  → {later['kind']} of {later['date']}: {row['verdict_label']} "
                f"(score {row['score']:.2f})"
            )
            self.stdout.write(f"    {row['reason']}")
            if row["later_item"]:
                self.stdout.write(f"    listed item: {row['later_item']['text']}")
            for paragraph in row["paragraphs"]:
                self.stdout.write(
                    f"    {paragraph['rank']}. {paragraph['reference']}: {paragraph['first_words']}"
                )
        self.stdout.write(f"\n{len(rows)} suggestion(s); nothing was saved.")
