"""Stored values rendered safely, CSV export without formulas or contacts, documented env."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from creators import services as creator_services
from creators.domain import Statistics
from stores import services as store_services
from tests.stores import pages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dynamo_tables")]

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
CONTACT = {"email": "secret.kim@example.com", "phone": "010-9999-8888"}


def add(name="Cook", channel_id="cook.kim", **kw):
    return creator_services.creator_add_manual(
        platform="instagram",
        channel_id=channel_id,
        channel_name=name,
        statistics=Statistics(subscribers=5400),
        categories=["food"],
        region="seoul",
        contact=CONTACT,
        actor="t",
        **kw,
    )


def test_stored_creator_names_are_escaped_everywhere(client_as):
    creator = add(name=SCRIPT)
    client = client_as("admin")
    for url in (
        reverse("admin:creators_creator_detail", args=[creator.creator_id]),
        reverse("admin:creators_creator_change", args=[creator.creator_id]),
        reverse("admin:creators_creator_changelist") + "?by=platform&value=instagram",
    ):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body, url
        assert "&lt;script&gt;" in body, url


def test_stored_store_names_are_escaped_everywhere(client_as):
    store = store_services.store_import_html(html=pages.home_page("31000001"), actor="t").profile
    client = client_as("admin")
    change = reverse("admin:stores_store_change", kwargs={"store_id": store.store_id})
    response = client.post(
        change, {"store_name": SCRIPT, "status": "ACTIVE", "version": store.version}, follow=True
    )
    assert response.status_code == 200
    for url in (
        reverse("admin:stores_store_detail", kwargs={"store_id": store.store_id}),
        reverse("admin:stores_store_changelist"),
        reverse("admin:stores_store_delete", kwargs={"store_id": store.store_id}),
    ):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body, url
    assert "<script>alert" not in response.content.decode()  # the success message too


def test_no_template_turns_autoescape_off():
    roots = [Path(settings.BASE_DIR) / d for d in ("templates", "stores", "creators")]
    for root in roots:
        for template in root.rglob("*.html"):
            text = template.read_text()
            assert not re.search(r"\|\s*safe\b|autoescape\s+off|safeseq", text), template


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_export_neutralises_formulas(client_as, start):
    add(name=f'{start}HYPERLINK("http://evil.example","x")')
    response = client_as("viewer").get(reverse("admin:creators_creator_export"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    name = rows[1][rows[0].index("channel_name")]
    assert name.startswith("'" + start)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_export_neutralises_formulas_in_every_text_column(start):
    from creators import csv_io

    channel = add().model_copy(
        update={
            "channel_name": start + "cmd|' /C calc'!A0",
            "channel_url": start + "1+1",
            "country": start + "KR",
        }
    )
    text = csv_io.export_rows([channel], {})
    row = list(csv.reader(io.StringIO(text)))[1]
    for column in ("channel_name", "channel_url", "country"):
        assert row[csv_io.COLUMNS.index(column)].startswith("'"), column


@pytest.mark.parametrize("role", ["viewer", "editor", "admin"])
def test_export_never_carries_contacts(client_as, role):
    add()
    response = client_as(role).get(reverse("admin:creators_creator_export"))
    body = response.content.decode("utf-8-sig")
    assert response.status_code == 200 and "cook.kim" in body
    assert CONTACT["email"] not in body and CONTACT["phone"] not in body


def test_contacts_are_shown_to_editors_only(client, make_staff):
    creator = add()
    detail = reverse("admin:creators_creator_detail", args=[creator.creator_id])
    change = reverse("admin:creators_creator_change", args=[creator.creator_id])
    client.force_login(make_staff("viewer"))
    assert CONTACT["email"] not in client.get(detail).content.decode()
    assert client.get(change).status_code == 403
    client.force_login(make_staff("editor"))
    assert CONTACT["email"] in client.get(detail).content.decode()


def test_contacts_in_posts_stay_out_of_error_reports(make_staff, monkeypatch):
    from django.core.signals import got_request_exception
    from django.views.debug import SafeExceptionReporterFilter

    def boom(**kwargs):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(creator_services, "creators_import", boom)
    seen = []

    def record(sender, request, **kwargs):
        seen.append(SafeExceptionReporterFilter().get_post_parameters(request))

    got_request_exception.connect(record)
    try:
        client = Client(raise_request_exception=False)
        client.force_login(make_staff("editor"))
        payload = "cGxhdGZvcm0sY2hhbm5lbF9pZCxjaGFubmVsX25hbWUsZW1haWwKaSxhLGIsc0BlLmNvbQ=="
        response = client.post(reverse("admin:creators_creator_import"), {"payload": payload})
        assert response.status_code == 500
        response = client.post(
            reverse("admin:creators_creator_add"),
            {"source": "manual", "email": CONTACT["email"], "phone": CONTACT["phone"]},
        )
    finally:
        got_request_exception.disconnect(record)
    assert seen and seen[0]["payload"] != payload


def test_env_example_documents_every_variable_settings_reads():
    base = Path(settings.BASE_DIR)
    source = (base / "marketing" / "settings.py").read_text()
    read = set(re.findall(r"env\.\w+\(\s*\"([A-Z0-9_]+)\"", source))
    read |= set(re.findall(r"\"(AWS_[A-Z_]+)\"", source))
    documented = set(
        re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (base / ".env.example").read_text(), re.M)
    )
    assert read - documented == set()
