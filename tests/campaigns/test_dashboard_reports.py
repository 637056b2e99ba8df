"""The campaign report: `python manage.py report` and the dashboards' download buttons.
Its contract for scripts (JSON fields, one CSV/XLSX row per campaign), the range rule, bad
input, formula cells, and the same numbers as the dashboards."""

import csv
import datetime as dt
import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from campaigns.domain import Budget, CampaignStatus
from tests.campaigns.dashboard_support import counted_campaign

pytestmark = pytest.mark.usefixtures("dynamo_tables")


FIELDS = [
    "campaignId",
    "storeId",
    "storeName",
    "name",
    "status",
    "budget",
    "spent",
    "views",
    "engagements",
    "newVisitorReviews",
    "cpm",
    "costPerEngagement",
    "roi",
]


def _campaign(name, start, days=30, **kw):
    kw.setdefault("budget", Budget(total=1_000_000, spent=250_000))
    return counted_campaign(name=name, start=dt.date.fromisoformat(start), **kw)


def _json(*args) -> dict:
    out = io.StringIO()
    call_command("report", "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def three():
    """Autumn (Oct 1-31), winter (Dec 1-31, another store), spring (Mar 1-31, 2027)."""
    return [
        _campaign(
            "가을 체험단",
            "2026-10-01",
            status=CampaignStatus.COMPLETED,
            views=50_000,
            likes=1_200,
            comments=300,
            revenue=400_000,
        ),
        _campaign(
            "겨울 체험단",
            "2026-12-01",
            store_id="s-2",
            store_name="망원 칼국수",
            status=CampaignStatus.ACTIVE,
            views=8_000,
            likes=100,
            comments=20,
        ),
        _campaign("봄 체험단", "2027-03-01", status=CampaignStatus.DRAFT),
    ]


def test_json_is_one_object_with_the_contract_fields(three):
    report = _json()
    assert set(report) == {"from", "to", "totals", "campaigns"}
    assert report["from"] is None and report["to"] is None
    assert [c["name"] for c in report["campaigns"]] == ["가을 체험단", "겨울 체험단", "봄 체험단"]
    autumn = report["campaigns"][0]
    assert list(autumn) == FIELDS
    assert autumn["status"] == "COMPLETED"
    assert autumn["budget"] == 1_000_000 and autumn["spent"] == 250_000
    assert autumn["views"] == 50_000 and autumn["engagements"] == 1_500
    assert autumn["cpm"] == 5_000  # 250,000 / 50,000 * 1,000
    assert autumn["costPerEngagement"] == 167  # 250,000 / 1,500 = 166.67, half up
    assert autumn["roi"] == 0.6  # (400,000 - 250,000) / 250,000
    assert autumn["newVisitorReviews"] is None  # no follow-up yet
    assert report["campaigns"][2]["views"] is None and report["campaigns"][2]["cpm"] is None
    totals = report["totals"]
    assert set(totals) == {
        "budget",
        "spent",
        "views",
        "engagements",
        "newVisitorReviews",
        "cpm",
        "roi",
    }
    assert totals["budget"] == 3_000_000 and totals["spent"] == 750_000
    assert totals["views"] == 58_000 and totals["engagements"] == 1_620
    assert totals["cpm"] == 8_621  # 500,000 spent where views are known / 58,000 * 1,000
    assert totals["roi"] == 0.6  # only the autumn campaign has revenue


def test_in_range_means_the_timeline_overlaps(three):
    december = _json("--from", "2026-12-15", "--to", "2026-12-20")
    assert [c["name"] for c in december["campaigns"]] == ["겨울 체험단"]
    assert december["from"] == "2026-12-15" and december["to"] == "2026-12-20"
    # Ending on the first day of the range, or starting on its last, still overlaps.
    edges = _json("--from", "2026-10-31", "--to", "2026-12-01")
    assert [c["name"] for c in edges["campaigns"]] == ["가을 체험단", "겨울 체험단"]
    assert _json("--from", "2027-01-01")["campaigns"][0]["name"] == "봄 체험단"
    assert _json("--to", "2026-09-30")["campaigns"] == []


def test_one_store_or_one_campaign(three):
    assert [c["name"] for c in _json("--store", "s-2")["campaigns"]] == ["겨울 체험단"]
    one = _json("--campaign", three[2].campaign_id)
    assert [c["campaignId"] for c in one["campaigns"]] == [three[2].campaign_id]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--from", "2026-13-01"], "YYYY-MM-DD"),
        (["--from", "2026-12-02", "--to", "2026-12-01"], "start of the range"),
        (["--campaign", "no#such"], "not an id"),
        (["--campaign", "00000000-0000-4000-8000-000000000000"], "no campaign"),
        (["--format", "xlsx"], "--output"),
    ],
)
def test_bad_input_is_a_one_line_error_and_writes_nothing(three, tmp_path, args, says, english):
    with pytest.raises(CommandError, match=says):
        call_command("report", *args, stdout=io.StringIO())


def test_a_file_is_written_whole(three, tmp_path):
    target = tmp_path / "report.json"
    call_command("report", "--format", "json", "--output", str(target), stderr=io.StringIO())
    assert len(json.loads(target.read_text())["campaigns"]) == 3
    with pytest.raises(CommandError, match=r"report\.json"):
        call_command(
            "report", "--format", "json", "--output", str(tmp_path / "none" / "report.json")
        )
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary left


def test_csv_has_a_bom_one_header_and_a_row_per_campaign(three, tmp_path, korean):
    target = tmp_path / "report.csv"
    call_command("report", "--output", str(target), stderr=io.StringIO())
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 4 and len(rows[0]) == len(FIELDS)
    assert rows[0][0] == "캠페인 ID"  # headers in the console's language
    assert [row[3] for row in rows[1:]] == ["가을 체험단", "겨울 체험단", "봄 체험단"]
    assert rows[1][4] == "완료"  # the status label, not its code
    assert rows[1][12] == "0.6000"


def test_formula_names_are_neutralised_and_a_loss_stays_a_number(tmp_path, korean):
    from openpyxl import load_workbook

    _campaign(
        '=HYPERLINK("http://evil")',
        "2026-10-01",
        store_name="@SUM(1)",
        views=10,
        revenue=0,
    )
    target = tmp_path / "report.csv"
    call_command("report", "--output", str(target), stderr=io.StringIO())
    row = list(csv.reader(io.StringIO(target.read_text("utf-8-sig"))))[1]
    assert row[2] == "'@SUM(1)" and row[3] == '\'=HYPERLINK("http://evil")'
    assert row[12] == "-1.0000"  # ROI of a campaign that earned nothing: a number
    book_path = tmp_path / "report.xlsx"
    call_command("report", "--format", "xlsx", "--output", str(book_path), stderr=io.StringIO())
    sheet = load_workbook(book_path).active
    assert sheet.title == "캠페인"
    assert sheet["D2"].value == '\'=HYPERLINK("http://evil")' and sheet["D2"].data_type == "s"
    assert sheet["M2"].value == -1 and sheet["M2"].data_type == "n"


def test_xlsx_first_sheet_is_the_table_and_totals_are_on_the_second(three, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "report.xlsx"
    call_command("report", "--format", "xlsx", "--output", str(target), stderr=io.StringIO())
    book = load_workbook(target)
    assert book.active.title == book.worksheets[0].title
    table = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(table) == 4
    assert [row[3] for row in table[1:]] == ["가을 체험단", "겨울 체험단", "봄 체험단"]
    assert table[1][5] == 1_000_000 and table[1][7] == 50_000
    totals = list(book.worksheets[1].iter_rows(values_only=True))
    assert totals[1][0] == 3_000_000


def test_the_download_buttons_serve_the_same_report(three, client_as):
    client = client_as("viewer")
    url = reverse("admin:campaigns_campaign_report")
    csv_response = client.get(url, {"format": "csv", "date_from": "2026-12-01"})
    assert csv_response.status_code == 200
    assert csv_response["Content-Disposition"].endswith('-2026-12-01-all.csv"')
    assert csv_response.content.startswith(b"\xef\xbb\xbf")
    json_response = client.get(url, {"format": "json", "date_from": "2026-12-01"})
    assert json.loads(json_response.content) == _json("--from", "2026-12-01")
    xlsx = client.get(url, {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_report_page_shows_bad_input_as_form_errors(client_as, english):
    client = client_as("viewer")
    url = reverse("admin:campaigns_campaign_report")
    assert client.get(url).status_code == 200
    bad = client.get(url, {"format": "csv", "date_from": "2026-12-02", "date_to": "2026-12-01"})
    assert bad.status_code == 400 and "comes before its start" in bad.content.decode()
    odd = client.get(url, {"format": "pdf", "campaign": "<b>x</b>"})
    assert odd.status_code == 400 and "<b>x</b>" not in odd.content.decode()
    missing = client.get(url, {"format": "csv", "campaign": "00000000-0000-4000-8000-0000000000aa"})
    assert missing.status_code == 404


def _figure(body: str, name: str) -> str:
    return re.search(rf'id="figure-{name}">(.*?)</td>', body).group(1)


def test_the_campaign_dashboard_says_what_the_report_says(three, client_as, english):
    client = client_as("viewer")
    for campaign in three:
        row = _json("--campaign", campaign.campaign_id)["campaigns"][0]
        page = reverse("admin:campaigns_campaign_dashboard", args=[campaign.campaign_id])
        body = client.get(page).content.decode()

        def won(value):
            return "—" if value is None else f"{value:,} won"

        def count(value):
            return "—" if value is None else f"{value:,}"

        assert _figure(body, "budget") == won(row["budget"])
        assert _figure(body, "spent") == won(row["spent"])
        assert _figure(body, "views") == count(row["views"])
        assert _figure(body, "engagements") == count(row["engagements"])
        assert _figure(body, "new-visitor-reviews") == count(row["newVisitorReviews"])
        assert _figure(body, "cpm") == won(row["cpm"])
        assert _figure(body, "cost-per-engagement") == won(row["costPerEngagement"])
        roi = row["roi"]
        assert _figure(body, "roi") == ("—" if roi is None else f"{roi * 100:.2f}%")


def test_the_overview_says_what_the_report_totals_say(three, client_as, english):
    totals = _json()["totals"]
    body = client_as("viewer").get(reverse("admin:index")).content.decode()
    spend = re.search(r'id="campaign-spend">(.*?)</p>', body).group(1)
    roi = re.search(r'id="campaign-roi">(.*?)</p>', body).group(1)
    assert spend == f"{totals['spent']:,} won"
    assert roi == f"{totals['roi'] * 100:.2f}%"


def test_markup_in_names_stays_text_in_the_xlsx(tmp_path):
    import zipfile

    from openpyxl import load_workbook

    name = '<script>alert("x")</script> & 체험단'
    _campaign(name, "2026-10-01", store_name="<b>가게</b>")
    target = tmp_path / "report.xlsx"
    call_command("report", "--format", "xlsx", "--output", str(target), stderr=io.StringIO())
    sheet = load_workbook(target).active
    assert sheet["D2"].value == name and sheet["C2"].value == "<b>가게</b>"
    with zipfile.ZipFile(target) as book:
        xml = "".join(book.read(part).decode() for part in book.namelist() if part.endswith(".xml"))
    assert "<script>" not in xml and "&lt;script&gt;" in xml
