"""Outreach e-mail through a real SMTP server (aiosmtpd on a free local port): the
`(광고)` subject, the opt-out link and headers as they arrive, and a retry after a timeout
that does not send the message twice."""

import asyncio
import email
from email import policy

import pytest
from aiosmtpd.controller import Controller

from marketing.localdb.process import free_port
from matches.domain import MatchStatus
from matches.outreach.repository import OutboxRepository
from matches.repository import MatchRepository
from tests.matches.outreach_support import *  # noqa: F403
from tests.matches.outreach_support import ADDRESS, PUBLIC_BASE, send_form

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


class Recorder:
    """Keeps every message it accepts; `delay` holds the reply to DATA that long."""

    def __init__(self):
        self.received: list[tuple[str, list[str], bytes]] = []
        self.delay = 0.0

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        await asyncio.sleep(self.delay)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 1
    yield recorder
    controller.stop()


def test_the_message_arrives_lawful_and_its_one_click_link_opts_out(world, client_as, smtp_server):
    from django.test import Client

    w = world()
    client = client_as("editor")
    assert send_form(w, client).status_code == 302
    [(sender, recipients, raw)] = smtp_server.received
    assert sender == "outreach@dot-marketing.example" and recipients == [ADDRESS]
    arrived = email.message_from_bytes(raw, policy=policy.default)
    assert arrived["Subject"].startswith("(광고) ")
    assert arrived["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    one_click = "".join(arrived["List-Unsubscribe"].split()).strip("<>")
    assert one_click.startswith(f"{PUBLIC_BASE}/opt-out/") and one_click.endswith("/one-click/")
    body = arrived.get_content()
    assert one_click.removesuffix("one-click/") in body
    assert "닷마케팅" in body and "02-123-4567" in body
    match = MatchRepository().find(w.match_id)
    assert match.status is MatchStatus.CONTACTED
    assert match.communication.messages[0].message_id == arrived["Message-ID"]

    # What a mail program does with the header (RFC 8058): a POST, no cookies, no token.
    response = Client(enforce_csrf_checks=True).post(
        one_click.removeprefix(PUBLIC_BASE),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    refused = send_form(w, client, kind="send_follow_up")
    assert "do-not-contact list" in refused.content.decode()
    assert len(smtp_server.received) == 1


def test_a_retry_after_a_timeout_does_not_send_twice(world, client_as, smtp_server):
    w = world()
    client = client_as("editor")
    smtp_server.delay = 3  # takes the message, then answers after the client gave up
    timed_out = send_form(w, client)
    assert timed_out.status_code == 200
    assert "stopped answering" in timed_out.content.decode()
    [item] = OutboxRepository().of_match(w.match_id)
    assert item.state == "unknown"
    assert MatchRepository().find(w.match_id).status is MatchStatus.PENDING

    smtp_server.delay = 0
    retry = send_form(w, client)
    assert retry.status_code == 200
    assert "it is not sent again" in retry.content.decode()
    assert len(smtp_server.received) == 1

    # Staff checked the server's log: it went out. The match records it, nothing is sent.
    page = client.get(w.send_url()).content.decode()
    assert 'class="outbox-unknown"' in page
    from django.urls import reverse

    resolve = reverse("admin:matches_match_outbox_resolve", args=[w.match_id, "first"])
    assert client.post(resolve, {"went_out": "yes"}).status_code == 302
    match = MatchRepository().find(w.match_id)
    assert match.status is MatchStatus.CONTACTED
    assert [m.message_id for m in match.communication.messages] == [item.message_id]
    assert send_form(w, client).status_code == 302  # "already sent"
    assert len(smtp_server.received) == 1


def test_staff_racing_to_send_one_message_send_it_once(live_world, settings):
    """Eight staff press "Send" at the same moment, on the embedded DynamoDB server."""
    import threading
    import uuid

    from django.core import mail

    from matches.outreach import match_send_outreach
    from matches.outreach.domain import OutreachError

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    w = live_world(channel_id=f"race-{uuid.uuid4().hex[:8]}")
    start = threading.Barrier(8)
    outcomes: list[str] = []

    def press(number):
        start.wait()
        try:
            result = match_send_outreach(
                match_id=w.match_id, template_id=w.template_id, actor=f"staff-{number}"
            )
            outcomes.append(result.outcome.value)
        except OutreachError as exc:
            outcomes.append("refused: " + str(exc)[:40])

    threads = [threading.Thread(target=press, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcomes.count("sent") == 1, outcomes
    assert len(outcomes) == 8
    assert len(mail.outbox) == 1
    match = MatchRepository().find(w.match_id, consistent=True)
    assert match.status is MatchStatus.CONTACTED and len(match.communication.messages) == 1
    assert len(match.status_history) == 1
