"""Outreach rules through pages and commands: quiet hours and the queue, the public
opt-out, consent records, templates, HMAC key rotation and the key check."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from matches.domain import MatchStatus
from matches.outreach import address_hmac
from matches.outreach.domain import SEOUL
from matches.outreach.repository import OutboxRepository, QueueRepository
from matches.repository import MatchRepository
from tests.matches.outreach_support import *  # noqa: F403
from tests.matches.outreach_support import ADDRESS, TEST_HMAC_KEYS, send_form

pytestmark = pytest.mark.django_db

NIGHT = dt.datetime(2026, 3, 10, 22, 30, tzinfo=SEOUL)


def _page(response) -> str:
    return response.content.decode()


def _notes(client, url) -> str:
    return " ".join(str(m) for m in client.get(url).context["messages"])


# --- quiet hours -------------------------------------------------------------------------------


def test_at_night_the_message_waits_for_the_queue_and_the_page_says_so(world, client_as, now_at):
    w = world()
    client = client_as("editor")
    now_at(NIGHT)
    page = _page(client.get(w.send_url()))
    assert "send_outreach_queue sends it after 2026-03-11 08:00" in page
    preview = _page(send_form(w, client, send=False))
    assert "Queue until 08:00" in preview

    assert send_form(w, client).status_code == 302
    assert "send_outreach_queue sends it after 2026-03-11 08:00" in _notes(client, w.send_url())
    assert mail.outbox == []
    assert MatchRepository().find(w.match_id).status is MatchStatus.PENDING
    send_form(w, client)  # a second click queues nothing more
    assert len(QueueRepository().due(NIGHT + dt.timedelta(days=1))) == 1

    now_at(NIGHT + dt.timedelta(minutes=30))  # 23:00: not due yet
    call_command("send_outreach_queue", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []

    now_at(dt.datetime(2026, 3, 11, 8, 5, tzinfo=SEOUL))
    out = _run_queue()
    assert "1 sent, 0 not sent" in out
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("(광고)")
    match = MatchRepository().find(w.match_id)
    assert match.status is MatchStatus.CONTACTED
    assert match.status_history[-1].by == "system:send_outreach_queue"
    assert QueueRepository().due(NIGHT + dt.timedelta(days=2)) == []
    assert "0 sent, 0 not sent" in _run_queue()
    assert len(mail.outbox) == 1


def test_a_creator_who_agreed_to_night_messages_gets_it_at_once(world, client_as, now_at):
    w = world(night=True)
    now_at(NIGHT)
    assert send_form(w, client_as("editor")).status_code == 302
    assert len(mail.outbox) == 1


def test_quiet_hours_run_from_21_to_8_in_seoul(world, client_as, now_at):
    w = world()
    client = client_as("editor")
    for hour, quiet in [(7, True), (8, False), (20, False), (21, True), (0, True)]:
        now_at(dt.datetime(2026, 3, 10, hour, 59 if hour in (7, 20) else 0, tzinfo=SEOUL))
        shown = "outreach-quiet-hours" in _page(client.get(w.send_url()))
        assert shown is quiet, hour


def test_a_queued_message_is_not_sent_if_the_address_opted_out_meanwhile(world, client_as, now_at):
    w = world()
    client = client_as("editor")
    now_at(NIGHT)
    send_form(w, client)
    client.post(reverse("admin:matches_match_do_not_contact_add"), {"address": ADDRESS})
    now_at(dt.datetime(2026, 3, 11, 9, 0, tzinfo=SEOUL))
    with pytest.raises(CommandError, match="1 queued message"):
        _run_queue()
    assert mail.outbox == []
    [item] = OutboxRepository().of_match(w.match_id)
    assert item.state == "failed" and "do-not-contact" in item.problem


def _run_queue() -> str:
    import io

    out = io.StringIO()
    call_command("send_outreach_queue", stdout=out, stderr=out)
    return out.getvalue()


# --- the public opt-out ------------------------------------------------------------------------


def _opt_out_url(world_, client) -> str:
    send_form(world_, client)
    body = mail.outbox[-1].body
    return re.search(r"https://console\.example\.com(/opt-out/\S+/)", body).group(1)


def test_the_opt_out_page_needs_no_login_and_a_csrf_protected_click(world, client_as):
    w = world()
    path = _opt_out_url(w, client_as("editor"))
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(path)
    assert page.status_code == 200 and 'id="confirm-opt-out"' in _page(page)
    assert visitor.post(path).status_code == 403  # no CSRF token: refused
    token = page.cookies["csrftoken"].value
    done = visitor.post(path, {"csrfmiddlewaretoken": token})
    assert done.status_code == 200 and 'data-state="done"' in _page(done)
    assert visitor.post(path, {"csrfmiddlewaretoken": token}).status_code == 200  # again: same

    second = world(channel_id="second-channel")  # another creator, same address
    response = send_form(second, client_as("admin"))
    assert "do-not-contact list" in _page(response)
    assert len(mail.outbox) == 1


def test_one_click_unsubscribe_works_without_csrf_and_blocks_the_address(world, client_as):
    w = world()
    client = client_as("editor")
    path = _opt_out_url(w, client)
    one_click = mail.outbox[-1].extra_headers["List-Unsubscribe"].strip("<>")
    assert one_click.endswith(path + "one-click/")
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        path + "one-click/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert mail_program.get(path + "one-click/").status_code == 405
    entries = list(_dnc_items())
    assert {e.source for e in entries} == {"opt_out_link"}
    assert entries[0].match_id == w.match_id
    refused = send_form(w, client, kind="send_follow_up")
    assert "do-not-contact list" in _page(refused)


def test_a_forged_or_altered_opt_out_link_is_refused(world, client_as):
    w = world()
    path = _opt_out_url(w, client_as("editor"))
    altered = path.replace("/opt-out/", "/opt-out/x")
    assert Client().get(altered).status_code == 400
    assert Client().post(altered + "one-click/").status_code == 400
    assert Client().get("/opt-out/not-a-token/").status_code == 400
    assert list(_dnc_items()) == []


def _dnc_items():
    from matches.outreach.do_not_contact import do_not_contact_list

    return do_not_contact_list().items


# --- the HMAC keys -----------------------------------------------------------------------------


def test_after_a_key_rotation_the_list_still_blocks_and_new_entries_use_every_key(
    world, client_as, settings
):
    w = world()
    client = client_as("editor")
    client.post(reverse("admin:matches_match_do_not_contact_add"), {"address": ADDRESS})
    settings.CONSOLE_CONTACT_HMAC_KEYS = address_hmac.generate_key_spec("h2") + "," + TEST_HMAC_KEYS
    response = send_form(w, client)
    assert "do-not-contact list" in _page(response)
    client.post(reverse("admin:matches_match_do_not_contact_add"), {"address": "b@example.com"})
    # The first address under the old key only; the new one under both.
    assert sorted(e.key_id for e in _dnc_items()) == ["h1", "h1", "h2"]


def test_a_malformed_hmac_key_list_fails_the_check(settings):
    settings.CONSOLE_CONTACT_HMAC_KEYS = "h1:short"
    with pytest.raises(Exception, match=r"console.E003\) CONSOLE_CONTACT_HMAC_KEYS: key `h1`"):
        call_command("check")
    settings.CONSOLE_CONTACT_HMAC_KEYS = TEST_HMAC_KEYS + "," + TEST_HMAC_KEYS
    with pytest.raises(Exception, match="listed twice"):
        call_command("check")


# --- consent -----------------------------------------------------------------------------------


def test_staff_record_consent_and_the_old_record_stays_in_the_history(world, client_as):
    w = world(consented=False)
    client = client_as("editor")
    assert 'id="consent-none"' in _page(client.get(w.consent_url()))
    record_url = reverse("admin:matches_match_consent_record", args=[w.creator_id])
    data = {
        "basis": "replied",
        "consented_on": "2026-03-01",
        "source": "회신 메일 2026-03-01",
        "expected_version": 0,
    }
    assert client.post(record_url, data).status_code == 302
    page = _page(client.get(w.consent_url()))
    assert "Replied to a first inquiry" in page and "editor-user" in page
    again = {**data, "basis": "applied", "night_time_agreed": "on", "expected_version": 1}
    assert client.post(record_url, again).status_code == 302
    page = _page(client.get(w.consent_url()))
    assert 'id="consent-history"' in page and "Replied to a first inquiry" in page
    stale = client.post(record_url, {**data, "expected_version": 1})
    assert "changed by someone else" in _page(stale)
    future = client.post(record_url, {**data, "consented_on": "2026-04-01", "expected_version": 2})
    assert "cannot be in the future" in _page(future)
    assert client_as("viewer").post(record_url, data).status_code == 403


def test_consent_older_than_two_years_is_flagged_for_reconfirmation(world, client_as, now_at):
    w = world(consented_on=dt.date(2024, 3, 10))
    client = client_as("editor")
    now_at(dt.datetime(2026, 3, 9, 12, 0, tzinfo=SEOUL))
    assert "consent-reconfirm" not in _page(client.get(w.consent_url()))
    now_at(dt.datetime(2026, 3, 10, 12, 0, tzinfo=SEOUL))
    assert 'id="consent-reconfirm"' in _page(client.get(w.consent_url()))
    assert "more than two years old" in _page(client.get(w.send_url()))


# --- templates ---------------------------------------------------------------------------------


def test_admins_edit_templates_with_a_preview_and_editors_may_not(world, client_as):
    world()
    admin = client_as("admin")
    add = reverse("admin:matches_match_outreach_template_add")
    data = {
        "name": "Follow-up (English)",
        "language": "en",
        "subject": "About {{ store_name }}",
        "body": "Hello {{ creator_name }}, {{ offer }}",
    }
    preview = admin.post(add, {**data, "_preview": "1"})
    assert "(광고) About 연남 국밥집" in _page(preview)
    assert "To stop receiving it, free of charge" in _page(preview)  # the footer in English
    assert "Follow-up (English)" not in _page(
        admin.get(reverse("admin:matches_match_outreach_templates"))
    )
    unknown = admin.post(add, {**data, "body": "{{ phone_number }}"})
    assert "Unknown merge fields: {{ phone_number }}" in _page(unknown)
    assert admin.post(add, data).status_code == 302
    listing = _page(admin.get(reverse("admin:matches_match_outreach_templates")))
    assert "Follow-up (English)" in listing

    editor = client_as("editor")
    assert editor.get(add).status_code == 403
    assert editor.get(reverse("admin:matches_match_outreach_templates")).status_code == 200


def test_a_stale_template_edit_is_refused(world, client_as):
    w = world()
    admin = client_as("admin")
    url = reverse("admin:matches_match_outreach_template_change", args=[w.template_id])
    data = {"name": "n", "language": "ko", "subject": "s", "body": "b", "expected_version": 1}
    assert admin.post(url, data).status_code == 302
    stale = admin.post(url, {**data, "name": "other"})
    assert "changed by someone else" in _page(stale)
    assert (
        admin.get(
            reverse(
                "admin:matches_match_outreach_template_change",
                args=["00000000-0000-0000-0000-000000000000"],
            )
        ).status_code
        == 404
    )
