"""What was imported from a plan spreadsheet, by whom, and what it changed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class PlanImport(models.Model):
    authority = models.ForeignKey(
        "inspections.LocalAuthority", on_delete=models.CASCADE, related_name="plan_imports"
    )
    filename = models.CharField(max_length=200)
    sheet = models.CharField(max_length=100, blank=True)
    content_hash = models.CharField(max_length=64, db_index=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now, editable=False)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    left_out = models.JSONField(
        default=list, blank=True, help_text="Row numbers left out, with the reason."
    )

    class Meta:
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.imported_at:%d/%m/%Y})"

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)
