import json

import pytest
from django.core.management import CommandError, call_command

from inspections.models import Document, LocalAuthority
from tests.conftest import SEEDS_DIR

pytestmark = pytest.mark.django_db


def test_import_reports_imports_the_seed_folder_and_is_idempotent(capsys):
    call_command("import_reports", str(SEEDS_DIR))
    first = capsys.readouterr().out
    call_command("import_reports", str(SEEDS_DIR))
    second = capsys.readouterr().out

    assert "5 imported, 0 already imported, 0 failed" in first
    assert "0 imported, 5 already imported, 0 failed" in second
    assert Document.objects.count() == 5
    assert set(LocalAuthority.objects.values_list("name", flat=True)) == {
        "Gloucestershire",
        "South Gloucestershire",
    }


def test_a_bad_file_fails_with_its_reason_and_good_files_still_import(tmp_path, capsys):
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    good = next(SEEDS_DIR.glob("004_*.txt"))
    (tmp_path / good.name).write_bytes(good.read_bytes())

    with pytest.raises(CommandError) as error:
        call_command("import_reports", str(tmp_path))

    assert error.value.returncode == 1
    captured = capsys.readouterr()
    assert "broken.pdf" in captured.err and "FAILED" in captured.err
    assert Document.objects.count() == 1


def test_import_reports_in_parallel_gives_the_same_result(capsys):
    call_command("import_reports", str(SEEDS_DIR), jobs=2)

    assert "5 imported" in capsys.readouterr().out
    assert Document.objects.count() == 5


def test_missing_path_is_a_clear_error():
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_reports", "/nowhere/at/all.pdf")


def test_parse_report_prints_json_and_saves_nothing(capsys):
    seed = next(SEEDS_DIR.glob("003_*.txt"))

    call_command("parse_report", str(seed), format="json")

    parsed = json.loads(capsys.readouterr().out)
    for key in (
        "local_authority",
        "kind",
        "visit_start",
        "visit_end",
        "letter_date",
        "visit_number",
        "inspectors",
        "grades",
        "improvement_items",
        "improvement_sections",
        "areas_covered",
        "suggested_findings",
        "paragraphs",
        "warnings",
    ):
        assert key in parsed
    assert parsed["kind"] == "ilacs"
    assert parsed["visit_start"] == "2024-06-03"
    assert len(parsed["improvement_items"]) == 4
    assert not Document.objects.exists()


def test_parse_report_text_format_lists_the_items(capsys):
    seed = next(SEEDS_DIR.glob("004_*.txt"))

    call_command("parse_report", str(seed))

    out = capsys.readouterr().out
    assert "Gloucestershire" in out
    assert "focused_visit" in out
