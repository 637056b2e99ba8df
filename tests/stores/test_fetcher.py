import pytest
import requests

from stores.naver.errors import FetchFailed, ResponseTooLarge, UnsafeUrl
from stores.naver.fetcher import NaverFetcher, is_public_address
from stores.naver.urls import ShortLink

HOME = "https://m.place.naver.com/restaurant/1234567/home"


@pytest.mark.parametrize(
    "url",
    [
        "http://m.place.naver.com/restaurant/1234567/home",  # plain http
        "file:///etc/passwd",
        "ftp://m.place.naver.com/x",
        "https://127.0.0.1/",
        "https://[::1]/",
        "https://169.254.169.254/latest/meta-data/",
        "https://localhost/",
        "https://10.0.0.8/",
        "https://example.com/",
        "https://m.place.naver.com.attacker.net/x",
        "https://m.place.naver.com@169.254.169.254/",
        "https://user@m.place.naver.com/",
        "https://m.place.naver.com:8080/",
        "https://m.place.naver.com\\@evil.com/",
        "https://m.place.naver.com/\r\nHost: evil",
    ],
)
def test_unsafe_urls_are_refused_before_any_request(fetcher, mocked_http, url):
    with pytest.raises(UnsafeUrl):
        fetcher.fetch_page(url)
    assert len(mocked_http.calls) == 0


@pytest.mark.parametrize(
    "addresses",
    [
        ["127.0.0.1"],
        ["10.1.2.3"],
        ["192.168.0.10"],
        ["172.16.5.4"],
        ["169.254.169.254"],
        ["::1"],
        ["fe80::1"],
        ["::ffff:127.0.0.1"],
        ["0.0.0.0"],  # noqa: S104
        ["223.130.200.104", "127.0.0.1"],  # one bad answer is enough
        [],
    ],
)
def test_a_naver_name_resolving_to_a_private_address_is_refused(mocked_http, addresses):
    fetcher = NaverFetcher(resolver=lambda host: addresses, sleep=lambda s: None)
    with pytest.raises(UnsafeUrl):
        fetcher.fetch_page(HOME)
    assert len(mocked_http.calls) == 0


def test_public_address_check():
    assert is_public_address("223.130.200.104")
    assert not is_public_address("169.254.169.254")
    assert not is_public_address("not an ip")


@pytest.mark.parametrize(
    "location",
    [
        "http://m.place.naver.com/restaurant/1234567/home",
        "https://169.254.169.254/latest/meta-data/",
        "https://127.0.0.1:8001/",
        "https://localhost/admin",
        "https://evil.example/phish",
        "file:///etc/passwd",
        "https://m.place.naver.com@evil.example/",
    ],
)
def test_every_redirect_hop_is_revalidated(fetcher, mocked_http, location):
    mocked_http.get(HOME, status=302, headers={"Location": location})
    with pytest.raises(UnsafeUrl):
        fetcher.fetch_page(HOME)
    assert len(mocked_http.calls) == 1


def test_redirects_within_naver_are_followed(fetcher, mocked_http):
    final = "https://m.place.naver.com/restaurant/1234567/home?entry=pll"
    mocked_http.get(HOME, status=301, headers={"Location": "/restaurant/1234567/home?entry=pll"})
    mocked_http.get(final, body="<html>ok</html>", content_type="text/html")
    page = fetcher.fetch_page(HOME)
    assert page.url == final
    assert page.text == "<html>ok</html>"


def test_redirect_loops_stop(fetcher, mocked_http):
    mocked_http.get(HOME, status=302, headers={"Location": HOME})
    with pytest.raises(FetchFailed):
        fetcher.fetch_page(HOME)
    assert len(mocked_http.calls) == fetcher.max_redirects + 1


def test_short_link_resolves_through_naver_hops_to_a_place(fetcher, mocked_http):
    mocked_http.get(
        "https://naver.me/abc123",
        status=302,
        headers={"Location": "https://map.naver.com/p/entry/place/7654321?c=1"},
    )
    ref = fetcher.resolve_short_link(ShortLink("abc123"))
    assert ref.place_id == "7654321"
    assert len(mocked_http.calls) == 1  # the place page itself is not read here


@pytest.mark.parametrize(
    "location",
    [
        "https://evil.example/place/7654321",
        "https://169.254.169.254/",
        "http://map.naver.com/p/entry/place/7654321",
    ],
)
def test_short_link_may_only_lead_to_a_naver_place(fetcher, mocked_http, location):
    mocked_http.get("https://naver.me/abc123", status=302, headers={"Location": location})
    with pytest.raises(UnsafeUrl):
        fetcher.resolve_short_link(ShortLink("abc123"))


def test_short_link_landing_on_a_non_place_naver_page_is_refused(fetcher, mocked_http):
    mocked_http.get("https://naver.me/abc123", body="<html>not a place</html>")
    with pytest.raises(UnsafeUrl):
        fetcher.resolve_short_link(ShortLink("abc123"))


def test_429_and_5xx_are_retried_with_backoff(fetcher, mocked_http):
    mocked_http.get(HOME, status=429, headers={"Retry-After": "2"})
    mocked_http.get(HOME, status=503)
    mocked_http.get(HOME, body="fine")
    assert fetcher.fetch_page(HOME).text == "fine"
    assert len(mocked_http.calls) == 3
    assert fetcher.sleeps[0] == 2.0  # Retry-After honoured
    assert 0 < fetcher.sleeps[1] <= fetcher.backoff_cap


def test_persistent_5xx_returns_the_last_answer_for_the_caller(fetcher, mocked_http):
    mocked_http.get(HOME, status=500)
    page = fetcher.fetch_page(HOME)
    assert page.status == 500
    assert len(mocked_http.calls) == fetcher.max_attempts


def test_connection_errors_become_fetch_failed(fetcher, mocked_http):
    mocked_http.get(HOME, body=requests.ConnectTimeout("slow"))
    with pytest.raises(FetchFailed):
        fetcher.fetch_page(HOME)
    assert len(mocked_http.calls) == fetcher.max_attempts


def test_declared_oversize_body_is_refused(fetcher, mocked_http):
    fetcher.max_bytes = 1000
    mocked_http.get(HOME, body="x" * 10, headers={"Content-Length": "5000000"})
    with pytest.raises(ResponseTooLarge):
        fetcher.fetch_page(HOME)


def test_streamed_oversize_body_is_cut_off(fetcher, mocked_http):
    fetcher.max_bytes = 100_000
    mocked_http.get(HOME, body="x" * 300_000, auto_calculate_content_length=False)
    with pytest.raises(ResponseTooLarge):
        fetcher.fetch_page(HOME)


def test_timeouts_are_always_passed(fetcher, mocked_http):
    mocked_http.get(HOME, body="ok")
    fetcher.fetch_page(HOME)
    assert mocked_http.calls[0].request.req_kwargs["timeout"] == (3.05, 10.0)


def test_polite_rate_limit_spaces_requests(mocked_http):
    now = [100.0]
    sleeps = []

    def sleep(seconds):
        sleeps.append(seconds)
        now[0] += seconds

    fetcher = NaverFetcher(
        resolver=lambda h: ["223.130.200.104"], sleep=sleep, clock=lambda: now[0], min_interval=1.5
    )
    mocked_http.get(HOME, body="ok")
    fetcher.fetch_page(HOME)
    fetcher.fetch_page(HOME)
    assert sleeps == [1.5]


def test_utf8_without_charset_is_decoded_as_utf8(fetcher, mocked_http):
    mocked_http.get(HOME, body="국밥".encode(), content_type="text/html")
    assert fetcher.fetch_page(HOME).text == "국밥"
