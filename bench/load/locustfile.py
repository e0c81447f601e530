"""Improvement managers' journeys for ``bench/load_bench.py`` (locust, headless).

Each virtual user signs in as the manager of one authority of the scale data
(``generate_scale_data``) and then, with a pause of one to three seconds
between steps as a person would, browses the dashboard and the lists, opens
actions, findings and inspections, looks at the across-visits view and now
and then posts a progress update.
"""

from __future__ import annotations

import os
import random
import re

from locust import HttpUser, between, task

PASSWORD = os.environ.get("SCALE_PASSWORD", "scale-data-not-for-production")
SLUGS = [s for s in os.environ.get("SCALE_AUTHORITIES", "").split(",") if s]
ACTION_LINK = re.compile(r'href="/actions/(\d+)/"')
FINDING_LINK = re.compile(r'href="/findings/(\d+)/"')
DOCUMENT_LINK = re.compile(r'href="/inspections/(\d+)/"')


class Manager(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        self.slug = random.choice(SLUGS)
        self.actions: list[str] = []
        self.findings: list[str] = []
        self.documents: list[str] = []
        self.client.get("/login/", name="sign-in page")
        self.client.post(
            "/login/",
            {
                "username": f"manager@{self.slug}.example.gov.uk",
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            name="sign in",
        )

    def _remember(self, html: str) -> None:
        self.actions = ACTION_LINK.findall(html) or self.actions
        self.findings = FINDING_LINK.findall(html) or self.findings
        self.documents = DOCUMENT_LINK.findall(html) or self.documents

    @task(3)
    def dashboard(self):
        self._remember(self.client.get("/", name="dashboard").text)

    @task(3)
    def actions_list(self):
        self._remember(self.client.get("/actions/", name="actions").text)

    @task(2)
    def actions_filtered(self):
        status = random.choice(["not_started", "in_progress", "completed"])
        response = self.client.get(
            f"/actions/?status={status}&sort=deadline", name="actions filtered"
        )
        self._remember(response.text)

    @task(1)
    def actions_page(self):
        self.client.get(f"/actions/?page={random.randint(2, 12)}", name="actions page n")

    @task(2)
    def findings_list(self):
        self._remember(self.client.get("/findings/", name="findings").text)

    @task(3)
    def action_page(self):
        if self.actions:
            self.client.get(f"/actions/{random.choice(self.actions)}/", name="action page")

    @task(1)
    def finding_page(self):
        if self.findings:
            self.client.get(f"/findings/{random.choice(self.findings)}/", name="finding page")

    @task(1)
    def inspection_page(self):
        if self.documents:
            self.client.get(
                f"/inspections/{random.choice(self.documents)}/", name="inspection page"
            )

    @task(1)
    def across_visits(self):
        self.client.get(f"/authorities/{self.slug}/across-visits/", name="across visits")

    @task(1)
    def post_update(self):
        if not self.actions:
            return
        pk = random.choice(self.actions)
        self.client.get(f"/actions/{pk}/", name="action page")
        with self.client.post(
            f"/actions/{pk}/updates/",
            {
                "update-text": "Audit of ten cases this month: plans now reviewed on time.",
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            name="post update",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                response.success()
            else:
                response.failure(f"status {response.status_code}")
