"""The board pack as printed: LibreOffice turns it into a PDF, and no text is under 9 points.

Boards print the pack. Each sheet prints at 100% on A4 landscape (wide ones across
pages), so nothing is shrunk below the 11-point text it is written in. The test
reads every piece of text's size from the PDF (font size × the text and
transformation matrices' vertical scale). Without LibreOffice it is skipped on a
developer's machine and fails in CI (``CI`` set), where .ci/run installs it.
"""

import datetime
import io
import math
import os
import shutil
import subprocess

import pytest
import time_machine
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from inspections.models import LocalAuthority
from tests.tracker.test_board_pack_golden import NOW, seeds_and_demo_plan  # noqa: F401
from tracker import board_pack
from tracker.boards.models import BoardMeeting
from tracker.boards.services import meeting_pack_write

MIN_POINTS = 9


def soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing: .ci/run installs libreoffice-calc.")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc)")
    return found


def to_pdf(path, tmp_path):
    result = subprocess.run(
        [
            soffice(),
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
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return tmp_path / (path.stem + ".pdf")


def text_sizes(pdf) -> list[list[tuple[float, str]]]:
    """Per page, each piece of text with the size it prints at, in points."""
    pages = []
    for page in PdfReader(pdf).pages:
        found = []

        def visit(text, cm, tm, font, size, found=found):
            if not text.strip():
                return
            # The vertical scale of the text matrix times the transformation matrix.
            c = tm[2] * cm[0] + tm[3] * cm[2]
            d = tm[2] * cm[1] + tm[3] * cm[3]
            found.append((size * math.hypot(c, d), text.strip()))

        page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages


def test_text_sizes_are_read_from_the_pdf(tmp_path):
    """The measure itself: a sheet printed at 50% reads as half its font size."""
    wb = Workbook()
    wb.active["A1"] = "Half size"
    wb.active.page_setup.scale = 50
    path = tmp_path / "half.xlsx"
    wb.save(path)
    sizes = [size for page in text_sizes(to_pdf(path, tmp_path)) for size, _ in page]
    assert sizes and all(4.5 < size < 6 for size in sizes)


def test_every_page_of_the_pack_prints_at_9_points_or_more(seeds_and_demo_plan, tmp_path):  # noqa: F811
    path = tmp_path / "pack.xlsx"
    with time_machine.travel(NOW, tick=False):
        authorities = list(LocalAuthority.objects.filter(documents__isnull=False).distinct())
        earlier = BoardMeeting.objects.create(title="Board", held_on=datetime.date(2025, 5, 1))
        earlier.authorities.set(authorities)
        meeting = BoardMeeting.objects.create(title="Board", held_on=datetime.date(2025, 6, 2))
        meeting.authorities.set(authorities)
        with path.open("wb") as handle:
            meeting_pack_write(handle, meeting, user=None)

    wb = load_workbook(path)
    assert len(authorities) > 1
    assert wb.sheetnames == [
        "Summary",
        "Since the last board",
        "Action plan",
        "Across visits",
        "Findings",
    ]
    summary = [row for row in wb["Summary"].iter_rows(values_only=True)]
    key = summary[[r[0] for r in summary].index("RAG key") + 1 :][:4]
    assert [r[0] for r in key] == ["Red", "Amber", "Green", "Blue"]
    assert all(r[1] for r in key)
    # The seeds' findings have judgement areas, so the Summary counts more than one.
    heading = [r[0] for r in summary].index("Actions by judgement area")
    total = [r[0] for r in summary].index("Total", heading)
    areas = [r[0] for r in summary[heading + 2 : total]]
    assert len(areas) > 1, areas
    assert "Not assigned" not in areas
    # One block per authority on Across visits, each headed by its name.
    visits = [r[0] for r in wb["Across visits"].iter_rows(values_only=True) if r and r[0]]
    assert sum(name in visits for name in (a.name for a in authorities)) > 1

    pages = text_sizes(to_pdf(path, tmp_path))
    assert len(pages) > len(wb.sheetnames)
    small = [
        (number, round(size, 1), text)
        for number, page in enumerate(pages, 1)
        for size, text in page
        if size < MIN_POINTS
    ]
    assert not small, small[:10]
    assert all(page for page in pages), "a blank page was printed"


def test_a_single_authority_pack_prints_at_9_points_or_more(seeds_and_demo_plan, tmp_path):  # noqa: F811
    path = tmp_path / "single.xlsx"
    with time_machine.travel(NOW, tick=False):
        buffer = io.BytesIO()
        authority = LocalAuthority.objects.get(code="SG")
        board_pack.write_board_pack(buffer, user=None, authority=authority)
        path.write_bytes(buffer.getvalue())
    sizes = [size for page in text_sizes(to_pdf(path, tmp_path)) for size, _ in page]
    assert sizes and min(sizes) >= MIN_POINTS
