"""CSV import takes codes and the labels the pages show, in Korean and English; the import
page lists them and offers a template (issue #10, item 13). Export stays importable."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from creators import csv_io, services
from creators.domain import CreatorStatus, Platform

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dynamo_tables")]

HEADER = "platform,channel_id,channel_name,categories,region,status\n"


def parse(text: str):
    rows, _encoding = csv_io.parse(text.encode("utf-8"))
    return rows


def test_codes_and_both_languages_labels_are_accepted_in_any_case_and_spacing():
    rows = parse(
        HEADER
        + "instagram,a.one,A,음식|카페·디저트,제주,활성\n"
        + "Instagram,a.two,B,Food|CAFE & Dessert,Daegu,Paused\n"
        + "틱톡,a.three,C, 카페 · 디저트 ; travel ,대구, 일시 중지\n"
        + "TikTok,a.four,D,food,SEOUL,active\n"
        + "YouTube,UC1234567890123456789012,E,여행,서울,보관됨\n"
    )
    assert [r.errors for r in rows] == [[]] * 5
    assert [r.platform for r in rows] == [Platform.INSTAGRAM] * 2 + [Platform.TIKTOK] * 2 + [
        Platform.YOUTUBE
    ]
    assert [r.categories for r in rows[:3]] == [["food", "cafe"]] * 2 + [["cafe", "travel"]]
    assert [r.region for r in rows] == ["jeju", "daegu", "daegu", "seoul", "seoul"]
    assert [r.status for r in rows] == [
        CreatorStatus.ACTIVE,
        CreatorStatus.PAUSED,
        CreatorStatus.PAUSED,
        CreatorStatus.ACTIVE,
        CreatorStatus.ARCHIVED,
    ]


def test_unknown_values_are_still_row_errors():
    (row,) = parse(HEADER + "myspace,a.one,A,피자,화성,sleeping\n")
    assert len(row.errors) == 4


def _upload(client, text, **data):
    file = SimpleUploadedFile("c.csv", text.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("admin:creators_creator_import"), {"file": file, **data})


def test_a_file_with_korean_labels_imports_through_the_page(client_as):
    client = client_as("editor")
    preview = _upload(client, HEADER + "instagram,cook.kim,김요리,음식|카페·디저트,제주,활성\n")
    assert preview.context["report"].counts["create"] == 1
    applied = client.post(
        reverse("admin:creators_creator_import"),
        {"payload": preview.context["payload"], "apply": "on"},
    )
    assert applied.status_code == 302
    (row,) = services.CreatorRepository().by_region("jeju").items
    assert row.categories == ["food", "cafe"]


def test_the_import_page_lists_the_accepted_values_and_links_the_template(client_as):
    page = client_as("editor").get(reverse("admin:creators_creator_import"))
    soup = BeautifulSoup(page.content, "html.parser")
    accepted = soup.select_one("#accepted-values").get_text(" ")
    for expected in ("cafe", "Cafe & dessert", "jeju", "Jeju", "paused", "Paused", "tiktok"):
        assert expected in accepted
    assert soup.select_one("#import-template")["href"] == reverse(
        "admin:creators_creator_import_template"
    )


def test_the_template_downloads_and_imports_as_it_is(client_as):
    client = client_as("editor")
    response = client.get(reverse("admin:creators_creator_import_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    header, example = list(csv.reader(io.StringIO(text)))
    assert header == csv_io.COLUMNS
    assert "음식|카페·디저트" in example
    report = services.creators_import(data=response.content, actor="t")
    assert report.counts == {"create": 1, "update": 0, "error": 0, "duplicate": 0}
    assert (
        client_as("viewer").get(reverse("admin:creators_creator_import_template")).status_code
        == 403
    )


def test_an_export_imports_again_unchanged(client_as):
    text = (
        "platform,channel_id,channel_name,channel_url,categories,region,country,status,"
        "subscribers,total_views,video_count,avg_views,avg_likes,avg_comments,"
        "engagement_rate,email,phone\n"
        "인스타그램,cook.kim,김요리,https://www.instagram.com/cook.kim/,음식|카페·디저트,"
        'Jeju,kr,일시 중지,"12,300",,,850.5,42,3,4.5%,kim@example.com,010-1234-5678\n'
    )
    first = services.creators_import(data=text.encode(), actor="t", for_real=True)
    assert first.written == 1
    exported = services.creators_export(with_contacts=True)
    again = services.creators_import(data=exported.encode(), actor="t")
    assert again.counts == {"create": 0, "update": 1, "error": 0, "duplicate": 0}
    (before,), (after,) = first.rows, again.rows
    for name in ("platform", "channel_id", "channel_name", "channel_url", "categories"):
        assert getattr(after, name) == getattr(before, name)
    assert (after.region, after.status, after.country) == ("jeju", CreatorStatus.PAUSED, "KR")
    assert after.statistics.subscribers == 12300 and after.contact == before.contact
