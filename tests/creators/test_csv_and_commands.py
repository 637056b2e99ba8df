import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from creators import csv_io, services
from marketing.dynamo.client import get_client
from tests.creators import youtube_fakes as yt

HEADER = "platform,channel_id,channel_name,categories,region,subscribers,engagement_rate,email\n"
GOOD = (
    HEADER
    + 'instagram,cook.kim,김요리,food|cafe,seoul,"12,300",4.5%,kim@example.com\n'
    + "tiktok,dance.lee,이댄스,entertainment,busan,980,7.25,\n"
)


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _channels():
    items = get_client("batch").scan(TableName="test-creators")["Items"]
    return [i for i in items if i["PK"]["S"].startswith("CREATOR#")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949"])
def test_decode_utf8_bom_and_cp949(encoding):
    rows, found = csv_io.parse(GOOD.encode(encoding))
    assert found == encoding
    assert [r.channel_name for r in rows] == ["김요리", "이댄스"]
    assert rows[0].statistics.subscribers == 12300
    assert str(rows[0].statistics.engagement_rate) == "4.5"
    assert rows[0].categories == ["food", "cafe"]


def test_undecodable_file_is_refused():
    with pytest.raises(csv_io.CsvError):
        csv_io.parse(b"platform,channel_id,channel_name\n\xff\xfe\xfa,x,y\n")


def test_missing_required_columns_are_named():
    with pytest.raises(csv_io.CsvError, match="channel_name"):
        csv_io.parse(b"platform,channel_id\nyoutube,x\n")


def test_bad_rows_and_duplicates_are_reported_per_row():
    text = (
        HEADER
        + "instagram,cook.kim,A,food,seoul,100,1,\n"
        + "myspace,x,B,food,seoul,100,1,\n"
        + "instagram,bad id,C,pizza,mars,-5,abc,not-an-email\n"
        + "instagram,COOK.KIM,D,food,seoul,100,1,\n"
    )
    rows, _ = csv_io.parse(text.encode())
    assert [r.action for r in rows] == ["", "error", "error", "duplicate"]
    assert rows[0].ok
    assert any("platform" in e for e in rows[1].errors)
    assert len(rows[2].errors) >= 5
    assert "line 2" in rows[3].errors[0]


def test_formula_cells_are_neutralised_on_export():
    assert csv_io.neutralise("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    for cell in ("+1", "-1", "@SUM(A1)", "\t=x"):
        assert csv_io.neutralise(cell).startswith("'")
    assert csv_io.neutralise("맛집") == "맛집"
    assert csv_io.neutralise(None) == ""


@pytest.mark.usefixtures("dynamo_tables")
def test_import_is_a_dry_run_unless_for_real(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes(GOOD.encode("cp949"))
    output = run("import_creators", str(path))
    assert "2 to create" in output and "Dry run" in output
    assert _channels() == []
    output = run("import_creators", str(path), "--for-real")
    assert "Wrote 2" in output
    assert len(_channels()) == 2
    # Again: the same two creators are updated, none added.
    output = run("import_creators", str(path), "--for-real")
    assert "2 to update" in output
    assert len(_channels()) == 2
    assert "kim@example.com" not in repr(_channels())


@pytest.mark.usefixtures("dynamo_tables")
def test_import_updates_a_channel_added_through_the_console():
    added = services.creator_add_manual(
        platform="instagram", channel_id="cook.kim", channel_name="old", actor="t"
    )
    report = services.creators_import(data=GOOD.encode(), actor="t", for_real=True)
    assert report.counts["update"] == 1
    channels = services.CreatorRepository().channels_of(added.creator_id)
    assert len(channels) == 1 and channels[0].channel_name == "김요리"
    assert channels[0].version == 2


@pytest.mark.usefixtures("dynamo_tables")
def test_export_round_trips_and_neutralises(tmp_path):
    services.creator_add_manual(
        platform="instagram",
        channel_id="evil",
        channel_name="=cmd|' /C calc'!A0",
        actor="t",
        contact={"email": "e@x.kr"},
    )
    path = tmp_path / "out.csv"
    assert "Wrote 1" in run("export_creators", str(path))
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["channel_name"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["email"] == ""  # no contacts unless asked
    run("export_creators", str(path), "--with-contacts")
    assert "e@x.kr" in path.read_text(encoding="utf-8-sig")
    report = services.creators_import(data=path.read_bytes(), actor="t")
    assert report.counts == {"create": 0, "update": 1, "error": 0, "duplicate": 0}


@pytest.mark.usefixtures("dynamo_tables")
def test_add_creator_json(rsps):
    channel = "UCabcdefghijklmnopqrstuv"
    yt.add(rsps, "channels", yt.channels_body(yt.channel_item(channel)), forHandle="@matjip")
    yt.add_full_channel(rsps, channel)
    data = json.loads(run("add_creator", "youtube", "@matjip", "--json", "--category", "food"))
    assert data["channelName"] == "맛집 탐방 채널"
    assert data["platform"] == "youtube"
    assert data["influenceTier"] == "mid"
    assert data["statistics"]["subscribers"] == 12300
    assert set(data) >= {"creatorId", "channelName", "platform", "statistics", "influenceTier"}


@pytest.mark.usefixtures("dynamo_tables")
def test_add_creator_reports_youtube_errors_as_command_errors(rsps):
    yt.add(rsps, "channels", yt.KEY_INVALID_NEW, status=400)
    with pytest.raises(CommandError, match="YOUTUBE_API_KEY"):
        run("add_creator", "youtube", "@matjip")
    rsps.reset()
    yt.add(rsps, "channels", yt.channels_body())
    with pytest.raises(CommandError, match="no such channel"):
        run("add_creator", "youtube", "@nobody")


@pytest.mark.usefixtures("dynamo_tables")
def test_sync_creators_prints_progress_summary_and_quota(rsps):
    services.creator_add_manual(
        platform="youtube", channel_id="UC" + "4" * 22, channel_name="x", actor="t"
    )
    assert "1 stale channel" in run("sync_creators", "--stale-days", "0", "--dry-run")
    yt.add_any_channels(rsps)
    yt.add_full_channel(rsps, "UC" + "4" * 22)
    output = run("sync_creators", "--stale-days", "0", "--limit", "5")
    assert "[1/1]" in output
    assert "Synced 1 of 1" in output and "units this run" in output


def test_commands_fail_fast_without_an_endpoint(settings):
    from marketing.dynamo import config

    previous = config.get_config()
    config.configure(
        config.DynamoConfig(endpoint_url="http://127.0.0.1:9", uses_embedded_server=True)
    )
    try:
        with pytest.raises(CommandError, match="localdynamo"):
            run("sync_creators")
    finally:
        config.configure(previous)


def run_with_code(*args):
    from io import StringIO

    out = StringIO()
    try:
        call_command(*args, stdout=out)
    except SystemExit as exc:
        return exc.code, out.getvalue()
    return 0, out.getvalue()


@pytest.mark.usefixtures("dynamo_tables")
def test_import_creators_exits_1_when_rows_are_rejected(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("platform,channel_id,channel_name\nmyspace,a,b\n,,\n", encoding="utf-8")
    code, out = run_with_code("import_creators", str(path))
    assert code == 1 and "2 rejected" in out
    path.write_text("platform,channel_id,channel_name\ninstagram,ok.one,OK\n", encoding="utf-8")
    code, out = run_with_code("import_creators", str(path))
    assert code == 0 and "0 rejected" in out
