"""Log in through the real login form and walk the console shell in Chromium."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.integration]

SECTION_NAMES = {"en": ["Stores", "Creators", "Matches", "Campaigns"]}


def _log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")


@pytest.mark.django_db(transaction=True)
def test_admin_logs_in_and_sees_the_four_sections(page, live_server, make_staff, live_dynamo):
    make_staff("admin", username="alice")
    _log_in(page, live_server, "alice", "pw-admin-123!")
    page.wait_for_selector("#content-main")
    # English, through the console's own language switcher (Korean is the default).
    page.select_option("#language-select", "en")
    page.wait_for_selector("#content-main")
    captions = [
        t.strip() for t in page.locator("#content-main .module caption a").all_text_contents()
    ]
    assert captions[:4] == SECTION_NAMES["en"]
    assert page.locator("#dynamo-health .error").count() == 0
    page.locator("#content-main .module caption a", has_text="Stores").first.click()
    page.wait_for_selector(".breadcrumbs")
    assert "/stores/" in page.url


@pytest.mark.django_db(transaction=True)
def test_korean_is_the_default_language(page, live_server, make_staff, live_dynamo):
    make_staff("viewer", username="minji")
    _log_in(page, live_server, "minji", "pw-viewer-123!")
    page.wait_for_selector("#content-main")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert "상점" in page.locator("#content-main").inner_text()


@pytest.mark.django_db(transaction=True)
def test_viewer_gets_403_on_an_editor_only_url(page, live_server, make_staff, live_dynamo):
    make_staff("viewer", username="bob")
    _log_in(page, live_server, "bob", "pw-viewer-123!")
    page.wait_for_selector("#content-main")
    response = page.goto(f"{live_server.url}/stores/store/add/")
    assert response.status == 403
    response = page.goto(f"{live_server.url}/stores/store/")
    assert response.status == 200
