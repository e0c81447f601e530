"""The Excel board pack, read back with openpyxl as a board member's Excel would read it."""

import datetime
import io
import shutil
import subprocess
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from inspections.models import DocumentKind, FollowUp, FollowUpParagraph, ReviewState, Verdict
from tests.factories import (
    ActionFactory,
    DocumentFactory,
    EvidenceFactory,
    FindingFactory,
    ParagraphFactory,
    ProgressUpdateFactory,
)
from tracker import board_pack, selectors, services
from tracker.boards.models import BoardMeeting
from tracker.filters import ActionFilter
from tracker.models import Action
from tracker.statuses import Status

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 3, 10)
RHI_FINDING = "The take-up, timeliness and impact of return home interviews."
LEADERS = "The impact of leaders on social work practice with children and families"
ACTION_PLAN_HEADERS = [
    "Reference",
    "Finding (what Ofsted said)",
    "Judgement area",
    "Action",
    "What success looks like",
    "Owner",
    "Lead role",
    "Start date",
    "Deadline",
    "Original deadline",
    "Times re-dated",
    "Why last re-dated",
    "Status",
    "RAG",
    "Latest progress update",
    "Update date",
    "Evidence items",
    "Verified before evidence accepted, because",
    "Days overdue",
]


def days(n):
    return TODAY + datetime.timedelta(days=n)


def at(day, hour=9):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def export(user, **kwargs):
    buffer = io.BytesIO()
    pack = board_pack.write_board_pack(buffer, user=user, today=TODAY, **kwargs)
    buffer.seek(0)
    return pack, load_workbook(buffer), buffer.getvalue()


def make_action(**kwargs):
    kwargs.setdefault("start_date", None)
    return ActionFactory(**kwargs)


def rows_of(ws):
    return [list(r) for r in ws.iter_rows(min_row=2, values_only=True)]


def by_reference(ws):
    header = [c.value for c in ws[1]]
    return {row[0].value: dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=2)}


@pytest.fixture
def plan(authority, owner, manager):
    """An ILACS finding with three actions (one per RAG colour but blue) and one verified action."""
    document = DocumentFactory(authority=authority)
    paragraph = ParagraphFactory(
        document=document,
        order=12,
        number=12,
        heading="The experiences and progress of care leavers: good",
    )
    finding = FindingFactory(
        document=document,
        order=3,
        text=RHI_FINDING,
    )
    finding.paragraphs.add(paragraph)
    red = make_action(
        finding=finding,
        title="Commission an independent return home interview service",
        owner=owner,
        lead_role="Head of Service, Safeguarding",
        start_date=days(-90),
        deadline=days(-8),
        status=Status.IN_PROGRESS,
        success_measure="80% of children offered an interview within 72 hours",
        created_at=at(days(-100)),
    )
    amber = make_action(
        finding=finding,
        title="Audit return home interviews monthly",
        owner=manager,
        deadline=days(5),
        created_at=at(days(-99)),
    )
    green = make_action(
        finding=finding,
        title="Train staff in return home interviews",
        owner=owner,
        deadline=days(90),
        created_at=at(days(-98)),
    )
    other_finding = FindingFactory(document=document, order=4, judgement_area="leaders")
    blue = make_action(
        finding=other_finding,
        title="Refresh the supervision policy",
        owner=None,  # signed off, so blue however nobody owns it now
        deadline=days(-30),
        status=Status.VERIFIED,
        created_at=at(days(-97)),
    )
    ProgressUpdateFactory(action=red, text="Older update", created_at=at(days(-40)))
    ProgressUpdateFactory(
        action=red, text="Provider chosen; contract starts in April.", created_at=at(days(-3))
    )
    EvidenceFactory(action=red)
    EvidenceFactory(action=red)
    return {"red": red, "amber": amber, "green": green, "blue": blue, "finding": finding}


@pytest.fixture
def other_plan(other_authority):
    finding = FindingFactory(
        document__authority=other_authority, text="Pathway plans are not written with young people."
    )
    return make_action(finding=finding, title="SECRET other authority action", deadline=days(-1))


def test_sheets_and_action_plan_header(viewer, plan):
    _, wb, _ = export(viewer)

    # No follow-ups recorded, so there is no across-visits sheet.
    assert wb.sheetnames == ["Summary", "Action plan", "Findings"]
    assert [c.value for c in wb["Action plan"][1]] == ACTION_PLAN_HEADERS


def test_a_known_row_has_its_values_with_real_dates(viewer, plan):
    _, wb, _ = export(viewer)

    row = by_reference(wb["Action plan"])["SG-2024-03.1"]
    values = {k: c.value for k, c in row.items()}
    assert values == {
        "Reference": "SG-2024-03.1",
        "Finding (what Ofsted said)": RHI_FINDING,
        "Judgement area": "The experiences and progress of care leavers",
        "Action": "Commission an independent return home interview service",
        "What success looks like": "80% of children offered an interview within 72 hours",
        "Owner": "Olu Owner",
        "Lead role": "Head of Service, Safeguarding",
        "Start date": datetime.datetime(2024, 12, 10),
        "Deadline": datetime.datetime(2025, 3, 2),
        "Original deadline": datetime.datetime(2025, 3, 2),
        "Times re-dated": 0,
        "Why last re-dated": None,
        "Status": "In progress",
        "RAG": "Red",
        "Latest progress update": "Provider chosen; contract starts in April.",
        "Update date": datetime.datetime(2025, 3, 7),
        "Evidence items": 2,
        "Verified before evidence accepted, because": None,
        "Days overdue": 8,
    }
    for name in ("Start date", "Deadline", "Original deadline", "Update date"):
        assert row[name].is_date
        assert row[name].number_format == "DD/MM/YYYY"
    assert row["Action"].alignment.wrap_text
    assert by_reference(wb["Action plan"])["SG-2024-04.1"]["Owner"].value == "Unassigned"
    assert by_reference(wb["Action plan"])["SG-2024-04.1"]["Judgement area"].value == LEADERS


def test_a_re_dated_action_shows_its_original_deadline_moves_and_latest_reason(
    viewer, manager, plan
):
    """The RAG follows the current deadline; the pack says the deadline moved."""
    red = plan["red"]
    for version, (moved_to, why) in enumerate(
        [(days(20), "Provider delayed"), (days(40), "Contract signed late")], start=1
    ):
        services.action_update(
            action=red,
            user=manager,
            expected_version=version,
            deadline=moved_to,
            deadline_reason=why,
        )
    _, wb, _ = export(viewer)

    row = by_reference(wb["Action plan"])["SG-2024-03.1"]
    assert row["Deadline"].value == datetime.datetime(2025, 4, 19)
    assert row["Original deadline"].value == datetime.datetime(2025, 3, 2)
    assert row["Original deadline"].is_date
    assert row["Times re-dated"].value == 2
    assert row["Why last re-dated"].value == "Contract signed late"
    assert row["RAG"].value == "Green"
    assert row["Days overdue"].value is None


def test_a_verification_over_unaccepted_evidence_shows_its_reason(viewer, manager, plan):
    red = plan["red"]
    services.action_transition(
        action=red, user=manager, new_status=Status.COMPLETED, expected_version=1
    )
    services.action_transition(
        action=red,
        user=manager,
        new_status=Status.VERIFIED,
        expected_version=2,
        override_reason="Seen the contract at the board meeting",
    )
    _, wb, _ = export(viewer)

    rows = by_reference(wb["Action plan"])
    override = "Verified before evidence accepted, because"
    assert rows["SG-2024-03.1"][override].value == "Seen the contract at the board meeting"
    assert rows["SG-2024-03.1"]["Status"].value == "Verified"
    assert rows["SG-2024-04.1"][override].value is None


def test_each_rag_has_its_word_and_its_fill(viewer, plan):
    _, wb, _ = export(viewer)

    rows = by_reference(wb["Action plan"])
    cells = {
        rows[ref]["RAG"].value: rows[ref]["RAG"].fill.fgColor.rgb
        for ref in ("SG-2024-03.1", "SG-2024-03.2", "SG-2024-03.3", "SG-2024-04.1")
    }
    assert cells == {
        "Red": "00C00000",
        "Amber": "00FFC000",
        "Green": "0000B050",
        "Blue": "000070C0",
    }
    assert all(rows[ref]["RAG"].fill.fill_type == "solid" for ref in rows)


def test_action_plan_is_set_up_for_filtering_and_printing(viewer, plan):
    _, wb, _ = export(viewer)
    ws = wb["Action plan"]

    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == "A1:S5"
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape"
    # Printed at 100%, never shrunk below 9 points: the wide plan goes across pages,
    # a band of rows at a time, with the reference repeated on each.
    assert ws.page_setup.scale == 100
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.pageOrder == "overThenDown"
    assert ws.print_title_cols == "$A:$A"
    assert "&P" in ws.oddFooter.right.text
    assert "10/03/2025" in ws.oddFooter.left.text
    assert ws.column_dimensions["B"].width == 40
    # Rows are as tall as their wrapped text, for programs that do not size them.
    assert ws.row_dimensions[2].height == 45
    assert ws.row_dimensions[1].height == 30  # "Evidence items" wraps
    assert {str(dv.sqref) for dv in ws.data_validations.dataValidation} == {
        "M2:M5",
        "N2:N5",
    }


def test_workbook_properties(viewer, plan):
    _, wb, _ = export(viewer)

    assert wb.properties.title == "Improvement plan board pack – South Gloucestershire"
    assert wb.properties.creator == "Vic Viewer"


def test_formula_like_text_is_stored_as_text(viewer, authority):
    finding = FindingFactory(
        document__authority=authority, order=1, text='=HYPERLINK("http://evil.example","Click")'
    )
    titles = [
        "+44 1234 567890 call the MASH",
        "-1 week slippage",
        "@SUM(A1:A2)",
        "#N/A",
        "\tTabbed",
    ]
    for n, title in enumerate(titles):
        make_action(finding=finding, title=title, deadline=days(10), created_at=at(days(-n)))

    _, wb, raw = export(viewer)

    ws = wb["Action plan"]
    finding_cell = ws["B2"]
    assert finding_cell.value == '=HYPERLINK("http://evil.example","Click")'
    assert finding_cell.data_type == "s"
    assert finding_cell.quotePrefix
    action_cells = [ws.cell(row=r, column=4) for r in range(2, len(titles) + 2)]
    assert {c.value for c in action_cells} == set(titles)
    assert all(c.data_type == "s" for c in action_cells)
    assert all(c.quotePrefix for c in action_cells if c.value != "#N/A")
    assert wb["Findings"]["F2"].data_type == "s"
    # And no sheet in the file contains a formula element at all.
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_characters_xml_cannot_hold_are_dropped(viewer, authority):
    finding = FindingFactory(document__authority=authority, text="Pathway\x0b plans\x1f are weak")
    make_action(finding=finding, title="Review plans", deadline=days(10))

    _, wb, _ = export(viewer)

    assert wb["Action plan"]["B2"].value == "Pathway plans are weak"


def test_filtered_export_has_exactly_the_filtered_rows_with_stable_references(viewer, plan):
    request = RequestFactory().get("/actions/", {"status": Status.NOT_STARTED})
    request.user = viewer
    filtered = ActionFilter(
        request.GET, queryset=selectors.action_list(user=viewer, today=TODAY), request=request
    ).qs
    expected = set(filtered.values_list("title", flat=True))

    pack, wb, _ = export(viewer, actions=filtered, note="Status: not started")

    rows = by_reference(wb["Action plan"])
    assert {r["Action"].value for r in rows.values()} == expected
    # The references are those of the whole plan, not positions in the selection.
    assert set(rows) == {"SG-2024-03.2", "SG-2024-03.3"}
    assert pack.action_count == 2
    assert [r[0] for r in rows_of(wb["Findings"])] == ["SG-2024-03"]


def test_another_authoritys_rows_never_appear(viewer, plan, other_plan, other_authority):
    everything = Action.objects.all()

    for kwargs in ({}, {"actions": everything}):
        _, wb, raw = export(viewer, **kwargs)
        assert b"SECRET" not in _all_sheet_text(raw)
        assert b"Pathway plans" not in _all_sheet_text(raw)
        assert b"Gloucestershire children" not in _all_sheet_text(raw)
        assert len(rows_of(wb["Action plan"])) == 4

    with pytest.raises(PermissionDenied):
        export(viewer, authority=other_authority)


def test_selecting_an_authority_limits_a_superuser(django_user_model, plan, other_plan, authority):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.gov.uk", "pw")

    _, wb, raw = export(admin, authority=authority)

    assert len(rows_of(wb["Action plan"])) == 4
    assert b"SECRET" not in _all_sheet_text(raw)


def _all_sheet_text(raw: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return b"".join(archive.read(n) for n in archive.namelist() if n.startswith("xl/"))


def test_summary_counts_chart_and_overdue_list(viewer, plan):
    pack, wb, _ = export(viewer)
    ws = wb["Summary"]
    cells = [tuple(row) for row in ws.iter_rows(values_only=True)]
    labels = {row[0]: row[1] for row in cells if row and row[0]}

    assert labels["Authority"] == "South Gloucestershire"
    assert labels["Date produced"] == datetime.datetime(2025, 3, 10)
    assert labels["Produced by"] == "Vic Viewer"
    assert labels["Source documents"] == "South Gloucestershire: ILACS inspection, 3–14 June 2024"
    header_index = next(i for i, row in enumerate(cells) if row[0] == "Judgement area")
    header = cells[header_index]
    assert header[:11] == (
        "Judgement area",
        "Red",
        "Amber",
        "Green",
        "Blue",
        "Not started",
        "In progress",
        "Completed",
        "Verified",
        "Overdue",
        "Total",
    )
    areas = {row[0]: row[1:11] for row in cells[header_index + 1 : header_index + 4]}
    assert areas == {
        LEADERS: (0, 0, 0, 1, 0, 0, 0, 1, 0, 1),
        "The experiences and progress of care leavers": (1, 1, 1, 0, 2, 1, 0, 0, 1, 3),
        "Total": (1, 1, 1, 1, 2, 1, 0, 1, 1, 4),
    }
    assert len(ws._charts) == 1
    overdue_header = next(i for i, row in enumerate(cells) if row[0] == "Overdue actions (1)")
    assert cells[overdue_header + 2][:5] == (
        "Commission an independent return home interview service",
        "SG-2024-03.1",
        "Olu Owner",
        datetime.datetime(2025, 3, 2),
        8,
    )
    assert pack.overdue_count == 1


def test_findings_sheet_lists_every_finding_with_paragraphs_and_action_counts(viewer, plan):
    FindingFactory(document=plan["finding"].document, order=5, text="No actions yet")
    _, wb, _ = export(viewer)

    rows = {r[0]: r for r in rows_of(wb["Findings"])}
    assert set(rows) == {"SG-2024-03", "SG-2024-04", "SG-2024-05"}
    assert rows["SG-2024-03"][1] == "ILACS inspection, 3–14 June 2024"
    assert rows["SG-2024-03"][2] == datetime.datetime(2024, 6, 14)
    assert rows["SG-2024-03"][7] == "12"
    assert rows["SG-2024-03"][8:] == [3, 3, "Red"]
    assert rows["SG-2024-05"][8:] == [0, 0, None]


@pytest.fixture
def later_visit(plan, authority):
    """A monitoring visit in January 2025 that found no progress on return home interviews."""
    later = DocumentFactory(
        authority=authority,
        kind=DocumentKind.MONITORING_VISIT,
        visit_start=datetime.date(2025, 1, 20),
        visit_end=datetime.date(2025, 1, 21),
    )
    paragraph = ParagraphFactory(document=later, order=7, number=7)
    followup = FollowUp.objects.create(
        finding=plan["finding"],
        document=later,
        state=ReviewState.CONFIRMED,
        verdict=Verdict.NO_PROGRESS,
    )
    FollowUpParagraph.objects.create(followup=followup, paragraph=paragraph, rank=1)
    # Our actions as they were recorded in September 2024.
    Action.history.update(history_date=at(datetime.date(2024, 9, 1)))
    return later


def test_across_visits_shows_verdicts_beside_our_status_on_the_visit_date(viewer, later_visit):
    _, wb, _ = export(viewer)

    assert wb.sheetnames == ["Summary", "Action plan", "Across visits", "Findings"]
    ws = wb["Across visits"]
    # No confirmed themes, so no theme column.
    assert [c.value for c in ws[1]] == [
        "Reference",
        "Finding",
        "Monitoring visit, 20–21 January 2025",
    ]
    rows = {row[0].value: row for row in ws.iter_rows(min_row=2)}
    flagged = rows["SG-2024-03"][2]
    # On 20 January 2025 no deadline had passed and nothing was at risk: all green.
    assert flagged.value == (
        "No progress or worse\n"
        "Evidence: paragraph 7\n"
        "Our status then: Green (2 not started, 1 in progress)\n"
        "Check: we reported green, inspectors saw no progress"
    )
    assert flagged.fill.fgColor.rgb == "00F4CDC6"
    assert rows["SG-2024-04"][2].value == "Not reviewed\nOur status then: Blue (1 verified)"
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == "A1:C3"
    assert ws.print_title_rows == "$1:$1"


def test_across_visits_of_a_selection_has_only_its_findings(viewer, later_visit):
    selected = Action.objects.filter(title__startswith="Commission")

    _, wb, _ = export(viewer, actions=selected)

    refs = [row[0] for row in wb["Across visits"].iter_rows(min_row=2, values_only=True)]
    assert refs == ["SG-2024-03"]


def test_across_visits_is_left_out_when_the_selection_has_no_followed_up_finding(
    viewer, later_visit
):
    _, wb, _ = export(viewer, actions=Action.objects.filter(title__startswith="Refresh"))

    assert "Across visits" not in wb.sheetnames


def test_across_visits_query_count_depends_on_visits_not_actions(
    viewer, owner, authority, later_visit
):
    counts = []
    for n in (20, 180):
        _bulk_plan(authority, owner, n)
        with CaptureQueriesContext(connection) as queries:
            _, wb, _ = export(viewer)
        assert "Across visits" in wb.sheetnames
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 20


def _bulk_plan(authority, owner, n):
    findings = [FindingFactory(document__authority=authority) for _ in range(5)]
    actions = Action.objects.bulk_create(
        Action(
            finding=findings[i % 5],
            title=f"Action {i}",
            owner=owner,
            deadline=days(i % 40 - 20),
            original_deadline=days(i % 40 - 20),
            status=list(Status)[i % 4],
        )
        for i in range(n)
    )
    for a in actions[:: max(n // 10, 1)]:
        ProgressUpdateFactory(action=a)
        EvidenceFactory(action=a)


@pytest.mark.parametrize("n", [20, 200])
def test_query_count_does_not_grow_with_rows(
    viewer, owner, authority, n, django_assert_max_num_queries
):
    _bulk_plan(authority, owner, n)

    # Measured: nine, one of them looking for an earlier board (none has met here).
    with django_assert_max_num_queries(9):
        _, wb, _ = export(viewer)

    assert len(rows_of(wb["Action plan"])) == n


def test_query_count_is_the_same_for_20_and_200_actions(viewer, owner, authority):
    # With a board before today and actions re-dated, the Summary counts them since it.
    board = BoardMeeting.objects.create(title="Board", held_on=TODAY - datetime.timedelta(days=30))
    board.authorities.set([authority])
    counts = []
    for n in (20, 180):
        _bulk_plan(authority, owner, n)
        Action.objects.filter(pk__in=Action.objects.all()[: n // 3].values("pk")).update(
            deadline_revisions=1
        )
        with CaptureQueriesContext(connection) as queries:
            export(viewer)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_response_is_an_xlsx_download(viewer, plan, authority):
    response = board_pack.board_pack_response(user=viewer, authority=authority, today=TODAY)

    assert response["Content-Type"] == board_pack.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="board-pack-south-gloucestershire-as-at-2025-03-10.xlsx"'
    )
    assert response["Cache-Control"] == "private, no-store"
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(rows_of(wb["Action plan"])) == 4
    response.close()


def test_response_refuses_anonymous_users(plan):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        board_pack.board_pack_response(user=AnonymousUser())


def test_command_writes_the_authority_pack(tmp_path, plan, other_plan):
    output = tmp_path / "pack.xlsx"
    out = io.StringIO()

    call_command(
        "export_board_pack",
        "--authority",
        "south gloucestershire",
        "--output",
        str(output),
        stdout=out,
    )

    assert "4 actions" in out.getvalue()
    wb = load_workbook(output)
    assert len(rows_of(wb["Action plan"])) == 4
    assert wb.properties.creator == "Scheduled export"
    assert list(tmp_path.iterdir()) == [output]


def test_command_as_a_user_only_exports_what_they_may_see(
    tmp_path, plan, viewer, outsider_other_authority
):
    output = tmp_path / "pack.xlsx"
    call_command(
        "export_board_pack",
        "--authority",
        "SG",
        "--output",
        str(output),
        "--as-user",
        viewer.username,
        stdout=io.StringIO(),
    )
    assert load_workbook(output).properties.creator == "Vic Viewer"

    with pytest.raises(CommandError, match="may not see"):
        call_command(
            "export_board_pack",
            "--authority",
            "SG",
            "--output",
            str(tmp_path / "no.xlsx"),
            "--as-user",
            outsider_other_authority.username,
        )
    assert not (tmp_path / "no.xlsx").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack.xlsx"]


def test_command_explains_an_unknown_authority(plan):
    with pytest.raises(CommandError, match="No authority called"):
        call_command("export_board_pack", "--authority", "Atlantis")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_pack_without_repair(tmp_path, viewer, plan):
    path = tmp_path / "pack.xlsx"
    board_pack.write_board_pack(path, user=viewer, today=TODAY)

    result = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "pack.pdf").stat().st_size > 1000
