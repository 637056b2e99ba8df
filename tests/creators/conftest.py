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


@pytest.fixture(autouse=True)
def english_messages(settings):
    """Tests read English messages; Korean rendering is tested in test_translations."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
