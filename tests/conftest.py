"""Shared fixtures: DynamoDB tables under moto's mock_aws, made from marketing.dynamo.tables."""

import pytest
from moto import mock_aws

from marketing.dynamo import config as dynamo_config
from marketing.dynamo.client import get_client
from marketing.dynamo.tables import TABLES, create_table_request

TEST_PREFIX = "test-"


@pytest.fixture(autouse=True, scope="session")
def _call_metrics_flushed_by_hand():
    """Calls are measured in tests too, but no background thread or exit hook writes the
    figures (a test's mock AWS is gone by then): metric tests call flush() themselves."""
    from marketing.dynamo import metrics

    metrics.configure(flush_seconds=0)
    yield
    metrics.state.recorder.take()


@pytest.fixture
def mocked_aws(monkeypatch):
    """An empty moto AWS, and the core pointed at it (no endpoint URL, test prefix)."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    _one_request_at_a_time(monkeypatch)
    previous = dynamo_config.get_config()
    with mock_aws():
        dynamo_config.configure(
            dynamo_config.DynamoConfig(
                endpoint_url=None,
                region="ap-northeast-2",
                table_prefix=TEST_PREFIX,
                cursor_secret=b"test-cursor-secret",
                uses_embedded_server=False,
            )
        )
        yield
    dynamo_config.configure(previous)


def _one_request_at_a_time(monkeypatch):
    """In-process moto answers requests from several threads at once without a lock (lost
    ADDs, "dictionary changed size" errors); DynamoDB and the embedded server apply each
    request whole. The code under test writes from threads (the engine, deletes), so the
    mock answers one request at a time too."""
    import threading

    from moto.core.botocore_stubber import BotocoreStubber

    answer = BotocoreStubber.process_request
    lock = threading.RLock()

    def process_request(self, request):
        with lock:
            return answer(self, request)

    monkeypatch.setattr(BotocoreStubber, "process_request", process_request)


@pytest.fixture
def dynamo_tables(mocked_aws):
    """The four tables of data-model.md, created from the same specs as the create command."""
    client = get_client("batch")
    for spec in TABLES.values():
        client.create_table(**create_table_request(spec, TEST_PREFIX))
    return {key: spec.table_name(TEST_PREFIX) for key, spec in TABLES.items()}


@pytest.fixture
def make_staff(db, django_user_model):
    """make_staff("viewer") -> a staff user in that role's group, password "pw-<role>-123!"."""
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    if not Group.objects.exists():
        # A transactional test flushed the tables; the roles come from a data migration.
        importlib.import_module("marketing.migrations.0001_roles").create_roles(apps, None)
        importlib.import_module("audit.migrations.0002_admin_role").grant(apps, None)

    def make(role: str, username: str | None = None):
        user = django_user_model.objects.create_user(
            username=username or f"{role}-user", password=f"pw-{role}-123!", is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def client_as(client, make_staff):
    """client_as("editor") -> Django test client logged in as a staff user of that role."""

    def login(role: str):
        client.force_login(make_staff(role))
        return client

    return login


@pytest.fixture(scope="session")
def local_dynamo_server(tmp_path_factory):
    """The embedded DynamoDB server in its own process, on a free port and a fresh dir."""
    from marketing.localdb.process import LocalDynamoProcess, free_port

    server = LocalDynamoProcess(free_port(), tmp_path_factory.mktemp("dynamodb"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def live_dynamo(local_dynamo_server, django_db_blocker):
    """The core pointed at the embedded server, with the four tables created."""
    from django.core.management import call_command

    previous = dynamo_config.get_config()
    dynamo_config.configure(
        dynamo_config.DynamoConfig(
            endpoint_url=local_dynamo_server.endpoint_url,
            region="ap-northeast-2",
            table_prefix="live-",
            cursor_secret=b"live-cursor-secret",
            uses_embedded_server=True,
        )
    )
    call_command("dynamodb_tables", "create", stdout=open("/dev/null", "w"))  # noqa: SIM115
    yield local_dynamo_server
    dynamo_config.configure(previous)


# --- real headless Chromium (Debian's package) driven by Playwright --------------------
# One session-wide browser for every browser test: Playwright's sync API cannot start a
# second instance beside a running one in the same thread. Skipped where no Chromium is
# installed, but never under CI=true: there a missing browser is a failure.

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    import os
    import shutil

    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is not installed, and browser tests may not skip under CI=true")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    # make around it are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_FLAGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def in_chromium(page):
    """in_chromium(scenario): run scenario(page) in the session's headless Chromium."""
    return lambda scenario: scenario(page)


@pytest.fixture(autouse=True)
def _language_of_the_settings_again():
    """A page asked in English (a cookie, Accept-Language) leaves English active in this
    thread; the next test starts from the settings' language again."""
    yield
    from django.utils import translation

    translation.deactivate()
