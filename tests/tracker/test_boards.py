"""Board meetings: recording them, what changed since the last, packs as at a day and kept."""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from inspections.models import FollowUp, ReviewState, Verdict
from tests.factories import DocumentFactory, FindingFactory
from tracker import board_pack, services
from tracker.boards import selectors as board_selectors
from tracker.boards import services as board_services
from tracker.boards.models import BoardMeeting
from tracker.models import EvidenceKind
from tracker.services import TrackerError
from tracker.statuses import Rag, Status
from tracker.statuses import ReviewState as EvidenceState

pytestmark = pytest.mark.django_db

D = datetime.date
FIRST_BOARD = D(2026, 1, 10)
SECOND_BOARD = D(2026, 2, 10)


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def create(finding, manager, title, deadline, **extra):
    """An owned action: one nobody owns is never green, which would hide the directions."""
    return services.action_create(
        finding=finding, user=manager, title=title, deadline=deadline, owner=manager, **extra
    )


def update(action, manager, **changes):
    action.refresh_from_db()
    return services.action_update(
        action=action, user=manager, expected_version=action.version, **changes
    )


def move(action, manager, status):
    action.refresh_from_db()
    return services.action_transition(
        action=action, user=manager, new_status=status, expected_version=action.version
    )


def complete(action, manager):
    services.evidence_add(action=action, user=manager, kind=EvidenceKind.NOTE, note="Minutes.")
    evidence = action.evidence.get()
    services.evidence_review(evidence=evidence, user=manager, state=EvidenceState.ACCEPTED)
    move(action, manager, Status.COMPLETED)


@pytest.fixture
def two_boards(authority, manager, owner):
    """Two boards of one authority, a month apart, with a month of work between them."""
    document = DocumentFactory(authority=authority, visit_start=D(2025, 6, 2))
    finding = FindingFactory(document=document, order=1, text="Return home interviews.")
    later = DocumentFactory(authority=authority, visit_start=D(2026, 1, 20))
    plan = {}
    with time_machine.travel(at(D(2026, 1, 5)), tick=False):
        plan["redated"] = create(finding, manager, "Recommission interviews", D(2026, 1, 22))
        plan["lapsing"] = create(finding, manager, "Audit the front door", D(2026, 1, 20))
        plan["finished"] = create(finding, manager, "Train the staff", D(2026, 3, 31))
        plan["signed_off"] = create(finding, manager, "Rewrite the policy", D(2026, 6, 1))
    first = BoardMeeting.objects.create(title="Improvement board", held_on=FIRST_BOARD)
    first.authorities.set([authority])
    with time_machine.travel(at(D(2026, 1, 15)), tick=False):
        update(
            plan["redated"],
            manager,
            deadline=D(2026, 4, 30),
            deadline_reason="The court dates moved",
        )
        complete(plan["finished"], manager)
        complete(plan["signed_off"], manager)
        move(plan["signed_off"], manager, Status.VERIFIED)
        plan["new"] = create(finding, manager, "Hire a coordinator", D(2026, 9, 1))
    with time_machine.travel(at(D(2026, 1, 25)), tick=False):
        FollowUp.objects.create(
            finding=finding,
            document=later,
            verdict=Verdict.SOME_PROGRESS,
            state=ReviewState.CONFIRMED,
        )
    second = BoardMeeting.objects.create(title="Improvement board", held_on=SECOND_BOARD)
    second.authorities.set([authority])
    for action in plan.values():
        action.refresh_from_db()
    return first, second, plan


def since(meeting, user=None):
    with time_machine.travel(at(D(2026, 3, 1)), tick=False):
        return board_services.meeting_since(meeting, user=user)


def test_since_the_last_board_lists_each_change_with_its_direction(two_boards, manager):
    first, second, plan = two_boards
    report = since(second, manager)

    assert report.previous == first
    assert report.until == SECOND_BOARD
    titles = {name: [a.title for a in changes] for name, _, changes in report.sections}
    assert titles == {
        "Newly red (overdue)": ["Audit the front door"],
        "Re-dated": ["Recommission interviews"],
        "Completed": ["Train the staff", "Rewrite the policy"],
        "Verified": ["Rewrite the policy"],
    }
    by_title = {a.title: a for a in report.actions}
    redated = by_title["Recommission interviews"]
    assert redated.redatings == ((D(2026, 4, 30), "The court dates moved"),)
    assert "Re-dated to 30 April 2026: The court dates moved" in redated.what_happened
    # Amber at the first board (due within 14 days), green now: better, in words and arrow.
    assert (redated.rag_then, redated.rag_now) == (Rag.AMBER, Rag.GREEN)
    assert redated.direction == "↑ Better"
    assert by_title["Audit the front door"].direction == "↓ Worse"
    assert by_title["Rewrite the policy"].direction == "↑ Better"
    # Completed but not yet verified is amber by the RAG rule: worse than green.
    assert by_title["Train the staff"].direction == "↓ Worse"
    assert by_title["Train the staff"].what_happened == "Not started → Completed"
    assert by_title["Hire a coordinator"].direction == "+ New since the last board"
    assert [(v.then, v.now) for v in report.verdicts] == [("No verdict yet", "Some progress")]


def test_the_first_board_has_nothing_to_compare(two_boards):
    first, _, _ = two_boards
    report = since(first)
    assert report.previous is None
    assert report.actions == [] and report.verdicts == []


def test_the_previous_board_is_of_the_same_authorities(two_boards, authority, other_authority):
    first, second, _ = two_boards
    group = BoardMeeting.objects.create(title="Regional board", held_on=D(2026, 2, 1))
    group.authorities.set([authority, other_authority])
    assert board_selectors.previous_meeting([authority], before=SECOND_BOARD) == first
    assert (
        board_selectors.previous_meeting([authority, other_authority], before=D(2026, 3, 1))
        == group
    )


def test_a_person_sees_only_meetings_of_all_their_authorities(
    two_boards, authority, other_authority, manager
):
    group = BoardMeeting.objects.create(title="Regional board", held_on=D(2026, 2, 1))
    group.authorities.set([authority, other_authority])
    assert group not in board_selectors.meeting_list(user=manager)
    assert set(board_selectors.meeting_list(user=manager)) == set(two_boards[:2])
    assert group in board_selectors.meeting_list(user=None)


def test_only_managers_record_meetings_of_authorities_they_see(
    authority, other_authority, manager, viewer
):
    with pytest.raises(PermissionDenied):
        board_services.meeting_save(
            user=viewer, title="Board", held_on=FIRST_BOARD, authorities=[authority]
        )
    with pytest.raises(PermissionDenied):
        board_services.meeting_save(
            user=manager, title="Board", held_on=FIRST_BOARD, authorities=[other_authority]
        )
    with pytest.raises(TrackerError, match="at least one authority"):
        board_services.meeting_save(
            user=manager, title="Board", held_on=FIRST_BOARD, authorities=[]
        )
    assert not BoardMeeting.objects.exists()
    meeting = board_services.meeting_save(
        user=manager, title=" Board ", held_on=FIRST_BOARD, authorities=[authority]
    )
    assert (meeting.title, list(meeting.authorities.all())) == ("Board", [authority])


def test_a_held_meetings_pack_is_kept_and_downloads_unchanged(two_boards, manager):
    _, second, plan = two_boards
    with time_machine.travel(at(D(2026, 3, 1)), tick=False):
        kept = board_services.meeting_pack_keep(second, user=manager)
        first_bytes = kept.pack.open("rb").read()
        # The plan moves on; the kept pack does not.
        update(plan["new"], manager, title="Hire two coordinators")
    with time_machine.travel(at(D(2026, 4, 1)), tick=False):
        again = board_services.meeting_pack_keep(second, user=manager)
    assert again.pack.name == kept.pack.name
    assert again.pack.open("rb").read() == first_bytes
    assert kept.pack_filename == (
        "board-pack-south-gloucestershire-as-at-2026-02-10-since-2026-01-10.xlsx"
    )
    wb = load_workbook(io.BytesIO(first_bytes))
    assert wb.sheetnames[:3] == ["Summary", "Since the last board", "Action plan"]
    plan_titles = [row[3] for row in wb["Action plan"].iter_rows(min_row=2, values_only=True)]
    assert "Hire a coordinator" in plan_titles
    # Its date and authorities are fixed now; the title is not.
    with pytest.raises(TrackerError, match="kept"):
        board_services.meeting_save(
            user=manager,
            meeting=second,
            title="Board",
            held_on=D(2026, 2, 11),
            authorities=list(second.authorities.all()),
        )


def test_a_meeting_still_to_come_keeps_no_pack(two_boards, manager):
    _, second, _ = two_boards
    with (
        time_machine.travel(at(D(2026, 2, 1)), tick=False),
        pytest.raises(TrackerError, match="not been held"),
    ):
        board_services.meeting_pack_keep(second, user=manager)


def test_a_pack_as_at_a_day_shows_the_plan_as_it_stood_then(two_boards, authority):
    buffer = io.BytesIO()
    with time_machine.travel(at(D(2026, 3, 1)), tick=False):
        pack = board_pack.write_board_pack(
            buffer, user=None, authority=authority, as_at=FIRST_BOARD
        )
    wb = load_workbook(buffer)
    header = [c.value for c in wb["Action plan"][1]]
    rows = {
        r[header.index("Action")]: dict(zip(header, r, strict=True))
        for r in wb["Action plan"].iter_rows(min_row=2, values_only=True)
    }
    assert set(rows) == {
        "Recommission interviews",
        "Audit the front door",
        "Train the staff",
        "Rewrite the policy",
    }
    assert rows["Recommission interviews"]["Deadline"].date() == D(2026, 1, 22)
    assert rows["Recommission interviews"]["Times re-dated"] == 0
    assert rows["Rewrite the policy"]["Status"] == "Not started"
    assert rows["Recommission interviews"]["RAG"] == "Amber"
    assert pack.filename == "board-pack-south-gloucestershire-as-at-2026-01-10.xlsx"
    facts = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True) if r and r[0]}
    assert facts["As at the end of"].date() == FIRST_BOARD


def test_command_writes_a_pack_as_at_a_day_since_the_last_meeting(two_boards, tmp_path):
    out = tmp_path / "pack.xlsx"
    with time_machine.travel(at(D(2026, 3, 1)), tick=False):
        call_command(
            "export_board_pack",
            "--authority",
            "SG",
            "--as-at",
            "2026-02-10",
            "--since-meeting",
            "--output",
            str(out),
            stdout=io.StringIO(),
        )
        with pytest.raises(CommandError, match="not a date"):
            call_command("export_board_pack", "--authority", "SG", "--as-at", "10/02/2026")
        with pytest.raises(CommandError, match="after today"):
            call_command("export_board_pack", "--authority", "SG", "--as-at", "2027-01-01")
        with pytest.raises(CommandError, match="No board meeting"):
            call_command(
                "export_board_pack", "--authority", "SG", "--as-at", "2026-01-09", "--since-meeting"
            )
    ws = load_workbook(out)["Since the last board"]
    text = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "Newly red (overdue) (1)" in text
    assert "Re-dated to 30 April 2026: The court dates moved" in text


def test_meeting_pages_record_show_and_download(client, two_boards, manager, authority):
    first, second, _ = two_boards
    client.force_login(manager)
    with time_machine.travel(at(D(2026, 3, 1)), tick=False):
        refused = client.post(reverse("tracker:meeting-create"), {"title": ""})
        assert refused.status_code == 400
        html = refused.content.decode()
        assert "Choose at least one authority" in html
        # The summary links to the first authority's box, which is on the page.
        assert 'href="#id_authorities_0"' in html and 'id="id_authorities_0"' in html
        created = client.post(
            reverse("tracker:meeting-create"),
            {
                "title": "Scrutiny committee",
                "held_on_day": "3",
                "held_on_month": "3",
                "held_on_year": "2026",
                "authorities": [authority.pk],
            },
        )
        meeting = BoardMeeting.objects.get(title="Scrutiny committee")
        assert created["Location"] == reverse("tracker:meeting-detail", args=[meeting.pk])
        listed = client.get(reverse("tracker:meeting-list")).content.decode()
        assert "Scrutiny committee" in listed
        page = client.get(reverse("tracker:meeting-detail", args=[second.pk])).content.decode()
        assert "Newly red (overdue) (1)" in page
        assert "↓ Worse" in page
        assert "The court dates moved" in page
        download = client.get(reverse("tracker:meeting-pack", args=[second.pk]))
        body = b"".join(download.streaming_content)
        again = client.get(reverse("tracker:meeting-pack", args=[second.pk]))
        assert b"".join(again.streaming_content) == body
    assert {"private", "no-store"} <= {p.strip() for p in download["Cache-Control"].split(",")}
    assert "since-2026-01-10" in download["Content-Disposition"]
