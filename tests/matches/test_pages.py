"""The match workflow pages through the Django test client: lists, detail, transitions,
owner, bulk actions, delete, roles and CSRF."""

import datetime as dt
import itertools
import uuid
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from marketing.dynamo import serde
from matches.domain import TRANSITIONS, Finding, MatchStatus, ScoreComponent
from matches.repository import MatchRepository
from matches.services import match_transition
from tests.matches.factories import stored_match

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dynamo_tables", "english")]

STORE = "0f4a2c1e-0000-4000-8000-000000000001"


def url(name, match=None, **query):
    kwargs = {"match_id": match.match_id} if match is not None else None
    address = reverse(f"admin:matches_match_{name}", kwargs=kwargs)
    if query:
        from urllib.parse import urlencode

        address += "?" + urlencode(query)
    return address


def new_id() -> str:
    return str(uuid.uuid4())


def make(**kw):
    kw.setdefault("store_id", STORE)
    kw.setdefault("creator_id", new_id())
    return stored_match(**kw)


def text_of(response) -> str:
    """What a reader sees: the page's text without tags and attributes."""
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def rows(response) -> list[str]:
    return [row.match_id for row in response.context["page"].items]


def stored(match):
    return MatchRepository().find(match.match_id, consistent=True)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- lists --------------------------------------------------------------------------------


def test_the_list_is_the_suggested_queue_oldest_change_first(client_as, monkeypatch):
    first, second = make(creator_name="First"), make(creator_name="Second")
    contacted = make(status=MatchStatus.CONTACTED)
    client = client_as("viewer")
    response = client.get(url("changelist"))
    assert response.status_code == 200
    assert rows(response) == [first.match_id, second.match_id]
    assert contacted.match_id not in rows(response)
    assert "Work queue: Suggested, oldest change first" in text_of(response)
    queue = client.get(url("changelist", by="status", status="CONTACTED"))
    assert rows(queue) == [contacted.match_id]


def test_score_bands_and_a_days_matches_best_first(client_as):
    low, high, top = make(score=42), make(score=88), make(score=100)
    client = client_as("viewer")
    assert rows(client.get(url("changelist", by="band", band=80))) == [high.match_id]
    assert rows(client.get(url("changelist", by="band", band=100))) == [top.match_id]
    assert rows(client.get(url("changelist", by="band", band=40))) == [low.match_id]
    today = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=9))).date()
    day = client.get(url("changelist", by="day", day=today.isoformat()))
    assert rows(day) == [top.match_id, high.match_id, low.match_id]
    other_day = client.get(url("changelist", by="day", day="2020-01-01"))
    assert rows(other_day) == []
    assert "No matches in this list." in text_of(other_day)


def test_a_day_is_a_day_in_seoul(client_as, monkeypatch):
    # 16:30 UTC on 1 May is 01:30 on 2 May in Seoul.
    monkeypatch.setattr(serde, "utcnow", lambda: dt.datetime(2024, 5, 1, 16, 30, tzinfo=dt.UTC))
    match = make()
    client = client_as("viewer")
    assert rows(client.get(url("changelist", by="day", day="2024-05-02"))) == [match.match_id]
    assert rows(client.get(url("changelist", by="day", day="2024-05-01"))) == []
    detail = text_of(client.get(url("detail", match)))
    assert "2024-05-02 01:30" in detail


def test_a_stores_and_a_creators_full_lists(client_as):
    creator = new_id()
    mine = [make(score=score, creator_id=new_id()) for score in (50, 90, 70)]
    elsewhere = make(store_id=new_id(), creator_id=creator, creator_name="Cook Kim")
    client = client_as("viewer")
    response = client.get(url("changelist", by="store", store=STORE))
    assert rows(response) == [mine[1].match_id, mine[2].match_id, mine[0].match_id]
    by_creator = client.get(url("changelist", by="creator", creator=creator))
    assert rows(by_creator) == [elsewhere.match_id]
    assert "Matches of Cook Kim" in text_of(by_creator)
    # The hidden listings need their id; without it the list says so and shows nothing.
    refused = client.get(url("changelist", by="store"))
    assert refused.context["page"] is None
    assert "Open this list from a store" in text_of(refused)


def test_only_mine_narrows_every_list(client_as, make_staff):
    client = client_as("editor")
    ours = make(owner="editor-user")
    make(owner="someone-else")
    make()
    for query in ({}, {"by": "band", "band": 70}, {"by": "store", "store": STORE}):
        response = client.get(url("changelist", mine="on", **query))
        assert rows(response) == [ours.match_id], query
    assert "mine only" in text_of(response)


def test_a_long_queue_pages_with_a_cursor_and_a_bad_cursor_is_a_400(client_as):
    made = [make() for _ in range(27)]
    client = client_as("viewer")
    first = client.get(url("changelist"))
    assert rows(first) == [m.match_id for m in made[:25]]
    cursor = first.context["page"].next_cursor
    second = client.get(url("changelist", cursor=cursor))
    assert rows(second) == [m.match_id for m in made[25:]]
    assert client.get(url("changelist", cursor="abc.def")).status_code == 400


def test_follow_up_lists_contacts_without_a_response_after_the_setting(client_as, settings):
    settings.MATCH_FOLLOW_UP_DAYS = 5
    now = dt.datetime.now(dt.UTC)
    waiting = make(status=MatchStatus.CONTACTED, status_changed_at=now - dt.timedelta(days=6))
    recent = make(status=MatchStatus.CONTACTED, status_changed_at=now - dt.timedelta(days=4))
    make(status=MatchStatus.RESPONDED, status_changed_at=now - dt.timedelta(days=9))
    client = client_as("viewer")
    response = client.get(url("follow_up"))
    assert response.status_code == 200
    assert rows(response) == [waiting.match_id]
    assert "Contacted more than 5 days ago" in text_of(response)
    settings.MATCH_FOLLOW_UP_DAYS = 3
    assert rows(client.get(url("follow_up"))) == [waiting.match_id, recent.match_id]
    # Moving on (a response) takes it off the list.
    match_transition(match_id=waiting.match_id, to_status="RESPONDED", actor="kim")
    assert rows(client.get(url("follow_up"))) == [recent.match_id]
    assert url("follow_up") in client.get(url("changelist")).content.decode()


def test_the_list_shows_labels_not_codes(client_as):
    make(status=MatchStatus.PENDING)
    page = text_of(client_as("viewer").get(url("changelist")))
    assert "Suggested" in page and "Medium confidence" in page and "Normal priority" in page
    assert "PENDING" not in page and "medium" not in page.split()


# --- detail -------------------------------------------------------------------------------


def test_detail_shows_breakdown_findings_timeline_and_log(client_as):
    match = make(
        score_breakdown={
            "location": ScoreComponent(value=Decimal("1"), weight=Decimal("0.25"), reason="Mapo"),
            "engagement": ScoreComponent(value=Decimal("0.9"), weight=Decimal("0.2")),
        },
        strengths=[
            Finding(code="same_district", params={"district": "마포구"}),
            Finding(
                code="engagement_top", params={"top": 10, "tier": "micro", "platform": "youtube"}
            ),
        ],
        problems=[
            Finding(code="hand_entered", params={"days": 94}),
            Finding(code="not_yet_known_code", params={"days": 3}),
        ],
    )
    match_transition(match_id=match.match_id, to_status="CONTACTED", actor="kim", note="DM")
    response = client_as("viewer").get(url("detail", match))
    page = text_of(response)
    assert "Location fit 100/100 25% 25.0 Mapo" in page
    assert "Engagement among peers 90/100 20% 18.0" in page
    assert "Same district (마포구)" in page
    assert "Engagement in the top 10 % of Micro (1K-10K) YouTube creators" in page
    assert "Figures entered by hand 94 days ago" in page
    assert "Further detail: days: 3" in page and "not_yet_known_code" not in page
    assert "Suggested → Contacted" in page and "kim" in page and "DM" in page
    assert "No e-mail has been sent for this match." in page
    # Viewers read; they get no buttons.
    assert response.context["transitions"] == []
    assert 'id="transition-form"' not in response.content.decode()


def test_detail_offers_only_the_allowed_transitions(client_as):
    client = client_as("editor")
    for status in MatchStatus:
        match = make(status=status, creator_id=new_id())
        response = client.get(url("detail", match))
        offered = [s for s, _label in response.context["transitions"]]
        assert offered == list(TRANSITIONS[status]), status
        body = response.content.decode()
        for target in MatchStatus:
            assert (f'value="{target.value}"' in body) == (target in TRANSITIONS[status])
        if status.is_final:
            assert "no further step is possible" in text_of(response)


def test_unknown_match_is_a_404(client_as):
    missing = reverse("admin:matches_match_detail", kwargs={"match_id": new_id()})
    assert client_as("viewer").get(missing).status_code == 404


def test_the_detail_links_to_the_store_and_the_creator(client_as):
    creator = new_id()
    match = make(creator_id=creator)
    body = client_as("viewer").get(url("detail", match)).content.decode()
    assert reverse("admin:stores_store_detail", kwargs={"store_id": STORE}) in body
    assert reverse("admin:creators_creator_detail", kwargs={"creator_id": creator}) in body


# --- transitions --------------------------------------------------------------------------


def post_transition(client, match, to, *, version=None, note="by phone"):
    return client.post(
        url("transition", match),
        {"to": to, "note": note, "version": version or match.version},
        follow=True,
    )


def test_every_legal_transition_through_the_page(client_as):
    client = client_as("editor")
    legal = [(a, b) for a in MatchStatus for b in TRANSITIONS[a]]
    assert len(legal) == 9
    for start, target in legal:
        match = make(status=start)
        response = post_transition(client, match, target.value, note="how it went")
        assert response.redirect_chain[-1][0] == url("detail", match)
        assert f"The match is now “{target.label}”." in messages_of(response)
        after = stored(match)
        assert after.status is target and after.version == match.version + 1
        change = after.status_history[-1]
        assert (change.from_status, change.to, change.by, change.note) == (
            start,
            target,
            "editor-user",
            "how it went",
        )
        assert (after.ttl is None) == (target is not MatchStatus.PENDING)


def test_every_illegal_transition_through_the_page_is_refused_and_writes_nothing(client_as):
    client = client_as("editor")
    illegal = [
        (a, b) for a, b in itertools.product(MatchStatus, MatchStatus) if b not in TRANSITIONS[a]
    ]
    assert len(illegal) == 40
    for start, target in illegal:
        match = make(status=start)
        response = post_transition(client, match, target.value)
        assert response.status_code == 200
        expected = f"A match cannot go from “{start.label}” to “{target.label}”."
        assert expected in messages_of(response), (start, target)
        assert stored(match).version == match.version


def test_a_stale_page_is_told_to_reload_and_never_overwrites(client_as):
    client = client_as("editor")
    match = make()
    match_transition(match_id=match.match_id, to_status="CONTACTED", actor="lee", note="DM")
    response = post_transition(client, match, "REJECTED", version=match.version)
    assert any("changed by someone else" in m and "reload" in m for m in messages_of(response))
    after = stored(match)
    assert after.status is MatchStatus.CONTACTED and after.version == match.version + 1


def test_a_contact_by_hand_must_say_how(client_as):
    client = client_as("editor")
    match = make()
    response = post_transition(client, match, "CONTACTED", note="  ")
    assert any("Say in the note how" in m for m in messages_of(response))
    assert stored(match).version == match.version
    post_transition(client, match, "CONTACTED", note="Instagram DM")
    assert stored(match).status_history[-1].note == "Instagram DM"


@pytest.mark.parametrize(
    "posted",
    [
        {"to": "CONTACTED", "note": "x"},  # no version
        {"to": "SHIPPED", "version": 1, "note": "x"},
        {"to": "CONTACTED", "version": "one", "note": "x"},
        {"to": "CONTACTED", "version": 1, "note": "x" * 501},
    ],
)
def test_bad_transition_posts_get_a_message_not_a_500(client_as, posted):
    match = make()
    response = client_as("editor").post(url("transition", match), posted, follow=True)
    assert response.status_code == 200 and messages_of(response)
    assert stored(match).version == match.version


def test_transitions_need_csrf(make_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_staff("editor"))
    match = make()
    response = client.post(url("transition", match), {"to": "REJECTED", "version": 1})
    assert response.status_code == 403
    assert stored(match).version == match.version
    detail = client.get(url("detail", match))
    token = detail.cookies["csrftoken"].value
    assert 'name="csrfmiddlewaretoken"' in detail.content.decode()
    response = client.post(
        url("transition", match),
        {"to": "REJECTED", "version": 1, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302 and stored(match).status is MatchStatus.REJECTED


def test_transitions_are_get_proof(client_as):
    match = make()
    assert client_as("editor").get(url("transition", match)).status_code == 405


# --- roles --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "name", "method", "status"),
    [
        ("viewer", "changelist", "get", 200),
        ("viewer", "follow_up", "get", 200),
        ("viewer", "detail", "get", 200),
        ("viewer", "transition", "post", 403),
        ("viewer", "take", "post", 403),
        ("viewer", "assign", "post", 403),
        ("viewer", "bulk", "post", 403),
        ("viewer", "delete", "get", 403),
        ("editor", "transition", "post", 302),
        ("editor", "take", "post", 302),
        ("editor", "delete", "get", 403),
        ("editor", "delete", "post", 403),
        ("admin", "delete", "get", 200),
    ],
)
def test_roles(client_as, role, name, method, status):
    match = make()
    per_match = name not in ("changelist", "follow_up", "bulk")
    address = url(name, match) if per_match else url(name)
    data = {"to": "REJECTED", "version": match.version, "selected": [f"{match.match_id}:1"]}
    client = client_as(role)
    response = client.get(address) if method == "get" else client.post(address, data)
    assert response.status_code == status
    if status == 403:
        assert stored(match).version == match.version


# --- owner --------------------------------------------------------------------------------


def test_take_it_and_my_queue(client_as):
    client = client_as("editor")
    match = make()
    response = client.post(url("take", match), {"version": match.version}, follow=True)
    assert "The match is yours now" in " ".join(messages_of(response))
    assert stored(match).owner == "editor-user"
    assert rows(client.get(url("changelist", mine="on"))) == [match.match_id]
    # The button is gone for its owner.
    assert 'id="take-it"' not in client.get(url("detail", match)).content.decode()


def test_assigning_an_owner_is_version_checked_and_only_to_staff_who_may_act(client_as, make_staff):
    make_staff("editor", username="park")
    make_staff("viewer", username="reader")
    client = client_as("admin")
    match = make()
    detail = client.get(url("detail", match))
    choices = [value for value, _label in detail.context["assign_form"].fields["owner"].choices]
    assert choices == ["", "admin-user", "park"]
    response = client.post(url("assign", match), {"owner": "reader", "version": 1}, follow=True)
    assert any("reader is not one of the available choices" in m for m in messages_of(response))
    client.post(url("assign", match), {"owner": "park", "version": 1})
    assert stored(match).owner == "park"
    stale = client.post(url("assign", match), {"owner": "", "version": 1}, follow=True)
    assert any("changed by someone else" in m for m in messages_of(stale))
    assert stored(match).owner == "park"
    client.post(url("assign", match), {"owner": "", "version": 2})
    assert stored(match).owner is None


# --- bulk ---------------------------------------------------------------------------------


def test_bulk_contact_reports_per_match_and_writes_each_conditionally(client_as):
    client = client_as("editor")
    fresh, moved_meanwhile, done_already = make(), make(), make(status=MatchStatus.COMPLETED)
    match_transition(match_id=moved_meanwhile.match_id, to_status="REJECTED", actor="lee")
    gone = new_id()
    back = url("changelist", by="status", status="PENDING")
    response = client.post(
        url("bulk"),
        {
            "action": "contact",
            "note": "Instagram DM",
            "next": back,
            "selected": [
                f"{fresh.match_id}:1",
                f"{moved_meanwhile.match_id}:1",
                f"{done_already.match_id}:1",
                f"{gone}:1",
            ],
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == back
    said = messages_of(response)
    assert said[0] == "1 of 4 selected matches changed."
    assert any(m.endswith("now “Contacted”.") for m in said)
    assert any("changed by someone else since the list was loaded" in m for m in said)
    assert any("cannot go from “Completed” to “Contacted”" in m for m in said)
    assert "A selected match no longer exists." in said
    assert stored(fresh).status is MatchStatus.CONTACTED
    assert stored(fresh).status_history[-1].note == "Instagram DM"
    assert stored(moved_meanwhile).status is MatchStatus.REJECTED
    assert stored(done_already).version == done_already.version


def test_bulk_reject_and_its_refusals(client_as):
    client = client_as("editor")
    one, two = make(), make()
    selected = [f"{one.match_id}:1", f"{two.match_id}:1"]
    response = client.post(url("bulk"), {"action": "reject", "selected": selected}, follow=True)
    assert messages_of(response)[0] == "2 of 2 selected matches changed."
    assert {stored(one).status, stored(two).status} == {MatchStatus.REJECTED}
    for posted, why in [
        ({"action": "reject"}, "Select at least one match."),
        ({"action": "contact", "selected": [f"{make().match_id}:1"]}, "Say in the note how"),
        ({"action": "launch", "selected": selected}, "launch is not one of"),
        ({"action": "reject", "selected": ["../etc:1"]}, "The list was out of date"),
        ({"action": "reject", "selected": [f"{one.match_id}:0"]}, "The list was out of date"),
    ]:
        said = messages_of(client.post(url("bulk"), posted, follow=True))
        assert any(why in m for m in said), (posted, said)


def test_bulk_never_redirects_off_site(client_as):
    match = make()
    response = client_as("editor").post(
        url("bulk"),
        {"action": "reject", "selected": [f"{match.match_id}:1"], "next": "https://evil.example/"},
    )
    assert response["Location"] == url("changelist")


def test_the_queue_has_checkboxes_for_editors_only(client_as, make_staff):
    match = make()
    body = client_as("editor").get(url("changelist")).content.decode()
    assert f'value="{match.match_id}:1"' in body and 'id="bulk-form"' in body
    viewer = Client()
    viewer.force_login(make_staff("viewer"))
    body = viewer.get(url("changelist")).content.decode()
    assert 'name="selected"' not in body and 'id="bulk-form"' not in body


# --- delete -------------------------------------------------------------------------------


def test_admins_delete_after_confirming_with_a_warning_past_pending(client_as):
    client = client_as("admin")
    pending, contacted = make(), make(status=MatchStatus.CONTACTED)
    page = client.get(url("delete", pending))
    assert page.status_code == 200 and 'id="past-pending-warning"' not in page.content.decode()
    warning = client.get(url("delete", contacted))
    assert "past the suggestion stage (now “Contacted”)" in text_of(warning)
    response = client.post(url("delete", contacted), {"version": 1}, follow=True)
    assert response.redirect_chain[-1][0] == url("changelist")
    assert stored(contacted) is None
    assert any("was deleted" in m for m in messages_of(response))


def test_a_stale_delete_page_deletes_nothing(client_as):
    client = client_as("admin")
    match = make()
    match_transition(match_id=match.match_id, to_status="REJECTED", actor="lee")
    response = client.post(url("delete", match), {"version": 1}, follow=True)
    assert any("changed by someone else" in m for m in messages_of(response))
    assert stored(match) is not None


# --- the store's and the creator's pages --------------------------------------------------


def test_store_page_lists_its_matches_best_first(client_as):
    from stores import services as store_services
    from tests.stores import pages

    store = store_services.store_import_html(html=pages.home_page("31000009"), actor="t").profile
    made = [
        stored_match(store_id=store.store_id, creator_id=new_id(), score=s, creator_name=f"C{s}")
        for s in (40, 95, 60)
    ]
    response = client_as("viewer").get(
        reverse("admin:stores_store_detail", kwargs={"store_id": store.store_id})
    )
    panel = BeautifulSoup(response.content, "html.parser").select_one("#store-matches")
    names = [a.get_text(strip=True) for a in panel.select(".field-match a")]
    assert names == ["C95", "C60", "C40"]
    assert panel.select_one(".field-match a")["href"] == url("detail", made[1])
    assert "All matches" not in panel.get_text()


def test_creator_page_lists_its_matches(client_as):
    from creators import services as creator_services
    from creators.domain import Statistics

    creator = creator_services.creator_add_manual(
        platform="instagram",
        channel_id="panel.kim",
        channel_name="Panel Kim",
        statistics=Statistics(subscribers=1200),
        categories=["food"],
        actor="t",
    )
    client = client_as("viewer")
    response = client.get(
        reverse("admin:creators_creator_detail", kwargs={"creator_id": creator.creator_id})
    )
    assert "has not been matched with a store yet" in text_of(response)
    for n in range(11):
        stored_match(store_id=new_id(), creator_id=creator.creator_id, store_name=f"Store {n}")
    response = client.get(
        reverse("admin:creators_creator_detail", kwargs={"creator_id": creator.creator_id})
    )
    panel = BeautifulSoup(response.content, "html.parser").select_one("#creator-matches")
    assert len(panel.select(".match-row")) == 10
    more = panel.select_one("a.all-matches")["href"]
    assert more == url("changelist", by="creator", creator=creator.creator_id)


def test_the_match_page_offers_the_e_mail_that_fits_its_status(client_as):
    suggested, contacted = make(), make(status=MatchStatus.CONTACTED)
    client = client_as("editor")
    page = client.get(url("detail", suggested)).content.decode()
    consent = reverse("admin:matches_match_consent", args=[suggested.creator_id])
    assert url("outreach", suggested) in page and consent in page
    page = client.get(url("detail", contacted)).content.decode()
    assert url("send_follow_up", contacted) in page and url("outreach", contacted) not in page
    viewer = client_as("viewer").get(url("detail", suggested)).content.decode()
    assert url("outreach", suggested) not in viewer
