"""Add creators through the real form and filter the list, in headless Chromium."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def _log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_selector("#content-main")


def _add_by_hand(page, live_server, platform, account, name, followers, category, region):
    page.goto(f"{live_server.url}/creators/creator/add/")
    page.check("input[name=source][value=manual]")
    page.select_option("#id_platform", platform)
    page.fill("#id_channel_id", account)
    page.fill("#id_channel_name", name)
    page.fill("#id_subscribers", str(followers))
    page.fill("#id_engagement_rate", "3.5")
    page.select_option("#id_categories", [category])
    page.select_option("#id_region", region)
    page.click("input[name=_save]")
    page.wait_for_selector(".creator-detail")


@pytest.mark.django_db(transaction=True)
def test_editor_adds_creators_and_filters_the_list(
    in_chromium, live_server, make_staff, live_dynamo
):
    make_staff("editor", username="eun")
    in_chromium(lambda page: _scenario(page, live_server))


def _scenario(page, live_server):
    _log_in(page, live_server, "eun", "pw-editor-123!")
    page.select_option("#language-select", "en")
    page.wait_for_selector("#content-main")

    _add_by_hand(page, live_server, "instagram", "cook.kim", "Cook Kim", 12000, "food", "seoul")
    assert "Cook Kim" in page.locator(".creator-detail").inner_text()
    assert "was added" in page.locator(".messagelist").inner_text()
    _add_by_hand(page, live_server, "tiktok", "glow.park", "Glow Park", 800, "beauty", "busan")

    page.goto(f"{live_server.url}/creators/creator/")
    # The filters combine; each select sets one (no listing to pick first any more).
    page.select_option("#id_category", "beauty")
    page.click("#creator-filter input[type=submit]")
    page.wait_for_selector("#content-main")
    names = page.locator("#result_list .field-name").all_text_contents()
    assert _ours(names, "Cook Kim", "Glow Park") == ["Glow Park"]

    page.select_option("#id_category", "")
    page.select_option("#id_tier", "mid")
    page.click("#creator-filter input[type=submit]")
    page.wait_for_selector("#content-main")
    names = page.locator("#result_list .field-name").all_text_contents()
    assert _ours(names, "Cook Kim", "Glow Park") == ["Cook Kim"]
    page.click("text=Cook Kim")
    page.wait_for_selector(".creator-detail")
    # Instagram figures are typed in, not synced (issue #10, item 15).
    assert "entered by hand" in page.locator(".field-synced").first.inner_text()


@pytest.mark.django_db(transaction=True)
def test_admin_deletes_a_creator_after_confirming(
    in_chromium, live_server, make_staff, live_dynamo
):
    make_staff("admin", username="ahn")
    in_chromium(lambda page: _delete_scenario(page, live_server))


def _delete_scenario(page, live_server):
    _log_in(page, live_server, "ahn", "pw-admin-123!")
    page.select_option("#language-select", "en")
    page.wait_for_selector("#content-main")
    _add_by_hand(page, live_server, "instagram", "bye.kim", "Bye Kim", 900, "food", "seoul")
    assert page.locator("#sync-now").count() == 0  # nothing to fetch for Instagram

    page.click(".object-tools .deletelink")
    page.wait_for_selector(".delete-confirmation")
    assert "bye.kim" in page.locator(".delete-confirmation").inner_text()
    page.click(".delete-confirmation input[type=submit]")
    page.wait_for_selector("#result_list, .creator-empty, #content-main")
    assert "were deleted" in page.locator(".messagelist").inner_text()
    assert "Bye Kim" not in page.locator("#content-main").inner_text()


@pytest.mark.django_db(transaction=True)
def test_an_instagram_creator_is_on_the_default_list_and_found_by_a_korean_prefix(
    in_chromium, live_server, make_staff, live_dynamo
):
    make_staff("editor", username="min")
    in_chromium(lambda page: _search_scenario(page, live_server))


def _search_scenario(page, live_server):
    _log_in(page, live_server, "min", "pw-editor-123!")
    _add_by_hand(page, live_server, "instagram", "yori.kim", "김요리사", 4200, "food", "seoul")
    _add_by_hand(page, live_server, "tiktok", "yoon.kim", "김윤", 900, "cafe", "busan")

    page.goto(f"{live_server.url}/creators/creator/")
    names = [n.strip() for n in page.locator("#result_list .field-name").all_text_contents()]
    assert "김요리사" in names and "김윤" in names  # every platform, no filter picked
    row = page.locator("#result_list tr", has_text="김요리사")
    assert row.locator(".field-platform").inner_text().startswith("Instagram")
    assert row.locator(".field-categories").inner_text() == "Food"  # a label, not the code

    page.fill("#id_q", "김요")
    page.click("#creator-filter input[type=submit]")
    page.wait_for_selector("#result_list")
    names = page.locator("#result_list .field-name").all_text_contents()
    assert _ours(names, "김요리사", "김윤") == ["김요리사"]
    assert page.locator("#id_q").input_value() == "김요"


def _ours(names, *made):
    """The listed names this test made (the shared live server holds other tests' too)."""
    return [name.strip() for name in names if name.strip() in made]
