"""An action of the standard plan with a file its owner uploaded."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tracker import services
from tracker.models import EvidenceKind

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def uploaded(action, owner):
    return services.evidence_add(
        action=action,
        user=owner,
        kind=EvidenceKind.FILE,
        title="Child's chronology",
        file=SimpleUploadedFile("chronology.pdf", PDF),
    )
