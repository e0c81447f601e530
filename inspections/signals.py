"""Hooks other apps attach to, so that inspections never imports them.

``import_notes`` is sent after a document is imported (or found already imported) with
``document=``; a receiver returns an ``ImportNote`` when the person importing should be told
something about what happens next, or None. The admin import and ``import_reports`` show
every note with the import's own message.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.dispatch import Signal

import_notes = Signal()


@dataclass(frozen=True)
class ImportNote:
    text: str
    # The site path of the page where the note is acted on.
    path: str
    link_text: str


def notes_for(document) -> list[ImportNote]:
    return [
        note
        for _receiver, note in import_notes.send(sender=type(document), document=document)
        if note is not None
    ]
