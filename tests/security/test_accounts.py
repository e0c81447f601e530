"""Accounts: sign-in throttling, password rules, session expiry, production settings, CSP."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import UserFactory

PROJECT_DIR = Path(__file__).resolve().parents[2]
LOGIN = reverse("login")


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    return settings


def _sign_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


@pytest.mark.django_db
def test_wrong_passwords_lock_the_account_with_a_clear_message(client, throttled):
    UserFactory(username="mina@example.gov.uk", password="correct-horse-battery")
    for _ in range(2):
        response = _sign_in(client, "mina@example.gov.uk", "wrong password")
        assert response.status_code == 200  # the form again, with its error
    response = _sign_in(client, "mina@example.gov.uk", "wrong password")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Sign-in paused for this account" in body and "15 minutes" in body
    # Now even the right password is refused from that address until the cool-off ends...
    response = _sign_in(client, "mina@example.gov.uk", "correct-horse-battery")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # ...but a guesser elsewhere cannot lock Mina out of her own computer.
    response = client.post(
        LOGIN,
        {"username": "mina@example.gov.uk", "password": "correct-horse-battery"},
        REMOTE_ADDR="10.9.8.7",
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_one_address_spraying_passwords_across_accounts_is_stopped(client, throttled):
    throttled.SIGN_IN_ADDRESS_FAILURE_LIMIT = 4
    UserFactory(username="target@example.gov.uk", password="correct-horse-battery")
    for n in range(4):
        UserFactory(username=f"sprayed{n}@example.gov.uk")
        _sign_in(client, f"sprayed{n}@example.gov.uk", "Winter2026!Winter")
    # No single account reached its limit, but the address did: even a right password fails.
    response = _sign_in(client, "target@example.gov.uk", "correct-horse-battery")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    # People at other addresses are not affected.
    response = client.post(
        LOGIN,
        {"username": "target@example.gov.uk", "password": "correct-horse-battery"},
        REMOTE_ADDR="10.9.8.7",
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_colleague_on_the_same_address_can_still_sign_in(client, throttled):
    UserFactory(username="typo@example.gov.uk")
    UserFactory(username="colleague@example.gov.uk", password="correct-horse-battery")
    for _ in range(3):
        _sign_in(client, "typo@example.gov.uk", "wrong password")
    response = _sign_in(client, "colleague@example.gov.uk", "correct-horse-battery")
    assert response.status_code == 302
    assert response["Location"] == reverse("tracker:dashboard")


@pytest.mark.django_db
def test_success_clears_earlier_failures(client, throttled):
    UserFactory(username="mina@example.gov.uk", password="correct-horse-battery")
    _sign_in(client, "mina@example.gov.uk", "wrong password")
    assert _sign_in(client, "mina@example.gov.uk", "correct-horse-battery").status_code == 302
    assert not AccessAttempt.objects.filter(username="mina@example.gov.uk").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password",
    ["short-pw1", "password1234", "123456789012", "mina.manager.example"],
)
def test_weak_passwords_are_refused(password):
    user = UserFactory.build(username="mina.manager", first_name="Mina", last_name="Manager")
    user.email = "mina.manager@example.gov.uk"
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_sessions_expire():
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY


@pytest.mark.django_db
def test_pages_send_a_content_security_policy_without_inline_code(client, django_user_model):
    response = client.get(LOGIN)
    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in policy.split(";") if part.strip()
    )
    assert directives["default-src"] == ["'self'"]
    for name in ("script-src", "style-src"):
        assert directives[name] == ["'self'"], name
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]


TEMPLATES_DIR = PROJECT_DIR / "templates"


def test_templates_have_no_inline_scripts_or_styles():
    import re

    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
    offenders = []
    for path in TEMPLATES_DIR.rglob("*.html"):
        if "email" in path.parts:  # emails are not web pages; mail clients need inline styles
            continue
        text = path.read_text()
        if inline_script.search(text) or re.search(r"<style\b|\sstyle=|\son[a-z]+=", text, re.I):
            offenders.append(str(path.relative_to(PROJECT_DIR)))
    assert not offenders, (
        "The Content Security Policy blocks inline scripts and styles; move them to static "
        f"files or classes: {offenders}"
    )


def production_env(tmp_path) -> dict[str, str]:
    frontend = tmp_path / "govuk-frontend"
    frontend.mkdir(exist_ok=True)
    env = {
        key: value
        for key, value in os.environ.items()
        # The browser tests allow async-unsafe calls in this process; production never does.
        if key
        not in {
            "TESTING",
            "DEBUG",
            "DJANGO_SETTINGS_MODULE",
            "AXES_ENABLED",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
        and not key.startswith("SECURE_")
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="tracker.example.gov.uk",
        CSRF_TRUSTED_ORIGINS="https://tracker.example.gov.uk",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
        VAR_DIR=str(tmp_path / "var"),
        DJANGO_SETTINGS_MODULE="config.settings",
        # Where a build puts GOV.UK Frontend: the checks need the folder, not `npm ci`.
        GOVUK_FRONTEND_DIR=str(frontend),
    )
    return env


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=PROJECT_DIR,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_check_deploy_reports_missing_frontend_files(tmp_path):
    env = production_env(tmp_path)
    env["GOVUK_FRONTEND_DIR"] = str(tmp_path / "not-built")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "staticfiles.W004" in result.stdout + result.stderr


def test_production_settings_need_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_settings_are_secure(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.AXES_ENABLED, "
        "s.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=PROJECT_DIR,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.splitlines()[-1].split() == ["True"] * 6 + ["False"], result.stderr


def test_no_check_is_silenced():
    # Lockouts now count the address with the username, so django-axes has nothing to warn.
    assert getattr(settings, "SILENCED_SYSTEM_CHECKS", []) == []
