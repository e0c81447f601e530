"""Writing measures and their values; the CSV upload is all or nothing."""

from datetime import date
from decimal import Decimal

import pytest

from tests.factories import FindingFactory
from tracker.measures import selectors
from tracker.measures.models import Measure, MeasureValue
from tracker.measures.services import (
    MeasureError,
    measure_create,
    measure_value_set,
    measure_values_upload,
)

pytestmark = pytest.mark.django_db


def test_only_managers_add_measures_and_targets_come_after_baselines(finding, owner, manager):
    with pytest.raises(MeasureError, match="Only an improvement manager"):
        measure_create(
            finding=finding,
            user=owner,
            name="X",
            baseline_value=Decimal(1),
            baseline_date=date(2025, 1, 1),
            target_value=Decimal(2),
            target_date=date(2025, 6, 1),
        )
    with pytest.raises(MeasureError, match="target date must be after") as refused:
        measure_create(
            finding=finding,
            user=manager,
            name="X",
            baseline_value=Decimal(1),
            baseline_date=date(2025, 6, 1),
            target_value=Decimal(2),
            target_date=date(2025, 1, 1),
        )
    assert refused.value.field == "target_date"
    assert not Measure.objects.exists()


def test_a_value_per_month_replaces_the_earlier_figure_with_history(measure, owner):
    measure_value_set(measure=measure, user=owner, month=date(2025, 4, 17), value=Decimal("40"))
    measure_value_set(measure=measure, user=owner, month=date(2025, 4, 1), value=Decimal("41"))
    value = MeasureValue.objects.get()
    assert (value.month, value.value) == (date(2025, 4, 1), Decimal("41"))
    assert value.history.count() == 2
    assert value.history.first().history_user == owner


def test_viewers_and_outsiders_cannot_record_values(measure, viewer, outsider_other_authority):
    for person in (viewer, outsider_other_authority):
        with pytest.raises(MeasureError):
            measure_value_set(
                measure=measure, user=person, month=date(2025, 4, 1), value=Decimal(1)
            )
    assert not MeasureValue.objects.exists()


def _csv(*lines: str) -> bytes:
    return ("measure,month,value\n" + "\n".join(lines) + "\n").encode()


def test_csv_upload_by_name_or_reference(measure, owner):
    MeasureValue.objects.create(measure=measure, month=date(2025, 4, 1), value=Decimal("39"))
    result = measure_values_upload(
        user=owner,
        data=_csv(
            "Return home interviews within 72 hours,04/2025,40",
            f"M{measure.pk},May 2025,45.5%",
            f'm{measure.pk},01/06/2025,"1,050"',
        ),
    )
    assert (result.added, result.replaced) == (2, 1)
    assert {v.month: v.value for v in MeasureValue.objects.all()} == {
        date(2025, 4, 1): Decimal("40"),
        date(2025, 5, 1): Decimal("45.5"),
        date(2025, 6, 1): Decimal("1050"),
    }


def test_csv_bad_input_lists_every_problem_and_saves_nothing(measure, owner):
    with pytest.raises(MeasureError) as refused:
        measure_values_upload(
            user=owner,
            data=_csv(
                f"M{measure.pk},04/2025,40",
                "Unknown measure,04/2025,40",
                f"M{measure.pk},05/2025,about forty",
                f"M{measure.pk},April 2025,41",
                f"M{measure.pk},someday,41",
            ),
        )
    assert refused.value.message == "Nothing was saved: 4 lines of the file have problems."
    assert refused.value.problems == [
        "Line 3: there is no measure called 'Unknown measure'",
        "Line 4: 'about forty' is not a number",
        "Line 5: Return home interviews within 72 hours for April 2025 is already on line 2",
        "Line 6: 'someday' is not a date; write it as 31/03/2025 or March 2025",
    ]
    assert not MeasureValue.objects.exists()


def test_csv_needs_its_columns_and_a_unique_name(measure, owner, manager, authority):
    with pytest.raises(MeasureError, match="must name the columns measure, month and value"):
        measure_values_upload(user=owner, data=b"name,when,figure\nx,1/2025,3\n")
    other = FindingFactory(document=measure.finding.document)
    measure_create(
        finding=other,
        user=manager,
        name=measure.name,
        baseline_value=Decimal(1),
        baseline_date=date(2025, 1, 1),
        target_value=Decimal(2),
        target_date=date(2025, 6, 1),
    )
    with pytest.raises(MeasureError) as refused:
        measure_values_upload(user=owner, data=_csv(f"{measure.name},04/2025,40"))
    assert "use its reference (for example M12)" in refused.value.problems[0]


def test_measures_of_other_authorities_are_unknown_in_uploads(measure, outsider_other_authority):
    with pytest.raises(MeasureError) as refused:
        measure_values_upload(user=outsider_other_authority, data=_csv(f"M{measure.pk},4/2025,1"))
    assert refused.value.problems == [f"Line 2: there is no measure called 'M{measure.pk}'"]


def test_off_track_count_and_reports(measure, manager, owner):
    today = date(2025, 9, 15)
    assert selectors.off_track_count(user=manager, today=today) == 0
    measure_value_set(measure=measure, user=owner, month=date(2025, 8, 1), value=Decimal("50"))
    assert selectors.off_track_count(user=manager, today=today) == 1
    measure_value_set(measure=measure, user=owner, month=date(2025, 8, 1), value=Decimal("70"))
    assert selectors.off_track_count(user=manager, today=today) == 0
    [report] = selectors.measure_list(user=manager, today=today)
    assert report.standing.label == "On track"
    assert report.figures == [(date(2025, 8, 1), Decimal("70"), Decimal("61.37"), True)]
