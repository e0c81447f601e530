"""The parse-everything check: per family, read fully, with warnings, or refused, and why."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.inspections.test_parsing_families import SIF_REINSPECTION


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "sif.txt").write_text(SIF_REINSPECTION.replace("Northbay", "Norfolk"))
    (tmp_path / "unknown.txt").write_text(SIF_REINSPECTION)
    (tmp_path / "nonsense.txt").write_text("A shopping list: eggs, flour and milk.")
    return tmp_path


@pytest.mark.django_db
def test_the_survey_counts_each_family_and_says_why_files_were_refused(folder, capsys):
    call_command("survey_documents", str(folder), "--list")
    out = capsys.readouterr().out

    rows = {line.split("  ")[0]: line.split()[-4:] for line in out.splitlines()}
    assert rows["SIF re-inspection"] == ["2", "1", "0", "1"]
    assert rows["Unknown"] == ["1", "0", "0", "1"]
    assert "not an English local authority in the register" in out
    assert "refused: nonsense.txt: This does not look like an Ofsted inspection document" in out


@pytest.mark.django_db
def test_strict_fails_unless_every_file_was_read_fully(folder):
    with pytest.raises(CommandError, match="2 of 3 files were not read fully"):
        call_command("survey_documents", str(folder), "--strict")


def test_a_refused_inspection_of_the_framework_before_the_sif_is_counted_under_its_own_name(
    tmp_path,
):
    from inspections.parsing import parse_text
    from inspections.parsing.survey import REFUSED, survey_one

    path = tmp_path / "lac.txt"
    path.write_text(
        "\n\nInspection of looked after children\nservices\nWestmoor County Council\n\n"
        "Inspection dates: 8 – 12 July 2013\nReporting inspector Robin Ash HMI\n"
    )

    outcome = survey_one(path, parse_text)

    assert (outcome.family, outcome.status) == (
        "Looked after children inspection (before the SIF)",
        REFUSED,
    )
