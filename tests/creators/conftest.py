import pytest

from creators.crypto import generate_key_spec
from tests.creators import youtube_fakes

TEST_KEYS = generate_key_spec("k2") + "," + generate_key_spec("k1")


@pytest.fixture(autouse=True)
def creators_settings(settings):
    settings.CONSOLE_ENCRYPTION_KEYS = TEST_KEYS
    settings.YOUTUBE_API_KEY = youtube_fakes.KEY
    settings.YOUTUBE_API_BASE_URL = youtube_fakes.BASE
    settings.YOUTUBE_DAILY_QUOTA = 10000
    settings.YOUTUBE_RECENT_VIDEOS = 10
    return settings


@pytest.fixture
def rsps():
    import responses

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def no_sleep():
    from marketing.dynamo.backoff import Backoff

    slept = []
    return Backoff(base=0.01, cap=0.1, max_attempts=3, sleep=slept.append), slept


@pytest.fixture(autouse=True)
def instant_backoff(monkeypatch):
    """Retries in services' own clients wait no real time."""
    from creators.youtube import client
    from marketing.dynamo.backoff import Backoff

    monkeypatch.setattr(
        client, "default_backoff", lambda: Backoff(max_attempts=3, sleep=lambda s: None)
    )


@pytest.fixture
def run_in_browser():
    """run_in_browser(scenario): scenario(page) in headless Chromium, in a thread of its own.

    Playwright's sync API refuses to start while another instance's loop runs in the same
    thread, and tests/browser keeps a session-wide one alive; a fresh thread has no loop.
    """
    import os
    import threading

    from tests.browser.conftest import CHROMIUM_FLAGS, _chromium_path

    path = _chromium_path()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is not installed, and browser tests may not skip under CI=true")
        pytest.skip("Chromium is not installed (apt-get install chromium)")

    def run(scenario):
        from playwright.sync_api import sync_playwright

        failure = []

        def target():
            try:
                with sync_playwright() as playwright:
                    chromium = playwright.chromium.launch(
                        executable_path=path, headless=True, args=CHROMIUM_FLAGS
                    )
                    context = chromium.new_context(locale="en-US")
                    page = context.new_page()
                    page.set_default_timeout(15_000)
                    try:
                        scenario(page)
                    finally:
                        context.close()
                        chromium.close()
            except BaseException as exc:  # re-raised in the test's thread
                failure.append(exc)

        thread = threading.Thread(target=target, name="creators-browser")
        thread.start()
        thread.join(timeout=120)
        if thread.is_alive():
            pytest.fail("the browser scenario did not finish in 120 s")
        if failure:
            raise failure[0]

    return run


@pytest.fixture(autouse=True)
def english_messages(settings):
    """Tests read English messages; Korean rendering is tested in test_translations."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
