import datetime as dt
from decimal import Decimal

import pytest

from creators import services
from creators.domain import CreatorError, InfluenceTier, Platform, Statistics, creator_id_for
from creators.repository import ChannelLinkRepository, CreatorRepository
from marketing.dynamo import errors as dynamo_errors
from marketing.dynamo.client import get_client
from tests.creators import youtube_fakes as yt

CHANNEL = "UCabcdefghijklmnopqrstuv"
pytestmark = pytest.mark.usefixtures("dynamo_tables")


def _raw_items(table="test-creators"):
    """The table's items, leaving out the dashboard counters (`STATS#…`, which stay at 0)."""
    items = get_client("batch").scan(TableName=table)["Items"]
    return [item for item in items if not item["PK"]["S"].startswith("STATS#")]


def add_manual(channel_id="cook.kim", platform="instagram", subscribers=5400, rate="4.10", **kw):
    kw.setdefault("categories", ["food"])
    kw.setdefault("region", "seoul")
    return services.creator_add_manual(
        platform=platform,
        channel_id=channel_id,
        channel_name=kw.pop("name", channel_id),
        statistics=Statistics(subscribers=subscribers, engagement_rate=Decimal(rate)),
        actor="tester",
        **kw,
    )


def test_add_youtube_fetches_and_stores_statistics(rsps):
    yt.add_full_channel(rsps, CHANNEL)
    channel = services.creator_add_youtube(
        query=CHANNEL, actor="tester", categories=["food"], region="busan"
    )
    assert channel.creator_id == creator_id_for("youtube", CHANNEL)
    stats = channel.statistics
    assert stats.subscribers == 12300 and stats.subscribers_rounded
    assert stats.avg_views == Decimal("2000.00")
    assert stats.engagement_rate == Decimal("5.00")  # (150 + 50) / 4000
    assert channel.influence_tier is InfluenceTier.MID
    assert channel.synced_at is not None
    stored = CreatorRepository().get_channel(channel.creator_id, "youtube", CHANNEL)
    assert stored.channel_name == "맛집 탐방 채널"


def test_every_gsi_key_is_written():
    channel = add_manual(subscribers=5400, rate="4.10")
    raw = next(i for i in _raw_items() if i["SK"]["S"].startswith("PLATFORM#"))
    assert raw["GSI1PK"]["S"] == "CATEGORY#food"
    assert raw["GSI1SK"]["S"] == f"CREATOR#{channel.creator_id}"
    assert raw["GSI2PK"]["S"] == "LOCATION#seoul"
    assert raw["GSI3PK"]["S"] == "PLATFORM#instagram"
    assert raw["GSI3SK"]["S"] == "INFLUENCE#000000005400"
    assert raw["GSI4PK"]["S"] == "INFLUENCE_TIER#micro"
    assert raw["GSI4SK"]["S"] == "ENGAGEMENT#000410"


def test_re_adding_the_same_channel_updates_it_and_never_duplicates(rsps):
    yt.add_full_channel(rsps, CHANNEL)
    first = services.creator_add_youtube(query=CHANNEL, actor="tester", categories=["food"])
    rsps.reset()
    yt.add_full_channel(rsps, CHANNEL, subscribers="150000")
    second = services.creator_add_youtube(query=CHANNEL, actor="tester")
    assert second.creator_id == first.creator_id
    assert second.version == 2
    assert second.categories == ["food"]  # kept
    assert second.influence_tier is InfluenceTier.MACRO
    channels = [i for i in _raw_items() if i["SK"]["S"].startswith("PLATFORM#")]
    assert len(channels) == 1


def test_hidden_subscribers_give_no_tier(rsps):
    yt.add_full_channel(rsps, CHANNEL, hidden=True)
    channel = services.creator_add_youtube(query=CHANNEL, actor="tester")
    assert channel.statistics.subscribers is None and channel.statistics.subscribers_hidden
    assert channel.influence_tier is None
    raw = next(i for i in _raw_items() if i["SK"]["S"].startswith("PLATFORM#"))
    assert "GSI4PK" not in raw  # not ranked in any tier


def test_contact_is_encrypted_in_the_raw_item():
    channel = add_manual(contact={"email": "kim@example.com", "phone": "010-1234-5678"})
    raw_text = repr(_raw_items())
    assert "kim@example.com" not in raw_text
    assert "010-1234-5678" not in raw_text
    assert services.creator_contact(channel) == {
        "email": "kim@example.com",
        "phone": "010-1234-5678",
    }


def test_link_a_second_channel_to_a_creator():
    first = add_manual("cook.kim", "instagram", categories=["food", "travel"], region="jeju")
    second = services.creator_add_manual(
        platform="tiktok",
        channel_id="cookkim",
        channel_name="Cook Kim",
        statistics=Statistics(subscribers=120_000),
        link_to=first.creator_id,
        actor="tester",
    )
    assert second.creator_id == first.creator_id
    assert second.categories == ["food", "travel"] and second.region == "jeju"
    assert not second.primary
    channels = CreatorRepository().channels_of(first.creator_id)
    assert [c.platform for c in channels] == [Platform.INSTAGRAM, Platform.TIKTOK]
    # The creator is listed once per category (only the primary channel is indexed).
    assert len(CreatorRepository().by_category("food").items) == 1
    assert ChannelLinkRepository().owner_of("tiktok", "cookkim").creator_id == first.creator_id


def test_a_channel_cannot_be_linked_to_two_creators():
    one = add_manual("one")
    add_manual("two")
    with pytest.raises(CreatorError):
        add_manual("two", link_to=one.creator_id)


def test_linking_to_an_unknown_creator_is_refused():
    with pytest.raises(CreatorError):
        add_manual("lonely", link_to="00000000-0000-0000-0000-000000000000")


def test_lists_by_each_index_in_their_order_with_cursor_pagination():
    add_manual("a1", subscribers=500, rate="1.00", categories=["food"], region="seoul")
    add_manual("a2", subscribers=50_000, rate="2.00", categories=["food"], region="busan")
    add_manual("a3", subscribers=20_000, rate="7.50", categories=["beauty"], region="seoul")
    add_manual("a4", subscribers=2_000_000, rate="0.50", categories=["food"], region="seoul")
    repo = CreatorRepository()
    by_platform = repo.by_platform("instagram", limit=2)
    assert [r.channel_id for r in by_platform.items] == ["a4", "a2"]
    rest = repo.by_platform("instagram", limit=2, cursor=by_platform.next_cursor)
    assert [r.channel_id for r in rest.items] == ["a3", "a1"]
    assert [r.channel_id for r in repo.by_tier("mid").items] == ["a3", "a2"]
    assert {r.channel_id for r in repo.by_category("food").items} == {"a1", "a2", "a4"}
    assert {r.channel_id for r in repo.by_region("seoul").items} == {"a1", "a3", "a4"}
    with pytest.raises(dynamo_errors.InvalidCursor):
        repo.by_tier("mid", cursor=by_platform.next_cursor)


def test_update_changes_every_channel_and_refuses_a_stale_version():
    first = add_manual("cook.kim")
    services.creator_add_manual(
        platform="tiktok",
        channel_id="ck",
        channel_name="ck",
        link_to=first.creator_id,
        actor="tester",
    )
    updated = services.creator_update(
        creator_id=first.creator_id,
        expected_version=first.version,
        categories=["travel"],
        region="busan",
        status="paused",
        contact={"email": "new@example.com", "phone": ""},
        actor="editor",
    )
    assert updated.categories == ["travel"]
    channels = CreatorRepository().channels_of(first.creator_id)
    assert {c.region for c in channels} == {"busan"}
    assert repo_count("CATEGORY#travel") == 1
    with pytest.raises(dynamo_errors.ConcurrentModification):
        services.creator_update(
            creator_id=first.creator_id,
            expected_version=first.version,
            categories=["food"],
            region=None,
            status="active",
            actor="editor",
        )


def repo_count(gsi1pk):
    return sum(1 for i in _raw_items() if i.get("GSI1PK", {}).get("S") == gsi1pk)


def test_sync_stops_at_the_budget_and_the_next_run_resumes(rsps, settings):
    ids = [f"UC{n:022d}" for n in range(4)]
    old = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    for cid in ids:
        yt.add_full_channel(rsps, cid)
        services.creator_add_youtube(query=cid, actor="tester")
    _age_all(old)
    rsps.reset()
    yt.add_any_channels(rsps)
    for cid in ids:
        yt.add_full_channel(rsps, cid)
    # Budget: 1 channels.list + 2 channels x 2 calls = 5 units.
    settings.YOUTUBE_DAILY_QUOTA = services.youtube_quota_meter().used + 5
    first = services.creators_sync(stale_days=7)
    assert (first.candidates, first.synced, first.remaining) == (4, 2, 2)
    assert first.stopped_reason and "YOUTUBE_DAILY_QUOTA" in first.stopped_reason
    assert first.quota_used_run == 5
    # The next day (a fresh budget) the run carries on with the two it did not reach.
    settings.YOUTUBE_DAILY_QUOTA = 10_000
    second = services.creators_sync(stale_days=7)
    assert (second.candidates, second.synced, second.remaining) == (2, 2, 0)
    assert second.stopped_reason is None
    assert len([i for i in _raw_items() if i["SK"]["S"].startswith("PLATFORM#")]) == 4


def test_sync_stops_cleanly_when_youtube_says_quota_exceeded(rsps):
    add_manual("UC" + "1" * 22, platform="youtube")
    _age_all(dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    yt.add(rsps, "channels", yt.QUOTA_EXCEEDED, status=403)
    summary = services.creators_sync(stale_days=1)
    assert summary.synced == 0 and summary.remaining == 1
    assert "quotaExceeded" in summary.stopped_reason


def test_sync_dry_run_makes_no_call_and_estimates(rsps):
    add_manual("UC" + "2" * 22, platform="youtube")
    _age_all(dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    summary = services.creators_sync(stale_days=1, dry_run=True)
    assert summary.candidates == 1 and summary.estimated_units == 3
    assert len(rsps.calls) == 0


def test_sync_reports_channels_youtube_no_longer_has(rsps):
    add_manual("UC" + "3" * 22, platform="youtube")
    _age_all(dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    yt.add(rsps, "channels", yt.channels_body())
    summary = services.creators_sync(stale_days=1)
    assert summary.not_found == ["UC" + "3" * 22]


def test_quota_spent_is_kept_per_day_across_runs(rsps):
    yt.add_full_channel(rsps, CHANNEL)
    services.creator_add_youtube(query=CHANNEL, actor="tester")
    assert services.youtube_quota_meter().used == 3


def _age_all(when):
    repo = CreatorRepository()
    for row in repo.iter_platform("youtube"):
        channel = repo.get_channel(row.creator_id, row.platform, row.channel_id)
        repo.put(
            channel.model_copy(update={"synced_at": when}),
            expected_version=channel.version,
            actor="tester",
        )


def test_delete_refuses_when_a_channel_changed_since_it_was_read(monkeypatch):
    creator = services.creator_add_manual(
        platform="instagram",
        channel_id="race.one",
        channel_name="Race",
        statistics=Statistics(subscribers=10),
        actor="t",
    )
    stale = CreatorRepository().channels_of(creator.creator_id)
    services.creator_update(
        creator_id=creator.creator_id,
        expected_version=creator.version,
        categories=["travel"],
        region=None,
        status="active",
        actor="t",
    )
    monkeypatch.setattr(CreatorRepository, "channels_of", lambda self, *a, **k: stale)
    with pytest.raises(dynamo_errors.ConditionFailed):
        services.creator_delete(creator_id=creator.creator_id, actor="t")
    monkeypatch.undo()
    assert CreatorRepository().channels_of(creator.creator_id)  # nothing went


def test_delete_removes_channels_and_links_in_one_transaction():
    creator = services.creator_add_manual(
        platform="tiktok",
        channel_id="gone.soon",
        channel_name="Gone",
        statistics=Statistics(subscribers=10),
        actor="t",
    )
    assert services.creator_delete(creator_id=creator.creator_id, actor="t") == 1
    assert _raw_items() == []
    with pytest.raises(dynamo_errors.NotFound):
        services.creator_delete(creator_id=creator.creator_id, actor="t")


def test_delete_goes_through_when_a_link_is_missing_but_not_when_it_points_elsewhere():
    first = services.creator_add_manual(
        platform="tiktok",
        channel_id="a.one",
        channel_name="A",
        actor="t",
        statistics=Statistics(subscribers=1),
    )
    links = ChannelLinkRepository()
    links.delete(*ChannelLinkRepository.key_of("tiktok", "a.one"))
    assert services.creator_delete(creator_id=first.creator_id, actor="t") == 1

    second = services.creator_add_manual(
        platform="tiktok",
        channel_id="b.two",
        channel_name="B",
        actor="t",
        statistics=Statistics(subscribers=1),
    )
    link = links.owner_of("tiktok", "b.two")
    links.put(
        link.model_copy(update={"creator_id": "someone-else"}),
        expected_version=link.version,
        actor="t",
    )
    with pytest.raises(dynamo_errors.ConditionFailed):
        services.creator_delete(creator_id=second.creator_id, actor="t")
    assert CreatorRepository().channels_of(second.creator_id)


def test_a_sync_never_brings_back_a_creator_deleted_while_it_ran(rsps, monkeypatch):
    yt.add_full_channel(rsps, CHANNEL)
    creator = services.creator_add_youtube(query=CHANNEL, actor="t")
    read_before_the_delete = CreatorRepository().channels_of(creator.creator_id)
    services.creator_delete(creator_id=creator.creator_id, actor="admin")
    monkeypatch.setattr(
        CreatorRepository, "channels_of", lambda self, *a, **k: read_before_the_delete
    )

    with pytest.raises(CreatorError, match="deleted meanwhile"):
        services.creator_sync_now(creator_id=creator.creator_id, actor="t")

    monkeypatch.undo()
    keys = [item["PK"]["S"] for item in _raw_items()]
    assert not [k for k in keys if k.startswith(("CREATOR#", "PLATFORM#"))], keys
