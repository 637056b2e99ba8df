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
    page.select_option("#id_by", "category")
    page.wait_for_load_state()
    page.select_option("#id_value", "beauty")
    page.click("#creator-filter input[type=submit]")
    page.wait_for_selector("#content-main")
    names = page.locator("#result_list .field-name").all_text_contents()
    assert [n.strip() for n in names] == ["Glow Park"]

    page.select_option("#id_by", "tier")
    page.wait_for_load_state()
    page.select_option("#id_value", "mid")
    page.click("#creator-filter input[type=submit]")
    page.wait_for_selector("#content-main")
    names = page.locator("#result_list .field-name").all_text_contents()
    assert [n.strip() for n in names] == ["Cook Kim"]
    page.click("text=Cook Kim")
    page.wait_for_selector(".creator-detail")
    assert "synced" in page.locator(".field-synced").first.inner_text()


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
