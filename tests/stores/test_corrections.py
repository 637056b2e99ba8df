"""#10.3: staff corrections survive re-scrapes and re-imports, say whose they are, and can
be dropped; the history says who changed what and how."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stores import services
from stores.repository import StoreRepository
from tests.stores import pages

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"admin:stores_store_{name}", kwargs=kwargs or None)


@pytest.fixture
def store(dynamo_tables):
    return services.store_import_html(html=pages.home_page("31000001"), actor="seed").profile


def edit(client, store, **fields):
    latest = StoreRepository().latest_profile(store.store_id)
    data = {
        "store_name": latest.store_name,
        "primary_category": latest.primary_category,
        "city": latest.location.city,
        "district": latest.location.district,
        "phone": latest.location.phone or "",
        "status": latest.status.value,
        "version": latest.version,
        **fields,
    }
    return client.post(url("change", store_id=store.store_id), data)


def reimport(client):
    page = SimpleUploadedFile("saved.html", pages.home_page("31000001").encode(), "text/html")
    return client.post(url("import"), {"html_file": page})


def test_corrections_survive_a_re_import_and_say_whose_they_are(client_as, store):
    client = client_as("editor")
    naver_name = store.store_name
    assert edit(client, store, store_name="연남 국밥 본점", phone="02-999-0000", status="CLOSED")[
        "Location"
    ]
    assert reimport(client).status_code == 302

    latest = StoreRepository().latest_profile(store.store_id)
    assert latest.store_name == "연남 국밥 본점" and latest.location.phone == "02-999-0000"
    assert latest.status == "CLOSED"  # staff's own field is carried over too
    assert latest.corrections["store_name"].naver_value == naver_name
    body = client.get(url("detail", store_id=store.store_id)).content.decode()
    assert "Corrected by editor-user" in body and f"Naver says “{naver_name}”" in body
    assert "Edited by editor-user" in body and "Name, Phone" in body
    assert "Closed" in body and ">CLOSED<" not in body


def test_use_navers_value_drops_the_correction(client_as, store):
    client = client_as("editor")
    edit(client, store, store_name="잘못 고친 이름")
    latest = StoreRepository().latest_profile(store.store_id)
    restore = url("restore", store_id=store.store_id, field="store_name")

    stale = client.post(restore, {"version": latest.version - 1}, follow=True)
    assert "someone else" in str(list(stale.context["messages"])[-1])
    assert StoreRepository().latest_profile(store.store_id).store_name == "잘못 고친 이름"

    response = client.post(restore, {"version": latest.version}, follow=True)
    assert "shown again" in str(list(response.context["messages"])[-1])
    restored = StoreRepository().latest_profile(store.store_id)
    assert restored.store_name == store.store_name and restored.corrections == {}
    assert "restored Naver's value" in response.content.decode()


def test_setting_navers_own_value_is_no_correction(client_as, store):
    client = client_as("editor")
    edit(client, store, phone="02-111-2222")
    edit(client, store, phone=store.location.phone or "")
    assert StoreRepository().latest_profile(store.store_id).corrections == {}


def test_viewers_cannot_drop_a_correction(client_as, store):
    edit(client_as("editor"), store, store_name="새 이름")
    latest = StoreRepository().latest_profile(store.store_id)
    restore = url("restore", store_id=store.store_id, field="store_name")
    assert client_as("viewer").post(restore, {"version": latest.version}).status_code == 403
    assert StoreRepository().latest_profile(store.store_id).store_name == "새 이름"
