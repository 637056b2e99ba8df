"""Pages make a fixed number of DynamoDB calls, however many rows they show (no N+1)."""

import pytest
from django.urls import reverse

from creators import services as creator_services
from creators.domain import Statistics
from marketing.dynamo.client import get_client
from stores import services as store_services
from tests.stores import pages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dynamo_tables")]


@pytest.fixture
def count_calls():
    """Operations the pages' (interactive) client sends, by name, during the block."""
    seen: list[str] = []
    events = get_client("interactive").meta.events

    def record(event_name, **_):
        seen.append(event_name.rsplit(".", 1)[-1])

    events.register("after-call.dynamodb", record, unique_id="count-page-calls")

    def count(call):
        seen.clear()
        call()
        return list(seen)

    yield count
    events.unregister("after-call.dynamodb", unique_id="count-page-calls")


def _stores(count, start=0):
    return [
        store_services.store_import_html(html=pages.home_page(str(31000000 + n)), actor="t").profile
        for n in range(start, start + count)
    ]


def _creators(count, start=0):
    return [
        creator_services.creator_add_manual(
            platform="instagram",
            channel_id=f"c{n:03d}",
            channel_name=f"C {n}",
            statistics=Statistics(subscribers=1000 + n),
            categories=["food"],
            actor="t",
        )
        for n in range(start, start + count)
    ]


def test_list_pages_cost_the_same_for_3_rows_as_for_25(client_as, count_calls):
    client = client_as("viewer")
    pages_to_check = [
        reverse("admin:stores_store_changelist"),
        reverse("admin:creators_creator_changelist") + "?by=category&value=food",
    ]
    _stores(3), _creators(3)
    few = [count_calls(lambda url=url: client.get(url)) for url in pages_to_check]
    _stores(22, start=3), _creators(22, start=3)
    many = [count_calls(lambda url=url: client.get(url)) for url in pages_to_check]
    assert few == many
    assert all(0 < len(calls) <= 3 for calls in many), many


@pytest.mark.parametrize(
    "query",
    [
        "",  # every platform, by name
        "?q=C",  # a search: the name index, then the handle index
        "?q=@c0",  # a search matching handles only
        "?platform=instagram&category=food&tier=micro",
        "?category=food&platform=instagram",
    ],
)
def test_the_creators_list_makes_at_most_two_queries_for_any_rows(client_as, count_calls, query):
    client = client_as("viewer")
    url = reverse("admin:creators_creator_changelist") + query
    _creators(3)
    few = count_calls(lambda: client.get(url))
    _creators(22, start=3)
    many = count_calls(lambda: client.get(url))
    for calls in (few, many):
        assert set(calls) == {"Query"} and len(calls) <= 2, calls
    if "q=" not in query:
        assert few == many == ["Query"]
    # A search reads the handle index only when the names did not fill the page.


def test_detail_pages_make_a_handful_of_calls(client_as, count_calls):
    client = client_as("editor")
    store, creator = _stores(1)[0], _creators(1)[0]
    store_page = reverse("admin:stores_store_detail", kwargs={"store_id": store.store_id})
    creator_page = reverse("admin:creators_creator_detail", args=[creator.creator_id])
    assert len(count_calls(lambda: client.get(store_page))) <= 3
    assert len(count_calls(lambda: client.get(creator_page))) == 1
