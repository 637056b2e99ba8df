"""Stores saved before issue 14's keys (a city list row without its city key, a latest
profile sorted by store id in its area) are missing from the city list and the price
peers until `backfill_store_keys --for-real` gives them their keys; it writes nothing in
a dry run, and nothing when run again."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from marketing.dynamo import keys
from marketing.dynamo.client import get_client
from stores import selectors, services
from stores.domain import store_id_for
from tests.stores import pages

pytestmark = pytest.mark.django_db

PRICED = {"31000401": "8000", "31000402": "12000", "31000403": "30000"}


@pytest.fixture
def old_stores(dynamo_tables):
    for place_id, price in PRICED.items():
        services.store_import_html(
            html=pages.home_page(
                place_id,
                name=f"국밥 {price}",
                category="국밥",
                address="서울 마포구 연남동 3",
                road_address="서울 마포구 연남동 3",
                menus=[("국밥", price)],
            ),
            actor="seed",
        )
    client, table = get_client(), dynamo_tables["stores"]
    for place_id in PRICED:
        store_id = store_id_for(place_id)
        client.update_item(  # as saved before: no city key on the row
            TableName=table,
            Key={"PK": {"S": keys.STORE_DIRECTORY}, "SK": {"S": keys.store(store_id)}},
            UpdateExpression="REMOVE GSI2PK, GSI2SK",
        )
        latest = client.query(
            TableName=table,
            KeyConditionExpression="PK = :pk AND begins_with(SK, :profile)",
            ExpressionAttributeValues={
                ":pk": {"S": keys.store(store_id)},
                ":profile": {"S": keys.PROFILE},
            },
            ScanIndexForward=False,
            Limit=1,
        )["Items"][0]
        client.update_item(  # and its area entry sorted by store id
            TableName=table,
            Key={"PK": latest["PK"], "SK": latest["SK"]},
            UpdateExpression="SET GSI2SK = :old",
            ExpressionAttributeValues={":old": {"S": keys.store(store_id)}},
        )


def _backfill(*args) -> str:
    out = io.StringIO()
    call_command("backfill_store_keys", *args, stdout=out)
    return out.getvalue()


def _city_list(viewer) -> list[str]:
    response = viewer.get(reverse("admin:stores_store_changelist"), {"city": "서울"})
    assert response.status_code == 200
    return sorted(row.store_name for row in response.context["page"].items)


def _peers() -> int | None:
    detail = selectors.store_detail(store_id=store_id_for("31000403"))
    return detail.price_position.peers if detail.price_position else None


def test_old_stores_get_their_keys_once(old_stores, client_as):
    viewer = client_as("viewer")
    assert _city_list(viewer) == [] and _peers() is None
    dry = _backfill()
    assert "3 of 3" in dry and _city_list(viewer) == []
    done = _backfill("--for-real")
    assert "3 store(s) checked: 3 given their index keys" in done
    assert _city_list(viewer) == ["국밥 12000", "국밥 30000", "국밥 8000"]
    assert _peers() == 2
    again = _backfill("--for-real")
    assert "3 store(s) checked: 0 given their index keys" in again


def test_a_store_saved_meanwhile_already_has_its_keys(old_stores, settings):
    store_id = store_id_for("31000401")
    profile = selectors.store_profile(store_id=store_id)
    services.store_update(
        store_id=store_id,
        expected_version=profile.version,
        actor="editor",
        changes={"store_name": "국밥 새 이름"},
    )
    assert "2 of 3" in _backfill()
