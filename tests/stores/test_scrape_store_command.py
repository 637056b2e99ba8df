import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from stores.domain import store_id_for
from stores.naver import fetcher as fetcher_module
from tests.realworld import captures
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
    assert [d["storeName"] for d in lines if "error" not in d] == ["연남 국밥집"]
    # Failures are JSON objects on stdout too (one convention for every --json command).
    assert [d["input"] for d in lines if "error" in d] == ["https://example.com/x", "31000002"]
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


# --- #10.17: honest counts and labels, failures as JSON objects ---------------------------


@pytest.mark.usefixtures("dynamo_tables")
def test_a_failed_saved_page_counts_as_one_failure_in_both_formats(tmp_path):
    path = tmp_path / "blocked.html"
    path.write_text(pages.block_page(), encoding="utf-8")
    code, out, err = run("--html-file", str(path))
    assert code == 1 and "0 stored, 1 failed" in err and "True" not in err
    # A saved block page is not met with "use Import saved page" advice.
    assert "Import saved page" not in err and "block is lifted" in err
    code, out, _err = run("--html-file", str(path), "--json")
    (line,) = out.splitlines()
    assert code == 1 and json.loads(line)["error"] and json.loads(line)["input"] == str(path)


@pytest.mark.usefixtures("dynamo_tables")
def test_a_cache_hit_is_reported_as_one_even_for_an_imported_store(tmp_path, mocked_http):
    path = tmp_path / "saved.html"
    path.write_text(pages.home_page("31000001"), encoding="utf-8")
    code, out, _err = run("--html-file", str(path))
    assert code == 0 and "imported from the saved page" in out
    code, out, _err = run("31000001")
    assert code == 0 and "answered from the cache" in out and "imported" not in out
    assert len(mocked_http.calls) == 0


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


# --- per-person spend and a sentiment that tells stores apart (issue #10, items 20 and 21) ----


def _import_json(tmp_path, name: str, html: str) -> dict:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    code, out, err = run("--html-file", str(path), "--json")
    assert code == 0, err
    return json.loads(out)


def test_json_gives_the_per_person_spend_and_the_level_follows_it(dynamo_tables, tmp_path):
    data = _import_json(tmp_path, "ydc.html", pages.home_page(menus=pages.YANGDAECHANG_MENUS))
    prices = data["priceAnalysis"]
    assert prices["median"] == 5_000  # still the median of every priced line
    assert prices["perPerson"] == 31_000 and type(prices["perPerson"]) is int
    assert prices["level"] == 3
    (profile,) = [i for i in _stored_items(dynamo_tables) if i["SK"]["S"].startswith("PROFILE#")]
    assert profile["GSI3PK"]["S"] == "PRICE#3"


def test_json_per_person_is_null_without_a_main_and_the_level_follows_the_median(
    dynamo_tables, tmp_path
):
    html = pages.home_page(menus=[("공기밥", "1000"), ("라면사리", "2000"), ("콜라", "2000")])
    prices = _import_json(tmp_path, "sides.html", html)["priceAnalysis"]
    assert prices["perPerson"] is None and prices["median"] == 2_000 and prices["level"] == 1


def test_conformance_the_real_gopchang_page_is_level_3_per_person(dynamo_tables, tmp_path):
    (page,) = captures("naver", "*_mplace_home.html", expected=1)
    code, out, err = run("--html-file", str(page), "--json")
    assert code == 0, err
    prices = json.loads(out)["priceAnalysis"]
    assert prices["median"] == 16_500  # level 2 by the median of every line
    assert prices["perPerson"] == 24_333 and prices["level"] == 3


def _keywords(*counts: int) -> list[tuple[str, str, int]]:
    labels = [
        ("food_good", "음식이 맛있어요"),
        ("kind", "친절해요"),
        ("meat_good", "고기 질이 좋아요"),
        ("spacious", "매장이 넓어요"),
        ("large", "양이 많아요"),
    ]
    return [(code, label, n) for (code, label), n in zip(labels, counts, strict=True)]


def test_stores_with_different_vote_densities_get_clearly_different_scores(dynamo_tables, tmp_path):
    """Both all-praise, as Naver's keywords are: the old score gave both 96-100."""
    loved = pages.home_page(
        "31000001", keywords=_keywords(1300, 800, 500, 400, 200), visitor_total=1200, score=4.6
    )  # 2.7 votes per visitor review
    lukewarm = pages.home_page(
        "31000002", keywords=_keywords(300, 150, 0, 150, 100), visitor_total=1100, score=4.2
    )  # 0.6 votes per visitor review
    high = _import_json(tmp_path, "loved.html", loved)["sentiment"]
    low = _import_json(tmp_path, "lukewarm.html", lukewarm)["sentiment"]
    assert high["positiveRatio"] == low["positiveRatio"] == 1.0
    assert 0 <= low["score"] < high["score"] <= 100
    assert high["score"] - low["score"] >= 40, (high["score"], low["score"])
