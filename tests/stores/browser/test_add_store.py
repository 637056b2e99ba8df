"""In Chromium: import a saved page through the console, then filter the list."""

import pytest

from tests.stores import pages

pytestmark = [pytest.mark.browser, pytest.mark.integration]


@pytest.mark.django_db(transaction=True)
def test_editor_imports_a_saved_page_and_filters_the_list(
    in_chromium, live_server, make_staff, live_dynamo, tmp_path
):
    make_staff("editor", username="sora")
    saved = tmp_path / "place.html"
    saved.write_text(pages.home_page("31000077", name="브라우저 국밥"), encoding="utf-8")
    in_chromium(lambda page: _scenario(page, live_server.url, saved))


def _scenario(page, base_url, saved):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base_url}])
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", "sora")
    page.fill("#id_password", "pw-editor-123!")
    page.click("input[type=submit]")
    page.wait_for_selector("#content-main")

    page.goto(f"{base_url}/stores/store/")
    page.click("text=Import saved page")
    page.set_input_files("#id_html_file", str(saved))
    page.click("input[name=_save]")
    page.wait_for_selector("#price-panel")
    assert page.locator("#store-name").inner_text() == "브라우저 국밥"
    assert "imported from the saved page" in page.locator(".messagelist").inner_text()

    page.click(".breadcrumbs >> text=Stores >> nth=-1")
    page.wait_for_selector("#store-filters")
    page.fill("#id_category", "국밥")
    page.click("#store-filters input[type=submit]")
    page.wait_for_selector("#result_list")
    assert "브라우저 국밥" in page.locator("#result_list").inner_text()

    page.fill("#id_category", "")
    page.select_option("#id_price_level", "4")
    page.click("#store-filters input[type=submit]")
    page.wait_for_selector("#changelist")
    assert page.locator("#result_list").count() == 0
    assert "No stores match these filters." in page.locator("#changelist").inner_text()
