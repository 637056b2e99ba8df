"""The stream consumer under moto: what it records, idempotence, and contacts kept out."""

import json

from audit.repository import AuditEntryRepository
from creators import services as creator_services
from marketing.dynamo.client import get_client
from matches.repository import MatchRepository
from tests.matches.factories import stored_match


def _raw_audit_items(dynamo_tables):
    client = get_client("batch")
    items, request = [], {"TableName": dynamo_tables["audit"]}
    while True:
        page = client.scan(**request)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            return items
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def test_consumer_records_insert_modify_and_remove_in_order(dynamo_tables, consume):
    match = stored_match(creator_name="맛집 탐방")
    repository = MatchRepository()
    changed = repository.update(
        *repository.key(match.store_id, match.creator_id, match.match_id),
        set={"priority": "high"},
        expected_version=match.version,
        actor="kim",
    )
    repository.delete(
        *repository.key(match.store_id, match.creator_id, match.match_id),
        expected_version=changed.version,
    )

    stats = consume()

    history = AuditEntryRepository().history("matches", f"MATCH#{match.match_id}").items
    assert [entry.event.value for entry in history] == ["remove", "modify", "insert"]
    remove, modify, insert = history
    assert insert.actor == "engine" and modify.actor == "kim"
    assert [(c.attribute, c.old, c.new) for c in modify.changes] == [("priority", "normal", "high")]
    created = {c.attribute: c.new for c in insert.changes}
    assert created["creatorName"] == "맛집 탐방" and created["status"] == "PENDING"
    assert "version" not in created and "GSI1PK" not in created
    assert {c.attribute for c in remove.changes} >= {"creatorName", "priority"}
    assert all(c.new is None for c in remove.changes)
    assert stats.recorded == 3


def test_a_restarted_consumer_records_nothing_twice(dynamo_tables, consume):
    stored_match(store_id="s-1")
    first = consume()
    stored_match(store_id="s-2")

    second = consume()  # a new consumer: continues from the saved positions
    assert (second.recorded, second.duplicates) == (1, 0)

    # Positions lost (a stop after writing entries, before saving): re-read, not re-written.
    client = get_client("batch")
    for item in _raw_audit_items(dynamo_tables):
        if item["PK"]["S"].startswith("CHECKPOINT#"):
            key = {name: item[name] for name in ("PK", "SK")}
            client.delete_item(TableName=dynamo_tables["audit"], Key=key)
    third = consume()
    assert third.recorded == 0 and third.duplicates == first.recorded + second.recorded
    entries = [i for i in _raw_audit_items(dynamo_tables) if i["PK"]["S"].startswith("ENTITY#")]
    assert len(entries) == first.recorded + second.recorded


def test_contacts_are_recorded_as_changed_and_never_their_value(dynamo_tables, consume):
    from creators.repository import CreatorRepository

    channel = creator_services.creator_add_manual(
        platform="instagram",
        channel_id="cook.kim",
        channel_name="김요리",
        contact={"email": "cook@example.com", "phone": "010-1234-5678"},
        actor="kim",
    )
    creator_services.creator_update(
        creator_id=channel.creator_id,
        expected_version=channel.version,
        actor="lee",
        categories=["food"],
        region=None,
        status="active",
        contact={"email": "new-cook@example.com", "phone": ""},
    )
    stored = CreatorRepository().get_channel(channel.creator_id, "instagram", "cook.kim")
    ciphertexts = [*channel.contact.values(), *stored.contact.values()]

    consume()

    raw = json.dumps(_raw_audit_items(dynamo_tables), ensure_ascii=False)
    for secret in ["cook@example.com", "new-cook@example.com", "010-1234-5678", "01012345678"]:
        assert secret not in raw
    for sealed in ciphertexts:
        assert sealed not in raw
        assert sealed.split(":")[-1][:16] not in raw
    history = AuditEntryRepository().history("creators", f"CREATOR#{channel.creator_id}").items
    contact_changes = [c for e in history for c in e.changes if c.attribute == "contact"]
    assert contact_changes and all(
        c.sensitive and c.old is None and c.new is None for c in contact_changes
    )


def test_counter_and_helper_items_are_skipped(dynamo_tables, consume):
    creator_services.creator_add_manual(
        platform="tiktok", channel_id="dance.lee", channel_name="댄스", actor="kim"
    )
    stats = consume()
    entities = {
        item["PK"]["S"].split("#")[2]
        for item in _raw_audit_items(dynamo_tables)
        if item["PK"]["S"].startswith("ENTITY#")
    }
    assert entities == {"CREATOR"}
    assert stats.skipped >= 2  # the channel link and the STATS# counters


def test_an_outage_is_waited_out_not_a_crash(dynamo_tables, monkeypatch):
    from audit.consumer import StreamConsumer
    from marketing.dynamo import errors

    consumer = StreamConsumer()
    calls = {"n": 0}

    def poll(**kwargs):
        calls["n"] += 1
        if calls["n"] <= 2:
            raise errors.EndpointUnavailable("http://127.0.0.1:1", True)
        return 0

    monkeypatch.setattr(consumer, "poll", poll)
    slept = []
    stats = consumer.run(should_stop=lambda: calls["n"] >= 3, sleep=slept.append)
    assert stats.outages == 2 and len(slept) == 3


def test_a_record_that_cannot_be_read_is_logged_and_passed_over(
    dynamo_tables, consume, monkeypatch
):
    from audit import consumer as consumer_module

    real = consumer_module.entry_for

    def entry_for(change, table, **kwargs):
        if change.keys.get("SK", "").endswith("s-1#CREATOR#c-1"):
            raise ValueError("malformed")
        return real(change, table, **kwargs)

    monkeypatch.setattr(consumer_module, "entry_for", entry_for)
    stored_match(store_id="s-1")
    stored_match(store_id="s-2")
    stats = consume()
    assert stats.unreadable == 1 and stats.recorded == 1


def test_the_health_report_s_lag_is_the_age_of_the_oldest_unrecorded_change(dynamo_tables, consume):
    from audit.lag import consumer_lag

    assert consumer_lag() is None  # never ran here: "no consumer"
    stored_match(store_id="s-1")
    consume()
    caught_up = consumer_lag()
    assert caught_up.caught_up and caught_up.lag_seconds(caught_up.checkpointed_at) == 0
    stored_match(store_id="s-2")  # not read yet
    behind = consumer_lag()
    assert not behind.caught_up and behind.last_record_at is not None
    consume()
    assert consumer_lag().caught_up
