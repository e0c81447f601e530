import pytest
from django.core.files.storage import default_storage

from inspections.models import (
    Document,
    DocumentKind,
    Finding,
    FindingState,
    LocalAuthority,
    Paragraph,
    SourceList,
)
from inspections.services import Corrections, ReportImportError, report_import

pytestmark = pytest.mark.django_db


def import_seed(seed_path, prefix, **kwargs):
    path = seed_path(prefix)
    return report_import(data=path.read_bytes(), filename=path.name, **kwargs)


def test_full_inspection_is_saved_with_judgements_paragraphs_and_items(seed_path):
    result = import_seed(seed_path, "003")

    document = result.document
    assert result.created
    assert document.authority.name == "South Gloucestershire"
    assert document.kind == DocumentKind.ILACS
    assert [j.grade for j in document.judgements.all()] == ["Good"] * 5
    assert document.paragraphs.exclude(number=None).count() == 58
    items = list(document.findings.order_by("order"))
    assert [f.source_list for f in items] == [SourceList.WHAT_NEEDS_TO_IMPROVE] * 4
    assert all(f.state == FindingState.CONFIRMED for f in items)
    assert items[0].text == "The take-up, timeliness and impact of return home interviews."
    assert default_storage.exists(document.source_file.name)


def test_same_file_twice_is_recognised_not_duplicated(seed_path):
    first = import_seed(seed_path, "003")
    second = import_seed(seed_path, "003")

    assert not second.created
    assert second.document == first.document
    assert "Already imported" in second.message
    assert Document.objects.count() == 1
    assert Finding.objects.count() == 4


def test_authority_names_printed_differently_are_one_authority(seed_path):
    import_seed(seed_path, "002")  # "Gloucestershire"
    import_seed(seed_path, "004")  # "Gloucestershire County Council"

    assert list(LocalAuthority.objects.values_list("name", flat=True)) == ["Gloucestershire"]


def test_monitoring_letter_keeps_areas_covered_and_suggests_findings(seed_path):
    document = import_seed(seed_path, "001").document

    assert document.kind == DocumentKind.MONITORING_VISIT
    assert document.visit_number == 3
    areas = document.findings.filter(source_list=SourceList.AREAS_COVERED)
    assert areas.count() == 4
    suggested = document.findings.filter(source_list=SourceList.SUGGESTED)
    assert suggested.exists()
    assert all(f.state == FindingState.SUGGESTED for f in suggested)
    # A suggestion quotes the paragraph it came from.
    assert all(f.paragraphs.exists() for f in suggested)


def test_failure_half_way_saves_nothing(seed_path, monkeypatch, private_media_root):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Finding.objects, "bulk_create", fail)

    with pytest.raises(RuntimeError):
        import_seed(seed_path, "003")

    assert not Document.objects.exists()
    assert not LocalAuthority.objects.exists()
    assert not Paragraph.objects.exists()
    stored = [p for p in private_media_root.rglob("*") if p.is_file()]
    assert stored == []

    monkeypatch.undo()
    assert import_seed(seed_path, "003").created


@pytest.mark.parametrize(
    "data, filename",
    [
        (b"", "empty.pdf"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10, "photo.pdf"),
        (b"Mix the flour and butter, then bake for 20 minutes.\n" * 20, "recipe.txt"),
    ],
)
def test_bad_input_gets_a_clear_error_and_saves_nothing(data, filename):
    with pytest.raises(ReportImportError) as error:
        report_import(data=data, filename=filename)

    assert filename in str(error.value)
    assert not Document.objects.exists()
    assert not LocalAuthority.objects.exists()


def test_file_over_the_size_limit_is_refused(seed_path, settings):
    settings.IMPORT_MAX_BYTES = 1000

    with pytest.raises(ReportImportError, match="MB"):
        import_seed(seed_path, "003")
    assert not Document.objects.exists()


def test_corrections_from_the_preview_are_applied(seed_path):
    document = import_seed(
        seed_path,
        "004",
        corrections=Corrections(
            local_authority="Gloucestershire",
            visit_number=None,
            improvement_items=("First corrected item.", "Second item.", "An item added by hand."),
        ),
    ).document

    assert document.authority.name == "Gloucestershire"
    texts = list(document.findings.order_by("order").values_list("text", flat=True))
    assert texts == ["First corrected item.", "Second item.", "An item added by hand."]


def test_same_visit_from_a_different_file_is_refused(seed_path):
    path = seed_path("003")
    report_import(data=path.read_bytes(), filename=path.name)

    with pytest.raises(ReportImportError, match="already imported"):
        report_import(data=path.read_bytes() + b"\n\n", filename="copy.txt")
    assert Document.objects.count() == 1


def test_received_date_and_importing_user_are_recorded(seed_path, admin_user):
    import datetime

    document = import_seed(
        seed_path, "003", user=admin_user, received_date=datetime.date(2024, 7, 20)
    ).document

    assert document.received_date == datetime.date(2024, 7, 20)
    assert document.imported_by == admin_user


def test_importing_a_later_document_suggests_recurring_themes(seed_path):
    from inspections.models import ReviewState, Theme

    import_seed(seed_path, "001")
    import_seed(seed_path, "000")

    themes = Theme.objects.filter(state=ReviewState.SUGGESTED)
    assert themes.exists()
    # Both 2018 letters reviewed management oversight and supervision.
    assert any(
        len({f.document_id for f in theme.findings.all()}) == 2
        and all("oversight" in f.text for f in theme.findings.all())
        for theme in themes
    )


def test_national_framework_reference_is_saved_as_kind_number_and_title():
    from pathlib import Path

    path = Path(__file__).parent / "documents" / "focused_visit_hounslow_2025.txt"
    document = report_import(data=path.read_bytes(), filename=path.name).document

    first = document.findings.order_by("order").first()
    assert first.framework_reference == "(outcome 3, national framework)"
    assert (first.framework_kind, first.framework_number) == ("outcome", 3)
    assert first.framework_title == (
        "Children and young people are safe in and outside of their homes"
    )
    assert "national framework" not in first.text
    assert document.authority.register.la_code == "313"


def test_judgements_keep_the_printed_grade_and_its_meaning():
    from pathlib import Path

    path = Path(__file__).parent / "documents" / "sif_york_2016.txt"
    document = report_import(data=path.read_bytes(), filename=path.name).document

    board = document.judgements.order_by("order").last()
    assert (board.grade, board.meaning) == (
        "Requires improvement",
        "Requires improvement to be good",
    )
