"""Pages make a fixed number of DynamoDB calls, however many rows they show (no N+1)."""

import pytest
from django.urls import reverse

from creators import services as creator_services
from creators.domain import Statistics
from marketing.dynamo.client import get_client
from stores import services as store_services
from stores.domain import store_id_for
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
    # The profile, its history, its price peers; one query for its matches, one for its
    # campaigns.
    assert len(count_calls(lambda: client.get(store_page))) <= 5
    # The creator's channels, and one query for its matches.
    assert len(count_calls(lambda: client.get(creator_page))) == 2


def _matches(count, start=0):
    import datetime as dt

    from matches.domain import MatchStatus
    from tests.matches.factories import stored_match

    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    made = []
    for n in range(start, start + count):
        made.append(
            stored_match(
                store_id=MATCH_STORE,
                creator_id=f"{n:08d}-0000-4000-8000-000000000000",
                score=70,
                owner="editor-user",
            )
        )
        stored_match(
            store_id=f"{n:08d}-1111-4000-8000-000000000000",
            creator_id=MATCH_CREATOR,
            status=MatchStatus.CONTACTED,
            status_changed_at=long_ago,
            score=75,
        )
    return made


MATCH_STORE = "5703e000-0000-4000-8000-000000000000"
MATCH_CREATOR = "c7ea7000-0000-4000-8000-000000000000"


def test_match_pages_cost_the_same_for_3_rows_as_for_25(client_as, count_calls):
    from matches.selectors import today_in_seoul

    client = client_as("editor")
    changelist = reverse("admin:matches_match_changelist")
    pages_to_check = [
        changelist,
        changelist + "?mine=on",
        changelist + "?by=status&status=CONTACTED",
        changelist + "?by=band&band=70",
        changelist + f"?by=day&day={today_in_seoul().isoformat()}",
        changelist + f"?by=store&store={MATCH_STORE}",
        changelist + f"?by=creator&creator={MATCH_CREATOR}",
        reverse("admin:matches_match_follow_up"),
    ]
    _matches(3)
    few = [count_calls(lambda url=url: client.get(url)) for url in pages_to_check]
    _matches(22, start=3)
    many = [count_calls(lambda url=url: client.get(url)) for url in pages_to_check]
    assert few == many
    assert all(calls == ["Query"] for calls in many), many


def test_a_match_page_is_one_read(client_as, count_calls):
    client = client_as("editor")
    match = _matches(1)[0]
    detail = reverse("admin:matches_match_detail", kwargs={"match_id": match.match_id})
    assert count_calls(lambda: client.get(detail)) == ["Query"]


CAMPAIGN_STORE = "5703e000-0000-4000-8000-00000000ca11"


def _campaigns(count, start=0):
    import datetime as dt

    from campaigns.domain import CampaignStatus
    from tests.campaigns.factories import accepted_deals, stored_campaign

    made = []
    for n in range(start, start + count):
        deals = accepted_deals(2, store_id=CAMPAIGN_STORE)
        made.append(
            stored_campaign(
                store_id=CAMPAIGN_STORE,
                status=CampaignStatus.ACTIVE,
                start=dt.date(2027, 1, 1) + dt.timedelta(days=n),
                creators=deals,
            )
        )
    return made


def test_campaign_lists_cost_one_query_for_3_rows_as_for_25(client_as, count_calls):
    client = client_as("editor")
    changelist = reverse("admin:campaigns_campaign_changelist")
    pages_to_check = [
        changelist,
        changelist + "?status=ACTIVE",
        changelist + f"?store={CAMPAIGN_STORE}",
    ]
    _campaigns(3)
    few = [count_calls(lambda url=url: client.get(url)) for url in pages_to_check]
    _campaigns(22, start=3)
    many = [count_calls(lambda url=url: client.get(url)) for url in pages_to_check]
    assert few == many
    assert all(calls == ["Query"] for calls in many), many


def test_a_campaign_page_is_one_read_and_new_campaign_two(client_as, count_calls):
    client = client_as("editor")
    campaign = _campaigns(1)[0]
    detail = reverse(
        "admin:campaigns_campaign_detail", kwargs={"campaign_id": campaign.campaign_id}
    )
    assert count_calls(lambda: client.get(detail)) == ["Query"]
    new = reverse("admin:campaigns_campaign_add") + f"?store={CAMPAIGN_STORE}"
    # The store's accepted matches (one filtered query) and the campaigns holding them.
    assert count_calls(lambda: client.get(new)) == ["Query", "BatchGetItem"]


# --- dashboards: counters and one campaign read, never a count of the data -------------------


def _dashboard_data(count, start=0):
    """Matches in every stage, stores, creators and campaigns, as the services write them."""
    from campaigns.domain import Budget, CampaignStatus
    from matches.domain import MatchStatus
    from tests.campaigns.dashboard_support import counted_campaign, counted_match

    statuses = list(MatchStatus)
    campaign_statuses = list(CampaignStatus)
    for n in range(start, start + count):
        counted_match(
            creator_id=f"{n:08d}-2222-4000-8000-000000000000",
            status=statuses[n % len(statuses)],
        )
        counted_campaign(
            status=campaign_statuses[n % len(campaign_statuses)],
            budget=Budget(total=100_000, spent=n * 1_000),
            revenue=n * 2_000,
        )
    _stores(count, start=start + 100)
    _creators(count, start=start + 100)


def test_the_overview_costs_the_same_for_3_items_as_for_25(client_as, count_calls, monkeypatch):
    from marketing import health

    client = client_as("viewer")
    index = reverse("admin:index")
    _dashboard_data(3)
    monkeypatch.setattr(health, "_healthy", None)
    few = count_calls(lambda: client.get(index))
    _dashboard_data(22, start=3)
    monkeypatch.setattr(health, "_healthy", None)
    many = count_calls(lambda: client.get(index))
    assert few == many
    # Health (ListTables); the cache counters; one range of each counter partition: the
    # matches' recent contacts, suggestion days and stages; stores and creators: recent
    # hours and total; campaigns by status.
    assert sorted(many) == sorted(["ListTables", "GetItem"] + ["Query"] * 4), many


def test_a_campaign_dashboard_is_one_read(client_as, count_calls):
    from tests.campaigns.dashboard_support import counted_campaign

    campaign = counted_campaign()
    page = reverse("admin:campaigns_campaign_dashboard", args=[campaign.campaign_id])
    assert count_calls(lambda: client_as("viewer").get(page)) == ["Query"]


def _reported_calls(response) -> tuple[int, float]:
    import re

    timing = re.search(r'dynamodb;dur=([\d.]+);desc="(\d+) calls"', response["Server-Timing"])
    assert timing, response["Server-Timing"]
    assert re.search(r"app;dur=[\d.]+", response["Server-Timing"])
    return int(timing.group(2)), float(timing.group(1))


def test_every_response_says_how_many_dynamodb_calls_it_made(client_as, count_calls):
    client = client_as("editor")
    store = _stores(1)[0]
    store_page = reverse("admin:stores_store_detail", kwargs={"store_id": store.store_id})
    responses = []
    made = count_calls(lambda: responses.append(client.get(store_page)))
    calls, milliseconds = _reported_calls(responses[0])
    assert calls == len(made) > 0 and milliseconds > 0
    # A page that reads nothing says so; the count is the request's own, not a running sum.
    login = client.get(reverse("admin:login"))
    assert _reported_calls(login)[0] == 0
    assert _reported_calls(client.get(store_page))[0] == calls


def test_a_failed_call_is_counted_too(client_as):
    from botocore.exceptions import EndpointConnectionError

    client = client_as("editor")
    store_page = reverse(
        "admin:stores_store_detail", kwargs={"store_id": "5703e000-0000-4000-8000-0000000000aa"}
    )

    def unreachable(**_):
        raise EndpointConnectionError(endpoint_url="http://127.0.0.1:1")

    events = get_client("interactive").meta.events
    events.register("before-send.dynamodb", unreachable, unique_id="test-unreachable")
    try:
        response = client.get(store_page)
    finally:
        events.unregister("before-send.dynamodb", unique_id="test-unreachable")
    assert response.status_code == 503
    assert _reported_calls(response)[0] >= 1


def test_the_overview_checks_the_tables_twice_a_minute(client_as, count_calls, monkeypatch):
    from marketing import health

    client = client_as("viewer")
    index = reverse("admin:index")
    monkeypatch.setattr(health, "_healthy", None)
    first = count_calls(lambda: client.get(index))
    again = count_calls(lambda: client.get(index))
    assert first == ["ListTables", *again] and "ListTables" not in again
    monkeypatch.setattr(health, "_healthy", (health._healthy[0], -1e9))  # half a minute on
    assert count_calls(lambda: client.get(index))[0] == "ListTables"


DISTRICTS = ["강남구", "마포구", "송파구", "종로구", "중구", "용산구", "성동구", "광진구"]


def _stores_in_districts(count, start=0):
    for n in range(start, start + count):
        address = f"서울 {DISTRICTS[n % len(DISTRICTS)]} 어느동 {n}"
        store_services.store_import_html(
            html=pages.home_page(
                str(31000600 + n), name=f"가게 {n}", address=address, road_address=address
            ),
            actor="t",
        )


def test_a_city_list_is_one_query_however_many_districts_it_spans(client_as, count_calls):
    client = client_as("viewer")
    city_list = reverse("admin:stores_store_changelist") + "?city=서울"
    _stores_in_districts(2)
    few = count_calls(lambda: client.get(city_list))
    _stores_in_districts(30, start=2)
    many = count_calls(lambda: client.get(city_list))
    # The filter choices, the city's partition, the cache figures.
    assert few == many and sorted(many) == ["GetItem", "Query", "Query"], many


def _priced_neighbours(count, start=0):
    address = "서울 마포구 연남동 1"
    for n in range(start, start + count):
        store_services.store_import_html(
            html=pages.home_page(
                str(31000700 + n),
                name=f"국밥 {n}",
                category="국밥",
                address=address,
                road_address=address,
                menus=[("국밥", str(8000 + 100 * n))],
            ),
            actor="t",
        )


def test_a_store_page_costs_the_same_among_3_or_102_priced_neighbours(client_as, count_calls):
    client = client_as("viewer")
    _priced_neighbours(3)
    page = reverse("admin:stores_store_detail", kwargs={"store_id": store_id_for("31000700")})
    few = count_calls(lambda: client.get(page))
    _priced_neighbours(99, start=3)
    many = count_calls(lambda: client.get(page))
    # The price peers are one key range of the area (one Query), not the district page by page.
    assert few == many, (few, many)
