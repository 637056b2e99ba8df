"""Chromium for the stores pages, driven from a thread of its own.

tests/browser keeps a session-wide Playwright (sync API) alive in the main thread, and a
second sync Playwright refuses to start beside its event loop; a fresh thread has none.
"""

import os
import threading

import pytest

SCENARIO_TIMEOUT = 120


@pytest.fixture
def in_chromium():
    """in_chromium(scenario): run scenario(page) in headless Chromium; its errors re-raised."""
    from tests.browser.conftest import CHROMIUM_FLAGS, _chromium_path

    executable = _chromium_path()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is not installed, and browser tests may not skip under CI=true")
        pytest.skip("Chromium is not installed (apt-get install chromium)")

    def run(scenario):
        from playwright.sync_api import sync_playwright

        errors: list[BaseException] = []

        def drive():
            try:
                with sync_playwright() as playwright:
                    chromium = playwright.chromium.launch(
                        executable_path=executable, headless=True, args=CHROMIUM_FLAGS
                    )
                    try:
                        context = chromium.new_context(locale="en-US")
                        page = context.new_page()
                        page.set_default_timeout(15_000)
                        scenario(page)
                    finally:
                        chromium.close()
            except BaseException as exc:  # handed back to the test's thread
                errors.append(exc)

        worker = threading.Thread(target=drive, name="stores-chromium")
        worker.start()
        worker.join(SCENARIO_TIMEOUT)
        if worker.is_alive():
            pytest.fail(f"the browser scenario did not finish in {SCENARIO_TIMEOUT} s")
        if errors:
            raise errors[0]

    return run
