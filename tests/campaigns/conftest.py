"""Campaign tests: English messages, a fake YouTube API, fake DNS for Naver fetches."""

import pytest

from tests.creators import youtube_fakes
from tests.stores.conftest import public_resolver


@pytest.fixture(autouse=True)
def english(settings):
    """Campaign tests read English messages; Korean rendering has tests of its own."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def korean(settings):
    """For the tests that check Korean pages and files."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "ko"
    with translation.override("ko"):
        yield


@pytest.fixture(autouse=True)
def youtube_settings(settings):
    settings.YOUTUBE_API_KEY = youtube_fakes.KEY
    settings.YOUTUBE_API_BASE_URL = youtube_fakes.BASE
    settings.YOUTUBE_DAILY_QUOTA = 10000


@pytest.fixture(autouse=True)
def no_real_network(monkeypatch):
    """Naver fetches resolve to a fake public address and never wait between requests."""
    from stores.naver import fetcher as fetcher_module

    monkeypatch.setattr(fetcher_module, "system_resolver", public_resolver)
    monkeypatch.setattr(
        fetcher_module,
        "default_fetcher",
        lambda: fetcher_module.NaverFetcher(
            resolver=public_resolver, min_interval=0.0, sleep=lambda s: None
        ),
    )


@pytest.fixture
def mocked_http():
    """Every HTTP request goes to `responses`; an unregistered URL is an error, never the net."""
    import responses

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock
