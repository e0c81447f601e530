"""Writes for the inspections app, by subject: importing a document, resolving its
authority through the register, following findings across later documents, and
themes. Every public name is importable from ``inspections.services``."""

from .authorities import (
    ReportImportError,
    Resolved,
    authority_lookup,
    authority_resolve,
    register_load,
)
from .followups import FollowUpError, followup_confirm, followup_reject, followup_suggest
from .importing import (
    Corrections,
    ImportResult,
    apply_corrections,
    content_hash,
    existing_document,
    next_reference_label,
    report_import,
    report_parse,
)
from .themes import theme_confirm, theme_reject, theme_suggest

__all__ = [
    "Corrections",
    "FollowUpError",
    "ImportResult",
    "ReportImportError",
    "Resolved",
    "apply_corrections",
    "authority_lookup",
    "authority_resolve",
    "content_hash",
    "existing_document",
    "followup_confirm",
    "followup_reject",
    "followup_suggest",
    "next_reference_label",
    "register_load",
    "report_import",
    "report_parse",
    "theme_confirm",
    "theme_reject",
    "theme_suggest",
]
