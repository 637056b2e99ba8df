"""Security tests: English messages, moto tables, the creators' keys and fake YouTube."""

import pytest

from tests.creators import youtube_fakes
from tests.creators.conftest import TEST_KEYS
from tests.stores.conftest import public_resolver


@pytest.fixture(autouse=True)
def english(settings):
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def creators_settings(settings):
    settings.CONSOLE_ENCRYPTION_KEYS = TEST_KEYS
    settings.YOUTUBE_API_KEY = youtube_fakes.KEY
    settings.YOUTUBE_API_BASE_URL = youtube_fakes.BASE


@pytest.fixture(autouse=True)
def no_real_dns(monkeypatch):
    from stores.naver import fetcher as fetcher_module

    monkeypatch.setattr(fetcher_module, "system_resolver", public_resolver)
