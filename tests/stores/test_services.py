import datetime as dt
from unittest import mock

import pytest

from marketing.dynamo import errors
from marketing.dynamo.client import get_client
from stores import selectors, services
from stores.domain import ProfileSource, StoreStatus, store_id_for
from stores.naver.errors import Blocked, InvalidPlaceUrl, ParseError
from stores.repository import DirectoryRepository, StoreRepository
from stores.selectors import StoreFilters
from tests.stores import pages

# Near the real time: history ttls are checked against the real clock.
T0 = dt.datetime.now(dt.UTC).replace(microsecond=0)
HOME = "https://m.place.naver.com/place/31000001/home"


class Clock:
    def __init__(self, now=T0):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


def _raw_items(table):
    return get_client().scan(TableName=table)["Items"]


def _import(html, clock, **kwargs):
    return services.store_import_html(html=html, actor="tester", clock=clock, **kwargs)


def test_store_id_is_derived_from_the_place_id():
    assert store_id_for("31000001") == store_id_for("31000001")
    assert store_id_for("31000001") != store_id_for("31000002")


def test_import_writes_a_latest_profile_with_its_index_keys(dynamo_tables, clock):
    outcome = _import(pages.home_page("31000001"), clock)
    profile = outcome.profile
    assert outcome.created and not outcome.cache_hit
    assert profile.store_id == store_id_for("31000001")
    assert profile.source_url == HOME
    assert profile.primary_category == "국밥"
    assert (profile.location.city, profile.location.district) == ("서울", "마포구")
    assert profile.price_analysis.level == 2 and profile.price_analysis.median == 10000
    assert profile.sentiment.score is not None and profile.source == ProfileSource.IMPORT
    items = [i for i in _raw_items(dynamo_tables["stores"]) if i["SK"]["S"].startswith("PROFILE#")]
    assert len(items) == 1
    assert items[0]["GSI1PK"]["S"] == "CATEGORY#국밥"
    assert items[0]["GSI2PK"]["S"] == "LOCATION#서울#마포구"
    assert items[0]["GSI3PK"]["S"] == "PRICE#2"
    assert "ttl" not in items[0]
    assert "B" in items[0]["rawPayload"]  # gzip-compressed Apollo state
    assert services.raw_payload(profile)["ROOT_QUERY"]


def test_rescrape_moves_the_index_keys_in_one_transaction(dynamo_tables, clock):
    _import(pages.home_page("31000001"), clock)
    clock.now = T0 + dt.timedelta(days=8)
    client = get_client()
    with mock.patch.object(client, "transact_write_items", wraps=client.transact_write_items) as tx:
        outcome = _import(pages.home_page("31000001", name="연남 국밥집 본점"), clock)
    assert tx.call_count == 1
    kinds = [next(iter(a)) for a in tx.call_args.kwargs["TransactItems"]]
    assert kinds[:3] == ["Put", "Update", "Put"]  # new profile, old profile, directory row
    assert kinds[3:] == ["Update", "Update"]  # freshness counters: the old hour, the new one
    assert not outcome.created
    profiles = sorted(
        (i for i in _raw_items(dynamo_tables["stores"]) if i["SK"]["S"].startswith("PROFILE#")),
        key=lambda i: i["SK"]["S"],
    )
    old, new = profiles
    assert not any(k.startswith("GSI") for k in old)
    assert "ttl" in old and int(old["ttl"]["N"]) > clock.now.timestamp()
    assert new["GSI1PK"]["S"] == "CATEGORY#국밥" and "ttl" not in new
    page = selectors.store_list(filters=StoreFilters(category="국밥"))
    assert [row.store_name for row in page.items] == ["연남 국밥집 본점"]  # once per index


def test_a_failed_transaction_leaves_the_old_profile_indexed(dynamo_tables, clock):
    first = _import(pages.home_page("31000001"), clock).profile
    repo = StoreRepository()
    # Someone else touches the latest profile between our read and our write.
    stale = first.model_copy()
    with mock.patch.object(StoreRepository, "latest_profile", return_value=stale):
        repo.update(
            *repo.profile_key(first), set={"status": "CLOSED"}, expected_version=1, actor="x"
        )
        clock.now = T0 + dt.timedelta(days=1)
        with pytest.raises(errors.ConcurrentModification):
            _import(pages.home_page("31000001"), clock)
    profiles = [i for i in _raw_items(dynamo_tables["stores"]) if i["SK"]["S"].startswith("PROF")]
    assert len(profiles) == 1 and "GSI1PK" in profiles[0]


def test_cache_hit_within_seven_days_makes_no_request(dynamo_tables, clock, fetcher, mocked_http):
    mocked_http.get(HOME, body=pages.home_page("31000001"))
    first = services.store_add_by_url(
        url="https://map.naver.com/p/entry/place/31000001", actor="t", fetcher=fetcher, clock=clock
    )
    assert not first.cache_hit and len(mocked_http.calls) == 1
    clock.now = T0 + dt.timedelta(days=6, hours=23)
    second = services.store_add_by_url(url="31000001", actor="t", fetcher=fetcher, clock=clock)
    assert second.cache_hit and second.profile.store_id == first.profile.store_id
    assert len(mocked_http.calls) == 1  # answered from DynamoDB
    stats = selectors.cache_stats()
    assert (stats.hits, stats.misses) == (1, 1) and str(stats.hit_rate) == "50.0"


def test_stale_cache_and_force_fetch_again(dynamo_tables, clock, fetcher, mocked_http):
    mocked_http.get(HOME, body=pages.home_page("31000001"))
    services.store_add_by_url(url="31000001", actor="t", fetcher=fetcher, clock=clock)
    clock.now = T0 + dt.timedelta(days=7, seconds=1)
    stale = services.store_add_by_url(url="31000001", actor="t", fetcher=fetcher, clock=clock)
    assert not stale.cache_hit and len(mocked_http.calls) == 2
    forced = services.store_add_by_url(
        url="31000001", actor="t", fetcher=fetcher, clock=clock, force=True
    )
    assert not forced.cache_hit and len(mocked_http.calls) == 3
    assert (selectors.cache_stats().hits, selectors.cache_stats().misses) == (0, 2)
    history = StoreRepository().profile_history(store_id_for("31000001"))
    assert len(history.items) == 3


def test_home_without_menus_fetches_the_menu_page(dynamo_tables, clock, fetcher, mocked_http):
    mocked_http.get(
        "https://m.place.naver.com/place/31000002/home",
        body=pages.home_page("31000002", menus=[]),
    )
    mocked_http.get(
        "https://m.place.naver.com/restaurant/31000002/menu/list",
        body=pages.menu_list_page("31000002"),
    )
    outcome = services.store_add_by_url(url="31000002", actor="t", fetcher=fetcher, clock=clock)
    assert [c.request.url for c in mocked_http.calls][-1].endswith("/menu/list")
    assert outcome.profile.price_analysis.menu_count == 4
    assert outcome.profile.price_analysis.median == 9000


def test_blocked_page_is_reported_and_nothing_is_written(
    dynamo_tables, clock, fetcher, mocked_http
):
    mocked_http.get(HOME, body=pages.block_page(), status=403)
    with pytest.raises(Blocked):
        services.store_add_by_url(url="31000001", actor="t", fetcher=fetcher, clock=clock)
    assert DirectoryRepository().list_all().items == []


def test_a_page_for_another_place_is_refused(dynamo_tables, clock):
    with pytest.raises(ParseError):
        _import(pages.home_page("31000001"), clock, url="31000002")


def test_import_refuses_short_links_and_bad_urls(dynamo_tables, clock):
    with pytest.raises(InvalidPlaceUrl):
        _import(pages.home_page(), clock, url="https://naver.me/abc12")
    with pytest.raises(InvalidPlaceUrl):
        _import(pages.home_page(), clock, url="https://example.com/")


def test_lists_by_each_index_and_combined_filters(dynamo_tables, clock):
    _import(pages.home_page("31000001"), clock)  # 국밥, 서울 마포구, level 2
    _import(
        pages.home_page("31000002", name="비싼 국밥", menus=[("특국밥", "45000")]), clock
    )  # level 4
    _import(
        pages.home_page(
            "31000003", name="강남 국수", category="국수", road_address="서울특별시 강남구 1"
        ),
        clock,
    )
    names = lambda page: sorted(r.store_name for r in page.items)  # noqa: E731
    assert names(selectors.store_list(filters=StoreFilters(category="국밥"))) == [
        "비싼 국밥",
        "연남 국밥집",
    ]
    assert names(
        selectors.store_list(filters=StoreFilters(city="서울특별시", district="강남구"))
    ) == ["강남 국수"]
    assert names(selectors.store_list(filters=StoreFilters(price_level=4))) == ["비싼 국밥"]
    both = StoreFilters(category="국밥", city="서울", district="마포구", price_level=2)
    assert names(selectors.store_list(filters=both)) == ["연남 국밥집"]
    assert len(selectors.store_list().items) == 3


def test_unfiltered_and_filtered_lists_never_scan(dynamo_tables, clock):
    _import(pages.home_page("31000001"), clock)
    client = get_client()
    with mock.patch.object(client, "scan", side_effect=AssertionError("scan")):
        selectors.store_list()
        selectors.store_list(filters=StoreFilters(category="국밥"))
        selectors.store_detail(store_id=store_id_for("31000001"))


def test_cursor_pagination_over_the_directory(dynamo_tables, clock):
    for n in range(5):
        _import(pages.home_page(f"3100001{n}", name=f"가게 {n}"), clock)
    first = selectors.store_list(limit=2)
    second = selectors.store_list(limit=2, cursor=first.next_cursor)
    third = selectors.store_list(limit=2, cursor=second.next_cursor)
    seen = [r.store_id for r in first.items + second.items + third.items]
    assert len(seen) == 5 == len(set(seen)) and third.next_cursor is None
    with pytest.raises(errors.InvalidCursor):
        selectors.store_list(filters=StoreFilters(category="국밥"), cursor=first.next_cursor)


def test_price_position_among_same_category_in_the_district(dynamo_tables, clock):
    prices = {"31000021": "8000", "31000022": "12000", "31000023": "30000", "31000024": "50000"}
    for place_id, price in prices.items():
        _import(pages.home_page(place_id, name=f"국밥 {price}", menus=[("국밥", price)]), clock)
    _import(
        pages.home_page("31000025", category="카페", menus=[("커피", "1000")]), clock
    )  # other category: not a peer
    detail = selectors.store_detail(store_id=store_id_for("31000023"))
    position = detail.price_position
    assert (position.peers, position.cheaper, position.pricier) == (3, 2, 1)
    assert position.percentile == 67
    assert detail.history.items[0].store_name == "국밥 30000"


def test_update_corrects_fields_and_moves_index_keys(dynamo_tables, clock):
    profile = _import(pages.home_page("31000001"), clock).profile
    updated = services.store_update(
        store_id=profile.store_id,
        expected_version=profile.version,
        actor="editor",
        changes={
            "store_name": "고친 이름",
            "primary_category": "순대국",
            "city": "서울특별시",
            "district": "서대문구",
            "status": StoreStatus.CLOSED,
        },
    )
    assert updated.store_name == "고친 이름" and updated.location.city == "서울"
    assert selectors.store_list(filters=StoreFilters(category="국밥")).items == []
    assert [
        r.store_name for r in selectors.store_list(filters=StoreFilters(category="순대국")).items
    ] == ["고친 이름"]
    assert selectors.store_list(filters=StoreFilters(city="서울", district="서대문구")).items
    assert selectors.store_list().items[0].store_name == "고친 이름"
    with pytest.raises(errors.ConcurrentModification):
        services.store_update(
            store_id=profile.store_id,
            expected_version=profile.version,
            actor="e",
            changes={"store_name": "늦은 수정"},
        )


def test_delete_removes_every_item_of_the_store(dynamo_tables, clock):
    profile = _import(pages.home_page("31000001"), clock).profile
    clock.now = T0 + dt.timedelta(days=1)
    _import(pages.home_page("31000001"), clock)
    assert services.store_delete(store_id=profile.store_id, actor="admin") == 3
    assert [i for i in _raw_items(dynamo_tables["stores"]) if "STORE#" in i["PK"]["S"]] == []
    with pytest.raises(services.StoreNotFound):
        services.store_delete(store_id=profile.store_id, actor="admin")
