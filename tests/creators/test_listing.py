"""The creators list: every platform by default, filters that combine, a name or handle
search on the name and handle indexes (issue #10, item 14). Never a scan."""

import pytest
from django.urls import reverse

from creators import services
from creators.domain import Statistics
from marketing.dynamo.client import get_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dynamo_tables")]


def add(platform, account, name, subscribers=5000, **kw):
    kw.setdefault("categories", ["food"])
    kw.setdefault("region", "seoul")
    return services.creator_add_manual(
        platform=platform,
        channel_id=account,
        channel_name=name,
        statistics=Statistics(subscribers=subscribers),
        actor="t",
        **kw,
    )


def names(response) -> list[str]:
    assert response.status_code == 200, response.content[:500]
    return [row.channel_name for row in response.context["page"].items]


@pytest.fixture
def listing(client_as):
    client = client_as("viewer")
    url = reverse("admin:creators_creator_changelist")
    return lambda **query: client.get(url, query)


@pytest.fixture
def operations():
    """DynamoDB operations the pages' client sends during the test."""
    seen: list[str] = []
    events = get_client("interactive").meta.events

    def record(event_name, **_):
        seen.append(event_name.rsplit(".", 1)[-1])

    events.register("after-call.dynamodb", record, unique_id="listing-operations")
    yield seen
    events.unregister("after-call.dynamodb", unique_id="listing-operations")


def test_the_list_opens_on_every_platform_by_name(listing):
    add("youtube", "UC" + "1" * 22, "Yoon Eats")
    add("instagram", "cook.kim", "Cook Kim")
    add("tiktok", "dance.lee", "Dance Lee")
    response = listing()
    assert names(response) == ["Cook Kim", "Dance Lee", "Yoon Eats"]
    body = response.content.decode()
    assert "Every platform, by name." in body


def test_filters_combine(listing):
    add("instagram", "a.one", "A one", 5000, categories=["food"], region="seoul")
    add("instagram", "a.two", "A two", 50_000, categories=["food"], region="seoul")
    add("instagram", "a.three", "A three", 5000, categories=["beauty", "food"], region="seoul")
    add("instagram", "a.four", "A four", 5000, categories=["food"], region="busan")
    add("tiktok", "a.five", "A five", 5000, categories=["food"], region="seoul")
    query = {"platform": "instagram", "tier": "micro", "category": "food", "region": "seoul"}
    assert names(listing(**query)) == ["A one"]
    # The category index, filtered on region: "food" is the primary category (first one).
    assert sorted(names(listing(category="food", region="seoul"))) == ["A five", "A one", "A two"]
    assert sorted(names(listing(region="seoul", tier="micro"))) == ["A five", "A one", "A three"]
    assert names(listing(platform="tiktok", category="food")) == ["A five"]


def test_search_finds_a_korean_name_by_its_first_syllables(listing):
    add("instagram", "cook.kim", "김요리 Kitchen")
    add("instagram", "kim.yoon", "김윤 맛집")
    add("tiktok", "park.cook", "박요리")
    assert names(listing(q="김요")) == ["김요리 Kitchen"]
    assert names(listing(q="김")) == ["김요리 Kitchen", "김윤 맛집"]
    assert names(listing(q=" 김 요 리 k ")) == ["김요리 Kitchen"]  # spaces and case ignored
    assert names(listing(q="김요", platform="tiktok")) == []


def test_search_finds_handles_after_names_without_listing_a_channel_twice(listing):
    add("instagram", "cook.kim", "Cook Kim")  # name and handle both match "cook"
    add("tiktok", "cookie.jar", "쿠키 단지")  # only the handle matches
    add("instagram", "bake.lee", "Cooking Lee")  # only the name matches
    # Names compare without spaces ("cookinglee" < "cookkim"), then the handle-only match.
    assert names(listing(q="cook")) == ["Cooking Lee", "Cook Kim", "쿠키 단지"]
    assert names(listing(q="@cookie")) == ["쿠키 단지"]
    assert names(listing(q="COOK.K")) == ["Cook Kim"]  # the handle, in any case
    assert names(listing(q="@cook.k")) == ["Cook Kim"]


def test_search_pages_through_names_then_handles(listing):
    for n in range(20):
        add("instagram", f"x{n:02d}", f"Cook {n:02d}")
    for n in range(10):
        add("tiktok", f"cook{n:02d}", f"요리사 {n:02d}")
    first = listing(q="cook")
    assert len(names(first)) == 25
    assert names(first)[:20] == [f"Cook {n:02d}" for n in range(20)]
    cursor = first.context["page"].next_cursor
    second = listing(q="cook", cursor=cursor)
    assert names(second) == [f"요리사 {n:02d}" for n in range(5, 10)]
    assert second.context["page"].next_cursor is None
    assert "next-page" in first.content.decode()


@pytest.mark.parametrize("cursor", ["X.abc", "N.", "N.abc.def", "H.abc.def", "abc"])
def test_a_tampered_search_cursor_is_a_400(listing, cursor):
    add("instagram", "cook.kim", "Cook Kim")
    assert listing(q="cook", cursor=cursor).status_code == 400


def test_lists_and_searches_are_queries_never_scans(listing, operations):
    add("instagram", "cook.kim", "Cook Kim")
    add("tiktok", "dance.lee", "Dance Lee", categories=["entertainment"], region="busan")
    operations.clear()
    for query in (
        {},
        {"q": "cook"},
        {"q": "김", "platform": "tiktok"},
        {"platform": "instagram", "region": "seoul"},
        {"tier": "micro", "category": "food"},
        {"category": "food", "region": "seoul"},
        {"region": "busan"},
    ):
        assert listing(**query).status_code == 200
    assert operations and set(operations) == {"Query"}


def test_older_by_value_links_set_that_filter(listing):
    add("instagram", "cook.kim", "Cook Kim")
    add("tiktok", "dance.lee", "Dance Lee")
    response = listing(by="platform", value="tiktok")
    assert names(response) == ["Dance Lee"]
    assert response.context["form"]["platform"].value() == "tiktok"


def test_an_unknown_filter_value_is_a_form_error_not_a_full_list(listing):
    add("instagram", "cook.kim", "Cook Kim")
    response = listing(platform="myspace")
    assert response.status_code == 200
    assert response.context["page"] is None
    assert "Correct the filters" in response.content.decode()


def test_renaming_and_deleting_move_and_remove_the_search_entries(listing):
    creator = add("instagram", "cook.kim", "Cook Kim")
    services.creator_save_channel(
        channel=creator.model_copy(update={"channel_name": "Chef Kim"}), actor="t"
    )
    assert names(listing(q="cook")) == ["Chef Kim"]  # the handle still matches
    assert names(listing(q="chef")) == ["Chef Kim"]
    assert names(listing(q="cookk")) == []
    services.creator_delete(creator_id=creator.creator_id, actor="t")
    assert names(listing(q="chef")) == [] and names(listing()) == []
