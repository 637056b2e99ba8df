"""Creators' activity areas: the form, the CSV, the location index, and "same district"."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from creators import services
from creators.area import validate_area
from creators.domain import CreatorError
from creators.repository import AreaRepository
from matches.domain import match_id_for
from matches.repository import MatchRepository
from tests.matches.engine_support import add_creator, add_store

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dynamo_tables")]

ADD = {
    "source": "manual",
    "platform": "instagram",
    "channel_id": "mapo.eats",
    "channel_name": "마포 먹방",
    "subscribers": "8000",
    "engagement_rate": "4.5",
    "categories": ["food"],
    "region": "seoul",
}


def covering(city, district):
    return sorted(entry.creator_id for entry in AreaRepository().covering(city, district))


@pytest.mark.parametrize(
    ("city", "districts", "expected"),
    [
        ("서울", "송파구, 강동구", ("서울", ["송파구", "강동구"])),
        ("seoul", "송파구|송파구", ("서울", ["송파구"])),
        ("서울특별시", "마포구", ("서울", ["마포구"])),
        ("Gyeonggi", "성남시 분당구; 양평군", ("경기", ["성남시 분당구", "양평군"])),
        ("부산", "", ("부산", [])),
        ("", "", None),
    ],
)
def test_areas_are_read_the_way_stores_name_places(city, districts, expected):
    area = validate_area(city, districts)
    assert (area.city, area.districts) == expected if expected else area is None


@pytest.mark.parametrize(
    ("city", "districts"),
    [
        ("", "송파구"),
        ("Atlantis", "송파구"),
        ("서울", "송파"),
        ("서울", "송파구#1"),
        ("서울", ", ".join(f"{n}구" for n in "가나다라마바사아자차카")),
    ],
)
def test_bad_areas_are_refused_with_a_reason(city, districts):
    with pytest.raises(CreatorError):
        validate_area(city, districts)


def test_the_add_and_change_forms_set_the_area_and_its_index_entries(client_as):
    client = client_as("editor")
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("admin:creators_creator_add"),
        {**ADD, "area_city": "서울", "area_districts": "마포구, 서대문구"},
    )
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "Seoul 마포구, 서대문구" in detail
    creator_id = response["Location"].rstrip("/").split("/")[-1]
    assert covering("서울", "마포구") == [creator_id]
    assert covering("서울", "서대문구") == [creator_id]

    change = reverse("admin:creators_creator_change", args=[creator_id])
    form = client.get(change)
    assert form.context["form"].initial["area_districts"] == "마포구, 서대문구"
    data = {
        "categories": ["food"],
        "region": "seoul",
        "status": "active",
        "area_city": "서울",
        "area_districts": "마포구, 용산구",
        "version": 1,
    }
    assert client.post(change, data).status_code == 302
    assert covering("서울", "서대문구") == []
    assert covering("서울", "용산구") == [creator_id]
    assert covering("서울", "마포구") == [creator_id]

    cleared = {**data, "area_city": "", "area_districts": "", "version": 2}
    assert client.post(change, cleared).status_code == 302
    assert covering("서울", "마포구") == covering("서울", "용산구") == []
    assert services.CreatorRepository().channels_of(creator_id)[0].area is None


def test_a_bad_area_is_a_form_error_and_nothing_is_written(client_as):
    client = client_as("editor")
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("admin:creators_creator_add"), {**ADD, "area_districts": "마포구"}
    )
    assert response.status_code == 200
    assert "Choose the city of the districts covered." in response.content.decode()
    assert covering("서울", "마포구") == []


def test_a_linked_channel_shares_the_area_and_deleting_removes_the_entries(client_as):
    main = add_creator("mapo.one")
    services.creator_update(
        creator_id=main.creator_id,
        expected_version=main.version,
        actor="kim",
        categories=["food"],
        region="seoul",
        status="active",
        area=validate_area("서울", "마포구"),
    )
    second = add_creator("mapo.two", platform="tiktok", link_to=main.creator_id)
    assert second.area.districts == ["마포구"] and not second.primary
    (entry,) = AreaRepository().covering("서울", "마포구")
    assert (entry.platform.value, entry.channel_id) == ("instagram", "mapo.one")
    response = client_as("admin").post(
        reverse("admin:creators_creator_delete", args=[main.creator_id])
    )
    assert response.status_code == 302
    assert covering("서울", "마포구") == []
    assert AreaRepository().entries_of(main.creator_id) == []


def test_csv_import_and_export_carry_the_area(client_as, tmp_path):
    text = (
        "platform,channel_id,channel_name,categories,region,area_city,area_districts\n"
        "instagram,mapo.csv,마포 CSV,food,seoul,서울,마포구|용산구\n"
        "instagram,bad.csv,나쁜 CSV,food,seoul,서울,마포\n"
    )
    path = tmp_path / "c.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("import_creators", str(path), "--for-real", stdout=open("/dev/null", "w"))  # noqa: SIM115
    imported = services.CreatorRepository().by_category("food").items
    assert [row.channel_id for row in imported] == ["mapo.csv"]
    assert len(covering("서울", "용산구")) == 1
    exported = client_as("viewer").get(reverse("admin:creators_creator_export"))
    body = exported.content.decode("utf-8-sig")
    header, row = body.splitlines()[:2]
    assert "area_city,area_districts" in header
    assert ",서울,마포구|용산구," in row


def test_the_import_page_previews_an_area_error(client_as):
    client = client_as("editor")
    client.cookies["django_language"] = "en"
    text = "platform,channel_id,channel_name,area_city,area_districts\ninstagram,x.y,엑스,,마포구\n"
    upload = SimpleUploadedFile("c.csv", text.encode(), content_type="text/csv")
    preview = client.post(reverse("admin:creators_creator_import"), {"file": upload})
    assert "Choose the city of the districts covered." in preview.content.decode()


def test_a_creator_covering_the_district_is_found_and_scores_same_district(capsys):
    store = add_store()  # 서울 마포구, a gukbap place
    # No region, so neither the region nor a neighbour query would find it.
    local = add_creator("mapo.local", region=None, categories=["travel"], subscribers=6000)
    services.creator_update(
        creator_id=local.creator_id,
        expected_version=local.version,
        actor="kim",
        categories=["travel"],
        region=None,
        status="active",
        area=validate_area("서울", "마포구, 서대문구"),
    )
    elsewhere = add_creator("gangnam.food", region="seoul")
    call_command("run_matching", "--store", store.store_id, "--json")
    lines = {
        json.loads(line)["creatorId"]: json.loads(line)
        for line in capsys.readouterr().out.splitlines()
    }
    near = lines[local.creator_id]
    assert near["scoreBreakdown"]["location"]["value"] == 1
    assert any("마포구" in text for text in near["strengths"])
    assert lines[elsewhere.creator_id]["scoreBreakdown"]["location"]["value"] == 0.8
    stored = MatchRepository().find(match_id_for(store.store_id, local.creator_id))
    assert "same_district" in [f.code for f in stored.strengths]
