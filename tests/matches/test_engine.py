"""The matching engine through `run_matching`: candidates, scores, conditional writes."""

import datetime as dt
import json
import re
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from marketing.dynamo.client import get_client
from matches.aggregates import create_counted
from matches.domain import PENDING_TTL, MatchStatus, match_id_for
from matches.engine.weights import COMPONENTS
from matches.repository import MatchRepository
from matches.services import match_transition
from tests.matches.engine_support import add_creator, add_store
from tests.matches.factories import new_match

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dynamo_tables")]


@pytest.fixture
def calls(dynamo_tables):
    """Every DynamoDB request sent during the test: (operation, parameters)."""
    seen: list[tuple[str, dict]] = []

    def record(model, params, **_):
        seen.append((model.name, params))

    for mode in ("batch", "interactive"):
        get_client(mode).meta.events.register(
            "before-parameter-build.dynamodb", record, unique_id=f"engine-calls-{mode}"
        )
    yield seen
    for mode in ("batch", "interactive"):
        get_client(mode).meta.events.unregister(
            "before-parameter-build.dynamodb", unique_id=f"engine-calls-{mode}"
        )


SUMMARY = re.compile(
    r"상점: (?P<stores>\d+)곳\(평가하지 못함 (?P<failed>\d+)곳\), 평가한 쌍: (?P<pairs>\d+), "
    r"새로 만듦: (?P<created>\d+), 다시 평가: (?P<rescored>\d+), "
    r"건너뜀\(추천 단계 지남\): (?P<skipped>\d+), 인덱스 쿼리: (?P<queries>\d+)회"
)


def summary(err: str) -> dict[str, int]:
    """The numbers of the summary line (Korean, the console's language)."""
    found = SUMMARY.search(err)
    assert found, err
    return {name: int(value) for name, value in found.groupdict().items()}


def run(capsys, *args) -> tuple[list[dict], str]:
    """run_matching with `args`: (its --json lines, its stderr)."""
    call_command("run_matching", *args)
    out = capsys.readouterr()
    if "--json" not in args:
        return [], out.err
    lines = [json.loads(line) for line in out.out.splitlines() if line.strip()]
    return lines, out.err


@pytest.fixture
def scene():
    """A Seoul gukbap place and creators around it: food ones near and far, a beauty one."""
    store = add_store()
    food = [
        add_creator(f"food{n}", subscribers=2_000 * (n + 1), engagement=str(1 + n))
        for n in range(6)
    ]
    far = add_creator("busanfood", region="busan")
    beauty = add_creator("beautyseoul", categories=["beauty"])
    return {"store": store, "food": food, "far": far, "beauty": beauty}


def test_json_lines_carry_every_field_as_the_issue_names_them(capsys, scene):
    lines, err = run(capsys, "--store", scene["store"].store_id, "--json")
    assert len(lines) == 8
    first = lines[0]
    assert list(first) == [
        "matchId",
        "storeId",
        "creatorId",
        "storeName",
        "creatorName",
        "matchScore",
        "confidence",
        "priority",
        "status",
        "version",
        "scoreBreakdown",
        "strengths",
        "problems",
    ]
    for line in lines:
        assert isinstance(line["matchScore"], int) and 0 <= line["matchScore"] <= 100
        assert line["confidence"] in ("high", "medium", "low")
        assert line["priority"] in ("high", "normal", "low")
        assert line["status"] == "PENDING" and line["version"] == 1
        assert line["matchId"] == match_id_for(line["storeId"], line["creatorId"])
        assert list(line["scoreBreakdown"]) == list(COMPONENTS)
        for part in line["scoreBreakdown"].values():
            assert isinstance(part["value"], int | float) and isinstance(part["weight"], float)
            assert part["reason"]
        total = sum(p["value"] * p["weight"] for p in line["scoreBreakdown"].values())
        assert abs(total * 100 - line["matchScore"]) <= 0.5 + 1e-9
        assert all(isinstance(text, str) and text for text in line["strengths"] + line["problems"])
    scores = [line["matchScore"] for line in lines]
    assert scores == sorted(scores, reverse=True)
    by_name = {line["creatorName"]: line for line in lines}
    # The nearby food creators beat the one in Busan, who beats the beauty creator.
    assert by_name["busanfood 채널"]["matchScore"] < min(
        by_name[f"food{n} 채널"]["matchScore"] for n in range(6)
    )
    assert by_name["beautyseoul 채널"]["matchScore"] < by_name["busanfood 채널"]["matchScore"]
    assert by_name["food0 채널"]["creatorName"] == "food0 채널"
    # Korean by default: the words are not the English source strings.
    assert "same city" not in json.dumps(lines, ensure_ascii=False)
    assert "[########################] 1/1 연남 국밥집" in err


def test_the_summary_counts_and_a_rerun_rescores_instead_of_duplicating(capsys, scene):
    store_id = scene["store"].store_id
    _lines, err = run(capsys, "--store", store_id)
    assert summary(err) | {"queries": 0} == {
        "stores": 1,
        "failed": 0,
        "pairs": 8,
        "created": 8,
        "rescored": 0,
        "skipped": 0,
        "queries": 0,
    }
    first = MatchRepository().by_store(store_id, limit=50).items
    assert len(first) == 8
    _lines, err = run(capsys, "--store", store_id)
    assert summary(err)["created"] == 0 and summary(err)["rescored"] == 8
    again = MatchRepository().by_store(store_id, limit=50).items
    assert sorted(m.match_id for m in again) == sorted(m.match_id for m in first)
    assert {m.version for m in again} == {2}


def test_candidates_come_from_index_queries_only_and_the_count_is_reported(capsys, scene, calls):
    _lines, err = run(capsys, "--store", scene["store"].store_id, "--dry-run")
    operations = [name for name, _params in calls]
    assert "Scan" not in operations
    index_queries = [p for name, p in calls if name == "Query" and "IndexName" in p]
    creator_index_queries = [p for p in index_queries if p["TableName"] == "test-creators"]
    indexes = {p["IndexName"] for p in creator_index_queries}
    assert indexes == {
        "creator-category-index",
        "creator-location-index",
        "creator-platform-index",
        "creator-influence-index",
    }
    # The creators covering the store's district, then Seoul, then its neighbours.
    locations = [
        p["ExpressionAttributeValues"][":v0"]["S"]
        for p in creator_index_queries
        if p["IndexName"] == "creator-location-index"
    ]
    assert locations == [
        "LOCATION#서울#마포구",
        "LOCATION#seoul",
        "LOCATION#gyeonggi",
        "LOCATION#incheon",
    ]
    assert summary(err)["queries"] == len(index_queries)
    # No query is sent twice in a run.
    sent = [json.dumps(p, sort_keys=True) for p in creator_index_queries]
    assert len(sent) == len(set(sent))


def test_a_second_store_reuses_what_the_run_already_read(capsys, scene, calls):
    other = add_store("31000102", name="망원 국밥", road_address="서울 마포구 망원로 3")
    run(capsys, "--store", scene["store"].store_id, "--store", other.store_id, "--dry-run")
    creator_queries = [
        p for name, p in calls if name == "Query" and p.get("TableName") == "test-creators"
    ]
    alone = len(creator_queries)
    calls.clear()
    run(capsys, "--store", scene["store"].store_id, "--dry-run")
    single = [p for name, p in calls if name == "Query" and p.get("TableName") == "test-creators"]
    assert alone == len(single)  # the second store's partitions were all read already


def test_writes_are_conditional_and_never_a_batch_put(capsys, scene, calls):
    store_id = scene["store"].store_id
    run(capsys, "--store", store_id)
    run(capsys, "--store", store_id)
    writes = [(name, p) for name, p in calls if name in ("PutItem", "UpdateItem", "BatchWriteItem")]
    # A match and its funnel counters go in one transaction: the match's own write is its Put.
    for name, p in calls:
        if name == "TransactWriteItems":
            writes += [("PutItem", item["Put"]) for item in p["TransactItems"] if "Put" in item]
    matches_writes = [(n, p) for n, p in writes if p.get("TableName") == "test-matches"]
    assert len(matches_writes) == 16
    assert "BatchWriteItem" not in [name for name, _p in matches_writes]
    creates = [p for _n, p in matches_writes if "attribute_not_exists" in p["ConditionExpression"]]
    assert len(creates) == 8
    rescores = [p for _n, p in matches_writes if p not in creates]
    for params in rescores:
        condition = params["ConditionExpression"]
        assert "version" in json.dumps(params["ExpressionAttributeNames"])
        assert "status" in json.dumps(params["ExpressionAttributeNames"]) and condition


def test_a_match_past_pending_is_never_touched(capsys, scene):
    store_id = scene["store"].store_id
    run(capsys, "--store", store_id)
    creator_id = scene["food"][0].creator_id
    match_id = match_id_for(store_id, creator_id)
    contacted = match_transition(match_id=match_id, to_status="CONTACTED", actor="kim")
    assert contacted.ttl is None
    lines, err = run(capsys, "--store", store_id, "--json")
    assert summary(err)["skipped"] == 1 and summary(err)["rescored"] == 7
    assert match_id not in {line["matchId"] for line in lines}
    after = MatchRepository().find(match_id)
    assert after.version == contacted.version and after.status is MatchStatus.CONTACTED
    assert after.ttl is None


def test_pending_carries_the_ttl_and_a_rescore_keeps_it_fresh(capsys, scene):
    store_id = scene["store"].store_id
    creator = scene["food"][1]
    old_now = dt.datetime.now(dt.UTC) - dt.timedelta(days=20)
    old = new_match(store_id=store_id, creator_id=creator.creator_id, score=10)
    old = old.model_copy(update={"ttl": int((old_now + PENDING_TTL).timestamp())})
    stored = MatchRepository().create(old, actor="engine")
    before = time.time()
    run(capsys, "--store", store_id)
    after = MatchRepository().find(stored.match_id)
    assert after.version == stored.version + 1
    assert after.ttl > stored.ttl
    assert after.ttl >= int(before + PENDING_TTL.total_seconds()) - 1
    fresh = MatchRepository().find(match_id_for(store_id, scene["food"][2].creator_id))
    assert fresh.status is MatchStatus.PENDING
    assert abs(fresh.ttl - (before + PENDING_TTL.total_seconds())) < 120
    assert [c.to for c in fresh.status_history] == [MatchStatus.PENDING]
    assert fresh.status_history[0].by == "system:run_matching"


def test_an_expired_suggestion_is_rescored_not_recreated(capsys, scene):
    store_id = scene["store"].store_id
    creator_id = scene["food"][3].creator_id
    expired = new_match(store_id=store_id, creator_id=creator_id, score=5)
    expired = expired.model_copy(update={"ttl": int(time.time()) - 3600})
    stored = create_counted(MatchRepository(), expired, actor="engine")
    assert MatchRepository().find(stored.match_id) is None  # reads ignore it
    _lines, err = run(capsys, "--store", store_id)
    assert summary(err)["created"] == 7 and summary(err)["rescored"] == 1
    revived = MatchRepository().find(stored.match_id)
    assert revived.version == stored.version + 1 and revived.ttl > time.time()
    from marketing.aggregates import aggregates_rebuild

    drift = [r.changed for r in aggregates_rebuild(for_real=False) if "match" in r.table]
    assert drift == [[]]  # created and re-scored suggestions counted by their expiry day


def test_dry_run_writes_nothing_and_shows_what_would_be(capsys, scene, calls):
    store_id = scene["store"].store_id
    run(capsys, "--store", store_id)
    calls.clear()
    lines, err = run(capsys, "--store", store_id, "--dry-run", "--json")
    assert not [n for n, _p in calls if n in ("PutItem", "UpdateItem", "DeleteItem")]
    assert {line["version"] for line in lines} == {2}
    assert "시험 실행: 아무것도 쓰지 않았습니다." in err


def test_min_score_and_limit_per_store_bound_what_is_written(capsys, scene):
    store_id = scene["store"].store_id
    everything, _err = run(capsys, "--store", store_id, "--dry-run", "--json")
    best_two, _err = run(
        capsys, "--store", store_id, "--dry-run", "--json", "--limit-per-store", "2"
    )
    assert [line["creatorId"] for line in best_two] == [
        line["creatorId"] for line in everything[:2]
    ]
    cut = everything[3]["matchScore"]
    high, _err = run(capsys, "--store", store_id, "--dry-run", "--json", "--min-score", str(cut))
    assert high and all(line["matchScore"] >= cut for line in high)
    assert len(high) == sum(1 for line in everything if line["matchScore"] >= cut)


def _creator_index_queries(calls) -> list[str]:
    return [
        p["ExpressionAttributeValues"][":v0"]["S"]
        for name, p in calls
        if name == "Query" and p.get("IndexName") == "match-creator-index"
    ]


def test_history_is_read_only_for_creators_who_have_one(capsys, scene, calls):
    run(capsys, "--store", scene["store"].store_id, "--dry-run")
    assert _creator_index_queries(calls) == []  # nobody has been contacted yet
    status_queues = {
        p["ExpressionAttributeValues"][":v0"]["S"]
        for name, p in calls
        if name == "Query" and p.get("IndexName") == "match-status-index"
    }
    assert "STATUS#PENDING" not in status_queues and "STATUS#COMPLETED" in status_queues


def test_history_is_read_only_when_it_could_change_who_is_kept(capsys, scene, calls):
    other = add_store("31000105", name="합정 국밥", road_address="서울 마포구 합정로 9")
    run(capsys, "--store", other.store_id)
    far, best = scene["far"], scene["food"][5]
    for creator in (far, best):
        match_transition(
            match_id=match_id_for(other.store_id, creator.creator_id),
            to_status="CONTACTED",
            actor="kim",
        )
    calls.clear()
    lines, _err = run(
        capsys, "--store", scene["store"].store_id, "--dry-run", "--json", "--limit-per-store", "3"
    )
    # Far behind the third best, the Busan creator cannot make the cut: its history is
    # not read. The best one's is.
    assert _creator_index_queries(calls) == [f"CREATOR#{best.creator_id}"]
    assert far.creator_id not in {line["creatorId"] for line in lines}


def test_our_history_with_a_creator_moves_its_reliability(capsys, scene):
    store_id = scene["store"].store_id
    other = add_store("31000103", name="합정 국밥", road_address="서울 마포구 합정로 5")
    keen, silent = scene["food"][0], scene["food"][1]
    run(capsys, "--store", other.store_id)
    for step in ("CONTACTED", "RESPONDED", "NEGOTIATING", "ACCEPTED", "COMPLETED"):
        match_transition(
            match_id=match_id_for(other.store_id, keen.creator_id), to_status=step, actor="kim"
        )
    match_transition(
        match_id=match_id_for(other.store_id, silent.creator_id), to_status="CONTACTED", actor="kim"
    )
    lines, _err = run(capsys, "--store", store_id, "--json", "--dry-run")
    reliability = {
        line["creatorId"]: line["scoreBreakdown"]["reliability"]["value"] for line in lines
    }
    assert reliability[keen.creator_id] > 0.5 > reliability[silent.creator_id]
    assert reliability[scene["food"][2].creator_id] == 0.5


def test_every_store_with_all(capsys, scene):
    add_store(
        "31000104", name="성수 카페", category="카페,디저트", road_address="서울 성동구 성수이로 7"
    )
    _lines, err = run(capsys, "--all", "--dry-run")
    assert summary(err)["stores"] == 2 and summary(err)["created"] > 8


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "--store"),
        (("--all", "--store", "x"), "--store"),
        (("--all", "--min-score", "101"), "--min-score"),
        (("--all", "--limit-per-store", "0"), "--limit-per-store"),
    ],
)
def test_bad_options_are_clear_errors(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("run_matching", *args)


def test_an_unknown_store_is_reported_and_the_others_still_scored(capsys, scene):
    with pytest.raises(SystemExit) as exited:
        call_command(
            "run_matching",
            "--store",
            "00000000-0000-0000-0000-000000000000",
            "--store",
            scene["store"].store_id,
            "--json",
        )
    assert exited.value.code == 1
    out = capsys.readouterr()
    lines = [json.loads(line) for line in out.out.splitlines()]
    assert lines[0]["storeId"] == "00000000-0000-0000-0000-000000000000"
    assert lines[0]["error"]
    assert len(lines) == 9 and all("matchId" in line for line in lines[1:])


def test_bad_weights_stop_the_command_before_anything_is_read(scene, calls):
    with (
        override_settings(MATCH_WEIGHTS="category=1,location=1"),
        pytest.raises(CommandError, match="MATCH_WEIGHTS"),
    ):
        call_command("run_matching", "--all")
    assert not [n for n, _p in calls if n != "DescribeTable" and n != "ListTables"]


def test_a_creator_is_the_unit_and_named_by_its_primary_channel(capsys, scene):
    main = scene["food"][4]
    add_creator("food4tiktok", platform="tiktok", subscribers=9_000, link_to=main.creator_id)
    lines, _err = run(capsys, "--store", scene["store"].store_id, "--json", "--dry-run")
    mine = [line for line in lines if line["creatorId"] == main.creator_id]
    assert len(mine) == 1 and mine[0]["creatorName"] == "food4 채널"


def test_paused_creators_are_not_suggested(capsys, scene):
    paused = add_creator("pausedfood", status="paused")
    lines, _err = run(capsys, "--store", scene["store"].store_id, "--json", "--dry-run")
    assert paused.creator_id not in {line["creatorId"] for line in lines}
