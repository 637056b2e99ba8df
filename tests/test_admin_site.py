"""The console shell: sections, roles and the permission map, enforced server-side."""

from pathlib import Path

import pytest
from django.urls import reverse

from marketing import permissions

SECTIONS = ("stores", "creators", "matches", "campaigns")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("admin:stores_store_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_staff_login_form_works(client, make_staff):
    make_staff("viewer")
    response = client.post(
        reverse("admin:login"), {"username": "viewer-user", "password": "pw-viewer-123!"}
    )
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["viewer", "editor", "admin"])
def test_index_lists_the_four_sections(client_as, role, dynamo_tables):
    response = client_as(role).get(reverse("admin:index"))
    assert response.status_code == 200
    labels = [app["app_label"] for app in response.context["app_list"]]
    assert labels[:4] == list(SECTIONS)
    body = response.content.decode()
    for section in SECTIONS:
        assert reverse("admin:app_list", kwargs={"app_label": section}) in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "url_name", "status"),
    [
        ("viewer", "stores_store_changelist", 200),
        ("viewer", "stores_store_add", 403),
        ("viewer", "creators_creator_add", 403),
        ("viewer", "matches_match_add", 403),
        ("viewer", "campaigns_campaign_add", 403),
        ("editor", "stores_store_add", 200),
        ("editor", "campaigns_campaign_changelist", 200),
        ("admin", "matches_match_add", 200),
    ],
)
def test_roles_are_enforced_on_the_server(client_as, role, url_name, status, dynamo_tables):
    assert client_as(role).get(reverse(f"admin:{url_name}")).status_code == status


@pytest.mark.django_db
def test_staff_without_a_role_sees_no_section_and_gets_403(client, django_user_model):
    user = django_user_model.objects.create_user("norole", password="x-Pw-12345", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:stores_store_changelist")).status_code == 403
    assert client.get(reverse("admin:app_list", kwargs={"app_label": "stores"})).status_code == 404


@pytest.mark.django_db
def test_non_staff_cannot_enter(client, django_user_model):
    user = django_user_model.objects.create_user("outsider", password="x-Pw-12345")
    client.force_login(user)
    response = client.get(reverse("admin:stores_store_changelist"))
    assert response.status_code == 302


@pytest.mark.django_db
def test_section_index_uses_admin_markup(client_as):
    response = client_as("viewer").get(reverse("admin:app_list", kwargs={"app_label": "creators"}))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="breadcrumbs"' in body
    assert reverse("admin:creators_creator_changelist") in body
    assert reverse("admin:creators_creator_add") not in body  # viewers get no add link


def test_every_console_url_has_exactly_one_permission():
    from django.contrib import admin

    patterns = [p for p in admin.site.console_urls() if p.name != "app_list"]
    assert {p.name for p in patterns} == set(permissions.PERMISSION_MAP)
    for pattern in patterns:
        checked_view = pattern.callback.__wrapped__
        assert checked_view.required_permission == permissions.PERMISSION_MAP[pattern.name]


def test_permission_for_refuses_unmapped_urls():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        permissions.permission_for("stores_store_secret")


@pytest.mark.django_db
def test_roles_in_migration_match_the_running_permission_table():
    from django.contrib.auth.models import Group

    for role in (permissions.VIEWER, permissions.EDITOR, permissions.ADMIN):
        granted = {
            (p.content_type.app_label, p.codename)
            for p in Group.objects.get(name=role).permissions.all()
        }
        assert granted == set(permissions.role_permissions(role))
    deleters = [
        role
        for role in (permissions.VIEWER, permissions.EDITOR, permissions.ADMIN)
        if any(code.startswith("delete_") for _app, code in permissions.role_permissions(role))
    ]
    assert deleters == [permissions.ADMIN]


@pytest.mark.django_db
def test_index_says_how_to_start_dynamodb_when_nothing_answers(client_as, settings):
    from marketing.dynamo import config as dynamo_config

    previous = dynamo_config.get_config()
    dynamo_config.configure(
        dynamo_config.DynamoConfig(endpoint_url="http://127.0.0.1:1", uses_embedded_server=True)
    )
    try:
        response = client_as("viewer").get(reverse("admin:index"))
    finally:
        dynamo_config.configure(previous)
    body = response.content.decode()
    assert response.status_code == 200
    assert "python manage.py localdynamo" in body


@pytest.mark.django_db
def test_index_names_missing_tables(client_as, mocked_aws):
    response = client_as("viewer").get(reverse("admin:index"))
    assert "dynamodb_tables create" in response.content.decode()
    assert "test-stores" in response.content.decode()


@pytest.mark.django_db
def test_unavailable_dynamodb_is_a_503_page_with_the_remedy(rf, make_staff):
    from marketing.dynamo.errors import EndpointUnavailable, Throttled
    from marketing.middleware import DynamoUnavailableMiddleware

    request = rf.get("/stores/store/")
    request.user = make_staff("viewer")
    middleware = DynamoUnavailableMiddleware(lambda r: None)
    response = middleware.process_exception(
        request, EndpointUnavailable("http://127.0.0.1:8001", uses_embedded_server=True)
    )
    assert response.status_code == 503
    assert "python manage.py localdynamo" in response.content.decode()
    throttled = middleware.process_exception(request, Throttled("slow down"))
    assert throttled.status_code == 503
    assert middleware.process_exception(request, ValueError("other")) is None


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["stores_store_changelist", "creators_creator_changelist"])
def test_a_dynamodb_page_says_how_to_start_dynamodb_when_nothing_answers(client_as, url_name):
    from marketing.dynamo import config as dynamo_config

    previous = dynamo_config.get_config()
    dynamo_config.configure(
        dynamo_config.DynamoConfig(endpoint_url="http://127.0.0.1:1", uses_embedded_server=True)
    )
    try:
        response = client_as("viewer").get(reverse(f"admin:{url_name}"))
    finally:
        dynamo_config.configure(previous)
    assert response.status_code == 503
    assert "python manage.py localdynamo" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("app_label", "model_name"), permissions.CONSOLE_MODELS)
@pytest.mark.parametrize("user", ["viewer", "superuser"])
def test_view_on_site_shortcut_is_a_404_for_console_models(
    client, make_staff, django_user_model, app_label, model_name, user
):
    # The console's models are permission-only (no table): the admin's shortcut used to
    # query them and answer 500.
    from django.contrib.contenttypes.models import ContentType

    if user == "superuser":
        client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    else:
        client.force_login(make_staff(user))
    content_type = ContentType.objects.get(app_label=app_label, model=model_name)
    for object_id in ("1", "00000000-0000-0000-0000-000000000000"):
        url = reverse("admin:view_on_site", args=[content_type.pk, object_id])
        assert url == f"/r/{content_type.pk}/{object_id}/"
        assert client.get(url).status_code == 404


FAVICON_BYTES = (
    Path(__file__).parent.parent / "marketing/static/marketing/favicon.ico"
).read_bytes()


def _served(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_every_page_links_the_favicon_and_favicon_ico_leads_to_it(client, client_as, settings):
    # As in development (DEBUG): whitenoise serves static files straight from the apps.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    icon_link = '<link rel="icon" href="/static/marketing/favicon.ico"'
    assert icon_link in client.get(reverse("admin:login")).content.decode()
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/marketing/favicon.ico"
    assert _served(client, response["Location"]) == FAVICON_BYTES
    assert icon_link in client_as("viewer").get(reverse("admin:index")).content.decode()


@pytest.mark.django_db
def test_favicon_is_served_from_collected_static_files_in_production(client, settings, tmp_path):
    # As in production: collectstatic's hashed, compressed files, served by whitenoise.
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    call_command("collectstatic", "--noinput", verbosity=0)
    login_page = client.get(reverse("admin:login")).content.decode()
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    hashed = response["Location"]
    assert (
        hashed.startswith("/static/marketing/favicon.")
        and hashed != "/static/marketing/favicon.ico"
    )
    assert f'<link rel="icon" href="{hashed}"' in login_page
    assert _served(client, hashed) == FAVICON_BYTES


@pytest.mark.django_db
def test_the_index_offers_add_only_where_an_add_page_exists(client_as, dynamo_tables):
    body = client_as("admin").get(reverse("admin:index")).content.decode()
    assert reverse("admin:stores_store_add") in body
    assert reverse("admin:creators_creator_add") in body
    assert reverse("admin:matches_match_add") not in body
    assert reverse("admin:campaigns_campaign_add") in body  # "New campaign" from accepted matches
