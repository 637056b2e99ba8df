"""Sending outreach e-mail through its page: preview first, `(광고)`, the legal footer and
headers, recorded on the match in the transition's write, never twice, clear refusals."""

import email
from email import policy

import pytest
from django.core import mail

from creators import crypto
from matches.domain import MatchStatus
from matches.outreach.repository import OutboxRepository
from matches.repository import MatchRepository
from tests.matches.outreach_support import *  # noqa: F403
from tests.matches.outreach_support import ADDRESS, PUBLIC_BASE, send_form

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_the_page_says_who_gets_it_and_on_which_consent(world, client_as):
    w = world()
    body = _page(client_as("editor").get(w.send_url()))
    assert ADDRESS in body
    assert "Applied through our form" in body and "신청서 #12" in body
    assert 'id="outreach-problems"' not in body


def test_preview_shows_the_message_and_sends_nothing(world, client_as):
    w = world()
    before = MatchRepository().find(w.match_id)
    response = send_form(w, client_as("editor"), send=False)
    body = _page(response)
    assert response.status_code == 200
    assert "(광고) 연남 국밥집 협찬 제안" in body
    assert "2인 식사을 제안드립니다" in body
    assert "닷마케팅" in body and "02-123-4567" in body
    assert f"{PUBLIC_BASE}/opt-out/" in body
    assert mail.outbox == []
    assert MatchRepository().find(w.match_id).version == before.version
    assert OutboxRepository().of_match(w.match_id) == []


def test_sending_puts_one_lawful_message_in_the_mail_and_records_it(world, client_as):
    w = world()
    client = client_as("editor")
    response = send_form(w, client)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    parsed = email.message_from_bytes(sent.message().as_bytes(), policy=policy.default)
    assert parsed["Subject"].startswith("(광고) ")
    assert parsed["To"] == ADDRESS
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    one_click = "".join(parsed["List-Unsubscribe"].split()).strip("<>")
    assert one_click.startswith(f"{PUBLIC_BASE}/opt-out/") and one_click.endswith("/one-click/")
    text = parsed.get_content()
    assert one_click.removesuffix("one-click/") in text
    assert "닷마케팅" in text and "02-123-4567" in text
    assert "수신을 원하지 않으시면" in text and "무료" in text  # the footer in Korean

    match = MatchRepository().find(w.match_id)
    assert match.status is MatchStatus.CONTACTED and match.ttl is None
    assert match.status_history[-1].by == "editor-user"
    [message] = match.communication.messages
    assert message.subject == parsed["Subject"] and message.kind == "first"
    assert message.message_id == parsed["Message-ID"]
    assert match.communication.last_contact_at == message.at
    opened = crypto.open_contact({"email": match.communication.email}, creator_id=w.creator_id)
    assert opened["email"] == ADDRESS
    assert ADDRESS not in str(match.model_dump())  # the address is stored sealed only

    follow = client.get(w.send_url())
    notes = " ".join(_messages(follow))
    assert "relying on consent: Applied through our form, 2025-05-01" in notes


def test_a_double_click_or_a_second_try_sends_nothing_more(world, client_as):
    w = world()
    client = client_as("editor")
    version = MatchRepository().find(w.match_id).version
    send_form(w, client, version=version)
    again = send_form(w, client, version=version)  # the same page, posted twice
    assert again.status_code == 200 and "changed by someone else" in _page(again)
    fresh = send_form(w, client)  # a reloaded page, sent again
    assert fresh.status_code == 302
    assert "Already sent; not sent again" in " ".join(_messages(client.get(w.send_url())))
    assert len(mail.outbox) == 1
    assert len(MatchRepository().find(w.match_id).communication.messages) == 1


def test_a_message_another_staff_member_is_sending_is_not_sent_again(world, client_as):
    from matches.outreach import sending

    w = world()
    preview = sending.outreach_preview(
        match_id=w.match_id, template_id=w.template_id, sender_name="x"
    )
    assert preview.queued_until is None
    # Someone else claimed the first message a moment ago and is talking to the server.
    repository = OutboxRepository()
    repository.create(
        sending.OutboxMessage(
            match_id=w.match_id,
            idempotency_key="first",
            kind="first",
            state="sending",
            template_id=w.template_id,
            template_version=1,
            subject=preview.message.subject,
            body=preview.message.body,
            message_id="<x@y>",
            opt_out_url=preview.opt_out_url,
            email="sealed",
            consent_basis="applied",
            requested_by="lee",
        ),
        actor="lee",
    )
    response = send_form(w, client_as("editor"))
    assert response.status_code == 200
    assert "being sent right now" in _page(response)
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ({"email": None}, "has no contact e-mail"),
        ({"consented": False}, "There is no consent record"),
    ],
)
def test_no_address_or_no_consent_is_refused_and_nothing_is_written(
    world, client_as, setup, expected
):
    w = world(**setup)
    before = MatchRepository().find(w.match_id)
    client = client_as("editor")
    assert expected in _page(client.get(w.send_url()))
    response = send_form(w, client)
    assert response.status_code == 200 and expected in _page(response)
    assert mail.outbox == []
    assert MatchRepository().find(w.match_id).version == before.version
    assert OutboxRepository().of_match(w.match_id) == []


def test_an_undecryptable_contact_is_refused_and_nothing_is_written(world, client_as, settings):
    w = world()
    settings.CONSOLE_ENCRYPTION_KEYS = crypto.generate_key_spec("k9")  # k1 is gone
    before = MatchRepository().find(w.match_id)
    response = send_form(w, client_as("editor"))
    assert "cannot be read" in _page(response) and "k1" in _page(response)
    assert mail.outbox == []
    assert MatchRepository().find(w.match_id).version == before.version
    assert OutboxRepository().of_match(w.match_id) == []


def test_an_address_staff_put_on_the_do_not_contact_list_gets_nothing(world, client_as):
    w = world()
    client = client_as("editor")
    from django.urls import reverse

    added = client.post(
        reverse("admin:matches_match_do_not_contact_add"),
        {"address": "  creator@EXAMPLE.com ", "note": "asked by phone"},
    )
    assert added.status_code == 302
    response = send_form(w, client)
    assert "do-not-contact list" in _page(response)
    assert mail.outbox == []
    assert OutboxRepository().of_match(w.match_id) == []
    listing = _page(client.get(reverse("admin:matches_match_do_not_contact")))
    assert "asked by phone" in listing and "creator@example.com" not in listing.lower()


def test_viewers_may_not_send(world, client_as):
    w = world()
    client = client_as("viewer")
    assert client.get(w.send_url()).status_code == 403
    assert send_form(w, client).status_code == 403
    assert mail.outbox == []


def test_a_follow_up_goes_the_same_way_and_stops_once_the_creator_responded(world, client_as):
    from matches.services import match_transition

    w = world()
    client = client_as("editor")
    assert w.send_url("send_follow_up") not in _page(client.get(w.send_url()))
    send_form(w, client)
    assert w.send_url("send_follow_up") in _page(client.get(w.send_url()))
    response = send_form(w, client, kind="send_follow_up")
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject.startswith("(광고) ")
    assert mail.outbox[1].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    match = MatchRepository().find(w.match_id)
    assert [m.kind for m in match.communication.messages] == ["first", "follow-up"]
    assert [m.idempotency_key for m in match.communication.messages] == ["first", "follow-up-1"]
    assert match.status is MatchStatus.CONTACTED

    match_transition(match_id=w.match_id, to_status="RESPONDED", actor="kim")
    refused = send_form(w, client, kind="send_follow_up")
    assert "Follow-ups stop" in _page(refused)
    assert len(mail.outbox) == 2


def test_a_refused_send_writes_failed_and_a_new_attempt_sends(world, client_as, settings):
    from marketing.localdb.process import free_port

    w = world()
    client = client_as("editor")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    response = send_form(w, client)
    assert "Nothing was sent; try again" in _page(response)
    [item] = OutboxRepository().of_match(w.match_id)
    assert item.state == "failed" and item.problem == "ConnectionRefusedError"
    assert MatchRepository().find(w.match_id).status is MatchStatus.PENDING

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_form(w, client).status_code == 302
    assert len(mail.outbox) == 1
    [item] = OutboxRepository().of_match(w.match_id)
    assert item.state == "sent" and item.attempts == 2


def test_in_development_the_page_names_the_file_the_message_went_to(
    world, client_as, settings, tmp_path
):
    w = world()
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    client = client_as("editor")
    assert str(tmp_path / "mail") in _page(client.get(w.send_url()))
    send_form(w, client)
    notes = " ".join(_messages(client.get(w.send_url())))
    [written] = (tmp_path / "mail").iterdir()
    assert str(written) in notes
    assert "Subject: =?utf-8?" in written.read_text()  # the (광고) subject, encoded


def test_bulk_outreach_reports_each_match(world):
    from matches.outreach import match_send_outreach_bulk

    ready = world()
    no_consent = world(consented=False, channel_id="other")
    report = match_send_outreach_bulk(
        match_ids=[ready.match_id, no_consent.match_id, "00000000-0000-0000-0000-000000000000"],
        template_id=ready.template_id,
        actor="kim",
    )
    outcomes = {
        match_id: (result.outcome if result else None, note) for match_id, result, note in report
    }
    assert outcomes[ready.match_id][0] == "sent"
    assert outcomes[no_consent.match_id][0] is None
    assert "no consent record" in outcomes[no_consent.match_id][1]
    assert outcomes["00000000-0000-0000-0000-000000000000"] == (None, "There is no such match.")
    assert len(mail.outbox) == 1
    again = match_send_outreach_bulk(
        match_ids=[ready.match_id], template_id=ready.template_id, actor="kim"
    )
    assert again[0][1].outcome == "already_sent" and len(mail.outbox) == 1


def test_an_unknown_template_is_a_form_error(world, client_as):
    w = world()
    response = client_as("editor").post(
        w.send_url(), {"template": "nope", "offer": "", "expected_version": 1, "_send": "1"}
    )
    assert response.status_code == 200 and "Select a valid choice" in _page(response)
    assert mail.outbox == []
