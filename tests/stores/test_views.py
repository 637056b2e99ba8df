import random
import re
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from marketing.dynamo.client import get_client
from stores import services
from stores.domain import store_id_for
from stores.naver import fetcher as fetcher_module
from stores.payload import raw_item_bytes
from stores.repository import StoreRepository
from tests.stores import pages
from tests.stores.conftest import public_resolver

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"admin:stores_store_{name}", kwargs=kwargs or None)


@pytest.fixture
def stored(dynamo_tables):
    return services.store_import_html(html=pages.home_page("31000001"), actor="seed").profile


@pytest.fixture
def test_fetcher(monkeypatch, mocked_http):
    monkeypatch.setattr(
        fetcher_module,
        "default_fetcher",
        lambda: fetcher_module.NaverFetcher(
            resolver=public_resolver, min_interval=0.0, sleep=lambda s: None
        ),
    )
    return mocked_http


def test_empty_list_says_so(client_as, dynamo_tables):
    client = client_as("editor")
    client.cookies["django_language"] = "en"
    body = client.get(url("changelist")).content.decode()
    assert "No stores yet." in body and url("add") in body and url("import") in body


def test_list_and_filters(client_as, stored):
    client = client_as("viewer")
    body = client.get(url("changelist")).content.decode()
    assert 'id="result_list"' in body and "연남 국밥집" in body
    assert url("add") not in body  # viewers get no add link
    body = client.get(url("changelist"), {"category": "국밥"}).content.decode()
    assert "연남 국밥집" in body
    body = client.get(url("changelist"), {"category": "카페"}).content.decode()
    assert "연남 국밥집" not in body
    body = client.get(url("changelist"), {"city": "서울", "district": "마포구"}).content.decode()
    assert "연남 국밥집" in body
    body = client.get(url("changelist"), {"price_level": "4"}).content.decode()
    assert "연남 국밥집" not in body


def test_tampered_cursor_is_a_400(client_as, stored):
    response = client_as("viewer").get(url("changelist"), {"cursor": "abc.def"})
    assert response.status_code == 400


def test_detail_shows_panels(client_as, stored):
    body = client_as("viewer").get(url("detail", store_id=stored.store_id)).content.decode()
    for marker in (
        "price-panel",
        "sentiment-panel",
        "history-panel",
        "price-position",
        "음식이 맛있어요",
        'data-slot="matches"',
        'data-slot="campaigns"',
    ):
        assert marker in body
    assert url("delete", store_id=stored.store_id) not in body
    assert url("refetch", store_id=stored.store_id) not in body


def test_unknown_store_is_404(client_as, dynamo_tables):
    response = client_as("viewer").get(url("detail", store_id=store_id_for("99999999")))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("role", "name", "method", "status"),
    [
        ("viewer", "add", "get", 403),
        ("viewer", "import", "get", 403),
        ("viewer", "change", "get", 403),
        ("viewer", "refetch", "post", 403),
        ("editor", "delete", "get", 403),
        ("editor", "delete", "post", 403),
        ("admin", "delete", "get", 200),
    ],
)
def test_roles(client_as, stored, role, name, method, status):
    kwargs = {} if name in ("add", "import") else {"store_id": stored.store_id}
    response = getattr(client_as(role), method)(url(name, **kwargs))
    assert response.status_code == status


def test_add_by_url_fresh_then_cached(client_as, dynamo_tables, test_fetcher):
    test_fetcher.get(
        "https://m.place.naver.com/place/31000001/home", body=pages.home_page("31000001")
    )
    client = client_as("editor")
    response = client.post(url("add"), {"url": "31000001"}, follow=True)
    assert "fetched fresh" in response.content.decode()
    response = client.post(url("add"), {"url": "https://map.naver.com/p/entry/place/31000001"})
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert "answered from the cache" in response.content.decode()
    assert len(test_fetcher.calls) == 1


def test_add_errors_are_form_errors(client_as, dynamo_tables, test_fetcher):
    client = client_as("editor")
    response = client.post(url("add"), {"url": "https://example.com/"})
    assert response.status_code == 200 and "Not a Naver place link" in response.content.decode()
    test_fetcher.get(
        "https://m.place.naver.com/place/31000001/home", body=pages.block_page(), status=403
    )
    response = client.post(url("add"), {"url": "31000001"})
    assert response.status_code == 200 and "Import saved page" in response.content.decode()


def test_import_saved_page(client_as, dynamo_tables):
    client = client_as("editor")
    upload = SimpleUploadedFile("saved.html", pages.home_page("31000001").encode(), "text/html")
    response = client.post(url("import"), {"html_file": upload}, follow=True)
    assert "imported from the saved page" in response.content.decode()
    bad = SimpleUploadedFile("x.html", pages.not_found_page().encode(), "text/html")
    response = client.post(url("import"), {"html_file": bad})
    assert response.status_code == 200 and "does not exist" in response.content.decode()


def test_edit_with_stale_version_is_a_form_error(client_as, stored):
    client = client_as("editor")
    data = {
        "store_name": "새 이름",
        "primary_category": "국밥",
        "city": "서울",
        "district": "마포구",
        "phone": "02-333-1234",
        "status": "ACTIVE",
        "version": stored.version,
    }
    response = client.post(url("change", store_id=stored.store_id), data)
    assert response.status_code == 302
    response = client.post(url("change", store_id=stored.store_id), data)
    assert response.status_code == 200 and "reload" in response.content.decode()


def test_refetch_and_delete(client_as, stored, test_fetcher):
    test_fetcher.get(
        "https://m.place.naver.com/place/31000001/home", body=pages.home_page("31000001")
    )
    client = client_as("admin")
    response = client.post(url("refetch", store_id=stored.store_id), follow=True)
    assert "fetched again" in response.content.decode()
    assert client.get(url("refetch", store_id=stored.store_id)).status_code == 405
    response = client.post(url("delete", store_id=stored.store_id))
    assert response.status_code == 302
    assert client.get(url("detail", store_id=stored.store_id)).status_code == 404


def test_post_requires_csrf(stored, make_staff):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_staff("admin"))
    assert client.post(url("delete", store_id=stored.store_id)).status_code == 403


# --- pages that are too big, too deep or too long (issue #10, items 5, 6 and 8) --------------


def _upload(client, html: str):
    upload = SimpleUploadedFile("saved.html", html.encode(), "text/html")
    return client.post(url("import"), {"html_file": upload})


def _stored_items(dynamo_tables):
    return get_client().scan(TableName=dynamo_tables["stores"])["Items"]


def test_import_of_a_state_nested_940_deep_is_a_form_error(client_as, dynamo_tables):
    response = _upload(client_as("editor"), pages.deeply_nested_page(940))
    assert response.status_code == 200
    assert "nested more than 64 levels deep" in response.content.decode()
    assert _stored_items(dynamo_tables) == []


def test_import_of_a_state_nested_60_deep_keeps_it(client_as, dynamo_tables):
    response = _upload(client_as("editor"), pages.deeply_nested_page(60))
    assert response.status_code == 302
    profile = StoreRepository().latest_profile(store_id_for("31000001"))
    assert services.raw_payload(profile)["ROOT_QUERY"] and not profile.raw_payload_left_out


def test_import_of_a_140k_character_name_is_refused_with_a_clear_message(client_as, dynamo_tables):
    response = _upload(client_as("editor"), pages.home_page(name="가" * 140_000))
    assert response.status_code == 200
    body = response.content.decode()
    assert "The place name on the page is 140,000 characters long" in body
    assert _stored_items(dynamo_tables) == []


@pytest.mark.parametrize(
    ("field", "words"),
    [("address", "address"), ("road_address", "road address"), ("category", "category list")],
)
def test_import_of_an_overlong_address_or_category_is_refused(
    client_as, dynamo_tables, field, words
):
    response = _upload(client_as("editor"), pages.home_page(**{field: "서울" * 7_500}))
    assert response.status_code == 200
    assert f"The {words} on the page is 15,000 characters long" in response.content.decode()
    assert _stored_items(dynamo_tables) == []


def test_import_of_3000_long_menus_keeps_300_and_the_item_stays_small(client_as, dynamo_tables):
    menus = [(f"메뉴 {i} " + "아주 긴 설명" * 40, str(10_000 + i)) for i in range(3000)]
    client = client_as("editor")
    response = _upload(client, pages.home_page(menus=menus))
    assert response.status_code == 302
    profile = StoreRepository().latest_profile(store_id_for("31000001"))
    assert len(profile.menus) == 300 and profile.menus_left_out == 2700
    assert all(len(m.name) <= 100 for m in profile.menus)
    body = client.get(response["Location"]).content.decode()
    assert "300 of the 3,000 menus on the page were kept" in body
    for item in _stored_items(dynamo_tables):
        assert raw_item_bytes(item) < 300 * 1024


def test_import_of_20000_menus_is_stored(client_as, dynamo_tables):
    menus = [(f"메뉴 {i}", str(1000 + i)) for i in range(20_000)]
    response = _upload(client_as("editor"), pages.home_page(menus=menus))
    assert response.status_code == 302
    profile = StoreRepository().latest_profile(store_id_for("31000001"))
    assert profile.price_analysis.menu_count == 300 and profile.menus_left_out == 19_700


def test_a_raw_state_too_large_for_the_item_is_left_out_and_the_page_says_so(
    client_as, dynamo_tables
):
    noise = random.Random(1).randbytes(1_000_000).hex()
    client = client_as("editor")
    response = _upload(client, pages.home_page(extra={"Blob:1": {"data": noise}}))
    assert response.status_code == 302
    profile = StoreRepository().latest_profile(store_id_for("31000001"))
    assert profile.raw_payload is None and profile.raw_payload_left_out
    body = client.get(response["Location"]).content.decode()
    assert "raw data was too large to keep and was left out" in body
    for item in _stored_items(dynamo_tables):
        assert raw_item_bytes(item) < 300 * 1024


def _import_peak(client, html: str) -> int:
    upload = SimpleUploadedFile("saved.html", html.encode(), "text/html")
    tracemalloc.start()
    try:
        response = client.post(url("import"), {"html_file": upload})
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 302
    return peak


def test_import_of_a_page_flooded_with_tags_costs_no_more_than_plain_text(client_as, dynamo_tables):
    """Only the Apollo script and the og tags are read: 2 MB of tags cost what 2 MB of plain
    text costs (a tree of the tags took four times as much)."""
    client = client_as("editor")
    flood = pages.tag_flood_page(2_000_000)
    text = "<p>" + "가나다 라마" * (len(flood.encode()) // 16) + "</p>"
    plain = pages.home_page().replace("<h1>place</h1>", text)
    _import_peak(client, pages.home_page())  # first-request allocations out of the way
    assert _import_peak(client, flood) < 1.5 * _import_peak(client, plain)


# --- per-person spend and the sentiment formula on the page (issue #10, items 20, 21) ---------

MENU_ROW = re.compile(
    r'<tr class="menu-(\w+)"><td>([^<]*)</td><td>[^<]*</td><td>([^<]*)</td><td>([^<]*)</td></tr>'
)


def test_detail_shows_how_each_menu_line_counts_and_the_old_median(client_as, dynamo_tables):
    html = pages.home_page(menus=pages.YANGDAECHANG_MENUS)
    profile = services.store_import_html(html=html, actor="seed").profile
    body = client_as("viewer").get(url("detail", store_id=profile.store_id)).content.decode()
    assert "About 31,000 won per person — price level 3." in body
    assert "the median of every priced menu line is 5,000 won (level 1)" in body
    rows = MENU_ROW.findall(body)
    assert len(rows) == len(pages.YANGDAECHANG_MENUS)
    assert ("set", "양대창 세트(3~4인)", "set for 3.5", "28,286") in rows
    assert ("set", "모둠 4인분", "set for 4", "27,500") in rows
    assert ("main", "특양구이 1인분", "main", "32,000") in rows
    assert ("side", "공기밥", "side (extra)", "—") in rows
    assert ("drink", "소주", "drink (extra)", "—") in rows
    assert "mains and sets 28,000 + median side or drink 3,000 = 31,000 won per person" in body
    assert "counts as its price divided by the people" in body  # the rules, in short


def test_a_profile_stored_before_the_estimate_shows_the_median_level(client_as, stored):
    repository = StoreRepository()
    old = stored.price_analysis.model_copy(update={"per_person": None})
    repository.update(
        *repository.profile_key(stored),
        set={"price_analysis": old},
        expected_version=stored.version,
        actor="old",
    )
    body = client_as("viewer").get(url("detail", store_id=stored.store_id)).content.decode()
    assert "Price level 2, by the median of every priced menu line (10,000 won)" in body
    assert "its menu gives about 10,000 won per person" in body


def test_sentiment_panel_shows_the_formula_and_its_inputs(client_as, stored):
    body = client_as("viewer").get(url("detail", store_id=stored.store_id)).content.decode()
    panel = body[body.index('id="sentiment-panel"') :]
    assert "Score: 31/100" in " ".join(panel.split())
    minus, times = "\u2212", "\u00d7"  # the page's typography
    assert f"(positive {minus} negative keyword votes) ÷ visitor reviews ÷ 3" in panel
    assert f"Here: (210 {minus} 10) ÷ 420 = 0.48 per review → 16%." in panel
    assert f"Here: (4.31 {minus} 3) ÷ 2 → 66%." in panel
    assert f"0.7 {times} keyword part + 0.3 {times} rating part" in panel
