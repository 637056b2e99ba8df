"""ensure_admin and the production settings check."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.manage_process import run_manage


def _ensure_admin() -> str:
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_ensure_admin_generates_a_password_once(settings):
    settings.CONSOLE_ADMIN_USERNAME = "boss"
    settings.CONSOLE_ADMIN_PASSWORD = ""
    first = _ensure_admin()
    assert "Generated password for 'boss'" in first
    password = first.split("Generated password for 'boss': ")[1].split()[0]
    user = get_user_model().objects.get(username="boss")
    assert user.check_password(password)
    assert user.is_staff and user.is_superuser
    assert user.groups.filter(name="admin").exists()
    second = _ensure_admin()
    assert "Generated password" not in second
    user.refresh_from_db()
    assert user.check_password(password)


@pytest.mark.django_db
def test_ensure_admin_takes_credentials_from_settings(settings):
    settings.CONSOLE_ADMIN_USERNAME = "ops"
    settings.CONSOLE_ADMIN_PASSWORD = "a-Long-passw0rd"
    assert "Generated password" not in _ensure_admin()
    assert get_user_model().objects.get(username="ops").check_password("a-Long-passw0rd")
    settings.CONSOLE_ADMIN_PASSWORD = "another-Long-passw0rd"
    assert "password from CONSOLE_ADMIN_PASSWORD" in _ensure_admin()
    assert get_user_model().objects.get(username="ops").check_password("another-Long-passw0rd")


def test_production_settings_pass_check_deploy():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x" * 20 + "production-secret-key-with-enough-entropy-9f8e7d6c5b4a",
        DJANGO_ALLOWED_HOSTS="console.example.com",
        CONSOLE_ENCRYPTION_KEYS="k1:" + "A" * 43 + "=",
        CONSOLE_CONTACT_HMAC_KEYS="h1:" + "B" * 43 + "=",
        EMAIL_URL="smtp+tls://outreach:secret@smtp.example.com:587",
        # Behind the TLS proxy the README describes: lockouts count the address it saw.
        CONSOLE_CLIENT_IP_HEADER="X-Forwarded-For",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_DEBUG="false", DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_contact_encryption_keys():
    result = run_manage(
        "check", DJANGO_DEBUG="false", DJANGO_SECRET_KEY="s" * 60, CONSOLE_ENCRYPTION_KEYS=""
    )
    assert result.returncode != 0
    assert "CONSOLE_ENCRYPTION_KEYS must be set" in result.stderr
