"""Who may do what, CSRF on every POST, no state change on GET, internal redirects only."""

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from creators import services as creator_services
from creators.domain import Statistics
from stores import services as store_services
from tests.stores import pages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dynamo_tables")]

MISSING = "00000000-0000-0000-0000-000000000000"


@pytest.fixture
def store():
    return store_services.store_import_html(html=pages.home_page("31000001"), actor="t").profile


@pytest.fixture
def creator():
    return creator_services.creator_add_manual(
        platform="instagram",
        channel_id="cook.kim",
        channel_name="Cook Kim",
        statistics=Statistics(subscribers=5400),
        contact={"email": "kim@example.com", "phone": "010-1111-2222"},
        actor="t",
    )


def console_posts(store, creator):
    """Every console URL that accepts a POST, with the role that may NOT post to it."""
    s, c = {"store_id": store.store_id}, [creator.creator_id]
    return [
        (reverse("admin:stores_store_add"), "viewer"),
        (reverse("admin:stores_store_import"), "viewer"),
        (reverse("admin:stores_store_change", kwargs=s), "viewer"),
        (reverse("admin:stores_store_refetch", kwargs=s), "viewer"),
        (reverse("admin:stores_store_delete", kwargs=s), "viewer"),
        (reverse("admin:stores_store_delete", kwargs=s), "editor"),
        (reverse("admin:creators_creator_add"), "viewer"),
        (reverse("admin:creators_creator_import"), "viewer"),
        (reverse("admin:creators_creator_change", args=c), "viewer"),
        (reverse("admin:creators_creator_sync", args=c), "viewer"),
        (reverse("admin:creators_creator_delete", args=c), "viewer"),
        (reverse("admin:creators_creator_delete", args=c), "editor"),
    ]


def test_posts_without_the_permission_are_refused_and_change_nothing(
    client, make_staff, store, creator
):
    for n, (url, role) in enumerate(console_posts(store, creator)):
        client.force_login(make_staff(role, username=f"{role}-{n}"))
        response = client.post(url, {"apply": "on", "version": "1", "store_name": "x"})
        assert response.status_code == 403, url
    from stores import selectors

    # Nothing ran: the store is still there at the version it was created with.
    assert selectors.store_detail(store_id=store.store_id).profile.version == store.version
    (channel,) = creator_services.CreatorRepository().channels_of(creator.creator_id)
    assert channel.version == creator.version


def test_viewers_cannot_open_edit_pages_or_delete(client_as, store, creator):
    client = client_as("viewer")
    for url in (
        reverse("admin:stores_store_change", kwargs={"store_id": store.store_id}),
        reverse("admin:stores_store_delete", kwargs={"store_id": store.store_id}),
        reverse("admin:creators_creator_change", args=[creator.creator_id]),
        reverse("admin:creators_creator_delete", args=[creator.creator_id]),
        reverse("admin:creators_creator_add"),
        reverse("admin:creators_creator_import"),
    ):
        assert client.get(url).status_code == 403, url


def test_anonymous_users_are_sent_to_login(client, store):
    response = client.get(reverse("admin:stores_store_detail", kwargs={"store_id": store.store_id}))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_no_console_view_is_csrf_exempt():
    def walk(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns)
            else:
                yield pattern

    for pattern in walk(get_resolver().url_patterns):
        if getattr(pattern, "name", "") and pattern.name.startswith(("stores_", "creators_")):
            assert not getattr(pattern.callback, "csrf_exempt", False), pattern.name


def test_every_post_needs_the_csrf_token(make_staff, store, creator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_staff("admin"))
    for url, _role in console_posts(store, creator):
        assert client.post(url, {}).status_code == 403, url
    # Still there: the refused delete did not run.
    detail = reverse("admin:stores_store_detail", kwargs={"store_id": store.store_id})
    assert client.get(detail).status_code == 200


def test_refetch_and_sync_do_nothing_on_get(client_as, store, creator):
    client = client_as("admin")
    url = reverse("admin:stores_store_refetch", kwargs={"store_id": store.store_id})
    assert client.get(url).status_code == 405
    url = reverse("admin:creators_creator_sync", args=[creator.creator_id])
    assert client.get(url).status_code == 405


def test_delete_on_get_only_asks(client_as, store):
    client = client_as("admin")
    url = reverse("admin:stores_store_delete", kwargs={"store_id": store.store_id})
    assert client.get(url).status_code == 200
    detail = reverse("admin:stores_store_detail", kwargs={"store_id": store.store_id})
    assert client.get(detail).status_code == 200


def test_editing_a_missing_store_or_creator_is_404_not_another_object(client_as, store, creator):
    client = client_as("admin")
    store_change = reverse("admin:stores_store_change", kwargs={"store_id": MISSING})
    response = client.post(
        store_change, {"store_name": "x", "status": "ACTIVE", "version": store.version}
    )
    assert response.status_code == 404
    creator_change = reverse("admin:creators_creator_change", args=[MISSING])
    assert client.post(creator_change, {"status": "active", "version": 1}).status_code == 404


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_redirects_never_leave_the_site(client, make_staff, target):
    make_staff("editor", username="ed")
    response = client.post(
        reverse("admin:login") + "?next=" + target,
        {"username": "ed", "password": "pw-editor-123!", "next": target},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    response = client.post(reverse("set_language"), {"language": "en", "next": target})
    assert "evil.example" not in response.get("Location", "")


@pytest.mark.parametrize(
    "path",
    [
        "stores/store/not-a-uuid/",
        "stores/store/1/change/",
        "creators/creator/%00/",
        "creators/creator/" + "a" * 5000 + "/",
    ],
)
def test_malformed_ids_are_404(client_as, path):
    assert client_as("viewer").get("/" + path).status_code == 404


@pytest.mark.parametrize(
    "cursor", ["abc.def", "\x00", "é.é", ".", "a" * 10000, "e30.AAAA", "%ff%fe"]
)
def test_malformed_cursors_are_400(client_as, store, cursor):
    client = client_as("viewer")
    assert (
        client.get(reverse("admin:stores_store_changelist"), {"cursor": cursor}).status_code == 400
    )
    assert (
        client.get(reverse("admin:creators_creator_changelist"), {"cursor": cursor}).status_code
        == 400
    )
    detail = reverse("admin:stores_store_detail", kwargs={"store_id": store.store_id})
    assert client.get(detail, {"history": cursor}).status_code == 400


def test_odd_list_parameters_fall_back_instead_of_failing(client_as):
    client = client_as("viewer")
    creators = reverse("admin:creators_creator_changelist")
    assert client.get(creators, {"by": "\x00", "value": "x" * 10000}).status_code == 200
    stores = reverse("admin:stores_store_changelist")
    assert client.get(stores, {"category": "\x01" * 60, "price_level": "9"}).status_code == 200


@pytest.fixture
def adder(client, django_user_model):
    """Staff who may add creators but not change them (no built-in role is like that)."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("adder", password="pw-adder-123!", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="creators", codename__in=["view_creator", "add_creator"]
        )
    )
    client.force_login(user)
    return client


def _manual(channel_id: str, **extra) -> dict:
    return {
        "source": "manual",
        "platform": "instagram",
        "channel_id": channel_id,
        "channel_name": "Name " + channel_id,
        "subscribers": "100",
        **extra,
    }


def test_staff_who_may_only_add_cannot_update_or_link_through_the_add_form(adder, creator):
    url = reverse("admin:creators_creator_add")
    assert adder.post(url, _manual("brand.new")).status_code == 302

    again = adder.post(url, _manual("cook.kim", region="jeju"))
    assert again.status_code == 200
    assert "needs the permission to change creators" in again.content.decode()
    (kept,) = creator_services.CreatorRepository().channels_of(creator.creator_id)
    assert kept.version == creator.version and kept.channel_name == "Cook Kim"

    linked = adder.post(url, _manual("other.one", link_to=creator.creator_id))
    assert linked.status_code == 403
    assert len(creator_services.CreatorRepository().channels_of(creator.creator_id)) == 1


def test_staff_who_may_only_add_cannot_import_over_existing_creators(adder, creator):
    import base64

    url = reverse("admin:creators_creator_import")
    text = "platform,channel_id,channel_name\ninstagram,cook.kim,Renamed\n"
    payload = base64.b64encode(text.encode()).decode()
    response = adder.post(url, {"payload": payload, "apply": "on"})
    assert response.status_code == 200
    assert "1 row would update" in response.content.decode()
    (kept,) = creator_services.CreatorRepository().channels_of(creator.creator_id)
    assert kept.channel_name == "Cook Kim"

    fresh = base64.b64encode(b"platform,channel_id,channel_name\ntiktok,new.one,New\n").decode()
    assert adder.post(url, {"payload": fresh, "apply": "on"}).status_code == 302
