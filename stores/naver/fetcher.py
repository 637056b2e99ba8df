"""Fetch Naver place pages without becoming a server-side request forgery tool.

Rules, each enforced on the first request and on every redirect hop:
- HTTPS only, default port, no userinfo, host in `NAVER_HOSTS` (exact match);
- the host's DNS answers must all be public addresses: loopback, private, link-local
  (169.254.169.254, the cloud metadata address, included), multicast, reserved and
  unspecified addresses are refused; and the address actually connected to is checked
  again before a byte is sent (public_only.py), so a DNS rebinding answer between the
  check and the connection is refused too;
- redirects are followed by hand (at most `max_redirects`) and re-validated;
- connect/read timeouts, a response size cap (Content-Length and streamed bytes);
- a polite minimum interval between requests, retries with exponential backoff and
  jitter on 429 and 5xx (a short Retry-After is honoured).
"""

import random
import re
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests

from stores.naver import urls
from stores.naver.addresses import is_public_address
from stores.naver.errors import FetchFailed, InvalidPlaceUrl, ResponseTooLarge, UnsafeUrl
from stores.naver.public_only import public_only_session, refused_peer

USER_AGENT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)
_CHARSET = re.compile(r"charset=([\w-]+)", re.IGNORECASE)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

Resolver = Callable[[str], list[str]]


def system_resolver(host: str) -> list[str]:
    """Every address the host name resolves to (A and AAAA)."""
    try:
        infos = socket.getaddrinfo(host, 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchFailed() from exc
    return [info[4][0] for info in infos]


def default_fetcher() -> "NaverFetcher":
    """The fetcher services use when none is given (tests replace this)."""
    return NaverFetcher()


@dataclass
class FetchedPage:
    url: str  # the final URL, after redirects
    status: int
    text: str


@dataclass
class NaverFetcher:
    session: requests.Session = field(default_factory=public_only_session)
    resolver: Resolver | None = None  # None: system_resolver, looked up at call time
    connect_timeout: float = 3.05
    read_timeout: float = 10.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    max_attempts: int = 3
    min_interval: float = 1.0  # seconds between two requests to Naver
    backoff_base: float = 1.0
    backoff_cap: float = 8.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    requests_made: int = 0
    _last_request: float | None = field(default=None, repr=False)

    # --- public ---------------------------------------------------------------------------

    def fetch_page(self, url: str) -> FetchedPage:
        """GET a Naver place page; redirects followed only to Naver place pages."""
        response, final_url = self._get_following(url, stop_at_place=False)
        return FetchedPage(final_url, response.status_code, self._read_text(response))

    def resolve_short_link(self, short: urls.ShortLink) -> urls.PlaceRef:
        """Follow a naver.me link hop by hop until it names a place; nothing else is read."""
        response, final_url = self._get_following(short.url, stop_at_place=True)
        response.close()
        try:
            target = urls.parse_place_url(final_url)
        except InvalidPlaceUrl as exc:
            raise UnsafeUrl(
                InvalidPlaceUrl.default_message + " (the short link leads elsewhere)"
            ) from exc
        if not isinstance(target, urls.PlaceRef):
            raise UnsafeUrl()
        return target

    def check_url(self, url: str) -> str:
        """The validated URL; UnsafeUrl unless it is HTTPS to a public Naver host."""
        if not isinstance(url, str) or "\\" in url or any(ord(c) < 33 for c in url):
            raise UnsafeUrl()
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise UnsafeUrl() from exc
        if parts.scheme != "https" or port not in (None, 443):
            raise UnsafeUrl()
        if "@" in parts.netloc or parts.username is not None:
            raise UnsafeUrl()
        host = (parts.hostname or "").lower()
        if host not in urls.NAVER_HOSTS:
            raise UnsafeUrl()
        addresses = (self.resolver or system_resolver)(host)
        if not addresses or not all(is_public_address(a) for a in addresses):
            raise UnsafeUrl()
        return url

    # --- internals ------------------------------------------------------------------------

    def _get_following(self, url: str, *, stop_at_place: bool):
        current = url
        for _hop in range(self.max_redirects + 1):
            self.check_url(current)
            response = self._get_with_retries(current)
            if response.status_code not in REDIRECT_STATUSES:
                return response, current
            location = response.headers.get("Location")
            response.close()
            if not location:
                raise FetchFailed()
            current = urljoin(current, location)
            if stop_at_place and self._is_place(current):
                self.check_url(current)
                return response, current
        raise FetchFailed()

    @staticmethod
    def _is_place(url: str) -> bool:
        try:
            return isinstance(urls.parse_place_url(url), urls.PlaceRef)
        except InvalidPlaceUrl:
            return False

    def _get_with_retries(self, url: str) -> requests.Response:
        for attempt in range(self.max_attempts):
            self._wait_turn()
            try:
                response = self.session.get(
                    url,
                    headers={"User-Agent": USER_AGENT, "Accept-Language": "ko-KR,ko;q=0.9"},
                    timeout=(self.connect_timeout, self.read_timeout),
                    allow_redirects=False,
                    stream=True,
                )
            except requests.RequestException as exc:
                if refused_peer(exc):
                    raise UnsafeUrl() from exc
                if attempt + 1 >= self.max_attempts:
                    raise FetchFailed() from exc
                self.sleep(self._delay(attempt, None))
                continue
            if response.status_code in RETRY_STATUSES and attempt + 1 < self.max_attempts:
                retry_after = response.headers.get("Retry-After")
                response.close()
                self.sleep(self._delay(attempt, retry_after))
                continue
            return response
        raise FetchFailed()  # pragma: no cover - the loop always returns or raises

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        if retry_after and retry_after.isdigit():
            return min(float(retry_after), self.backoff_cap)
        ceiling = min(self.backoff_cap, self.backoff_base * 2**attempt)
        return ceiling / 2 + random.random() * ceiling / 2

    def _wait_turn(self) -> None:
        now = self.clock()
        if self._last_request is not None:
            wait = self._last_request + self.min_interval - now
            if wait > 0:
                self.sleep(wait)
                now += wait
        self._last_request = now
        self.requests_made += 1

    def _read_text(self, response: requests.Response) -> str:
        try:
            declared = int(response.headers.get("Content-Length") or 0)
        except ValueError:
            declared = 0
        if declared > self.max_bytes:
            response.close()
            raise ResponseTooLarge()
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(chunk_size=64 * 1024):
                size += len(chunk)
                if size > self.max_bytes:
                    raise ResponseTooLarge()
                chunks.append(chunk)
        except requests.RequestException as exc:
            raise FetchFailed() from exc
        finally:
            response.close()
        body = b"".join(chunks)
        # Naver serves UTF-8; requests would guess ISO-8859-1 for text/html without charset.
        charset = _CHARSET.search(response.headers.get("Content-Type", ""))
        try:
            return body.decode(charset.group(1) if charset else "utf-8", errors="replace")
        except LookupError:
            return body.decode("utf-8", errors="replace")
