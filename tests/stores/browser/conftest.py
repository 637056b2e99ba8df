"""The project's Playwright fixtures (tests/browser/conftest.py), for the stores pages."""

from tests.browser.conftest import browser, page  # noqa: F401
