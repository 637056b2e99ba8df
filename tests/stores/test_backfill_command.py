"""`backfill_store_analysis`: profiles stored before the per-person estimate and the new
sentiment score get them, the way an edit writes (issue #10, items 20 and 21)."""

import json
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from marketing.dynamo import errors
from marketing.dynamo.client import get_client
from stores import analysis, reanalysis, selectors, services
from stores.domain import Sentiment
from stores.naver.parser import parse_place_page
from stores.repository import DirectoryRepository, StoreRepository
from stores.selectors import StoreFilters
from tests.stores import pages


@pytest.fixture(autouse=True)
def english(settings):
    """These tests read the English messages; Korean, the default, has a test of its own."""
    settings.LANGUAGE_CODE = "en"


def run(*args):
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("backfill_store_analysis", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def stored_before_the_estimate(store_id: str) -> None:
    """Rewrite a store as the old analysis stored it: no perPerson, the level by the
    median (and its price index key), a sentiment score from the share of positive votes."""
    repository, directory = StoreRepository(), DirectoryRepository()
    latest = repository.latest_profile(store_id, consistent=True)
    median = latest.price_analysis.median
    prices = latest.price_analysis.model_copy(
        update={"per_person": None, "level": analysis.price_level(median)}
    )
    old = latest.sentiment
    sentiment = Sentiment(
        review_count=old.review_count,
        visitor_review_count=old.visitor_review_count,
        blog_review_count=old.blog_review_count,
        rating=old.rating,
        positive_ratio=old.positive_ratio,
        score=97,
        keywords=old.keywords,
    )
    changes = {"price_analysis": prices, "sentiment": sentiment}
    entry = directory.find(store_id, consistent=True)
    repository.transact_write(
        [
            repository.reindex_action(latest, changes, actor="old"),
            directory.put_action(
                entry.model_copy(update=changes), expected_version=entry.version, actor="old"
            ),
        ]
    )


@pytest.fixture
def old_stores(dynamo_tables):
    """Five stores as the old analysis left them; the first a 양대창 grill (level 1 by its
    median, 3 per person)."""
    ids = []
    for n in range(5):
        menus = pages.YANGDAECHANG_MENUS if n == 0 else None
        html = pages.home_page(f"3100010{n}", name=f"가게 {n}", menus=menus)
        ids.append(services.store_import_html(html=html, actor="seed").profile.store_id)
    for store_id in ids:
        stored_before_the_estimate(store_id)
    return ids


def _raw_profile(dynamo_tables, store_id):
    items = get_client().scan(TableName=dynamo_tables["stores"])["Items"]
    (item,) = [
        i for i in items if i["PK"]["S"] == f"STORE#{store_id}" and i["SK"]["S"] >= "PROFILE#"
    ]
    return item


def test_profiles_stored_before_the_estimate_still_read(old_stores, dynamo_tables):
    raw = _raw_profile(dynamo_tables, old_stores[0])
    assert "perPerson" not in raw["priceAnalysis"]["M"]
    assert "keywordPart" not in raw["sentiment"]["M"]
    profile = StoreRepository().latest_profile(old_stores[0])
    assert profile.price_analysis.per_person is None and profile.price_analysis.level == 1
    assert raw["GSI3PK"]["S"] == "PRICE#1"


def test_dry_run_lists_the_changes_and_writes_nothing(old_stores, dynamo_tables, tmp_path):
    before = _raw_profile(dynamo_tables, old_stores[0])
    code, out, _err = run("--progress-file", str(tmp_path / "p.json"))
    assert code == 0
    assert "가게 0" in out and "level 1 -> 3, per person - -> 31000" in out
    assert "sentiment 97 -> 31" in out
    assert "5 store(s) read, 5 with new figures. Dry run: nothing written" in out
    assert _raw_profile(dynamo_tables, old_stores[0]) == before
    assert not (tmp_path / "p.json").exists()


def test_for_real_moves_the_price_index_key_in_one_versioned_write(
    old_stores, dynamo_tables, tmp_path
):
    old = StoreRepository().latest_profile(old_stores[0])
    client = get_client("batch")
    with mock.patch.object(client, "transact_write_items", wraps=client.transact_write_items) as tx:
        code, out, _err = run("--for-real", "--progress-file", str(tmp_path / "p.json"))
    assert code == 0 and "5 with new figures, 5 written." in out
    assert tx.call_count == 5
    first = tx.call_args_list[0].kwargs["TransactItems"]
    assert [next(iter(a)) for a in first] == ["Update", "Put"]  # profile and directory row
    raw = _raw_profile(dynamo_tables, old_stores[0])
    assert raw["GSI3PK"]["S"] == "PRICE#3"
    assert raw["priceAnalysis"]["M"]["perPerson"] == {"N": "31000"}
    assert raw["updatedBy"]["S"] == "system:backfill_store_analysis"
    profile = StoreRepository().latest_profile(old_stores[0])
    assert profile.version == old.version + 1
    assert profile.sentiment.score == 31 and profile.sentiment.keyword_part is not None
    listed = selectors.store_list(filters=StoreFilters(price_level=3)).items
    assert [row.store_name for row in listed] == ["가게 0"]
    assert selectors.store_list(filters=StoreFilters(price_level=1)).items == []
    row = DirectoryRepository().find(old_stores[0])
    assert row.price_analysis.per_person == 31_000 and row.sentiment.score == 31
    assert not (tmp_path / "p.json").exists()


def test_a_second_run_changes_nothing(old_stores, dynamo_tables, tmp_path):
    run("--for-real", "--progress-file", str(tmp_path / "p.json"))
    before = _raw_profile(dynamo_tables, old_stores[0])
    code, out, _err = run("--for-real", "--progress-file", str(tmp_path / "p.json"))
    assert code == 0 and "5 store(s) read, 0 with new figures, 0 written." in out
    assert _raw_profile(dynamo_tables, old_stores[0]) == before


def test_an_interrupted_run_resumes_after_the_last_saved_batch(old_stores, tmp_path):
    progress = tmp_path / "p.json"
    real = reanalysis.store_reanalyse
    calls = []

    def dies_on_the_fourth(**kwargs):
        calls.append(kwargs["store_id"])
        if len(calls) == 4:
            raise KeyboardInterrupt
        return real(**kwargs)

    with (
        mock.patch.object(reanalysis, "store_reanalyse", side_effect=dies_on_the_fourth),
        pytest.raises(KeyboardInterrupt),
    ):
        run("--for-real", "--batch-size", "2", "--progress-file", str(progress))
    saved = json.loads(progress.read_text())
    assert saved["seen"] == 2 and saved["written"] == 2 and saved["cursor"]
    with mock.patch.object(reanalysis, "store_reanalyse", wraps=real) as again:
        code, out, _err = run("--for-real", "--batch-size", "2", "--progress-file", str(progress))
    assert code == 0 and "Resuming after 2 store(s)" in out
    assert again.call_count == 3  # the first batch is not read again
    # The third store was written before the interruption: read again, it is unchanged.
    assert "5 store(s) read, 4 with new figures, 4 written." in out
    assert not progress.exists()
    assert all(
        StoreRepository().latest_profile(store_id).sentiment.keyword_part is not None
        for store_id in old_stores
    )


def test_a_store_changed_meanwhile_is_reported_and_the_rest_carry_on(old_stores, tmp_path):
    real = reanalysis.store_reanalyse

    def conflict_on_the_first(**kwargs):
        if kwargs["store_id"] == old_stores[0]:
            raise errors.ConcurrentModification("moved")
        return real(**kwargs)

    with mock.patch.object(reanalysis, "store_reanalyse", side_effect=conflict_on_the_first):
        code, out, err = run("--for-real", "--progress-file", str(tmp_path / "p.json"))
    assert code == 1 and "changed while it was re-analysed" in err
    assert "4 with new figures, 4 written." in out


def test_sentiment_is_recomputed_from_the_raw_state_when_it_was_kept(old_stores):
    profile = StoreRepository().latest_profile(old_stores[1])
    assert profile.raw_payload
    _prices, sentiment = reanalysis.reanalysed(profile)
    fresh = analysis.analyse_sentiment(parse_place_page(pages.home_page("31000101", name="가게 1")))
    assert sentiment == fresh
    without_raw = profile.model_copy(update={"raw_payload": None})
    assert reanalysis.reanalysed(without_raw)[1].score == fresh.score  # top keywords suffice


def test_a_damaged_progress_file_is_a_clear_error(old_stores, tmp_path):
    progress = tmp_path / "p.json"
    progress.write_text("{not json")
    with pytest.raises(CommandError, match="--restart"):
        run("--for-real", "--progress-file", str(progress))
    code, out, _err = run("--for-real", "--restart", "--progress-file", str(progress))
    assert code == 0 and "5 written" in out


def test_the_summary_speaks_korean_by_default(old_stores, settings, tmp_path):
    settings.LANGUAGE_CODE = "ko"
    code, out, _err = run("--progress-file", str(tmp_path / "p.json"))
    assert code == 0
    assert "상점 5곳을 읽었고 5곳의 수치가 새로 계산되었습니다." in out
    assert "store(s)" not in out and "Dry run" not in out
