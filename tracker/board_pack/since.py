"""The *Since the last board* sheet: what changed between two board meetings.

It reads a ``tracker.boards.selectors.SinceLastBoard``: the actions newly red,
re-dated (with why), completed and verified since the previous meeting; the
findings whose inspectors' verdict changed; and every action's RAG direction in
words with an arrow, so that nothing depends on colour. Its columns fit one A4
landscape page wide at 100%.
"""

from __future__ import annotations

from datetime import date

from tracker.board_pack import sheets, xlsx
from tracker.formats import govuk_date

SINCE_TITLE = "Since the last board"
COLUMNS = (
    ("Reference", 13),
    ("Action", 32),
    ("Owner", 14),
    ("RAG at the last board", 10),
    ("RAG now", 9),
    ("Direction", 12),
    ("Deadline", 11),
    ("What happened", 28),
)
# In the same columns: the finding under "Action", the verdicts under "Owner" and the next.
VERDICT_HEADERS = ("Reference", "Finding", "Verdict then", "Verdict now")


def write_since(ws, report, *, place: str, today: date) -> None:
    """The sheet: a heading, then each list with its count, then every action's direction."""
    widths = [w for _, w in COLUMNS]
    c = sheets.prepare_sheet(ws, widths, title=f"{place} – {SINCE_TITLE}", today=today)
    s = c.s
    c.append([c.styled(SINCE_TITLE, s.title)], fit=False)
    if report.previous is None:
        c.append(
            [
                c.text(
                    "No earlier board meeting of these authorities is recorded, "
                    "so there is nothing to compare with yet.",
                    boxed=False,
                )
            ],
            fit=False,
        )
        return
    c.append(
        [
            c.text(
                f"From the end of {govuk_date(report.since)} ({report.previous.title}) "
                f"to the end of {govuk_date(report.until)}.",
                boxed=False,
            )
        ],
        fit=False,
    )
    for title, meaning, changes in report.sections:
        _section(c, f"{title} ({len(changes)})", meaning, changes)

    c.append([])
    c.append([c.styled(f"Inspectors' verdict changed ({len(report.verdicts)})", s.heading)])
    c.append(
        [c.text("The latest visit's verdict on the finding is not what it was.", boxed=False)],
        fit=False,
    )
    if report.verdicts:
        c.append([c.header(h) for h in VERDICT_HEADERS])
    for verdict in report.verdicts:
        c.append(
            [
                c.text(verdict.reference),
                c.text(verdict.text),
                c.text(verdict.then),
                c.text(verdict.now),
            ]
        )
    if not report.verdicts:
        c.append([c.text("None.", boxed=False)], fit=False)

    _section(
        c,
        f"RAG direction of every action ({len(report.actions)})",
        "Better, worse or the same as at the last board, by the RAG rating.",
        report.actions,
    )


def _section(c: xlsx.Cells, heading: str, meaning: str, changes) -> None:
    c.append([])
    c.append([c.styled(heading, c.s.heading)], fit=False)
    c.append([c.text(meaning, boxed=False)], fit=False)
    if not changes:
        c.append([c.text("None.", boxed=False)], fit=False)
        return
    c.append([c.header(h) for h, _ in COLUMNS])
    for change in changes:
        c.append(
            [
                c.text(change.reference),
                c.text(change.title),
                c.text(change.owner),
                sheets.rag_cell(c, change.rag_then),
                sheets.rag_cell(c, change.rag_now),
                c.text(change.direction),
                c.date(change.deadline_now),
                c.text(change.what_happened),
            ]
        )
