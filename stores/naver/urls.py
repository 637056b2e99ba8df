"""Turn whatever staff paste into a Naver place id and one canonical URL.

Accepted (with or without `https://`, with any query string or fragment):

- `m.place.naver.com/<type>/<id>/...` and `pcmap.place.naver.com/<type>/<id>/...`
- `map.naver.com/p/entry/place/<id>`, `map.naver.com/p/search/<q>/place/<id>`,
  `map.naver.com/v5/...place/<id>` (any v5 path whose `place` segment is followed by the id)
- `naver.me/<code>` short links: these need a network hop, so they come back as a
  `ShortLink` for the fetcher to resolve (each hop re-validated)
- a bare numeric place id

Parsing is pure: no DNS, no HTTP. Only `http`/`https` are accepted and the result is
always the canonical HTTPS URL, so the pasted URL itself is never fetched.
"""

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from stores.naver.errors import InvalidPlaceUrl

PLACE_HOSTS = frozenset({"m.place.naver.com", "pcmap.place.naver.com", "place.naver.com"})
MAP_HOSTS = frozenset({"map.naver.com", "m.map.naver.com"})
SHORT_HOSTS = frozenset({"naver.me"})
# Every host a fetch or a redirect hop may reach.
NAVER_HOSTS = PLACE_HOSTS | MAP_HOSTS | SHORT_HOSTS

MAX_INPUT_LENGTH = 2048
_PLACE_ID = re.compile(r"[1-9][0-9]{3,14}")
_TYPE = re.compile(r"[a-z]{2,30}")
_SHORT_CODE = re.compile(r"[A-Za-z0-9]{3,20}")


@dataclass(frozen=True)
class PlaceRef:
    place_id: str
    place_type: str | None = None  # restaurant, place, hairshop, ... when the URL says so

    @property
    def canonical_url(self) -> str:
        return canonical_url(self.place_id)


@dataclass(frozen=True)
class ShortLink:
    code: str

    @property
    def url(self) -> str:
        return f"https://naver.me/{self.code}"


def canonical_url(place_id: str) -> str:
    """The one URL a place is stored under (m.place redirects `/place/` to its type)."""
    if not _PLACE_ID.fullmatch(place_id or ""):
        raise InvalidPlaceUrl()
    return f"https://m.place.naver.com/place/{place_id}/home"


def page_url(place_id: str, place_type: str | None, page: str = "home") -> str:
    """The mobile page of a place: `home` or `menu/list`."""
    kind = place_type if place_type and _TYPE.fullmatch(place_type) else "place"
    return f"https://m.place.naver.com/{kind}/{place_id}/{page}"


def parse_place_input(text: str) -> PlaceRef | ShortLink:
    """A PlaceRef (or a ShortLink still to resolve); InvalidPlaceUrl for anything else."""
    if not isinstance(text, str):
        raise InvalidPlaceUrl()
    text = text.strip()
    if not text or len(text) > MAX_INPUT_LENGTH or any(ord(c) < 32 for c in text):
        raise InvalidPlaceUrl()
    if _PLACE_ID.fullmatch(text):
        return PlaceRef(text)
    if "://" not in text:
        if ":" in text.split("/", 1)[0] or text.startswith("/"):
            raise InvalidPlaceUrl()  # mailto:, file:, javascript:, host:port, /paths
        text = "https://" + text
    return parse_place_url(text, allow_short=True)


def parse_place_url(url: str, *, allow_short: bool = False) -> PlaceRef | ShortLink:
    """Parse an absolute http(s) URL on a Naver host (also used on redirect targets)."""
    if "\\" in url:
        raise InvalidPlaceUrl()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InvalidPlaceUrl() from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise InvalidPlaceUrl()
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise InvalidPlaceUrl()
    if port not in (None, 80, 443):
        raise InvalidPlaceUrl()
    host = (parts.hostname or "").rstrip(".").lower()
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if host in PLACE_HOSTS:
        # /<type>/<id>/... ; also tolerate /<id> directly.
        if len(segments) >= 2 and _TYPE.fullmatch(segments[0]) and _id(segments[1]):
            return PlaceRef(segments[1], segments[0])
        if segments and _id(segments[0]):
            return PlaceRef(segments[0])
        raise InvalidPlaceUrl()
    if host in MAP_HOSTS:
        return _map_place(segments)
    if (
        host in SHORT_HOSTS
        and allow_short
        and len(segments) == 1
        and _SHORT_CODE.fullmatch(segments[0])
    ):
        return ShortLink(segments[0])
    raise InvalidPlaceUrl()


def _map_place(segments: list[str]) -> PlaceRef:
    if len(segments) >= 4 and segments[:3] == ["p", "entry", "place"] and _id(segments[3]):
        return PlaceRef(segments[3])
    if (
        len(segments) >= 5
        and segments[:2] == ["p", "search"]
        and segments[3] == "place"
        and _id(segments[4])
    ):
        return PlaceRef(segments[4])
    if segments and segments[0] == "v5":
        for position in range(1, len(segments) - 1):
            if segments[position] == "place" and _id(segments[position + 1]):
                return PlaceRef(segments[position + 1])
    raise InvalidPlaceUrl()


def _id(segment: str) -> bool:
    return bool(_PLACE_ID.fullmatch(segment))
