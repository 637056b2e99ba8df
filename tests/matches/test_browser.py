"""In Chromium: find creators for a store with its button, open the best suggestion, drive
it from Suggested to Completed with the buttons, and read its timeline."""

import pytest

from tests.matches.engine_support import add_creator, add_store

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
    store = add_store("31000088", name="브라우저 곱창")
    add_creator("bestfit", subscribers=8_000, engagement="6.5")
    add_creator("secondbest", subscribers=3_000, engagement="1.0", synced_days_ago=60)
    in_chromium(lambda page: _scenario(page, live_server.url, store.store_id))


def _scenario(page, base_url, store_id):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base_url}])
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", "mina")
    page.fill("#id_password", "pw-editor-123!")
    page.click("input[type=submit]")
    page.wait_for_selector("#content-main")

    page.goto(f"{base_url}/stores/store/{store_id}/")
    page.click("#find-creators-button")
    page.wait_for_selector(".messagelist")
    panel = page.locator("#store-matches")
    names = [n.strip() for n in panel.locator(".field-match").all_text_contents()]
    # Best score first (creators other tests left on the shared live server may match too).
    ours = [name for name in names if name in ("bestfit 채널", "secondbest 채널")]
    assert ours == ["bestfit 채널", "secondbest 채널"]
    panel.locator("text=bestfit 채널").click()
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
    # The engine's suggestion first, then each step taken.
    assert timeline == ["Suggested", *(status for _button, _note, status in STEPS)]
    notes = page.locator("#match-timeline").inner_text()
    assert "Phoned the owner" in notes and "Video is up" in notes and "mina" in notes
