import datetime
import zoneinfo

from django.template import Context, Template

from tracker.templatetags.tracker_tags import govuk_datetime

LONDON = zoneinfo.ZoneInfo("Europe/London")


def test_times_read_the_gov_uk_way():
    on = datetime.datetime(2024, 6, 3, tzinfo=LONDON)
    assert govuk_datetime(on.replace(hour=17, minute=30)) == "3 June 2024 at 5:30pm"
    assert govuk_datetime(on.replace(hour=9, minute=5)) == "3 June 2024 at 9:05am"
    assert govuk_datetime(on.replace(hour=10)) == "3 June 2024 at 10am"
    assert govuk_datetime(on.replace(hour=12)) == "3 June 2024 at midday"
    assert govuk_datetime(on) == "3 June 2024 at midnight"
    assert govuk_datetime(None) == ""


def test_times_are_shown_in_the_sites_time_zone(settings):
    settings.TIME_ZONE = "Europe/London"
    summer = datetime.datetime(2024, 6, 3, 16, 30, tzinfo=datetime.UTC)
    rendered = Template("{% load tracker_tags %}{{ when|govuk_datetime }}").render(
        Context({"when": summer})
    )
    assert rendered == "3 June 2024 at 5:30pm"
