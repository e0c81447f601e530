"""Settings that must stop the app rather than be misread."""

import subprocess
import sys

import pytest

from tests.security.test_accounts import PROJECT_DIR, production_env


def run_python(code: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("value", ["ture", "enabled", "2"])
def test_an_unknown_yes_no_value_stops_the_app(tmp_path, value):
    env = {**production_env(tmp_path), "AXES_ENABLED": value}
    result = run_python("import django; django.setup()", env)
    assert result.returncode != 0
    assert f"AXES_ENABLED={value!r} is neither yes nor no" in result.stderr


def test_yes_and_no_words_are_read(tmp_path):
    env = {**production_env(tmp_path), "AXES_ENABLED": "Off", "SECURE_SSL_REDIRECT": " yes "}
    code = "import django; django.setup(); from django.conf import settings as s; "
    code += "print(s.AXES_ENABLED, s.SECURE_SSL_REDIRECT)"
    result = run_python(code, env)
    assert result.stdout.split() == ["False", "True"], result.stderr


def test_a_number_setting_that_is_not_a_number_stops_the_app(tmp_path):
    env = {**production_env(tmp_path), "AXES_FAILURE_LIMIT": "five"}
    result = run_python("import django; django.setup()", env)
    assert "AXES_FAILURE_LIMIT='five' is not a whole number" in result.stderr


def test_the_server_refuses_to_start_with_testing_on_and_debug_off(tmp_path):
    env = {**production_env(tmp_path), "TESTING": "1"}
    result = run_python("import config.wsgi", env)
    assert result.returncode != 0
    assert "TESTING is on while DEBUG is off: refusing to serve" in result.stderr


def test_the_server_starts_in_production(tmp_path):
    result = run_python("import config.wsgi", production_env(tmp_path))
    assert result.returncode == 0, result.stderr


def test_deploy_check_reports_testing(tmp_path):
    env = {**production_env(tmp_path), "TESTING": "1"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "accounts.E001" in result.stderr + result.stdout


def test_sso_needs_a_client_id_and_secret(tmp_path):
    env = {**production_env(tmp_path), "OIDC_ISSUER": "https://login.example/tenant/v2.0"}
    result = run_python("import django; django.setup()", env)
    assert "Single sign-on needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET" in result.stderr


def test_sso_on_turns_local_passwords_off(tmp_path):
    env = {
        **production_env(tmp_path),
        "OIDC_ISSUER": "https://login.example/tenant/v2.0",
        "OIDC_CLIENT_ID": "tracker",
        "OIDC_CLIENT_SECRET": "s3cret",
    }
    code = "import django; django.setup(); from django.conf import settings as s; "
    code += "print(s.LOCAL_PASSWORDS, s.AUTHENTICATION_BACKENDS)"
    result = run_python(code, env)
    assert result.stdout.startswith("False"), result.stderr
    assert "ModelBackend" not in result.stdout


@pytest.mark.django_db
def test_signed_in_pages_are_not_stored(client, django_user_model):
    anonymous = client.get("/accessibility/")
    assert "no-store" not in anonymous.get("Cache-Control", "")
    client.force_login(django_user_model.objects.create_user("someone", "s@example.gov.uk"))
    for url in ("/", "/actions/", "/accessibility/"):
        assert "no-store" in client.get(url)["Cache-Control"], url
