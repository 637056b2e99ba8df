"""A small world for the outreach tests: a creator with a contact e-mail and a consent
record, a template and a PENDING match; a movable clock; the test keys.

Import the fixtures into a test module with `from tests.matches.outreach_support import *`
(they are pytest fixtures, found by name).
"""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.urls import reverse

from creators import services as creator_services
from creators.crypto import generate_key_spec
from matches.outreach import address_hmac, clock, consent, templating
from matches.outreach.domain import SEOUL
from tests.matches.factories import stored_match

TEST_ENCRYPTION_KEYS = generate_key_spec("k1")
TEST_HMAC_KEYS = address_hmac.generate_key_spec("h1")
PUBLIC_BASE = "https://console.example.com"
ADDRESS = "Creator@Example.com"
DAYTIME = dt.datetime(2026, 3, 10, 11, 0, tzinfo=SEOUL)

__all__ = ["english", "live_world", "now_at", "outreach_settings", "world"]


@pytest.fixture(autouse=True)
def outreach_settings(settings):
    settings.CONSOLE_ENCRYPTION_KEYS = TEST_ENCRYPTION_KEYS
    settings.CONSOLE_CONTACT_HMAC_KEYS = TEST_HMAC_KEYS
    settings.OUTREACH_PUBLIC_BASE_URL = PUBLIC_BASE
    settings.OUTREACH_FROM_EMAIL = "outreach@dot-marketing.example"
    settings.OUTREACH_SENDER_NAME = "닷마케팅"
    settings.OUTREACH_SENDER_CONTACT = "02-123-4567, outreach@dot-marketing.example"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


@pytest.fixture(autouse=True)
def english(settings):
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def now_at(monkeypatch):
    """now_at(datetime): the outreach clock shows that moment from now on (11:00 at first)."""

    def move(moment: dt.datetime):
        monkeypatch.setattr(clock, "now", lambda: moment.astimezone(dt.UTC))

    move(DAYTIME)
    return move


@dataclass
class World:
    creator_id: str
    match_id: str
    template_id: str

    def send_url(self, kind="outreach"):
        return reverse(f"admin:matches_match_{kind}", args=[self.match_id])

    def consent_url(self):
        return reverse("admin:matches_match_consent", args=[self.creator_id])


@pytest.fixture
def world(dynamo_tables, now_at):
    """make(...) -> World: a creator (with `email`, consent unless `consented=False`), a
    Korean template and a PENDING match between a store and that creator."""
    return make_world


@pytest.fixture
def live_world(live_dynamo, now_at):
    """The same on the embedded DynamoDB server (its data lasts the session: use a new
    `channel_id` in every test)."""
    return make_world


def make_world(
    *,
    email: str | None = ADDRESS,
    consented: bool = True,
    night: bool = False,
    consented_on: dt.date = dt.date(2025, 5, 1),
    channel_id: str = "matjip",
) -> World:
    creator = creator_services.creator_add_manual(
        platform="instagram",
        channel_id=channel_id,
        channel_name="맛집 탐방",
        categories=["food"],
        contact={"email": email} if email else None,
        actor="t",
    )
    if consented:
        consent.creator_consent_record(
            creator_id=creator.creator_id,
            basis="applied",
            consented_on=consented_on,
            source="신청서 #12",
            night_time_agreed=night,
            actor="t",
        )
    template = templating.outreach_template_save(
        template_id=None,
        name="첫 제안",
        language="ko",
        subject="{{ store_name }} 협찬 제안",
        body=(
            "{{ creator_name }}님, 안녕하세요.\n{{ store_name }}에서 {{ offer }}을 제안드립니다."
        ),
        actor="t",
    )
    match = stored_match(store_id="s-1", creator_id=creator.creator_id)
    return World(creator.creator_id, match.match_id, template.template_id)


def send_form(world: World, client, *, offer="2인 식사", send=True, version=None, kind="outreach"):
    """POST the send page as its preview form does; the response (not followed)."""
    from matches.repository import MatchRepository

    match = MatchRepository().find(world.match_id)
    data = {
        "template": world.template_id,
        "offer": offer,
        "expected_version": match.version if version is None else version,
    }
    if send:
        data["_send"] = "Send"
    return client.post(world.send_url(kind), data)
