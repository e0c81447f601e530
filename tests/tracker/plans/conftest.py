"""An authority with three confirmed findings, and plan spreadsheets written for the tests."""

import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from tests.factories import DocumentFactory, FindingFactory

FINDINGS = (
    "The take-up, timeliness and impact of return home interviews for children who go missing.",
    "The quality and regularity of supervision for social workers.",
    "Pathway plans for care leavers, including the suitability of their accommodation.",
)


@pytest.fixture
def findings(authority):
    document = DocumentFactory(authority=authority)
    return [FindingFactory(document=document, order=i + 1, text=t) for i, t in enumerate(FINDINGS)]


def xlsx(sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for merge in (merges or {}).get(name, []):
            ws.merge_cells(merge)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8-sig")


@pytest.fixture
def plan_a(findings) -> bytes:
    """References, a merged title over two blank rows, a finding cell merged down over its
    second action, dates in five forms, BRAG ratings and an owner who is not a user."""
    ref = findings[0].reference
    return xlsx(
        {
            "Improvement plan": [
                ["South Gloucestershire improvement plan 2025"],
                [],
                [
                    "Ref",
                    "Area for improvement",
                    "What we will do",
                    "Responsible officer",
                    "Start",
                    "Target date",
                    "Progress",
                    "BRAG",
                    "Commentary",
                    "Date of update",
                ],
                [
                    ref,
                    "Return home interviews",
                    "Commission a new return home interview service",
                    "owner@example.gov.uk",
                    "01/01/2025",
                    "31/03/2099",
                    "On track",
                    "Green",
                    "Tender issued",
                    "15.1.25",
                ],
                [
                    None,
                    None,
                    "Report take-up to the board monthly",
                    "Mina Manager",
                    datetime(2025, 1, 6),
                    "March 2099",
                    "Complete",
                    "Blue",
                    None,
                    None,
                ],
                [
                    findings[1].reference,
                    "Supervision",
                    "Audit supervision records every quarter",
                    "Pat Jones (interim)",
                    45658,
                    "31.3.99",
                    "Slipped",
                    "Amber",
                    "Audit delayed by staffing",
                    45700,
                ],
                [
                    findings[2].reference,
                    "Pathway plans",
                    "Review every pathway plan",
                    "",
                    None,
                    "December 2099",
                    "Not started",
                    "",
                    None,
                    None,
                ],
            ]
        },
        merges={"Improvement plan": ["A1:J1", "A4:A5", "B4:B5"]},
    )


@pytest.fixture
def plan_b(findings) -> bytes:
    """A CSV of the council's own wording: no references, a status nobody maps."""
    return csv_bytes(
        [
            ["Ofsted recommendation", "Action", "Owner", "Deadline", "Status"],
            [
                "Improve supervision of social workers so it is regular",
                "Train team managers in reflective supervision",
                "Olu Owner",
                "30/06/2099",
                "In progress",
            ],
            [
                "Return home interviews are timely and taken up",
                "Offer every child a return home interview within 72 hours",
                "olu owner",
                "31/07/2099",
                "Parked",
            ],
            [
                "Early help for families at the front door",
                "Set up a family help hub",
                "Olu Owner",
                "31/08/2099",
                "Not started",
            ],
        ]
    )


@pytest.fixture
def plan_c(findings) -> bytes:
    """Contents on the first sheet; on the second, the finding's full text, lead roles and
    success measures under headings in another order."""
    return xlsx(
        {
            "Contents": [["See the Action plan sheet"]],
            "Action plan": [
                [
                    "Actions to be taken",
                    "Finding",
                    "Lead",
                    "Lead role",
                    "Due by",
                    "RAG rating",
                    "Latest update",
                    "What success looks like",
                ],
                [
                    "Recruit two leaving care personal advisers",
                    findings[2].text,
                    "Oona Other",
                    "Head of Service, Care Leavers",
                    "30 September 2099",
                    "G",
                    "Adverts out",
                    "Every care leaver has a personal adviser",
                ],
            ],
        }
    )


@pytest.fixture
def the_date():
    return date(2025, 2, 1)
