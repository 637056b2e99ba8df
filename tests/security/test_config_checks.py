"""A bad CONSOLE_ENCRYPTION_KEYS stops `manage.py check` (and --deploy), naming no key."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from creators.crypto import generate_key_spec
from tests.manage_process import run_manage

# A fixed key (not a secret: tests only), so test ids are the same in every process.
GOOD = "k1:" + "Q" * 43 + "="


def test_check_passes_with_good_keys(settings):
    settings.CONSOLE_ENCRYPTION_KEYS = GOOD + "," + generate_key_spec("k0")
    call_command("check")


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        ("k1:short", "key `k1` is not base64"),
        ("k1:AAAA", "key `k1` is 3 bytes; AES-256 needs exactly 32"),
        (GOOD + "," + GOOD, "key id `k1` is listed twice"),
        (" , ", "it is empty"),
    ],
)
def test_check_refuses_a_bad_key_list(settings, spec, problem):
    settings.CONSOLE_ENCRYPTION_KEYS = spec
    with pytest.raises(SystemCheckError) as failure:
        call_command("check")
    assert "(console.E001) CONSOLE_ENCRYPTION_KEYS: " + problem in str(failure.value)
    assert GOOD.split(":", 1)[1] not in str(failure.value)


def test_check_deploy_fails_on_a_short_key_in_a_production_configuration():
    secret = "x" * 60 + "production-secret-key-for-the-check-test"
    production = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secret,
        "DJANGO_ALLOWED_HOSTS": "console.example.com",
        "CONSOLE_CONTACT_HMAC_KEYS": "h1:" + "B" * 43 + "=",
    }
    bad = run_manage("check", "--deploy", CONSOLE_ENCRYPTION_KEYS="k1:short", **production)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "(console.E001) CONSOLE_ENCRYPTION_KEYS: key `k1` is not base64" in bad.stderr
    assert "Traceback" not in bad.stderr
    good = run_manage("check", "--deploy", CONSOLE_ENCRYPTION_KEYS=GOOD, **production)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "console.E001" not in good.stdout + good.stderr
