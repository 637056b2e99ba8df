"""Store-visit attribution: the baseline taken on going ACTIVE, and campaign_followups'
+14 / +30 day checkpoints from faked Naver pages (through the stores cache)."""

import datetime as dt
import io
import re

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.urls import reverse

from campaigns.domain import (
    Attribution,
    Budget,
    CampaignStatus,
    KeywordCount,
    ReviewSnapshot,
)
from campaigns.repository import CampaignRepository
from campaigns.services import campaign_followups, campaign_transition
from stores import services as store_services
from stores.domain import store_id_for
from tests.campaigns.factories import stored_campaign
from tests.stores import pages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dynamo_tables")]

PLACE = "31000001"
STORE_ID = store_id_for(PLACE)
HOME = f"https://m.place.naver.com/place/{PLACE}/home"
NAVER_PAGES = re.compile(r"https://m\.place\.naver\.com/.*")
KEYWORDS = [
    ("food_good", "음식이 맛있어요", 120),
    ("kind", "친절해요", 60),
    ("large", "양이 많아요", 30),
]
GROWN_KEYWORDS = [
    ("food_good", "음식이 맛있어요", 150),
    ("kind", "친절해요", 61),
    ("large", "양이 많아요", 30),
    ("photo", "사진이 잘 나와요", 9),
]


def now():
    return dt.datetime.now(dt.UTC)


def store_page(visitors=420, blogs=77, keywords=KEYWORDS):
    return pages.home_page(PLACE, visitor_total=visitors, blog_total=blogs, keywords=keywords)


def import_store(at=None, **page):
    return store_services.store_import_html(
        html=store_page(**page),
        actor="t",
        clock=(lambda: at) if at else store_services.serde.utcnow,
    ).profile


def launched(days_ago: int, *, status=CampaignStatus.ACTIVE, checkpoints=(), spent=600_000, **kw):
    """A campaign that went ACTIVE `days_ago` with the baseline of store_page()."""
    taken = now() - dt.timedelta(days=days_ago)
    return stored_campaign(
        store_id=STORE_ID,
        status=status,
        budget=Budget(total=1_000_000, spent=spent),
        attribution=Attribution(
            naver_place_id=PLACE,
            source_url=HOME,
            baseline=ReviewSnapshot(
                taken_at=taken,
                scraped_at=taken,
                visitor_review_count=420,
                blog_review_count=77,
                keywords=[KeywordCount(label=label, count=n) for _c, label, n in KEYWORDS],
            ),
            checkpoints=list(checkpoints),
        ),
        **kw,
    )


def stored(campaign):
    return CampaignRepository().find(campaign.campaign_id, consistent=True)


def run_followups() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("campaign_followups", stdout=out, stderr=err)
    except CommandError as exc:
        return 1, out.getvalue(), err.getvalue() + str(exc)
    return 0, out.getvalue(), err.getvalue()


# --- the baseline -------------------------------------------------------------------------


def test_launching_from_the_page_records_the_stores_reviews_as_the_baseline(client_as):
    profile = import_store()
    campaign = stored_campaign(store_id=STORE_ID, status=CampaignStatus.SCHEDULED)
    client = client_as("editor")
    response = client.post(
        reverse(
            "admin:campaigns_campaign_transition", kwargs={"campaign_id": campaign.campaign_id}
        ),
        {"to": "ACTIVE", "version": campaign.version},
        follow=True,
    )
    after = stored(campaign)
    base = after.attribution.baseline
    assert after.status is CampaignStatus.ACTIVE and after.version == campaign.version + 1
    assert (base.visitor_review_count, base.blog_review_count) == (420, 77)
    assert [(k.label, k.count) for k in base.keywords[:3]] == [
        ("음식이 맛있어요", 120),
        ("친절해요", 60),
        ("양이 많아요", 30),
    ]
    assert base.scraped_at == profile.scraped_at
    assert after.attribution.naver_place_id == PLACE
    assert after.attribution.launched_at == after.status_history[-1].at
    text = BeautifulSoup(response.content, "html.parser").select_one("#baseline").get_text()
    assert "420 visitor reviews, 77 blog reviews" in text


def test_resuming_keeps_the_first_baseline():
    import_store()
    campaign = stored_campaign(store_id=STORE_ID, status=CampaignStatus.SCHEDULED)
    first = campaign_transition(campaign_id=campaign.campaign_id, to_status="ACTIVE", actor="k")
    campaign_transition(campaign_id=campaign.campaign_id, to_status="PAUSED", actor="k")
    import_store(visitors=999)
    resumed = campaign_transition(campaign_id=campaign.campaign_id, to_status="ACTIVE", actor="k")
    assert resumed.attribution.baseline == first.attribution.baseline


def test_the_command_records_the_baseline_too():
    import_store()
    campaign = stored_campaign(store_id=STORE_ID, status=CampaignStatus.SCHEDULED)
    call_command("campaign_transition", campaign.campaign_id, "ACTIVE", stdout=io.StringIO())
    assert stored(campaign).attribution.baseline.visitor_review_count == 420


def test_without_a_store_profile_there_is_no_baseline_and_the_page_says_so(client_as):
    campaign = stored_campaign(store_id=STORE_ID, status=CampaignStatus.SCHEDULED)
    campaign_transition(campaign_id=campaign.campaign_id, to_status="ACTIVE", actor="k")
    page = client_as("viewer").get(
        reverse("admin:campaigns_campaign_detail", kwargs={"campaign_id": campaign.campaign_id})
    )
    assert "No baseline was recorded" in page.content.decode()


# --- the follow-ups -------------------------------------------------------------------------


def test_day_14_refetches_a_stale_store_and_records_the_growth(client_as, mocked_http):
    import_store(at=now() - dt.timedelta(days=10))  # older than the 7-day cache
    campaign = launched(15)
    mocked_http.get(NAVER_PAGES, body=store_page(visitors=452, blogs=80, keywords=GROWN_KEYWORDS))
    code, out, err = run_followups()
    assert code == 0, err
    assert len(mocked_http.calls) == 1
    assert "checkpoint +14 days recorded (fetched from Naver)" in out
    assert "1 checkpoint recorded, 0 store(s) not fetched." in out
    point = stored(campaign).attribution.checkpoint(14)
    assert (point.visitor_review_count, point.blog_review_count) == (452, 80)
    page = client_as("viewer").get(
        reverse("admin:campaigns_campaign_detail", kwargs={"campaign_id": campaign.campaign_id})
    )
    row = BeautifulSoup(page.content, "html.parser").select_one("tr.checkpoint[data-day='14']")
    assert row.select_one(".new-visitor-reviews").get_text() == "+32"
    assert row.select_one(".new-blog-reviews").get_text() == "+3"
    # 600,000 won spent / 32 new visitor reviews = 18,750 won
    assert row.select_one(".cost-per-new-review").get_text() == "18,750 won"
    shifts = row.select_one(".keyword-shifts").get_text()
    assert shifts.startswith("음식이 맛있어요 +30, 사진이 잘 나와요 +9, 친절해요 +1")
    growth = page.context["figures"].growth
    assert [g.day for g in growth] == [14]


def test_running_again_records_nothing_twice_and_fetches_nothing(mocked_http):
    import_store(at=now() - dt.timedelta(days=10))
    campaign = launched(15)
    mocked_http.get(NAVER_PAGES, body=store_page(visitors=452))
    assert run_followups()[0] == 0
    version = stored(campaign).version
    code, out, _err = run_followups()
    assert code == 0 and "0 checkpoints recorded" in out
    assert len(mocked_http.calls) == 1
    assert stored(campaign).version == version


def test_a_fresh_store_profile_is_served_from_the_cache_for_every_campaign_of_the_store(
    mocked_http,
):
    import_store(at=now() - dt.timedelta(days=2), visitors=440)
    one, two = launched(15, name="하나"), launched(20, name="둘")
    code, out, _err = run_followups()
    assert code == 0
    assert len(mocked_http.calls) == 0
    assert out.count("(from the cache)") == 2
    for campaign in (one, two):
        assert stored(campaign).attribution.checkpoint(14).visitor_review_count == 440


def test_day_30_is_recorded_once_day_14_is_there_and_a_late_run_takes_both(mocked_http):
    import_store(at=now() - dt.timedelta(days=9))
    on_time = launched(31)
    late = launched(35, name="late")
    campaign_followups(now=now() - dt.timedelta(days=16))  # the run 15 days after on_time's launch
    assert stored(on_time).attribution.checkpoint(14) is not None
    mocked_http.get(NAVER_PAGES, body=store_page(visitors=500))
    code, _out, _err = run_followups()
    assert code == 0
    assert stored(on_time).attribution.checkpoint(30).visitor_review_count == 500
    days = sorted(c.day for c in stored(late).attribution.checkpoints)
    assert days == [14, 30]


def test_which_campaigns_are_followed_up(mocked_http):
    import_store(at=now() - dt.timedelta(days=1))
    today = now().date()
    due = [
        launched(15, status=CampaignStatus.ACTIVE, name="active"),
        launched(15, status=CampaignStatus.PAUSED, name="paused"),
        launched(15, status=CampaignStatus.COMPLETED, name="completed", start=today),
    ]
    skipped = [
        launched(15, status=CampaignStatus.CANCELLED, name="cancelled"),
        launched(
            15, status=CampaignStatus.COMPLETED, name="old", start=today - dt.timedelta(days=200)
        ),
        launched(10, name="too early"),
        stored_campaign(store_id=STORE_ID, status=CampaignStatus.ACTIVE, name="no baseline"),
    ]
    run_followups()
    assert all(stored(c).attribution.checkpoint(14) for c in due)
    assert not any(stored(c).attribution.checkpoints for c in skipped)


def test_a_blocked_store_exits_1_and_stays_due(mocked_http):
    import_store(at=now() - dt.timedelta(days=10))
    campaign = launched(15, name="겨울 체험단")
    mocked_http.get(NAVER_PAGES, body=pages.block_page(), status=403)
    code, _out, err = run_followups()
    assert code == 1
    assert "“겨울 체험단” (연남 국밥집): not recorded" in err
    assert "stay due" in err
    assert stored(campaign).attribution.checkpoints == []
    mocked_http.replace("GET", NAVER_PAGES, body=store_page(visitors=430))
    assert run_followups()[0] == 0
    assert stored(campaign).attribution.checkpoint(14).visitor_review_count == 430
