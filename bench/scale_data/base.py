"""What the scale-data writers share: the run's options and counts, times, a Poisson draw."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as clock

from django.utils import timezone

DEFAULT_PASSWORD = "scale-data-not-for-production"
NATIONAL_MANAGER = "national.manager@example.gov.uk"
SCALE_ADMIN = "scale.admin@example.gov.uk"
SHARED_EVIDENCE_FILE = "evidence/scale-data/sample-audit.txt"
BATCH = 2000
# Authorities are written this many at a time, so memory stays flat at any size.
AUTHORITIES_PER_CHUNK = 10


@dataclass
class Options:
    authorities: int
    years: int
    until: date
    seed: int
    findings_per_document: float
    paragraphs_per_document: float
    actions_per_finding: float
    history_per_action: float
    updates_per_action: float
    evidence_per_action: float
    owners_per_authority: int


@dataclass
class Counts:
    rows: Counter = field(default_factory=Counter)

    def add(self, name: str, n: int) -> None:
        self.rows[name] += n


def aware(day: date, minute: int = 9 * 60) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock(minute // 60 % 24, minute % 60)))


def poisson(rng: random.Random, mean: float) -> int:
    """A small Poisson draw (Knuth), enough for counts of a few."""
    if mean <= 0:
        return 0
    limit, k, p = pow(2.718281828459045, -mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1
