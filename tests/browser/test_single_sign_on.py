"""Single sign-on through a real OpenID provider on loopback, as a person does it.

The provider is the certified ``oidc-provider`` package (package.json), started here by
tests/browser/oidc/provider.mjs. Its development sign-in pages take any password for a known
account id; the account's email decides who the person is in the tracker.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import LocalAuthorityFactory, UserFactory
from tracker.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROVIDER_SCRIPT = Path(__file__).resolve().parent / "oidc" / "provider.mjs"
CLIENT_ID, CLIENT_SECRET = "improvement-tracker", "loopback-client-secret"
ACCOUNTS = {"mina": "mina.manager@example.gov.uk", "stranger": "stranger@example.gov.uk"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def provider(live_server):
    node = shutil.which("node")
    if node is None:
        message = "The single sign-on test needs Node.js to run the OpenID provider."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    port = _free_port()
    process = subprocess.Popen(
        [
            node,
            str(PROVIDER_SCRIPT),
            str(port),
            f"{live_server.url}{reverse('accounts:sso-callback')}",
            CLIENT_ID,
            CLIENT_SECRET,
            json.dumps(ACCOUNTS),
        ],
        cwd=PROVIDER_SCRIPT.parents[3],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        assert line.strip() == "ready", process.stderr.read()
        issuer = f"http://127.0.0.1:{port}"
        with override_settings(
            SSO_ENABLED=True,
            OIDC_ISSUER=issuer,
            OIDC_RP_CLIENT_ID=CLIENT_ID,
            OIDC_RP_CLIENT_SECRET=CLIENT_SECRET,
            LOCAL_PASSWORDS=False,
            AUTHENTICATION_BACKENDS=[
                "axes.backends.AxesStandaloneBackend",
                "accounts.backends.SingleSignOnBackend",
            ],
        ):
            yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)


def _sign_in_at_provider(page, account: str) -> None:
    page.get_by_role("button", name="Sign in with your council account").click()
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/interaction/"))
    page.locator("input[name=login]").fill(account)
    page.locator("input[name=password]").fill("any password at the loopback provider")
    page.locator("button[type=submit]").click()
    consent = page.get_by_role("button", name="Continue")
    if urlsplit(page.url).hostname == "127.0.0.1" and consent.count():
        consent.click()


def test_a_known_person_signs_in_with_their_council_account_and_out(
    provider, new_context, live_server
):
    authority = LocalAuthorityFactory(name="South Gloucestershire")
    UserFactory(
        username="mina",
        email=ACCOUNTS["mina"],
        first_name="Mina",
        roles=[Role.MANAGER],
        authorities=[authority],
    )
    page = new_context().new_page()
    page.goto(reverse("tracker:action-list"))
    # With single sign-on on, there is no password form to fill.
    expect(page.get_by_label("Password")).to_have_count(0)
    _sign_in_at_provider(page, "mina")

    expect(page).to_have_url(re.compile(re.escape(reverse("tracker:action-list")) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Actions")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("login")) + "$"))
    page.goto(reverse("tracker:dashboard"))
    assert urlsplit(page.url).path == reverse("login")


def test_a_person_without_an_account_is_told_whom_to_ask(provider, new_context, live_server):
    page = new_context().new_page()
    page.goto(reverse("login"))
    _sign_in_at_provider(page, "stranger")

    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access yet")
    expect(page.get_by_text(ACCOUNTS["stranger"])).to_be_visible()
    expect(page.get_by_text("Ask your improvement manager for access")).to_be_visible()
    page.goto(reverse("tracker:dashboard"))
    assert urlsplit(page.url).path == reverse("login")
