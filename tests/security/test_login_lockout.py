"""Login throttling (django-axes): repeated failures lock the user name and the address."""

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.5"
OFFICE = "198.51.100.7"
PROXY = "10.0.0.2"
LOCKED_EN = "Too many failed log-ins: this account, or this address, is locked."


@pytest.fixture(autouse=True)
def lockout_settings(settings):
    from datetime import timedelta

    # The production defaults, whatever the developer's environment says.
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    settings.CONSOLE_CLIENT_IP_HEADER = ""
    settings.CONSOLE_TRUSTED_PROXY_COUNT = 1
    # Each checked password would cost ~0.4 s with the real hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings


def log_in(client, username, password, address=ATTACKER, **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
        headers=headers,
    )


def logged_in(response):
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


def fail(client, username, times, address=ATTACKER, **headers):
    for _ in range(times):
        response = log_in(client, username, "wrong-password", address, **headers)
        assert not logged_in(response)
    return response


def test_thirty_wrong_passwords_then_the_right_one_is_refused_with_the_message(client, make_staff):
    make_staff("viewer")
    last = fail(client, "viewer-user", 30)
    assert last.status_code == 429
    response = log_in(client, "viewer-user", "pw-viewer-123!")
    assert response.status_code == 429
    body = response.content.decode()
    assert LOCKED_EN in body
    assert "Try again in 15 minutes, or ask a console admin to unlock it." in body
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302  # still not logged in


def test_the_lock_starts_at_the_failure_limit(client, make_staff):
    make_staff("viewer")
    assert fail(client, "viewer-user", 4).status_code == 200  # the login form, with its error
    assert fail(client, "viewer-user", 1).status_code == 429


def test_the_message_is_korean_by_default(client, make_staff):
    make_staff("viewer")
    client.cookies["django_language"] = "ko"
    fail(client, "viewer-user", 5)
    body = log_in(client, "viewer-user", "pw-viewer-123!").content.decode()
    assert "로그인 실패가 너무 많아" in body
    assert "15분" in body
    assert LOCKED_EN not in body


def test_a_different_user_from_another_address_is_not_locked(client, make_staff):
    make_staff("viewer")
    make_staff("editor")
    fail(client, "viewer-user", 30)
    assert logged_in(log_in(client, "editor-user", "pw-editor-123!", address=OFFICE))


def test_the_user_is_locked_from_every_address_and_the_address_for_every_user(client, make_staff):
    make_staff("viewer")
    make_staff("editor")
    fail(client, "viewer-user", 5)
    assert log_in(client, "viewer-user", "pw-viewer-123!", address=OFFICE).status_code == 429
    assert log_in(client, "editor-user", "pw-editor-123!").status_code == 429


def test_guessing_many_user_names_from_one_address_locks_the_address(client, make_staff):
    make_staff("editor")
    for n in range(5):
        log_in(client, f"guess-{n}", "wrong-password")
    assert log_in(client, "editor-user", "pw-editor-123!").status_code == 429
    assert logged_in(log_in(client, "editor-user", "pw-editor-123!", address=OFFICE))


def test_a_successful_login_below_the_limit_starts_the_count_again(client, make_staff):
    make_staff("viewer")
    fail(client, "viewer-user", 4)
    assert logged_in(log_in(client, "viewer-user", "pw-viewer-123!"))
    client.logout()
    assert fail(client, "viewer-user", 4).status_code == 200


def test_after_unlock_by_command_login_works(client, make_staff):
    make_staff("viewer")
    fail(client, "viewer-user", 30)
    call_command("axes_reset_username", "viewer-user", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert logged_in(log_in(client, "viewer-user", "pw-viewer-123!"))


def test_a_superuser_unlocks_in_the_console(client, make_staff, django_user_model):
    from axes.models import AccessAttempt

    make_staff("viewer")
    fail(client, "viewer-user", 30)
    root = django_user_model.objects.create_superuser("root", password="x-Root-12345")
    client.force_login(root)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Login lockouts" in index
    changelist = reverse("admin:axes_accessattempt_changelist")
    page = client.get(changelist)
    assert page.status_code == 200
    assert "viewer-user" in page.content.decode()
    ids = [str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)]
    confirm = {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    assert client.post(changelist, confirm).status_code == 302
    assert not AccessAttempt.objects.exists()
    client.logout()
    assert logged_in(log_in(client, "viewer-user", "pw-viewer-123!"))


def test_only_superusers_see_or_clear_lockouts(client_as):
    client = client_as("admin")
    assert "Login lockouts" not in client.get(reverse("admin:index")).content.decode()
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


def test_the_failure_record_keeps_no_password(client, make_staff):
    from axes.models import AccessAttempt

    make_staff("viewer")
    log_in(client, "viewer-user", "secret-Guess-42")
    [attempt] = AccessAttempt.objects.all()
    assert "secret-Guess-42" not in attempt.post_data


# --- the client's address behind a proxy --------------------------------------------


def test_without_a_configured_header_a_forged_forwarded_for_changes_nothing(client, make_staff):
    make_staff("editor")
    for n in range(5):
        log_in(client, f"guess-{n}", "wrong-password", X_Forwarded_For=f"192.0.2.{n}")
    response = log_in(client, "editor-user", "pw-editor-123!", X_Forwarded_For="192.0.2.77")
    assert response.status_code == 429


def test_behind_the_proxy_each_client_is_counted_by_the_address_the_proxy_saw(
    client, make_staff, settings
):
    settings.CONSOLE_CLIENT_IP_HEADER = "X-Forwarded-For"
    make_staff("editor")
    for n in range(5):
        # The attacker forges the header; the proxy appends the address it really saw.
        log_in(
            client, f"guess-{n}", "wrong-password", PROXY, X_Forwarded_For=f"{OFFICE}, {ATTACKER}"
        )
    from axes.models import AccessAttempt

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    # Everyone shares the proxy's connection, yet the office is not locked out...
    assert logged_in(log_in(client, "editor-user", "pw-editor-123!", PROXY, X_Forwarded_For=OFFICE))
    client.logout()
    # ...while the attacker's address is.
    response = log_in(client, "editor-user", "pw-editor-123!", PROXY, X_Forwarded_For=ATTACKER)
    assert response.status_code == 429


def test_two_trusted_proxies_take_the_address_the_outer_one_saw(rf, settings):
    from marketing.client_ip import client_ip

    settings.CONSOLE_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.CONSOLE_TRUSTED_PROXY_COUNT = 2
    forged, client_address, outer_proxy = "192.0.2.1", ATTACKER, "10.0.0.1"
    header = f"{forged}, {client_address}, {outer_proxy}"
    request = rf.post("/login/", REMOTE_ADDR=PROXY, headers={"X-Forwarded-For": header})
    assert client_ip(request) == client_address
    # Fewer entries than proxies, or garbage: only the connection is trusted.
    request = rf.post("/login/", REMOTE_ADDR=PROXY, headers={"X-Forwarded-For": ATTACKER})
    assert client_ip(request) == PROXY
    request = rf.post("/login/", REMOTE_ADDR=PROXY, headers={"X-Forwarded-For": "x, y"})
    assert client_ip(request) == PROXY


def test_check_deploy_warns_when_the_client_address_source_is_not_set(settings):
    from marketing.checks import client_address_check

    settings.CONSOLE_CLIENT_IP_HEADER = ""
    assert [m.id for m in client_address_check(None)] == ["console.W001"]
    for header in ("X-Forwarded-For", "REMOTE_ADDR"):
        settings.CONSOLE_CLIENT_IP_HEADER = header
        assert client_address_check(None) == []
    settings.CONSOLE_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.CONSOLE_TRUSTED_PROXY_COUNT = 0
    assert [m.id for m in client_address_check(None)] == ["console.E002"]
