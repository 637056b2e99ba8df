"""In Chromium: from a store's page, make a campaign of two accepted matches, schedule and
launch it (the review baseline appears), and take a creator's figures through the form."""

import os
import uuid

import pytest

from matches.domain import MatchStatus
from stores import services as store_services
from tests.matches.factories import stored_match
from tests.stores import pages

pytestmark = [pytest.mark.browser, pytest.mark.integration]


@pytest.mark.django_db(transaction=True)
def test_editor_makes_and_launches_a_campaign_from_accepted_matches(
    in_chromium, live_server, make_staff, live_dynamo
):
    make_staff("editor", username="mina")
    store = store_services.store_import_html(
        html=pages.home_page("31000077", name="브라우저 국밥", visitor_total=321), actor="seed"
    ).profile
    for score, name in ((91, "김요리"), (80, "박맛집"), (70, "이카페")):
        stored_match(
            store_id=store.store_id,
            creator_id=str(uuid.uuid4()),
            score=score,
            store_name=store.store_name,
            creator_name=name,
            status=MatchStatus.ACCEPTED,
        )
    in_chromium(lambda page: _scenario(page, live_server.url, store.store_id))


def _scenario(page, base_url, store_id):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base_url}])
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", "mina")
    page.fill("#id_password", "pw-editor-123!")
    page.click("input[type=submit]")
    page.wait_for_selector("#content-main")

    page.goto(f"{base_url}/stores/store/{store_id}/")
    assert "No campaign has been run" in page.locator("#store-campaigns").inner_text()
    page.click("#new-campaign-for-store")
    page.wait_for_selector("#member-rows")
    page.fill("#id_name", "겨울 체험단")
    page.fill("#id_budget_total", "1,000,000")
    page.fill("#id_start_date", "2026-12-01")
    page.fill("#id_end_date", "2026-12-31")
    page.fill("#id_posting_deadline", "2026-12-20")
    rows = page.locator("tr.member-row")
    assert rows.count() == 3
    for index in (0, 1):
        row = rows.nth(index)
        row.locator("input[type=checkbox]").check()
        row.locator("input[name^=fee_]").fill("150000")
        row.locator("input[name^=coupon_code_]").fill(f"WINTER{index}")
    _shot(page, "campaign-new")
    page.click("input[name=_save]")
    page.wait_for_selector(".campaign-detail")
    names = page.locator("tr.creator-line th").all_text_contents()
    assert [n.strip() for n in names] == ["김요리", "박맛집"]
    assert "300,000 won" in page.locator("#campaign-fees").inner_text()

    page.click("#to-scheduled")
    page.wait_for_selector(".campaign-detail[data-status=SCHEDULED]")
    page.fill("#id_note", "사장님 확인")
    page.click("#to-active")
    page.wait_for_selector(".campaign-detail[data-status=ACTIVE]")
    assert "321 visitor reviews" in page.locator("#baseline").inner_text()

    page.locator("tr.creator-line").first.locator("text=Figures").click()
    page.fill("#id_views", "12,000")
    page.fill("#id_likes", "300")
    page.fill("#id_visits", "40")
    page.click("input[name=_save]")
    page.wait_for_selector(".campaign-detail")
    assert page.locator("#totals .total-views").inner_text() == "12,000"
    assert page.locator("#derived-cost-per-visit .value").inner_text() == "0 won"
    _shot(page, "campaign-detail")

    page.goto(f"{base_url}/stores/store/{store_id}/")
    assert "겨울 체험단" in page.locator("#store-campaigns").inner_text()


def _shot(page, name):
    """Screenshots for a person to look at, when CAMPAIGN_SCREENSHOTS names a folder."""
    folder = os.environ.get("CAMPAIGN_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)
