"""#10.12: the store list's filters offer the values stores have, forgive part of a name,
accept a city alone, and never show an unfiltered list under a filter error."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from marketing.dynamo.client import get_client
from stores import selectors, services
from stores.domain import store_id_for
from tests.stores import pages

pytestmark = pytest.mark.django_db

STORES = [
    ("31000101", "송파 중국집", "중식당", "서울 송파구 가락동 1"),
    ("31000102", "마포 중국집", "중식당", "서울 마포구 연남동 2"),
    ("31000103", "마포 국밥", "국밥", "서울 마포구 연남동 3"),
    ("31000104", "부산 국밥", "국밥", "부산 해운대구 우동 4"),
    ("31000105", "강남 중식 주점", "중식주점", "서울 강남구 역삼동 5"),
]


@pytest.fixture
def stores(dynamo_tables):
    for place_id, name, category, address in STORES:
        services.store_import_html(
            html=pages.home_page(
                place_id, name=name, category=category, address=address, road_address=address
            ),
            actor="seed",
        )


def names(client, **params):
    response = client.get(reverse("admin:stores_store_changelist"), params)
    assert response.status_code == 200
    page = response.context["page"]
    return response, sorted(row.store_name for row in page.items) if page else None


def test_a_city_alone_lists_that_city_across_its_districts(client_as, stores):
    response, found = names(client_as("viewer"), city="서울")
    assert found == ["강남 중식 주점", "마포 국밥", "마포 중국집", "송파 중국집"]
    assert not response.context["form"].errors


def test_a_city_alone_pages_through_its_districts(stores):
    seen, cursor = [], None
    for _ in range(10):
        page = selectors.store_list(
            filters=selectors.StoreFilters(city="서울"), cursor=cursor, limit=1
        )
        seen += [row.store_name for row in page.items]
        cursor = page.next_cursor
        if not cursor:
            break
    assert sorted(seen) == ["강남 중식 주점", "마포 국밥", "마포 중국집", "송파 중국집"]


def test_part_of_a_name_finds_the_one_value_it_names(client_as, stores):
    client = client_as("viewer")
    assert names(client, district="송파", city="서울")[1] == ["송파 중국집"]
    assert names(client, category="국")[1] == ["마포 국밥", "부산 국밥"]
    response, found = names(client, category="중식")  # 중식당 or 중식주점?
    assert found is None and "중식당, 중식주점" in response.content.decode()


def test_a_filter_error_shows_no_rows(client_as, stores):
    client = client_as("viewer")
    response, found = names(client, district="마포구")  # a district needs its city
    assert found is None and "result_list" not in response.content.decode()
    response, found = names(client, category="없는 종류")
    assert found is None and "없는 종류" in response.content.decode()


def test_the_choices_are_offered_and_follow_every_write(client_as, stores):
    client = client_as("editor")
    body = client.get(reverse("admin:stores_store_changelist")).content.decode()
    assert '<option value="중식주점">' in body and "<datalist" in body
    gangnam = store_id_for("31000105")
    latest = services.StoreRepository().latest_profile(gangnam)
    services.store_update(
        store_id=gangnam,
        expected_version=latest.version,
        actor="t",
        changes={"primary_category": "중식당"},
    )
    services.store_delete(store_id=store_id_for("31000104"), actor="t")
    facets = selectors.store_facets()
    assert facets.categories == ["국밥", "중식당"]
    assert facets.areas == {"서울": ["강남구", "마포구", "송파구"]}


def test_the_backfill_recounts_from_the_stores(stores, dynamo_tables):
    client = get_client("batch")
    facet_items = client.query(
        TableName=dynamo_tables["stores"],
        KeyConditionExpression="PK = :pk",
        ExpressionAttributeValues={":pk": {"S": "FACETS#STORE"}},
    )["Items"]
    for item in facet_items:  # as if the stores had been saved before the counters
        client.delete_item(
            TableName=dynamo_tables["stores"], Key={k: item[k] for k in ("PK", "SK")}
        )
    assert selectors.store_facets().categories == []
    call_command("backfill_store_facets")
    assert selectors.store_facets().categories == []  # a dry run writes nothing
    call_command("backfill_store_facets", "--for-real")
    call_command("backfill_store_facets", "--for-real")  # idempotent
    facets = selectors.store_facets()
    assert facets.categories == ["국밥", "중식당", "중식주점"]
    assert facets.areas["서울"] == ["강남구", "마포구", "송파구"]
