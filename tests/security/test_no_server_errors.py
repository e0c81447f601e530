"""No input gives a server error: arbitrary query strings at every list, arbitrary form data
at every view that takes a POST, as every role.

Hypothesis draws the parameter names the pages read (and others) with awkward values: digits
that ``int()`` refuses, numbers beyond a database integer, negative and huge page sizes,
control characters. A server error raises in the test client, so Hypothesis shows the input.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.test_access_matrix import (  # noqa: F401 - the fixture is used by name
    EXPECTED,
    URLS,
    people_and_plans,
    url_kwargs,
)

pytestmark = pytest.mark.django_db

ROLES = ("owner", "outsider", "manager", "viewer", "admin")
NAMES = (
    "q", "authority", "document", "owner", "status", "rag", "overdue", "deadline_after",
    "deadline_before", "judgement_area", "source_list", "state", "page", "per_page", "sort",
    "kind", "since", "next", "verdict", "paragraphs", "findings", "title", "version", "text",
    "at_risk", "reason", "label", "url", "decision", "email", "roles", "count", "deadline",
    "start_date", "description", "lead_role", "success_measure", "note", "review_state",
    "area_state",
)  # fmt: skip
AWKWARD = st.sampled_from(
    ["²", "٣", "9223372036854775808", "-1", "0", "1", "99999999999999999999", "null", "",
     "\x00", "2026-02-30", "0001-01-01", "9999-12-31", "a" * 3000, "on", "true", "[]"]
)  # fmt: skip
VALUES = st.one_of(AWKWARD, st.text(max_size=40), st.integers().map(str))
FIELDS = st.dictionaries(
    st.one_of(st.sampled_from(NAMES), st.text(min_size=1, max_size=12)),
    st.lists(VALUES, min_size=1, max_size=3),
    max_size=6,
)
RUNS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

LISTS = sorted(
    name
    for name, rows in EXPECTED.items()
    if name in URLS and rows["GET"].get("manager") in (200, 302) and name != "logout"
)
POSTS = sorted(
    name for name, rows in EXPECTED.items() if name in URLS and rows["POST"].get("manager") != 405
)


def _request(people, role, method, url, data):
    client = Client()
    with transaction.atomic():
        client.force_login(people[role])
        if method == "GET":
            response = client.get(f"{url}?{urlencode(data, doseq=True)}")
        else:
            response = client.post(url, data)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("name", LISTS)
def test_no_query_string_gives_a_server_error(name, people_and_plans):  # noqa: F811
    people, plan_a, _ = people_and_plans
    url = reverse(name, kwargs=url_kwargs(name, plan_a))

    @RUNS
    @given(role=st.sampled_from(ROLES), query=FIELDS)
    def check(role, query):
        assert _request(people, role, "GET", url, query).status_code < 500

    check()


@pytest.mark.parametrize("name", POSTS)
def test_no_form_data_gives_a_server_error(name, people_and_plans):  # noqa: F811
    people, plan_a, _ = people_and_plans
    url = reverse(name, kwargs=url_kwargs(name, plan_a))

    @RUNS
    @given(role=st.sampled_from(ROLES), form=FIELDS)
    def check(role, form):
        assert _request(people, role, "POST", url, form).status_code < 500

    check()
