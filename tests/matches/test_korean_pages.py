"""The match pages in Korean (the default): labels, never raw codes; times in Seoul."""

import datetime as dt
import re
import uuid
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from marketing.dynamo import serde
from matches.domain import Confidence, Finding, Priority, ScoreComponent
from matches.services import match_transition
from tests.matches.factories import stored_match

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dynamo_tables")]

CODES = re.compile(
    r"\b(PENDING|CONTACTED|RESPONDED|NEGOTIATING|ACCEPTED|COMPLETED|REJECTED|high|medium|low"
    r"|normal|same_district|hand_entered|youtube|micro|location|engagement)\b"
)


def visible(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_list_and_detail_speak_korean_with_seoul_times(client_as, monkeypatch):
    monkeypatch.setattr(serde, "utcnow", lambda: dt.datetime(2024, 5, 1, 16, 30, tzinfo=dt.UTC))
    match = stored_match(
        creator_id=str(uuid.uuid4()),
        confidence=Confidence.HIGH,
        priority=Priority.LOW,
        score_breakdown={
            "location": ScoreComponent(value=Decimal("1"), weight=Decimal("0.3")),
            "engagement": ScoreComponent(value=Decimal("0.5"), weight=Decimal("0.7")),
        },
        strengths=[
            Finding(code="same_district", params={"district": "마포구"}),
            Finding(
                code="engagement_top", params={"top": 10, "tier": "micro", "platform": "youtube"}
            ),
        ],
        problems=[Finding(code="hand_entered", params={"days": 94})],
    )
    match_transition(
        match_id=match.match_id,
        to_status="CONTACTED",
        actor="kim",
        note="DM",
        clock=lambda: dt.datetime(2024, 5, 2, 23, 5, tzinfo=dt.UTC),
    )
    client = client_as("editor")
    listing = visible(client.get(reverse("admin:matches_match_changelist") + "?status=CONTACTED"))
    assert "연락함" in listing and "신뢰도 높음" in listing
    assert CODES.findall(listing) == []

    detail = visible(
        client.get(reverse("admin:matches_match_detail", kwargs={"match_id": match.match_id}))
    )
    assert CODES.findall(detail) == []
    assert "같은 구 (마포구)" in detail and "94일 전에 직접 입력한 수치" in detail
    assert "위치 적합도" in detail and "추천됨 → 연락함" in detail
    assert "2024-05-02 01:30" in detail  # made at 16:30 UTC
    assert "2024-05-03 08:05" in detail  # contacted at 23:05 UTC
    assert "응답 기록" in detail and "거절" in detail  # the buttons, in words
