"""The engine from the store page: "Find creators", the creator-category correction, and
deleting stores and creators that have matches."""

from collections import Counter

import pytest
from django.urls import reverse

from matches.domain import MatchStatus, match_id_for
from matches.repository import MatchRepository
from matches.services import match_transition
from matches.services.engine import match_find_creators
from stores import services as store_services
from tests.matches.engine_support import add_creator, add_store

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dynamo_tables")]


def store_url(action, store_id, **kw):
    return reverse(f"admin:stores_store_{action}", kwargs={"store_id": store_id, **kw})


@pytest.fixture
def scene():
    store = add_store()
    creators = [add_creator(f"food{n}", subscribers=3_000 * (n + 1)) for n in range(3)]
    beauty = add_creator("beautyseoul", categories=["beauty"])
    return {"store": store, "creators": creators, "beauty": beauty}


def test_find_creators_scores_the_store_and_says_what_it_did(client_as, scene):
    client = client_as("editor")
    store_id = scene["store"].store_id
    page = client.get(store_url("detail", store_id)).content.decode()
    assert 'id="find-creators-button"' in page
    response = client.post(store_url("find_creators", store_id), follow=True)
    assert response.redirect_chain[-1][0] == store_url("detail", store_id)
    body = response.content.decode()
    assert "크리에이터 4명 평가: 새로 4건, 다시 평가 0건" in body
    assert len(MatchRepository().by_store(store_id, limit=50).items) == 4
    client.cookies["django_language"] = "en"
    body = client.post(store_url("find_creators", store_id), follow=True).content.decode()
    assert "4 creators scored: 0 new, 4 re-scored." in body


def test_viewers_cannot_find_creators(client_as, scene):
    client = client_as("viewer")
    store_id = scene["store"].store_id
    assert (
        'id="find-creators-button"'
        not in client.get(store_url("detail", store_id)).content.decode()
    )
    assert client.post(store_url("find_creators", store_id)).status_code == 403
    assert MatchRepository().by_store(store_id).items == []


def test_find_creators_is_post_only_and_404_for_an_unknown_store(client_as, scene):
    client = client_as("editor")
    assert client.get(store_url("find_creators", scene["store"].store_id)).status_code == 405
    missing = "00000000-0000-0000-0000-000000000000"
    assert client.post(store_url("find_creators", missing)).status_code == 404


def test_a_closed_store_gets_a_clear_message(client_as, scene):
    store = scene["store"]
    store_services.store_update(
        store_id=store.store_id,
        expected_version=store.version,
        actor="kim",
        changes={"status": "CLOSED"},
    )
    client = client_as("editor")
    client.cookies["django_language"] = "en"
    body = client.post(store_url("find_creators", store.store_id), follow=True).content.decode()
    assert "is closed; reopen it on its page to find creators for it." in body
    assert MatchRepository().by_store(store.store_id).items == []


def test_the_page_shows_the_mapped_creator_category_and_staff_can_correct_it(client_as, scene):
    store = scene["store"]
    client = client_as("editor")
    client.cookies["django_language"] = "en"
    body = client.get(store_url("detail", store.store_id)).content.decode()
    assert 'data-source="map"' in body and "mapped from Naver" in body
    form = client.get(store_url("change", store.store_id)).content.decode()
    assert 'name="creator_category"' in form
    response = client.post(
        store_url("change", store.store_id),
        {
            "store_name": store.store_name,
            "primary_category": store.primary_category,
            "city": store.location.city,
            "district": store.location.district,
            "phone": "",
            "status": "ACTIVE",
            "creator_category": "beauty",
            "version": store.version,
        },
        follow=True,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-source="correction"' in body and "chosen by editor-user" in body
    # The engine now looks for beauty creators: the beauty creator fits best.
    result = match_find_creators(store_id=store.store_id, actor="kim")
    best = max((w.match for w in result.written), key=lambda m: m.match_score)
    assert best.creator_id == scene["beauty"].creator_id
    assert best.score_breakdown["category"].value == 1


def test_the_correction_survives_a_new_scrape_and_can_be_dropped(client_as, scene):
    store = scene["store"]
    store_services.store_update(
        store_id=store.store_id,
        expected_version=store.version,
        actor="kim",
        changes={"creator_category": "cafe"},
    )
    again = add_store()  # the same page imported again: a new profile
    assert again.creator_category == "cafe" and "creator_category" in again.corrections
    client = client_as("editor")
    client.cookies["django_language"] = "en"
    response = client.post(
        store_url("restore", store.store_id, field="creator_category"),
        {"version": again.version},
        follow=True,
    )
    body = response.content.decode()
    assert 'data-source="map"' in body
    latest = store_services.StoreRepository().latest_profile(store.store_id)
    assert latest.creator_category is None and "creator_category" not in latest.corrections


def test_an_unknown_creator_category_is_refused(scene):
    from marketing.errors import UserError

    store = scene["store"]
    with pytest.raises(UserError):
        store_services.store_update(
            store_id=store.store_id,
            expected_version=store.version,
            actor="kim",
            changes={"creator_category": "astrology"},
        )


def test_deleting_a_store_takes_its_suggestions_with_it(client_as, scene):
    store_id = scene["store"].store_id
    match_find_creators(store_id=store_id, actor="kim")
    assert len(MatchRepository().by_store(store_id, limit=50).items) == 4
    client = client_as("admin")
    from marketing.dynamo.client import get_client

    operations = []
    events = get_client("interactive").meta.events
    events.register(
        "after-call.dynamodb",
        lambda event_name, **_: operations.append(event_name),
        unique_id="test-delete-calls",
    )
    try:
        response = client.post(store_url("delete", store_id))
    finally:
        events.unregister("after-call.dynamodb", unique_id="test-delete-calls")
    assert response.status_code == 302
    # The four suggestions are read whole in one request, not one read each.
    made = Counter(name.rsplit(".", 1)[-1] for name in operations)
    assert made["BatchGetItem"] == 1 and made["GetItem"] < 4, made
    assert MatchRepository().by_store(store_id, limit=50).items == []
    for creator in scene["creators"]:
        assert MatchRepository().by_creator(creator.creator_id).items == []
    assert _funnel_drift() == []  # the suggestions left the funnel with them


def test_a_match_past_pending_blocks_deleting_its_store(client_as, scene):
    store_id = scene["store"].store_id
    match_find_creators(store_id=store_id, actor="kim")
    creator_id = scene["creators"][0].creator_id
    match_transition(match_id=match_id_for(store_id, creator_id), to_status="CONTACTED", actor="k")
    client = client_as("admin")
    client.cookies["django_language"] = "en"
    body = client.post(store_url("delete", store_id), follow=True).content.decode()
    assert "This store cannot be deleted: 1 of its matches has gone past the suggestion" in body
    assert "Contacted" in body
    assert store_services.StoreRepository().latest_profile(store_id) is not None
    assert len(MatchRepository().by_store(store_id, limit=50).items) == 4


def test_deleting_a_creator_takes_its_suggestions_and_a_deal_blocks_it(client_as, scene):
    store_id = scene["store"].store_id
    match_find_creators(store_id=store_id, actor="kim")
    free, dealt = scene["creators"][0], scene["creators"][1]
    match_transition(
        match_id=match_id_for(store_id, dealt.creator_id), to_status="REJECTED", actor="k"
    )
    client = client_as("admin")
    client.cookies["django_language"] = "en"
    url = reverse("admin:creators_creator_delete", args=[free.creator_id])
    assert client.post(url).status_code == 302
    assert MatchRepository().by_creator(free.creator_id).items == []
    url = reverse("admin:creators_creator_delete", args=[dealt.creator_id])
    body = client.post(url, follow=True).content.decode()
    assert "This creator cannot be deleted: 1 of their matches has gone past" in body
    match = MatchRepository().find(match_id_for(store_id, dealt.creator_id))
    assert match is not None and match.status is MatchStatus.REJECTED
    assert _funnel_drift() == []


def _funnel_drift():
    """The match counters that differ from a recount of the matches table."""
    from marketing.aggregates import aggregates_rebuild

    results = aggregates_rebuild(for_real=False)
    return [r.changed for r in results if "match" in r.table and r.changed]
