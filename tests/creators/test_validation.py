"""Creator input is checked once, whole, by the same rules in the add form, the change form
and CSV import (issue #10, item 16); the creator panel is laid out as label/value rows."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from creators import csv_io, services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dynamo_tables")]

BAD = {
    "source": "manual",
    "platform": "tiktok",
    "channel_id": "bad id!",
    "channel_name": "Dance Lee",
    "channel_url": "https://www.youtube.com/@dancelee",
    "engagement_rate": "250",
    "phone": "12",
}


def test_the_add_form_shows_every_problem_in_one_submit(client_as):
    response = client_as("editor").post(reverse("admin:creators_creator_add"), BAD)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"channel_id", "channel_url", "engagement_rate", "phone"}
    assert "tiktok.com" in str(errors["channel_url"])
    assert services.CreatorRepository().by_platform("tiktok").items == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "12"),
        ("phone", "call me"),
        ("phone", "+82 10 1234 5678 9999 1"),
        ("engagement_rate", "100.01"),
        ("channel_url", "http://www.tiktok.com/@dance.lee"),
        ("channel_url", "https://tiktok.com.evil.example/@dance.lee"),
        ("channel_url", "https://www.instagram.com/dance.lee"),
    ],
)
def test_the_add_form_refuses_each_implausible_value(client_as, field, value):
    good = {**BAD, "channel_id": "dance.lee", "channel_url": "", "engagement_rate": "", "phone": ""}
    response = client_as("editor").post(
        reverse("admin:creators_creator_add"), {**good, field: value}
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "010-1234-5678"),
        ("phone", "+82 10 1234 5678"),
        ("phone", "02 123 4567"),
        ("engagement_rate", "100"),
        ("channel_url", "https://www.tiktok.com/@dance.lee"),
        ("channel_url", "https://m.tiktok.com/@dance.lee"),
    ],
)
def test_the_add_form_accepts_plausible_values(client_as, field, value):
    good = {**BAD, "channel_id": "dance.lee", "channel_url": "", "engagement_rate": "", "phone": ""}
    response = client_as("editor").post(
        reverse("admin:creators_creator_add"), {**good, field: value}
    )
    assert response.status_code == 302, response.context["form"].errors


def test_the_change_form_refuses_an_implausible_phone(client_as):
    creator = services.creator_add_manual(
        platform="instagram", channel_id="cook.kim", channel_name="Cook Kim", actor="t"
    )
    response = client_as("editor").post(
        reverse("admin:creators_creator_change", args=[creator.creator_id]),
        {"status": "active", "version": creator.version, "phone": "12"},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["phone"]


def test_csv_rows_follow_the_same_rules_and_list_every_problem():
    header = "platform,channel_id,channel_name,channel_url,engagement_rate,phone\n"
    rows, _encoding = csv_io.parse(
        (
            header
            + "tiktok,dance.lee,Dance Lee,https://www.youtube.com/@dancelee,250,12\n"
            + "tiktok,dance.park,Dance Park,https://www.tiktok.com/@dance.park,7.5,010-1234-5678\n"
        ).encode()
    )
    bad, good = rows
    assert good.ok, good.errors
    assert len(bad.errors) == 3
    assert any(e.startswith("channel_url:") and "tiktok.com" in e for e in bad.errors)
    assert any(e.startswith("engagement_rate:") for e in bad.errors)
    assert any(e.startswith("phone:") for e in bad.errors)


def test_the_creator_panel_is_a_list_of_labelled_values(client_as):
    creator = services.creator_add_manual(
        platform="instagram",
        channel_id="cook.kim",
        channel_name="Cook Kim",
        categories=["food"],
        region="seoul",
        actor="t",
    )
    page = client_as("viewer").get(
        reverse("admin:creators_creator_detail", args=[creator.creator_id])
    )
    panel = BeautifulSoup(page.content, "html.parser").select_one("#creator-panel dl.console-panel")
    labels = [dt.get_text() for dt in panel.find_all("dt")]
    values = [dd.get_text() for dd in panel.find_all("dd")]
    assert labels[:4] == ["Creator id", "Categories", "Region", "Status"]
    assert values[1:4] == ["Food", "Seoul", "Active"]
