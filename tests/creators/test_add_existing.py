"""Adding a channel the catalogue already has never overwrites its creator (issue #10,
item 2); "Update figures" is its own page, filled in, and keeps what is left empty."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from creators import services
from creators.domain import Statistics
from tests.creators import youtube_fakes as yt

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dynamo_tables")]
ACCOUNT = "seoul_foodie_kim"


@pytest.fixture
def foodie():
    return services.creator_add_manual(
        platform="instagram",
        channel_id=ACCOUNT,
        channel_name="서울 푸디 김",
        statistics=Statistics(
            subscribers=52000, avg_views=Decimal("8100"), engagement_rate=Decimal("4.10")
        ),
        categories=["food", "cafe"],
        region="seoul",
        contact={"email": "kim@example.com", "phone": "010-1111-2222"},
        actor="t",
    )


def _stored(creator):
    (channel,) = services.CreatorRepository().channels_of(creator.creator_id)
    return channel


def _figures_url():
    return reverse("admin:creators_creator_figures") + f"?channel=instagram/{ACCOUNT}"


def test_adding_an_existing_account_names_its_creator_and_writes_nothing(client_as, foodie):
    response = client_as("editor").post(
        reverse("admin:creators_creator_add"),
        {
            "source": "manual",
            "platform": "instagram",
            "channel_id": ACCOUNT,
            "channel_name": "New name",
            "subscribers": "100",
        },
    )
    assert response.status_code == 200
    errors = BeautifulSoup(str(response.context["form"].errors["channel_id"]), "html.parser")
    assert "서울 푸디 김" in errors.get_text()
    links = {a["href"] for a in errors.find_all("a")}
    assert reverse("admin:creators_creator_detail", args=[foodie.creator_id]) in links
    assert _figures_url() in links
    stored = _stored(foodie)
    assert stored.version == foodie.version
    assert (stored.channel_name, stored.statistics.subscribers) == ("서울 푸디 김", 52000)


def test_the_service_refuses_too_when_the_form_check_is_raced(foodie):
    from creators.domain import ChannelExists

    with pytest.raises(ChannelExists) as caught:
        services.creator_add_manual(
            platform="instagram",
            channel_id=ACCOUNT,
            channel_name="New name",
            actor="t",
            if_exists="refuse",
        )
    assert caught.value.creator_id == foodie.creator_id
    assert _stored(foodie).version == foodie.version


def test_update_figures_is_its_own_page_titled_so_and_filled_in(client_as, foodie):
    client = client_as("editor")
    detail = client.get(reverse("admin:creators_creator_detail", args=[foodie.creator_id]))
    link = BeautifulSoup(detail.content, "html.parser").select_one("a.update-figures")["href"]
    page = client.get(link)
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert "Update figures" in soup.title.get_text()
    assert "Add creator" not in soup.title.get_text()
    assert soup.select_one("#id_subscribers")["value"] == "52000"
    assert soup.select_one("#id_channel_name")["value"] == "서울 푸디 김"
    assert soup.select_one("#id_source") is None  # not the add form


def test_update_figures_changes_what_is_filled_in_and_keeps_what_is_left_empty(client_as, foodie):
    response = client_as("editor").post(
        _figures_url(),
        {
            "channel": f"instagram/{ACCOUNT}",
            "version": str(foodie.version),
            "channel_name": "",
            "channel_url": "",
            "subscribers": "60000",
            "avg_views": "",
            "engagement_rate": "",
        },
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["“서울 푸디 김” was updated."]
    stored = _stored(foodie)
    assert stored.statistics.subscribers == 60000
    assert stored.statistics.avg_views == Decimal("8100")
    assert stored.statistics.engagement_rate == Decimal("4.10")
    assert stored.channel_name == "서울 푸디 김"
    assert (stored.categories, stored.region) == (["food", "cafe"], "seoul")
    assert services.creator_contact(stored)["phone"] == "010-1111-2222"
    assert stored.influence_tier == "mid"


def test_update_figures_from_a_stale_page_writes_nothing(client_as, foodie):
    client = client_as("editor")
    data = {"channel": f"instagram/{ACCOUNT}", "version": str(foodie.version)}
    assert client.post(_figures_url(), {**data, "subscribers": "60000"}).status_code == 302
    stale = client.post(_figures_url(), {**data, "subscribers": "70000"})
    assert stale.status_code == 200
    assert "changed by someone else" in stale.content.decode()
    assert _stored(foodie).statistics.subscribers == 60000


@pytest.mark.parametrize("role", ["viewer"])
def test_update_figures_needs_the_permission_to_change_creators(client_as, foodie, role):
    client = client_as(role)
    assert client.get(_figures_url()).status_code == 403
    data = {"channel": f"instagram/{ACCOUNT}", "version": "1", "subscribers": "1"}
    assert client.post(_figures_url(), data).status_code == 403
    assert _stored(foodie).statistics.subscribers == 52000


def test_update_figures_of_an_unknown_or_youtube_channel_is_404(client_as):
    client = client_as("editor")
    url = reverse("admin:creators_creator_figures")
    for reference in ("instagram/nobody", "youtube/UCabcdefghijklmnopqrstuv", ""):
        assert client.get(url, {"channel": reference}).status_code == 404


def test_re_adding_a_youtube_channel_refreshes_it_but_leaves_the_creator_alone(client_as, rsps):
    channel_id = "UCabcdefghijklmnopqrstuv"
    yt.add_full_channel(rsps, channel_id, subscribers="12300")
    first = services.creator_add_youtube(
        query=channel_id, actor="t", categories=["food"], region="seoul"
    )
    rsps.reset()
    yt.add_full_channel(rsps, channel_id, subscribers="99000")
    response = client_as("editor").post(
        reverse("admin:creators_creator_add"),
        {"source": "youtube", "youtube": channel_id, "categories": ["beauty"], "region": "busan"},
        follow=True,
    )
    assert response.redirect_chain[-1][0].endswith(f"/{first.creator_id}/")
    (message,) = [str(m) for m in response.context["messages"]]
    assert "already in the catalogue" in message
    stored = _stored(first)
    assert stored.statistics.subscribers == 99000  # data from YouTube: refreshed
    assert (stored.categories, stored.region) == (["food"], "seoul")  # typed: not applied
