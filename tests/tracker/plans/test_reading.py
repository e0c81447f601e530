"""Reading plan spreadsheets without the database: dates, words, headings, sheets."""

from datetime import date, datetime

import pytest

from tests.tracker.plans.conftest import xlsx
from tracker.plans import words
from tracker.plans.columns import guess_mapping
from tracker.plans.dates import DateError, parse_date
from tracker.plans.sheets import PlanFileError, read_plan_file
from tracker.statuses import Rag, Status


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("31/03/2025", date(2025, 3, 31)),
        ("31.3.25", date(2025, 3, 31)),
        ("1-4-2025", date(2025, 4, 1)),
        ("March 2025", date(2025, 3, 31)),
        ("Sept 2025", date(2025, 9, 30)),
        ("3rd June 2025", date(2025, 6, 3)),
        ("Feb 24", date(2024, 2, 29)),
        ("02/2025", date(2025, 2, 28)),
        ("2025-03-31", date(2025, 3, 31)),
        (45747, date(2025, 3, 31)),
        (45747.0, date(2025, 3, 31)),
        ("45747", date(2025, 3, 31)),
        (datetime(2025, 3, 31, 9, 30), date(2025, 3, 31)),
        (date(2025, 3, 31), date(2025, 3, 31)),
        (None, None),
        ("  ", None),
    ],
)
def test_dates_in_the_forms_councils_type(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("31/02/2025", "no such day"),
        ("Marchember 2025", "unknown month"),
        ("soon", "write it as"),
        (12, "a number, not a date"),
        ("13/13/2025", "no such day"),
    ],
)
def test_what_is_not_a_date_says_why(value, reason):
    with pytest.raises(DateError, match=reason):
        parse_date(value)


@pytest.mark.parametrize(
    ("status", "rag", "expected"),
    [
        ("On track", "", words.Progress(Status.IN_PROGRESS, None)),
        ("Complete", "", words.Progress(Status.COMPLETED, None)),
        ("Not started", "", words.Progress(Status.NOT_STARTED, None)),
        ("Slipped", "", words.Progress(Status.IN_PROGRESS, None, at_risk=True)),
        ("", "Blue", words.Progress(None, Rag.BLUE)),
        ("Green - on track", "", words.Progress(Status.IN_PROGRESS, Rag.GREEN)),
        ("Complete (blue)", "", words.Progress(Status.COMPLETED, Rag.BLUE)),
        ("signed off", "A", words.Progress(Status.VERIFIED, Rag.AMBER)),
    ],
)
def test_status_and_rag_words_map_to_the_workflow(status, rag, expected):
    read = words.combine(words.read_status(status), words.read_rag(rag))
    assert read == expected


def test_unknown_words_are_not_guessed():
    assert words.read_status("Parked pending review board") is None
    assert words.read_rag("Purple") is None


def test_settle_blue_alone_is_verified_and_a_worse_rating_is_a_risk():
    today = date(2025, 1, 1)
    far = date(2025, 12, 31)
    assert words.settle(words.Progress(None, Rag.BLUE), deadline=far, owned=True, today=today) == (
        Status.VERIFIED,
        False,
    )
    # Amber on work that is not due soon: the council saw a risk.
    assert words.settle(
        words.Progress(Status.IN_PROGRESS, Rag.AMBER), deadline=far, owned=True, today=today
    ) == (
        Status.IN_PROGRESS,
        True,
    )
    # Red on late work is what the product derives itself: no risk invented.
    late = date(2024, 12, 1)
    assert words.settle(
        words.Progress(Status.IN_PROGRESS, Rag.RED), deadline=late, owned=True, today=today
    ) == (
        Status.IN_PROGRESS,
        False,
    )
    assert words.settle(
        words.Progress(Status.COMPLETED, Rag.RED), deadline=far, owned=True, today=today
    ) == (
        Status.COMPLETED,
        False,
    )
    # Amber on work nobody owns is what the product derives itself: no risk invented.
    assert words.settle(
        words.Progress(Status.IN_PROGRESS, Rag.AMBER), deadline=far, owned=False, today=today
    ) == (Status.IN_PROGRESS, False)


def test_columns_guessed_from_headings_of_different_plans():
    assert guess_mapping(
        [
            "Ref",
            "Area for improvement",
            "What we will do",
            "Responsible officer",
            "Target date",
            "Progress",
            "BRAG",
            "Commentary",
        ]
    ) == {
        "finding_reference": 0,
        "finding": 1,
        "action": 2,
        "owner": 3,
        "deadline": 4,
        "status": 5,
        "rag": 6,
        "latest_update": 7,
    }
    mapping = guess_mapping(["Action", "Lead role", "Progress update", "Status", "Deadline"])
    assert mapping == {"action": 0, "lead_role": 1, "latest_update": 2, "status": 3, "deadline": 4}


def test_header_row_found_below_a_merged_title():
    data = xlsx(
        {
            "Plan": [
                ["Improvement plan 2025"],
                [],
                ["Children's services"],
                ["Action", "Owner", "Deadline"],
                ["Do it", "Olu", "31/03/2025"],
            ],
            "Notes": [["Nothing here"]],
        },
        merges={"Plan": ["A1:C1"]},
    )
    sheets = read_plan_file(data, "plan.xlsx")
    assert [s.name for s in sheets] == ["Plan", "Notes"]
    assert sheets[0].header_row() == 4
    assert sheets[0].headers(4) == ["Action", "Owner", "Deadline"]


def test_csv_with_semicolons_and_windows_encoding():
    text = "Action;Owner;Deadline\r\nRévisez;Olu;31/03/2025\r\n"
    sheet = read_plan_file(text.encode("cp1252"), "plan.csv")[0]
    assert sheet.rows[1] == ("Révisez", "Olu", "31/03/2025")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.4", "plan.pdf", "Excel workbook"),
        (b"not a zip", "plan.xlsx", "not an Excel workbook"),
        (b"", "plan.csv", "empty"),
    ],
)
def test_unreadable_files_say_why(data, name, message):
    with pytest.raises(PlanFileError, match=message):
        read_plan_file(data, name)
