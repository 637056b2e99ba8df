"""Read a Naver place page (home or menu/list) into a ParsedPlace.

The source of truth is the Apollo cache the page embeds as `window.__APOLLO_STATE__ =
{...};`: `ROOT_QUERY` holds a `placeDetail({"input":...})` entry (arguments vary, so the
key is matched by prefix) that points at `PlaceDetailBase:<id>`; menus are `Menu:*` or,
for delivery menus, `PlaceDetail_BaeminMenu:*`; voted review keywords are in
`VisitorReviewStatsResult:<id>.analysis.votedKeyword.details[]`. Without the state, the
og/meta tags give the name, the review counts and the place id. Only that script and
those tags are read (stores/naver/page_scan.py), never a tree of the whole page.

Every field is bounded (MAX_* below): a text longer than any real place's is refused with
a message naming the field, menus and keywords beyond their limits are cut (and counted),
and a state nested deeper than MAX_STATE_DEPTH is refused before anything walks it.

Every failure is one of stores.naver.errors: Blocked, PlaceNotFound or ParseError.
Nothing else escapes (the fuzz tests hold the parser to that).
"""

import json
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

from stores.domain import MenuItem, ParsedPlace, VotedKeyword
from stores.naver.errors import Blocked, ParseError, PlaceNotFound
from stores.naver.page_scan import Script, scan

MAX_PAGE_CHARS = 8 * 1024 * 1024
META_KEYS = ("og:title", "og:description", "og:url")
# Real Apollo states nest about 8 levels; deeper ones are refused before anything walks
# them recursively (json, pydantic, the compressed raw payload).
MAX_STATE_DEPTH = 64
# What a place page may hold. Longer texts mean the page is not a real place page and it is
# refused; more menus or keywords than this are cut, and the profile says so. Together they
# keep a stored profile far below DynamoDB's 400 KB item limit (stores/payload.py).
MAX_NAME_CHARS = 200
MAX_ADDRESS_CHARS = 300
MAX_CATEGORY_CHARS = 300
MAX_MENUS = 300
MAX_MENU_NAME_CHARS = 100
MAX_KEYWORDS = 50
MAX_KEYWORD_CHARS = 100
TOO_LONG = _(
    "The %(field)s on the page is %(length)s characters long, more than the %(limit)s a "
    "Naver place has; the page was not imported."
)
DAMAGED = _("The page's embedded place data is damaged (truncated or garbled).")
TOO_DEEP = _(
    "The page's embedded place data is nested more than %(limit)d levels deep, which no "
    "Naver place page is; it was not read."
)
BLOCKED_MARKERS = ("서비스 이용이 제한되었습니다",)
NOT_FOUND_MARKERS = ("요청하신 페이지를 찾을 수 없습니다",)
_APOLLO = re.compile(r"window\.__APOLLO_STATE__\s*=\s*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_TITLE_SUFFIX = re.compile(r"\s*:\s*네이버\s*$")
_COUNT = {
    "visitor": re.compile(r"방문자\s*리뷰\s*([\d,]+)"),
    "blog": re.compile(r"블로그\s*리뷰\s*([\d,]+)"),
}
_OG_URL_ID = re.compile(r"place\.naver\.com/(?:([a-z]{1,30})/)?([1-9]\d{3,14})(?:[/?#]|$)")
_PLACE_TYPE = re.compile(r"[a-z_]{1,30}")
_PHONE = re.compile(r"^\+?[0-9][0-9\- ]{6,18}[0-9]$")
_PRICE = re.compile(r"^[0-9][0-9,]{0,12}$")
MAX_PRICE = 100_000_000


def parse_place_page(html: str | bytes, *, expected_place_id: str | None = None) -> ParsedPlace:
    try:
        return _parse(html, expected_place_id)
    except (Blocked, PlaceNotFound, ParseError):
        raise
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        raise ParseError() from exc


def _parse(html: str | bytes, expected_place_id: str | None) -> ParsedPlace:
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    if not isinstance(html, str):
        raise ParseError()
    if len(html) > MAX_PAGE_CHARS:
        raise ParseError("The page is larger than the size limit and was not read.")
    state, meta = _read_page(html)
    if state is None:
        text = _visible_text(html)
        if any(marker in text for marker in BLOCKED_MARKERS):
            raise Blocked()
        if any(marker in text for marker in NOT_FOUND_MARKERS):
            raise PlaceNotFound()
        return _from_meta(meta, expected_place_id)
    detail_found, detail = _place_detail(state)
    if detail_found and detail is None:
        raise PlaceNotFound()
    base = _base(state, detail, expected_place_id)
    if base is None:
        if not detail_found and any(m in _visible_text(html) for m in NOT_FOUND_MARKERS):
            raise PlaceNotFound()
        return _from_meta(meta, expected_place_id)
    return _from_state(state, detail or {}, base, meta)


# --- Apollo state -------------------------------------------------------------------------


def _read_page(html: str) -> tuple[dict | None, dict[str, str]]:
    """The Apollo state (the first script that assigns it) and the og meta tags."""
    state = None
    meta: dict[str, str] = {}
    for found in scan(html, META_KEYS):
        if isinstance(found, Script):
            if state is None:
                state = _apollo_state(html, found)
            continue
        key = found.get("property") or found.get("name")
        content = found.get("content")
        if key in META_KEYS and isinstance(content, str) and key not in meta:
            meta[key] = content
    return state, meta


def _apollo_state(html: str, script: Script) -> dict | None:
    match = _APOLLO.search(html, script.start, script.end)
    if not match:
        return None
    if html[match.end() : match.end() + 1] != "{" or match.end() >= script.end:
        raise ParseError(DAMAGED)
    try:
        state, end = json.JSONDecoder().raw_decode(html, match.end())
    except json.JSONDecodeError as exc:
        raise ParseError(DAMAGED) from exc
    except RecursionError as exc:
        raise ParseError(TOO_DEEP % {"limit": MAX_STATE_DEPTH}) from exc
    if end > script.end or not isinstance(state, dict):
        raise ParseError(DAMAGED)
    if nesting_depth(state, MAX_STATE_DEPTH) > MAX_STATE_DEPTH:
        raise ParseError(TOO_DEEP % {"limit": MAX_STATE_DEPTH})
    return state


def nesting_depth(value: Any, limit: int) -> int:
    """How deep lists and dicts nest in `value` (a scalar is 0), counted without recursion;
    the count stops once it passes `limit`."""
    deepest = 0
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        pending.extend((child, depth + 1) for child in children)
    return deepest


def _place_detail(state: dict) -> tuple[bool, dict | None]:
    root = state.get("ROOT_QUERY")
    if not isinstance(root, dict):
        return False, None
    for key, value in root.items():
        if isinstance(key, str) and key.startswith("placeDetail("):
            return True, value if isinstance(value, dict) else None
    return False, None


def _deref(state: dict, value: Any) -> Any:
    if isinstance(value, dict) and isinstance(value.get("__ref"), str):
        return state.get(value["__ref"])
    return value


def _base(state: dict, detail: dict | None, expected_place_id: str | None) -> dict | None:
    if detail:
        base = _deref(state, detail.get("base"))
        if isinstance(base, dict):
            return base
    bases = [
        v for k, v in state.items() if k.startswith("PlaceDetailBase:") and isinstance(v, dict)
    ]
    if expected_place_id:
        bases = [b for b in bases if str(b.get("id")) == expected_place_id] or bases
    return bases[0] if bases else None


def _from_state(state: dict, detail: dict, base: dict, meta: dict[str, str]) -> ParsedPlace:
    place_id = _text(base.get("id"))
    name = _bounded(
        clean_text(base.get("name")) or _title_name(meta), MAX_NAME_CHARS, _("place name")
    )
    if not place_id or not re.fullmatch(r"[1-9]\d{3,14}", place_id) or not name:
        raise ParseError()
    coordinate = base.get("coordinate") if isinstance(base.get("coordinate"), dict) else {}
    menus, menu_source = _menus(state)
    categories = _bounded(clean_text(base.get("category")), MAX_CATEGORY_CHARS, _("category list"))
    visitor, blog = _meta_counts(meta)
    missing = base.get("missingInfo") if isinstance(base.get("missingInfo"), dict) else {}
    og_type = _og_place_type(meta)
    return ParsedPlace(
        place_id=place_id,
        place_type=og_type or _place_type(missing.get("businessType")),
        name=name,
        categories=split_categories(categories),
        address=_bounded(clean_text(base.get("address")), MAX_ADDRESS_CHARS, _("address")),
        road_address=_bounded(
            clean_text(base.get("roadAddress")), MAX_ADDRESS_CHARS, _("road address")
        ),
        phone=_phone(base.get("phone")) or _phone(base.get("virtualPhone")),
        lat=_coordinate(coordinate.get("y"), 90),
        lng=_coordinate(coordinate.get("x"), 180),
        menus=menus[:MAX_MENUS],
        menus_left_out=max(0, len(menus) - MAX_MENUS),
        menu_source=menu_source,
        visitor_review_count=_count(base.get("visitorReviewsTotal")) or visitor,
        blog_review_count=_blog_total(state, detail) or blog,
        rating=_rating(base.get("visitorReviewsScore")),
        keywords=_keywords(state, detail),
        raw_state=state,
    )


def _menus(state: dict) -> tuple[list[MenuItem], str | None]:
    regular = _menu_items(state, "Menu:", sort_key="index")
    if regular and any(m.price for m in regular):
        return regular, "menu"
    baemin = _menu_items(state, "PlaceDetail_BaeminMenu:", sort_key="order")
    if baemin and (any(m.price for m in baemin) or not regular):
        return baemin, "baemin"
    return regular, ("menu" if regular else None)


def _menu_items(state: dict, prefix: str, *, sort_key: str) -> list[MenuItem]:
    entries = [v for k, v in state.items() if k.startswith(prefix) and isinstance(v, dict)]

    def order(entry: dict) -> int:
        value = entry.get(sort_key)
        return value if isinstance(value, int) and not isinstance(value, bool) else 10**9

    items: list[MenuItem] = []
    seen: set[tuple[str, int | None]] = set()
    for entry in sorted(entries, key=order):
        name = clean_text(entry.get("name"))
        if not name:
            continue
        price = parse_price(entry.get("price"))
        if (name, price) in seen:
            continue  # delivery menus repeat their representative items
        seen.add((name, price))
        items.append(MenuItem(name=name[:MAX_MENU_NAME_CHARS], price=price))
    return items


def keywords_from_state(state: dict) -> list[VotedKeyword]:
    """The voted keywords of an Apollo state kept with a profile (its raw payload)."""
    _found, detail = _place_detail(state)
    return _keywords(state, detail or {})


def _blog_total(state: dict, detail: dict) -> int | None:
    for key, value in detail.items():
        if isinstance(key, str) and key.startswith("fsasReviews("):
            value = _deref(state, value)
            if isinstance(value, dict):
                return _count(value.get("total"))
    return None


def _keywords(state: dict, detail: dict) -> list[VotedKeyword]:
    stats = _deref(state, detail.get("visitorReviewStats"))
    if not isinstance(stats, dict):
        stats = next(
            (
                v
                for k, v in state.items()
                if k.startswith("VisitorReviewStatsResult:") and isinstance(v, dict)
            ),
            None,
        )
    if not isinstance(stats, dict):
        return []
    analysis = stats.get("analysis")
    voted = analysis.get("votedKeyword") if isinstance(analysis, dict) else None
    details = voted.get("details") if isinstance(voted, dict) else None
    keywords = []
    for entry in details if isinstance(details, list) else []:
        if not isinstance(entry, dict):
            continue
        label = clean_text(entry.get("displayName"))
        count = _count(entry.get("count"))
        if label and count:
            keywords.append(
                VotedKeyword(
                    label=label[:MAX_KEYWORD_CHARS], count=count, code=_text(entry.get("code"))
                )
            )
    keywords.sort(key=lambda k: -k.count)
    return keywords[:MAX_KEYWORDS]


# --- meta fallbacks -----------------------------------------------------------------------


def _from_meta(meta: dict[str, str], expected_place_id: str | None) -> ParsedPlace:
    name = _title_name(meta)
    match = _OG_URL_ID.search(meta.get("og:url", ""))
    place_id = match.group(2) if match else expected_place_id
    if not name or not place_id:
        raise ParseError()
    visitor, blog = _meta_counts(meta)
    return ParsedPlace(
        place_id=place_id,
        place_type=match.group(1) if match else None,
        name=_bounded(name, MAX_NAME_CHARS, _("place name")),
        visitor_review_count=visitor,
        blog_review_count=blog,
        from_meta_only=True,
    )


def _bounded(text: str | None, limit: int, field) -> str | None:
    if text is not None and len(text) > limit:
        raise ParseError(
            TOO_LONG % {"field": field, "length": f"{len(text):,}", "limit": f"{limit:,}"}
        )
    return text


def _title_name(meta: dict[str, str]) -> str | None:
    title = clean_text(meta.get("og:title"))
    if not title:
        return None
    name = _TITLE_SUFFIX.sub("", title).strip()
    return name if name and name != "네이버 플레이스" else None


def _meta_counts(meta: dict[str, str]) -> tuple[int | None, int | None]:
    description = meta.get("og:description", "")
    counts = []
    for pattern in (_COUNT["visitor"], _COUNT["blog"]):
        match = pattern.search(description)
        counts.append(_count(match.group(1).replace(",", "")) if match else None)
    return counts[0], counts[1]


def _og_place_type(meta: dict[str, str]) -> str | None:
    match = _OG_URL_ID.search(meta.get("og:url", ""))
    return match.group(1) if match else None


def _visible_text(html: str) -> str:
    # The block and not-found pages are small; only their start is searched.
    return re.sub(r"<[^>]*>", " ", html[:200_000])


# --- values -------------------------------------------------------------------------------


def clean_text(value: Any) -> str | None:
    """NFC text without control or invisible formatting characters, spaces collapsed."""
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFC", value)
    text = _CONTROL.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text or None


def split_categories(value: Any) -> list[str]:
    text = clean_text(value)
    if not text:
        return []
    return [part.strip() for part in text.split(",") if part.strip()]


def parse_price(value: Any) -> int | None:
    """ "0" is free (0), empty or non-numeric is unknown (None), "12,000" is 12000."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= MAX_PRICE else None
    if not isinstance(value, str):
        return None
    text = value.strip().removesuffix("원").strip()
    if not _PRICE.fullmatch(text):
        return None
    number = int(text.replace(",", ""))
    return number if number <= MAX_PRICE else None


def _text(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | str):
        text = str(value).strip()
        return text or None
    return None


def _place_type(value: Any) -> str | None:
    text = _text(value)
    return text if text and _PLACE_TYPE.fullmatch(text) else None


def _count(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and 0 <= value < 10**12:
        return value
    return None


def _rating(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        rating = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return None
    if not rating.is_finite() or rating <= 0 or rating > 5:
        return None  # 0 means hidden
    return rating


def _coordinate(value: Any, limit: int) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or not -limit <= number <= limit or number == 0:
        return None
    return number.quantize(Decimal("0.0000001"))


def _phone(value: Any) -> str | None:
    text = clean_text(value)
    return text if text and _PHONE.fullmatch(text) else None
