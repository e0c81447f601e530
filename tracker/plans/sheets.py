"""A plan spreadsheet (.xlsx or .csv) read into plain rows of cell values.

Workbooks are read in openpyxl's read-only mode with cached values (a formula
gives what Excel last showed). A merged title above the header reads as a row
with one value, so finding the header row is a matter of looking for the row
that names the plan's columns.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from tracker.plans.columns import header_score

MAX_ROWS = 20_000
MAX_COLUMNS = 60
HEADER_SEARCH_ROWS = 30


class PlanFileError(ValueError):
    """The file cannot be read as a plan; the message says why and what to do."""


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: tuple[tuple, ...]  # cell values, trailing empty cells dropped

    def best_header(self) -> tuple[int, int]:
        """The 1-based row that looks most like the plan's column headings, and its score."""
        best, best_score = 1, 0
        for number, row in enumerate(self.rows[:HEADER_SEARCH_ROWS], start=1):
            score = sum(header_score(cell) for cell in row)
            if score > best_score:
                best, best_score = number, score
        return best, best_score

    def header_row(self) -> int:
        return self.best_header()[0]

    def headers(self, header_row: int) -> list[str]:
        if not 1 <= header_row <= len(self.rows):
            return []
        return [_text(cell) for cell in self.rows[header_row - 1]]


def _text(value) -> str:
    return "" if value is None else " ".join(str(value).split())


def _trim(row) -> tuple:
    cells = list(row)[:MAX_COLUMNS]
    while cells and (cells[-1] is None or (isinstance(cells[-1], str) and not cells[-1].strip())):
        cells.pop()
    return tuple(cells)


def _too_long(name: str) -> PlanFileError:
    return PlanFileError(
        f"The sheet '{name}' has more than {MAX_ROWS:,} rows; split the plan or remove empty rows."
    )


def read_plan_file(data: bytes, filename: str) -> list[Sheet]:
    """Every sheet of the file (a CSV file is one sheet); ``PlanFileError`` if unreadable."""
    name = filename.lower()
    if name.endswith(".csv"):
        return [_read_csv(data, filename)]
    if name.endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data)
    raise PlanFileError("Upload the plan as an Excel workbook (.xlsx) or a CSV file (.csv).")


def _read_xlsx(data: bytes) -> list[Sheet]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise PlanFileError(
            "The file is not an Excel workbook that can be read; save it as .xlsx and try again."
        ) from exc
    sheets = []
    try:
        for ws in workbook.worksheets:
            rows = []
            for row in ws.iter_rows(values_only=True):
                rows.append(_trim(row))
                if len(rows) > MAX_ROWS:
                    raise _too_long(ws.title)
            while rows and not rows[-1]:
                rows.pop()
            sheets.append(Sheet(ws.title, tuple(rows)))
    finally:
        workbook.close()
    if not any(s.rows for s in sheets):
        raise PlanFileError("The workbook has no filled-in cells.")
    return sheets


def _read_csv(data: bytes, filename: str) -> Sheet:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost any bytes
        raise PlanFileError("The CSV file's text encoding cannot be read; save it as UTF-8.")
    if "\x00" in text:
        raise PlanFileError("The file is not a CSV file; save the plan as .csv or .xlsx.")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for row in csv.reader(io.StringIO(text), dialect):
        rows.append(_trim(cell if cell.strip() else None for cell in row))
        if len(rows) > MAX_ROWS:
            raise _too_long(filename)
    while rows and not rows[-1]:
        rows.pop()
    if not rows:
        raise PlanFileError("The CSV file is empty.")
    return Sheet(filename.rsplit("/", 1)[-1], tuple(rows))
