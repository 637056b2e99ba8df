import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from stores.domain import store_id_for
from stores.naver import fetcher as fetcher_module
from tests.stores import pages
from tests.stores.conftest import public_resolver

REQUIRED = {
    "storeId",
    "storeName",
    "primaryCategory",
    "location",
    "priceAnalysis",
    "sentiment",
    "cacheHit",
}


@pytest.fixture
def no_dns(monkeypatch):
    """The command builds its own fetcher: give it fake DNS and no politeness delay."""
    monkeypatch.setattr(
        fetcher_module,
        "default_fetcher",
        lambda: fetcher_module.NaverFetcher(
            resolver=public_resolver, min_interval=0.0, sleep=lambda s: None
        ),
    )


def run(*args):
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("scrape_store", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_html_file_is_stored_without_network(dynamo_tables, tmp_path, mocked_http):
    path = tmp_path / "saved.html"
    path.write_text(pages.home_page("31000001"), encoding="utf-8")
    code, out, _err = run("--html-file", str(path), "--json")
    assert code == 0 and len(mocked_http.calls) == 0
    data = json.loads(out)
    assert data.keys() >= REQUIRED
    assert data["storeId"] == store_id_for("31000001")
    assert data["location"].keys() >= {
        "city",
        "district",
        "address",
        "roadAddress",
        "phone",
        "lat",
        "lng",
    }
    assert data["priceAnalysis"].keys() >= {"menuCount", "min", "max", "median", "level"}
    assert data["sentiment"].keys() >= {"score", "positiveRatio", "visitorReviewCount", "keywords"}
    assert data["cacheHit"] is False and data["priceAnalysis"]["level"] == 2


def test_batch_carries_on_after_a_bad_url_and_exits_non_zero(dynamo_tables, mocked_http, no_dns):
    mocked_http.get(
        "https://m.place.naver.com/restaurant/31000001/home", body=pages.home_page("31000001")
    )
    mocked_http.get(
        "https://m.place.naver.com/place/31000002/home", body=pages.block_page(), status=403
    )
    code, out, err = run(
        "https://example.com/x", "31000002", "m.place.naver.com/restaurant/31000001", "--json"
    )
    assert code == 1
    lines = [json.loads(line) for line in out.splitlines()]
    assert [d["storeName"] for d in lines] == ["연남 국밥집"]
    assert "[1/3]" in err and "[3/3]" in err
    assert "Not a Naver place link" in err and "blocked" in err
    assert "1 stored, 2 failed" in err


def test_second_run_is_a_cache_hit(dynamo_tables, mocked_http, no_dns):
    mocked_http.get(
        "https://m.place.naver.com/place/31000001/home", body=pages.home_page("31000001")
    )
    run("31000001")
    code, out, _ = run("31000001", "--json")
    assert code == 0 and json.loads(out)["cacheHit"] is True
    assert len(mocked_http.calls) == 1
    code, out, _ = run("31000001", "--json", "--force")
    assert json.loads(out)["cacheHit"] is False and len(mocked_http.calls) == 2


def test_arguments_are_checked():
    with pytest.raises(CommandError):
        call_command("scrape_store")
    with pytest.raises(CommandError):
        call_command("scrape_store", "1234567", "--html-file", "x.html")


def test_missing_endpoint_fails_fast_with_the_how_to(tmp_path):
    from marketing.dynamo import config as dynamo_config

    previous = dynamo_config.get_config()
    dynamo_config.configure(
        dynamo_config.DynamoConfig(endpoint_url="http://127.0.0.1:1", uses_embedded_server=True)
    )
    try:
        with pytest.raises(CommandError, match="localdynamo"):
            call_command("scrape_store", "1234567")
    finally:
        dynamo_config.configure(previous)


def _stored_items(dynamo_tables):
    from marketing.dynamo.client import get_client

    return get_client().scan(TableName=dynamo_tables["stores"])["Items"]


def test_html_file_nested_940_deep_is_refused_and_nothing_stored(dynamo_tables, tmp_path):
    path = tmp_path / "deep.html"
    path.write_text(pages.deeply_nested_page(940), encoding="utf-8")
    code, out, err = run("--html-file", str(path))
    assert code == 1 and out == ""
    assert "nested more than 64 levels deep" in err
    assert _stored_items(dynamo_tables) == []


def test_html_file_with_a_140k_character_name_is_refused(dynamo_tables, tmp_path):
    path = tmp_path / "long.html"
    path.write_text(pages.home_page(name="가" * 140_000), encoding="utf-8")
    code, _out, err = run("--html-file", str(path))
    assert code == 1 and "The place name on the page is 140,000 characters long" in err
    assert _stored_items(dynamo_tables) == []


def test_html_file_with_20000_menus_is_stored_with_300(dynamo_tables, tmp_path):
    path = tmp_path / "menus.html"
    menus = [(f"메뉴 {i}", str(1000 + i)) for i in range(20_000)]
    path.write_text(pages.home_page(menus=menus), encoding="utf-8")
    code, out, _err = run("--html-file", str(path), "--json")
    assert code == 0 and json.loads(out)["priceAnalysis"]["menuCount"] == 300
