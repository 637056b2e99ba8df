"""Hostile and oversized input: clean form errors, never a 500 or a stored control character."""

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from creators import csv_io
from creators import services as creator_services
from creators.domain import CreatorError
from creators.forms import CreatorImportForm
from stores import services as store_services
from tests.stores import pages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dynamo_tables")]

HEADER = "platform,channel_id,channel_name,channel_url,subscribers,avg_views,email,phone\r\n"
MANUAL = {"source": "manual", "platform": "instagram", "channel_id": "x.y", "channel_name": "X"}


def add_url():
    return reverse("admin:creators_creator_add")


def import_url():
    return reverse("admin:creators_creator_import")


def upload(client, text: str | bytes, apply=False):
    data = text.encode() if isinstance(text, str) else text
    file = SimpleUploadedFile("c.csv", data, content_type="text/csv")
    return client.post(import_url(), {"file": file, "apply": "on" if apply else ""})


def row_errors(response) -> list[str]:
    return [e for row in response.context["report"].rows for e in row.errors]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("subscribers", "9" * 60),
        ("subscribers", str(10**12)),
        ("avg_views", "1e200"),
        ("avg_views", "1." + "1" * 60),
        ("avg_likes", "-1"),
    ],
)
def test_manual_add_refuses_numbers_that_cannot_be_stored(client_as, field, value):
    response = client_as("editor").post(add_url(), {**MANUAL, field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("channel_name", "Cook\x00Kim"),
        ("channel_name", "Cook\x1b[31mKim"),
        ("channel_name", "evil\u202egnp.exe"),
        ("phone", "010\x07"),
        ("youtube", "@" + "a" * 5000),
        ("channel_url", "javascript:alert(1)"),
    ],
)
def test_manual_add_refuses_control_characters_and_oversized_text(client_as, field, value):
    data = {**MANUAL, field: value}
    if field == "youtube":
        data["source"] = "youtube"
    response = client_as("editor").post(add_url(), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors


def test_the_service_refuses_control_characters_in_names_too():
    with pytest.raises(CreatorError):
        creator_services.creator_add_manual(
            platform="tiktok", channel_id="a.b", channel_name="a\nb", actor="t"
        )


def test_a_tampered_version_is_a_form_error(client_as):
    client = client_as("admin")
    store = store_services.store_import_html(html=pages.home_page("31000001"), actor="t").profile
    url = reverse("admin:stores_store_change", kwargs={"store_id": store.store_id})
    response = client.post(url, {"store_name": "a", "status": "ACTIVE", "version": "9" * 60})
    assert response.status_code == 200 and "version" in response.context["form"].errors
    creator = creator_services.creator_add_manual(
        platform="tiktok", channel_id="a.b", channel_name="A", actor="t"
    )
    url = reverse("admin:creators_creator_change", args=[creator.creator_id])
    response = client.post(url, {"status": "active", "version": "9" * 60})
    assert response.status_code == 200 and "version" in response.context["form"].errors


def test_a_csv_cell_over_the_field_limit_is_a_clear_error(client_as):
    text = HEADER + "instagram,big," + "a" * 200_000 + ",,1,1,,\r\n"
    response = upload(client_as("editor"), text)
    assert response.status_code == 200
    assert "not a readable CSV" in str(response.context["form"].non_field_errors())


@pytest.mark.parametrize(
    ("cells", "needle"),
    [
        ("instagram,n1,a,,999999999999999999999,1,,", "subscribers"),
        ("instagram,n2,a,,1,1e200,,", "avg_views"),
        ("instagram,n3,a\x00b,,1,1,,", "control characters"),
        ("instagram,n4,a\x1bb,,1,1,,", "control characters"),
        ("instagram,n5," + "a" * 300 + ",,1,1,,", "longer than"),
        ("instagram,n6,a,https://x.test/" + "a" * 3000 + ",1,1,,", "channel_url"),
        ("instagram,n7,a,,1,1,,010\x07", "phone"),
    ],
)
def test_csv_rows_with_unstorable_values_are_row_errors(client_as, cells, needle):
    response = upload(client_as("editor"), HEADER + cells + "\r\n", apply=True)
    assert response.status_code == 200  # not applied: the one row has an error
    assert any(needle in error for error in row_errors(response)), row_errors(response)


def test_csv_decimals_are_kept_to_two_places():
    rows, _encoding = csv_io.parse(
        (HEADER + "instagram,d1,a,,1,12.345678901234567890123,,").encode()
    )
    assert rows[0].ok and str(rows[0].statistics.avg_views) == "12.35"


def test_non_utf8_and_binary_uploads_are_form_errors(client_as):
    client = client_as("editor")
    for data in (b"\xff\xfe\x00\x00" * 500, bytes(range(256)) * 20):
        response = upload(client, data)
        assert response.status_code == 200 and response.context["form"].errors
    store_import = reverse("admin:stores_store_import")
    for data in (b"\x00" * 1000, b"\xff\xfe" * 1000, b""):
        file = SimpleUploadedFile("p.html", data, content_type="text/html")
        response = client.post(store_import, {"html_file": file})
        assert response.status_code == 200 and "html_file" in response.context["form"].errors


def test_the_returned_payload_is_capped_like_an_upload(client_as):
    # Blank lines are skipped by the reader, so only the size can refuse this file.
    content = (HEADER + "instagram,p1,a,,1,1,,\r\n").encode() + b"\r\n" * 600_000
    assert len(content) > CreatorImportForm.MAX_UPLOAD
    payload = base64.b64encode(content).decode()
    response = client_as("editor").post(import_url(), {"payload": payload})
    assert response.status_code == 200
    assert "larger than 1 MB" in str(response.context["form"].non_field_errors())
    assert response.context["report"] is None


def test_oversized_uploads_are_refused_by_size(client_as):
    client = client_as("editor")
    big = SimpleUploadedFile("c.csv", b"x" * (CreatorImportForm.MAX_UPLOAD + 1))
    response = client.post(import_url(), {"file": big})
    assert "larger than 1 MB" in str(response.context["form"].non_field_errors())
    big = SimpleUploadedFile("p.html", b"x" * (store_services.MAX_IMPORT_BYTES + 1))
    response = client.post(reverse("admin:stores_store_import"), {"html_file": big})
    assert "html_file" in response.context["form"].errors


def test_store_names_with_control_characters_are_refused(client_as):
    client = client_as("admin")
    store = store_services.store_import_html(html=pages.home_page("31000001"), actor="t").profile
    url = reverse("admin:stores_store_change", kwargs={"store_id": store.store_id})
    for name in ("a\x00b", "a\x1bb", "a" * 201):
        data = {"store_name": name, "status": "ACTIVE", "version": store.version}
        response = client.post(url, data)
        assert response.status_code == 200 and "store_name" in response.context["form"].errors


def test_an_upload_past_the_cap_never_reaches_disk_but_is_refused_by_size(client_as, settings):
    settings.FILE_UPLOAD_MAX_BYTES = 64 * 1024
    written = []
    from django.core.files.uploadhandler import TemporaryFileUploadHandler

    original = TemporaryFileUploadHandler.receive_data_chunk

    def spy(self, raw_data, start):
        written.append(len(raw_data))
        return original(self, raw_data, start)

    TemporaryFileUploadHandler.receive_data_chunk = spy
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every upload goes to a temporary file
    try:
        big = SimpleUploadedFile("p.html", b"x" * (store_services.MAX_IMPORT_BYTES + 1))
        response = client_as("editor").post(
            reverse("admin:stores_store_import"), {"html_file": big}
        )
    finally:
        TemporaryFileUploadHandler.receive_data_chunk = original
    assert response.status_code == 200
    assert "larger than 8 MB" in str(response.context["form"].errors["html_file"])
    assert sum(written) <= settings.FILE_UPLOAD_MAX_BYTES


def test_uploads_within_the_cap_arrive_whole(settings):
    from marketing.uploads import SizeCappedUploadHandler

    settings.FILE_UPLOAD_MAX_BYTES = 10
    handler = SizeCappedUploadHandler()
    handler.new_file("file", "a.csv", "text/csv", 10)
    assert handler.receive_data_chunk(b"12345", 0) == b"12345"
    assert handler.receive_data_chunk(b"67890", 5) == b"67890"
    assert handler.file_complete(10) is None
    assert handler.receive_data_chunk(b"!", 10) is None
    oversized = handler.file_complete(11)
    assert oversized.size == 11 and oversized.read() == b""
