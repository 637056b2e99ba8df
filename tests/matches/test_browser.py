"""In Chromium: open a store's matches, drive one from Suggested to Completed with the
buttons, and read its timeline."""

import uuid

import pytest

from stores import services as store_services
from tests.matches.factories import stored_match
from tests.stores import pages

pytestmark = [pytest.mark.browser, pytest.mark.integration]

STEPS = [
    ("#to-contacted", "Phoned the owner", "Contacted"),
    ("#to-responded", "", "Responded"),
    ("#to-negotiating", "Wants two visits", "Negotiating"),
    ("#to-accepted", "", "Accepted"),
    ("#to-completed", "Video is up", "Completed"),
]


@pytest.mark.django_db(transaction=True)
def test_editor_drives_a_match_from_suggested_to_completed(
    in_chromium, live_server, make_staff, live_dynamo
):
    make_staff("editor", username="mina")
    store = store_services.store_import_html(
        html=pages.home_page("31000088", name="브라우저 곱창"), actor="seed"
    ).profile
    for score, name in ((64, "Second Best"), (91, "Best Fit")):
        stored_match(
            store_id=store.store_id,
            creator_id=str(uuid.uuid4()),
            score=score,
            store_name=store.store_name,
            creator_name=name,
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
    panel = page.locator("#store-matches")
    names = [n.strip() for n in panel.locator(".field-match").all_text_contents()]
    assert names == ["Best Fit", "Second Best"]
    panel.locator("text=Best Fit").click()
    page.wait_for_selector(".match-detail")
    assert page.locator("#match-status").inner_text().startswith("Suggested")

    for button, note, status in STEPS:
        assert page.locator(".transition-buttons button").count() >= 1
        page.fill("#id_note", note)
        page.click(button)
        page.wait_for_selector(".messagelist")
        assert f"The match is now “{status}”." in page.locator(".messagelist").inner_text()
        assert page.locator("#match-status").inner_text().startswith(status)

    assert "no further step is possible" in page.locator("#match-actions").inner_text()
    assert page.locator(".transition-buttons").count() == 0
    timeline = page.locator("#match-timeline .timeline-entry .timeline-to").all_text_contents()
    assert timeline == [status for _button, _note, status in STEPS]
    notes = page.locator("#match-timeline").inner_text()
    assert "Phoned the owner" in notes and "Video is up" in notes and "mina" in notes
