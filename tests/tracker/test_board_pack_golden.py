"""The board pack of the seeds and the demo plan, cell by cell, against a kept dump.

The dump (``board_pack_golden/seeds_demo_plan.json``) was written from the pack as it
was before the board pack became a package; any change to a value, a style that a
reader sees, a number format, a link or the sheets' set-up shows up here. Rewrite
it only for a change meant to alter the pack, with ``GOLDEN_REWRITE=1``, and say why
in the commit.
"""

import datetime
import io
import json
import os
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from openpyxl import load_workbook

from inspections.models import LocalAuthority
from tracker import board_pack, selectors
from tracker.statuses import Status

GOLDEN = Path(__file__).parent / "board_pack_golden" / "seeds_demo_plan.json"
NOW = datetime.datetime(2025, 6, 2, 10, 30, tzinfo=datetime.UTC)
MANAGER = "manager@example.gov.uk"


def _colour(colour) -> str | None:
    return None if colour is None else (colour.rgb if colour.type == "rgb" else repr(colour))


def _style(cell) -> str:
    """The look of a cell as one line: number format, font, fill, alignment, border, quote."""
    font, fill, alignment, border = cell.font, cell.fill, cell.alignment, cell.border
    return json.dumps(
        [
            cell.number_format,
            [font.name, font.sz, font.b, _colour(font.color)],
            [fill.patternType, _colour(fill.fgColor)],
            [alignment.vertical, alignment.horizontal, alignment.wrap_text],
            [border.left.style, _colour(border.left.color)],
            cell.quotePrefix,
        ]
    )


def _cell(cell) -> list:
    """Value, type, look and link of one cell."""
    value = cell.value
    if isinstance(value, datetime.date | datetime.datetime):
        value = value.isoformat()
    link = cell.hyperlink.target if cell.hyperlink else None
    return [value, cell.data_type, _style(cell), link]


def dump(data: bytes) -> dict:
    """What a reader of the workbook sees, as plain data."""
    wb = load_workbook(io.BytesIO(data))
    sheets = {}
    for ws in wb.worksheets:
        sheets[ws.title] = {
            "freeze": ws.freeze_panes,
            "widths": {k: v.width for k, v in sorted(ws.column_dimensions.items())},
            "heights": {str(k): v.height for k, v in sorted(ws.row_dimensions.items()) if v.height},
            "filter": ws.auto_filter.ref,
            "print_titles": ws.print_title_rows,
            "header": ws.oddHeader.center.text,
            "footer": [ws.oddFooter.left.text, ws.oddFooter.right.text],
            "page": [ws.page_setup.orientation, ws.page_setup.paperSize, ws.page_setup.fitToWidth],
            "validations": [[str(v.sqref), v.formula1] for v in ws.data_validations.dataValidation],
            "charts": [[c.anchor._from.row, c.anchor._from.col] for c in ws._charts],
            "links": sorted((h.ref, h.target) for h in ws._hyperlinks),
            "cells": {
                cell.coordinate: _cell(cell)
                for row in ws.iter_rows()
                for cell in row
                if cell.value is not None or cell.has_style
            },
        }
    props = wb.properties
    return {
        "properties": [props.title, props.subject, props.creator, props.keywords],
        "sheets": sheets,
    }


def write(**kwargs) -> dict:
    buffer = io.BytesIO()
    board_pack.write_board_pack(buffer, **kwargs)
    return dump(buffer.getvalue())


@pytest.fixture
def seeds_and_demo_plan(db):
    with time_machine.travel(NOW, tick=False):
        call_command("import_reports", "seeds/", verbosity=0)
        call_command("load_demo_plan", stdout=io.StringIO())
        yield


def packs() -> dict:
    manager = get_user_model().objects.get(username=MANAGER)
    produced = {"all, command line": write(user=None)}
    for authority in LocalAuthority.objects.order_by("code"):
        if authority.documents.exists():
            produced[f"{authority.code}, command line"] = write(user=None, authority=authority)
    produced["all, manager"] = write(user=manager)
    selection = selectors.action_list(user=manager).filter(status=Status.IN_PROGRESS)
    produced["in progress, manager"] = write(
        user=manager, actions=selection, note="Filtered: Status: In progress"
    )
    southern = selection.filter(finding__document__authority__code="SG")
    produced["in progress in SG, manager"] = write(user=manager, actions=southern)
    return produced


def test_pack_of_the_seeds_and_demo_plan_is_unchanged_cell_by_cell(seeds_and_demo_plan):
    with time_machine.travel(NOW, tick=False):
        produced = json.loads(json.dumps(packs()))
    if os.environ.get("GOLDEN_REWRITE"):
        GOLDEN.write_text(json.dumps(produced, indent=1, ensure_ascii=False) + "\n")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert produced.keys() == golden.keys()
    for pack, expected in golden.items():
        assert produced[pack]["properties"] == expected["properties"], pack
        assert produced[pack]["sheets"].keys() == expected["sheets"].keys(), pack
        for title, sheet in expected["sheets"].items():
            got = produced[pack]["sheets"][title]
            for key, value in sheet.items():
                if key != "cells":
                    assert got[key] == value, (pack, title, key)
            assert got["cells"].keys() == sheet["cells"].keys(), (pack, title)
            for coordinate, cell in sheet["cells"].items():
                assert got["cells"][coordinate] == cell, (pack, title, coordinate)
