"""Hand-made Naver place pages, mirroring the real formats (never copied from captures).

The page shell is an m.place document with og meta tags and a script that assigns
`window.__APOLLO_STATE__` (followed by other window state, as on the real pages).
"""

import json

SHELL = """<!doctype html>
<html lang="ko"><head><meta charset="utf-8">
<title>네이버 플레이스</title>
{meta}
</head><body><div id="app-root">{body}</div>
<script>window.__PLACE_STATE__ = {{"hydrated":true}};
          window.__APOLLO_STATE__ = {state};
          window.__LOCATION_STATE__ = {{"x":null}};
</script>
<script src="https://example.invalid/static/app.js"></script>
</body></html>
"""

NO_STATE_SHELL = """<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>네이버 플레이스</title>{meta}</head>
<body><div class="wrap">{body}</div></body></html>
"""


def meta_tags(*, name=None, visitor=None, blog=None, url=None) -> str:
    tags = []
    if name is not None:
        # The real pages end og:title with a stray U+001C after "네이버".
        tags.append(f'<meta property="og:title" content="{name} : 네이버\x1c">')
    if visitor is not None or blog is not None:
        text = f"방문자리뷰 {visitor:,} · 블로그리뷰 {blog:,}"
        tags.append(f'<meta property="og:description" content="{text}">')
    if url:
        tags.append(f'<meta property="og:url" content="{url}">')
    return "\n".join(tags)


def base_entry(
    place_id: str,
    *,
    name: str = "연남 국밥집",
    category: str = "국밥,순대국",
    address: str = "서울 마포구 연남동 200-1",
    road_address: str = "서울 마포구 연남로 12 1층",
    phone: str | None = "02-333-1234",
    virtual_phone: str | None = None,
    x: str = "126.9250001",
    y: str = "37.5610002",
    visitor_total: int | None = 420,
    score: float | None = 4.31,
    business_type: str = "restaurant",
) -> dict:
    return {
        "__typename": "PlaceDetailBase",
        "id": place_id,
        "name": name,
        "category": category,
        "address": address,
        "roadAddress": road_address,
        "phone": phone,
        "virtualPhone": virtual_phone,
        "coordinate": {"__typename": "Coordinate", "x": x, "y": y, "mapZoomLevel": 12},
        "visitorReviewsTotal": visitor_total,
        "visitorReviewsScore": score,
        "missingInfo": {"__typename": "MissingInfo", "businessType": business_type},
    }


def menu_entries(place_id: str, menus: list[tuple[str, str | None]]) -> dict:
    return {
        f"Menu:{place_id}_{i}": {
            "__typename": "Menu",
            "name": name,
            "price": price,
            "recommend": i == 0,
            "id": f"{place_id}_{i}",
            "index": i,
        }
        for i, (name, price) in enumerate(menus)
    }


def baemin_entries(menus: list[tuple[str, str | None]]) -> dict:
    return {
        f"PlaceDetail_BaeminMenu:{9000 + i}": {
            "__typename": "PlaceDetail_BaeminMenu",
            "order": i + 1,
            "id": str(9000 + i),
            "name": name,
            "price": price,
            "source": "baemin",
        }
        for i, (name, price) in enumerate(menus)
    }


def keyword_stats(place_id: str, keywords: list[tuple[str, str, int]]) -> dict:
    return {
        f"VisitorReviewStatsResult:{place_id}": {
            "__typename": "VisitorReviewStatsResult",
            "id": place_id,
            "analysis": {
                "__typename": "VisitorReviewStatsAnalysis",
                "votedKeyword": {
                    "__typename": "VisitorReviewStatsAnalysisVoteKeyword",
                    "totalCount": sum(k[2] for k in keywords),
                    "details": [
                        {"__typename": "Detail", "code": code, "displayName": label, "count": n}
                        for code, label, n in keywords
                    ],
                },
            },
        }
    }


DEFAULT_MENUS = [
    ("돼지국밥", "9000"),
    ("순대국", "10,000"),
    ("수육 (소)", "25000"),
    ("공기밥", "0"),
]
# A 양대창 grill as staff know them: per-person portions, sets for several people, sides
# and drinks. The median of every line is 5,000 won (level 1); a person spends ~31,000.
YANGDAECHANG_MENUS = [
    ("양대창구이 1인분(150g)", "28000"),
    ("특양구이 1인분", "32000"),
    ("대창구이 1인분", "24000"),
    ("모둠구이 2인 세트", "58000"),
    ("양대창 세트(3~4인)", "99000"),
    ("모둠 4인분", "110000"),
    ("볶음밥 추가", "4000"),
    ("공기밥", "1000"),
    ("된장찌개", "5000"),
    ("계란찜", "3000"),
    ("라면사리", "2000"),
    ("소주", "5000"),
    ("맥주", "5000"),
    ("콜라", "2000"),
]
DEFAULT_KEYWORDS = [
    ("food_good", "음식이 맛있어요", 120),
    ("kind", "친절해요", 60),
    ("large", "양이 많아요", 30),
    ("price_expensive", "가격이 비싸요", 10),
    ("parking", "주차는 직접 확인하세요", 5),
]


def apollo_state(
    place_id: str = "31000001",
    *,
    menus=None,
    baemin=None,
    keywords=None,
    blog_total: int | None = 77,
    query_args: str = '{"deviceType":"mobile","id":"%s","isNx":false}',
    detail_null: bool = False,
    extra: dict | None = None,
    **base,
) -> dict:
    key = 'placeDetail({"input":' + (query_args % place_id) + "})"
    state: dict = {"ROOT_QUERY": {"__typename": "Query"}}
    if detail_null:
        state["ROOT_QUERY"][key] = None
        return state
    detail = {
        "__typename": "PlaceDetail",
        "base": {"__ref": f"PlaceDetailBase:{place_id}"},
        "visitorReviewStats": {"__ref": f"VisitorReviewStatsResult:{place_id}"},
    }
    if blog_total is not None:
        detail['fsasReviews({"fsasReviewsType":"restaurant"})'] = {
            "__typename": "FsasReviewsResult",
            "total": blog_total,
        }
    state["ROOT_QUERY"][key] = detail
    state[f"PlaceDetailBase:{place_id}"] = base_entry(place_id, **base)
    state.update(menu_entries(place_id, DEFAULT_MENUS if menus is None else menus))
    if baemin:
        state.update(baemin_entries(baemin))
    state.update(keyword_stats(place_id, DEFAULT_KEYWORDS if keywords is None else keywords))
    state.update(extra or {})
    return state


def home_page(place_id: str = "31000001", *, kind: str = "restaurant", **options) -> str:
    state = apollo_state(place_id, **options)
    base = state.get(f"PlaceDetailBase:{place_id}") or {}
    return SHELL.format(
        meta=meta_tags(
            name=base.get("name"),
            visitor=base.get("visitorReviewsTotal") or 0,
            blog=options.get("blog_total") or 0,
            url=f"https://m.place.naver.com/{kind}/{place_id}/home",
        ),
        body="<h1>place</h1>",
        state=json.dumps(state, ensure_ascii=False),
    )


def menu_list_page(place_id: str = "31000002", **options) -> str:
    """A menu/list page whose menus are only Baemin delivery menus (no Menu:*)."""
    options.setdefault("menus", [])
    options.setdefault(
        "baemin",
        [("짜장면", "8000"), ("짬뽕", "9000"), ("탕수육(중)", "24000"), ("세트메뉴", None)],
    )
    options.setdefault("name", "가락 중화반점")
    options.setdefault("category", "중식당")
    state = apollo_state(place_id, **options)
    return SHELL.format(
        meta=meta_tags(
            name=options["name"],
            visitor=100,
            blog=5,
            url=f"https://m.place.naver.com/restaurant/{place_id}/menu/list",
        ),
        body="",
        state=json.dumps(state, ensure_ascii=False),
    )


def not_found_page(place_id: str = "31000009") -> str:
    state = apollo_state(place_id, detail_null=True)
    return SHELL.format(
        meta="",
        body="<p>요청하신 페이지를 찾을 수 없습니다.</p>",
        state=json.dumps(state, ensure_ascii=False),
    )


def block_page() -> str:
    return NO_STATE_SHELL.format(
        meta="",
        body=(
            "<h2>서비스 이용이 제한되었습니다.</h2><p>과도한 접근 요청으로 서비스 이용이 "
            "제한되었습니다. 잠시 후 다시 시도해주세요.</p><p>IP: 192.0.2.1</p>"
        ),
    )


def meta_only_page(place_id: str = "31000010") -> str:
    return NO_STATE_SHELL.format(
        meta=meta_tags(
            name="메타 전용 카페",
            visitor=12,
            blog=3,
            url=f"https://m.place.naver.com/cafe/{place_id}/home",
        ),
        body="",
    )


def garbled_page(place_id: str = "31000001") -> str:
    """The Apollo script cut off in the middle (a truncated save)."""
    page = home_page(place_id)
    cut = page.index("window.__APOLLO_STATE__") + 400
    return page[:cut] + "\n</script></body></html>"


def deeply_nested_page(levels: int, place_id: str = "31000001") -> str:
    """A home page whose Apollo state holds a list nested `levels` deep (written as text:
    building it as objects would need the recursion the page is meant to provoke)."""
    state = json.dumps(apollo_state(place_id), ensure_ascii=False)
    nested = '"deep":' + "[" * levels + "]" * levels + ","
    page = home_page(place_id)
    return page.replace(state, "{" + nested + state[1:], 1)


def tag_flood_page(size: int, place_id: str = "31000001") -> str:
    """A home page with `size` bytes of meta and script tags before its content."""
    tags, used, i = [], 0, 0
    while used < size:
        if i % 2:
            tag = f'<meta name="filler-{i}" content="메타 {i}">'
        else:
            tag = f'<script>window.__FILLER_{i}__ = {{"n": {i}}};</script>'
        tags.append(tag)
        used += len(tag.encode())
        i += 1
    return home_page(place_id).replace("<title>", "".join(tags) + "<title>", 1)
