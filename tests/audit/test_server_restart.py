"""The consumer over the embedded server, across a restart of the *server*."""

import signal
import time

import pytest
from django.core.management import call_command

from audit.repository import AuditEntryRepository
from marketing.dynamo import config as dynamo_config
from marketing.dynamo.client import clear_client_cache
from marketing.localdb.process import LocalDynamoProcess, free_port
from tests.manage_process import start_manage
from tests.matches.factories import stored_match

pytestmark = pytest.mark.integration


@pytest.fixture
def embedded(tmp_path):
    server = LocalDynamoProcess(free_port(), tmp_path / "dynamodb").start()
    previous = dynamo_config.get_config()
    dynamo_config.configure(
        dynamo_config.DynamoConfig(
            endpoint_url=server.endpoint_url,
            region="ap-northeast-2",
            table_prefix="restart-",
            cursor_secret=b"restart-cursor-secret",
            uses_embedded_server=True,
        )
    )
    call_command("dynamodb_tables", "create", stdout=open("/dev/null", "w"))  # noqa: SIM115
    yield server
    dynamo_config.configure(previous)
    server.stop()
    clear_client_cache()


@pytest.mark.parametrize("stop", ["kill", "stop"])
def test_a_server_restart_under_the_consumer_neither_duplicates_nor_re_emits(
    embedded, consume, stop
):
    first = [stored_match(store_id=f"s-{n}", creator_id="c-1") for n in range(3)]
    assert consume().recorded == 3

    getattr(embedded, stop)()  # kill -9, or a clean stop
    embedded.start()
    later = stored_match(store_id="s-9", creator_id="c-1")

    stats = consume()

    assert (stats.recorded, stats.duplicates, stats.gaps) == (1, 0, [])
    entries = AuditEntryRepository()
    for match in [*first, later]:
        history = entries.history("matches", f"MATCH#{match.match_id}").items
        assert [entry.event.value for entry in history] == ["insert"]


def test_changes_made_and_unread_before_a_restart_are_a_logged_gap_not_a_crash(embedded, consume):
    stored_match(store_id="s-1", creator_id="c-1")
    consume()
    stored_match(store_id="s-2", creator_id="c-1")  # never read before the restart
    embedded.kill()
    embedded.start()
    stored_match(store_id="s-3", creator_id="c-1")

    stats = consume()

    assert len(stats.gaps) == 1 and "TRIM_HORIZON" in stats.gaps[0]
    assert stats.recorded == 1 and stats.duplicates == 0


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_consume_streams_records_and_stops_on_a_signal(embedded, signum):
    stored_match(store_id="s-1", creator_id="c-1")
    process = start_manage(
        "consume_streams",
        "--idle-sleep",
        "0.2",
        DYNAMODB_ENDPOINT_URL=embedded.endpoint_url,
        DYNAMODB_TABLE_PREFIX="restart-",
    )
    try:
        assert "테이블의 변경을 기록하는 중입니다" in process.stdout.readline()  # Korean first
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if AuditEntryRepository().by_actor("engine").items:
                break
            time.sleep(0.2)
        process.send_signal(signum)
        output = process.communicate(timeout=30)[0]
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output
    assert "변경 1건 기록" in output
    assert "Traceback" not in output
