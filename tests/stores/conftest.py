"""Stores test helpers: a fetcher that only ever talks to `responses`, with fake DNS."""

import pytest
import requests
import responses as responses_lib

from stores.naver.fetcher import NaverFetcher

PUBLIC_IP = "223.130.200.104"  # a public address the fake resolver hands out


def public_resolver(host: str) -> list[str]:
    return [PUBLIC_IP]


@pytest.fixture(autouse=True)
def no_real_dns(monkeypatch):
    """No stores test ever asks the real DNS: the default resolver is the fake one."""
    from stores.naver import fetcher as fetcher_module

    monkeypatch.setattr(fetcher_module, "system_resolver", public_resolver)


@pytest.fixture
def mocked_http():
    """Every HTTP request goes to `responses`; an unregistered URL is an error, never the net."""
    with responses_lib.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def fetcher(mocked_http):
    sleeps: list[float] = []
    instance = NaverFetcher(
        session=requests.Session(),
        resolver=public_resolver,
        sleep=sleeps.append,
        min_interval=0.0,
    )
    instance.sleeps = sleeps
    return instance


@pytest.fixture(autouse=True)
def english_pages(settings):
    """Page tests read English messages; Korean rendering is tested in test_translations."""
    settings.LANGUAGE_CODE = "en"
