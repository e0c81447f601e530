import json

import pytest
from django.core.management import CommandError, call_command

from inspections.models import FindingState, FollowUp, ReviewState, Verdict
from inspections.services import followup_reject, report_import
from tests.conftest import SEEDS_DIR

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeds():
    for prefix in ("001", "000", "003"):
        (path,) = SEEDS_DIR.glob(f"{prefix}_*.txt")
        report_import(data=path.read_bytes(), filename=path.name)


def run(capsys, **options):
    call_command("suggest_followups", **options)
    return capsys.readouterr().out


def test_json_lists_suggestions_with_the_later_paragraphs_and_saves_nothing(seeds, capsys):
    stored = list(FollowUp.objects.values_list("pk", "verdict"))

    rows = json.loads(
        run(capsys, authority="south gloucestershire", format="json", include_unconfirmed=True)
    )

    assert list(FollowUp.objects.values_list("pk", "verdict")) == stored
    rhi = next(
        r
        for r in rows
        if "return home interviews" in r["finding"]["text"]
        and r["later_document"]["kind"] == "ilacs"
    )
    assert rhi["finding"]["state"] == FindingState.SUGGESTED
    assert rhi["finding"]["document_date"] == "2018-05-22"
    assert rhi["later_document"]["date"] == "2024-06-03"
    assert rhi["verdict"] == Verdict.NO_PROGRESS
    assert rhi["later_item"]["text"].startswith("The take-up, timeliness")
    assert rhi["paragraphs"][0]["reference"] == "paragraph 17"
    assert rhi["paragraphs"][0]["first_words"].startswith("Children at risk of exploitation")
    assert rhi["reason"].startswith("The document lists the same weakness again")


def test_unconfirmed_findings_only_on_request(seeds, capsys):
    rows = json.loads(run(capsys, authority="South Gloucestershire", format="json"))

    assert rows
    assert all(r["finding"]["state"] == FindingState.CONFIRMED for r in rows)


def test_pairs_a_person_decided_are_left_out(seeds, capsys):
    decided = followup_reject(followup=FollowUp.objects.first(), user=None)
    assert decided.state == ReviewState.REJECTED

    rows = json.loads(run(capsys, authority="South Gloucestershire", format="json"))

    pairs = {(r["finding"]["id"], r["later_document"]["id"]) for r in rows}
    assert (decided.finding_id, decided.document_id) not in pairs


def test_text_format_reads_as_a_list(seeds, capsys):
    out = run(capsys, authority="SG")

    assert "→ ilacs of 2024-06-03" in out
    assert out.rstrip().endswith("nothing was saved.")


def test_an_unknown_authority_is_a_clear_error(seeds):
    with pytest.raises(CommandError, match="No local authority called 'Nowhere'"):
        call_command("suggest_followups", authority="Nowhere")
