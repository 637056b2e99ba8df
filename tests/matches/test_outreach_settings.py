"""Outreach settings in production: the HMAC keys are required, EMAIL_URL is parsed, and
check --deploy warns while e-mail would still go to files."""

from tests.manage_process import run_manage

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x" * 60 + "production-secret-key-for-outreach-settings",
    "DJANGO_ALLOWED_HOSTS": "console.example.com",
    "CONSOLE_ENCRYPTION_KEYS": "k1:" + "A" * 43 + "=",
    "CONSOLE_CLIENT_IP_HEADER": "X-Forwarded-For",
}
HMAC_KEYS = "h1:" + "B" * 43 + "="


def test_production_refuses_to_start_without_contact_hmac_keys():
    result = run_manage("check", **PRODUCTION, CONSOLE_CONTACT_HMAC_KEYS="")
    assert result.returncode != 0
    assert "CONSOLE_CONTACT_HMAC_KEYS must be set" in result.stderr


def test_check_deploy_warns_until_email_url_is_set_and_parses_it():
    files = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        CONSOLE_CONTACT_HMAC_KEYS=HMAC_KEYS,
        EMAIL_URL="",
    )
    assert files.returncode == 1
    assert "(console.W002) EMAIL_URL is not set" in files.stderr + files.stdout
    shown = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, "
        "s.OUTREACH_PUBLIC_BASE_URL)",
        **PRODUCTION,
        CONSOLE_CONTACT_HMAC_KEYS=HMAC_KEYS,
        EMAIL_URL="smtp+tls://outreach:secret@smtp.example.com:2525",
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip().splitlines()[-1].split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.com",
        "2525",
        "True",
        "https://console.example.com",
    ]
