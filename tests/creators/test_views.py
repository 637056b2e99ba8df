import pytest
from django.urls import reverse

from creators import services
from creators.domain import Statistics
from tests.creators import youtube_fakes as yt

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dynamo_tables")]
CHANNEL = "UCabcdefghijklmnopqrstuv"


def add(channel_id="cook.kim", subscribers=5400, **kw):
    kw.setdefault("categories", ["food"])
    kw.setdefault("region", "seoul")
    return services.creator_add_manual(
        platform="instagram",
        channel_id=channel_id,
        channel_name=kw.pop("name", channel_id),
        statistics=Statistics(subscribers=subscribers),
        actor="t",
        **kw,
    )


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_list_by_each_index_with_a_next_page(client_as):
    for n in range(30):
        add(f"c{n:02d}", subscribers=1000 + n)
    client = client_as("viewer")
    url = reverse("admin:creators_creator_changelist")
    response = client.get(url, {"by": "platform", "value": "instagram"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index(">c29<") < body.index(">c28<")  # largest audience first
    cursor = response.context["page"].next_cursor
    assert cursor and "next-page" in body
    second = client.get(url, {"by": "platform", "value": "instagram", "cursor": cursor})
    assert len(second.context["page"].items) == 5
    for by, value in [("tier", "micro"), ("category", "food"), ("region", "seoul")]:
        assert len(client.get(url, {"by": by, "value": value}).context["page"].items) == 25


def test_a_tampered_cursor_is_a_400(client_as):
    response = client_as("viewer").get(
        reverse("admin:creators_creator_changelist"), {"cursor": "abc.def"}
    )
    assert response.status_code == 400


def test_detail_shows_channels_and_freshness_and_hides_contacts_from_viewers(
    client_as, make_staff, client
):
    creator = add(contact={"email": "kim@example.com", "phone": "010-1111-2222"})
    url = reverse("admin:creators_creator_detail", args=[creator.creator_id])
    body = client_as("viewer").get(url).content.decode()
    assert "cook.kim" in body and "synced" in body
    assert "kim@example.com" not in body
    client.force_login(make_staff("editor", username="ed"))
    assert "kim@example.com" in client.get(url).content.decode()


def test_unknown_creator_is_404(client_as):
    url = reverse("admin:creators_creator_detail", args=["00000000-0000-0000-0000-000000000000"])
    assert client_as("viewer").get(url).status_code == 404


@pytest.mark.parametrize(
    ("role", "name", "status"),
    [
        ("viewer", "add", 403),
        ("viewer", "import", 403),
        ("viewer", "export", 200),
        ("editor", "add", 200),
        ("editor", "import", 200),
    ],
)
def test_roles(client_as, role, name, status):
    assert client_as(role).get(reverse(f"admin:creators_creator_{name}")).status_code == status


def test_viewer_cannot_open_the_change_form(client_as):
    creator = add()
    url = reverse("admin:creators_creator_change", args=[creator.creator_id])
    assert client_as("viewer").get(url).status_code == 403


def test_add_by_hand_redirects_to_detail(client_as):
    response = client_as("editor").post(
        reverse("admin:creators_creator_add"),
        {
            "source": "manual",
            "platform": "tiktok",
            "channel_id": "dance.lee",
            "channel_name": "Dance Lee",
            "subscribers": "45000",
            "engagement_rate": "6.5",
            "categories": ["entertainment"],
            "region": "busan",
            "email": "lee@example.com",
        },
    )
    assert response.status_code == 302
    detail = response.client.get(response["Location"])
    assert "Dance Lee" in detail.content.decode()
    assert "was added" in str(next(iter(detail.context["messages"])))


def test_add_from_youtube_and_errors_become_form_errors(client_as, rsps):
    client = client_as("editor")
    url = reverse("admin:creators_creator_add")
    yt.add(rsps, "channels", yt.QUOTA_EXCEEDED, status=403)
    response = client.post(url, {"source": "youtube", "youtube": "@matjip"})
    assert response.status_code == 200
    assert "quotaExceeded" in response.content.decode()
    rsps.reset()
    yt.add(rsps, "channels", yt.channels_body(yt.channel_item(CHANNEL)), forHandle="@matjip")
    yt.add_full_channel(rsps, CHANNEL)
    response = client.post(url, {"source": "youtube", "youtube": "@matjip"})
    assert response.status_code == 302


def test_add_form_requires_the_fields_of_its_source(client_as):
    response = client_as("editor").post(reverse("admin:creators_creator_add"), {"source": "manual"})
    assert response.status_code == 200
    assert response.context["form"].errors["channel_id"]


def test_edit_with_a_stale_version_is_a_form_error(client_as):
    creator = add()
    url = reverse("admin:creators_creator_change", args=[creator.creator_id])
    client = client_as("editor")
    data = {"categories": ["travel"], "region": "jeju", "status": "active", "version": 1}
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "region": "busan"})
    assert stale.status_code == 200
    assert "someone else" in stale.content.decode()


def test_import_preview_then_apply(client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("editor")
    url = reverse("admin:creators_creator_import")
    text = "platform,channel_id,channel_name,categories\ninstagram,a.b,에이,food\ntiktok,,x,\n"
    upload = SimpleUploadedFile("c.csv", text.encode("cp949"), content_type="text/csv")
    preview = client.post(url, {"file": upload})
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "will be created" in body and "errorlist" in body
    applied = client.post(url, {"payload": preview.context["payload"], "apply": "on"})
    assert applied.status_code == 302
    assert len(services.CreatorRepository().by_category("food").items) == 1


def test_export_downloads_csv(client_as):
    add(name="=cmd")
    response = client_as("viewer").get(reverse("admin:creators_creator_export"))
    assert response["Content-Type"].startswith("text/csv")
    assert "'=cmd" in response.content.decode("utf-8-sig")


def test_contacts_never_reach_the_logs(client_as, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    client = client_as("editor")
    client.post(
        reverse("admin:creators_creator_add"),
        {
            "source": "manual",
            "platform": "tiktok",
            "channel_id": "secret.one",
            "channel_name": "S",
            "email": "hidden@example.com",
            "phone": "010-9999-8888",
        },
    )
    creator = services.CreatorRepository().by_platform("tiktok").items[0]
    client.get(reverse("admin:creators_creator_detail", args=[creator.creator_id]))
    assert "hidden@example.com" not in caplog.text
    assert "010-9999-8888" not in caplog.text


# --- sync now and delete --------------------------------------------------------------


def _youtube_creator(rsps, subscribers="12300"):
    yt.add_full_channel(rsps, CHANNEL, subscribers=subscribers)
    creator = services.creator_add_youtube(query=CHANNEL, actor="t", categories=["food"])
    rsps.reset()
    return creator


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_sync_now_fetches_the_youtube_channels_again_and_charges_the_quota(client_as, rsps):
    creator = _youtube_creator(rsps)
    # An Instagram channel beside it, with the creator's own fields (so it changes no sibling).
    add(channel_id="cook.kim", link_to=creator.creator_id, region=None)
    yt.add_full_channel(rsps, CHANNEL, subscribers="99000")
    quota_before = services.youtube_quota_meter().used

    url = reverse("admin:creators_creator_sync", args=[creator.creator_id])
    response = client_as("editor").post(url, follow=True)

    assert response.redirect_chain[-1][0].endswith(f"/{creator.creator_id}/")
    assert _messages(response) == ["1 YouTube channel was fetched again."]
    channels = services.CreatorRepository().channels_of(creator.creator_id)
    youtube = next(c for c in channels if c.platform == "youtube")
    assert youtube.statistics.subscribers == 99000
    assert youtube.version == creator.version + 1
    assert youtube.categories == ["food"]  # the creator's own fields are kept
    assert services.youtube_quota_meter().used > quota_before


def test_sync_now_says_when_youtube_no_longer_has_the_channel(client_as, rsps):
    creator = _youtube_creator(rsps)
    yt.add_any_channels(rsps, missing=(CHANNEL,))
    url = reverse("admin:creators_creator_sync", args=[creator.creator_id])
    response = client_as("editor").post(url, follow=True)
    assert _messages(response) == [f"YouTube no longer has: {CHANNEL}."]


def test_sync_now_reports_youtube_errors_and_instagram_only_creators(client_as, rsps):
    creator = _youtube_creator(rsps)
    yt.add(rsps, "channels", yt.QUOTA_EXCEEDED, status=403)
    client = client_as("editor")
    url = reverse("admin:creators_creator_sync", args=[creator.creator_id])
    assert "quotaExceeded" in _messages(client.post(url, follow=True))[0]

    instagram = add()
    url = reverse("admin:creators_creator_sync", args=[instagram.creator_id])
    (message,) = _messages(client.post(url, follow=True))
    assert message.startswith("No YouTube channel to sync")
    assert len(rsps.calls) == 1  # only the quota error; nothing asked for Instagram


def test_sync_now_of_a_missing_creator_is_404(client_as):
    url = reverse("admin:creators_creator_sync", args=["00000000-0000-0000-0000-000000000000"])
    assert client_as("editor").post(url).status_code == 404


def test_the_detail_page_offers_sync_and_delete_to_those_allowed(client_as, rsps):
    creator = _youtube_creator(rsps)
    url = reverse("admin:creators_creator_detail", args=[creator.creator_id])
    viewer = client_as("viewer").get(url).content.decode()
    editor = client_as("editor").get(url).content.decode()
    admin_client = client_as("admin")
    admin = admin_client.get(url).content.decode()
    assert "sync-now" not in viewer and "deletelink" not in viewer
    assert "sync-now" in editor and "deletelink" not in editor
    assert "sync-now" in admin and "deletelink" in admin
    instagram = add()
    other = admin_client.get(reverse("admin:creators_creator_detail", args=[instagram.creator_id]))
    assert "sync-now" not in other.content.decode()


def test_delete_asks_first_then_removes_every_channel_and_link(client_as, rsps):
    creator = _youtube_creator(rsps)
    add(channel_id="cook.kim", link_to=creator.creator_id)
    client = client_as("admin")
    url = reverse("admin:creators_creator_delete", args=[creator.creator_id])

    page = client.get(url)
    assert page.status_code == 200
    assert "cook.kim" in page.content.decode() and CHANNEL in page.content.decode()
    assert services.CreatorRepository().channels_of(creator.creator_id)  # asking deleted nothing

    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0].endswith("/creators/creator/")
    assert _messages(response) == ["The creator and 2 channels were deleted."]
    assert services.CreatorRepository().channels_of(creator.creator_id) == []
    detail = reverse("admin:creators_creator_detail", args=[creator.creator_id])
    assert client.get(detail).status_code == 404
    # The owner links went too: the same channel can be added again, as a new creator.
    again = add(channel_id="cook.kim")
    assert again.creator_id != creator.creator_id


def test_delete_of_a_missing_creator_is_404(client_as):
    url = reverse("admin:creators_creator_delete", args=["00000000-0000-0000-0000-000000000000"])
    client = client_as("admin")
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_re_adding_a_channel_by_hand_writes_nothing_and_its_figures_page_keeps_contacts(
    client_as,
):
    # Re-adding used to overwrite the creator silently (issue #10, item 2): now the add
    # form refuses, and "Update figures" is the explicit step that changes the figures.
    creator = add(contact={"email": "kim@example.com", "phone": "010-1111-2222"})
    client = client_as("editor")
    typed = {
        "source": "manual",
        "platform": "instagram",
        "channel_id": "cook.kim",
        "channel_name": "Cook Kim",
        "subscribers": "6100",
    }
    refused = client.post(reverse("admin:creators_creator_add"), typed)
    assert refused.status_code == 200
    assert "already belongs to" in refused.content.decode()
    (channel,) = services.CreatorRepository().channels_of(creator.creator_id)
    assert channel.version == creator.version and channel.statistics.subscribers == 5400

    figures = reverse("admin:creators_creator_figures") + "?channel=instagram/cook.kim"
    response = client.post(figures, {"channel": "instagram/cook.kim", "version": "1", **typed})
    assert response.status_code == 302
    (channel,) = services.CreatorRepository().channels_of(creator.creator_id)
    assert channel.statistics.subscribers == 6100
    assert services.creator_contact(channel) == {
        "email": "kim@example.com",
        "phone": "010-1111-2222",
    }


def test_update_figures_opens_the_form_filled_in_with_the_channel(client_as):
    creator = add(subscribers=5400, categories=["food"])
    client = client_as("editor")
    detail = client.get(reverse("admin:creators_creator_detail", args=[creator.creator_id]))
    assert "?channel=instagram/cook.kim" in detail.content.decode()

    url = reverse("admin:creators_creator_add")
    form = client.get(url, {"channel": "instagram/cook.kim"}).context["form"]
    assert form.initial["source"] == "manual"
    assert (form.initial["channel_id"], form.initial["subscribers"]) == ("cook.kim", 5400)

    posted = {k: v for k, v in form.initial.items() if v is not None}
    response = client.post(url, {**posted, "subscribers": "7100"}, follow=True)
    assert "was updated" in str(next(iter(response.context["messages"])))
    (channel,) = services.CreatorRepository().channels_of(creator.creator_id)
    assert channel.statistics.subscribers == 7100 and channel.categories == ["food"]


@pytest.mark.parametrize(
    "value",
    [
        "youtube/UCabcdefghijklmnopqrstuv",
        "instagram/",
        "instagram/nobody",
        "instagram/" + "x" * 5000,
        "tiktok/../etc",
        "x" * 5000,
        "/",
        "",
    ],
)
def test_update_figures_ignores_other_platforms_unknown_and_odd_accounts(client_as, value):
    add()
    response = client_as("editor").get(reverse("admin:creators_creator_add"), {"channel": value})
    assert response.status_code == 200
    assert response.context["form"].initial == {"source": "youtube"}
