"""The one upsert path: atomic creator-level saves, owner-link repair, CSV through it."""

import pytest

from creators import services
from creators.domain import CreatorError, Statistics
from creators.repository import ChannelLinkRepository, CreatorRepository

pytestmark = pytest.mark.usefixtures("dynamo_tables")


def add(channel_id, platform="instagram", **kw):
    return services.creator_add_manual(
        platform=platform,
        channel_id=channel_id,
        channel_name=kw.pop("name", channel_id),
        statistics=Statistics(subscribers=kw.pop("subscribers", 5000)),
        actor="t",
        **kw,
    )


def channels(creator_id):
    return {c.channel_id: c for c in CreatorRepository().channels_of(creator_id)}


def test_a_save_that_sets_creator_fields_changes_every_channel_at_once():
    first = add("one.kim", categories=["food"], region="seoul")
    add("two.kim", platform="tiktok", link_to=first.creator_id)
    add("one.kim", categories=["travel"], region="jeju", subscribers=6000)
    saved = channels(first.creator_id)
    assert {c.categories[0] for c in saved.values()} == {"travel"}
    assert {c.region for c in saved.values()} == {"jeju"}


def test_a_save_that_meets_a_changed_sibling_writes_nothing(monkeypatch):
    first = add("one.kim", categories=["food"], region="seoul")
    add("two.kim", platform="tiktok", link_to=first.creator_id)
    read = channels(first.creator_id)
    add("two.kim", platform="tiktok", subscribers=4321)  # the sibling changes meanwhile
    before = channels(first.creator_id)
    # The save reads the primary as it is now and the sibling as it was before that.
    as_read = [before["one.kim"], read["two.kim"]]
    monkeypatch.setattr(CreatorRepository, "channels_of", lambda self, *a, **k: as_read)
    with pytest.raises(CreatorError, match="someone else"):
        add("one.kim", categories=["travel"], region="jeju", subscribers=7777)
    monkeypatch.undo()
    after = channels(first.creator_id)
    assert {k: c.version for k, c in after.items()} == {k: c.version for k, c in before.items()}
    assert after["one.kim"].statistics.subscribers == 5000  # the channel itself: not written
    assert after["two.kim"].statistics.subscribers == 4321 and after["two.kim"].region == "seoul"


def test_a_channel_that_lost_its_owner_link_is_repaired_by_the_next_save():
    first = add("lost.link", categories=["food"])
    links = ChannelLinkRepository()
    links.delete(*ChannelLinkRepository.key_of("instagram", "lost.link"))

    again = add("lost.link", subscribers=9100)

    assert again.creator_id == first.creator_id and again.version == first.version + 1
    assert again.statistics.subscribers == 9100 and again.categories == ["food"]
    assert links.owner_of("instagram", "lost.link").creator_id == first.creator_id


def test_the_change_form_save_restores_missing_owner_links():
    first = add("one.kim")
    add("two.kim", platform="tiktok", link_to=first.creator_id)
    links = ChannelLinkRepository()
    links.delete(*ChannelLinkRepository.key_of("tiktok", "two.kim"))
    services.creator_update(
        creator_id=first.creator_id,
        expected_version=first.version,
        categories=["food"],
        region=None,
        status="active",
        actor="t",
    )
    assert links.owner_of("tiktok", "two.kim").creator_id == first.creator_id


def test_csv_import_saves_through_the_upsert_and_keeps_what_a_row_leaves_blank():
    first = add("cook.kim", categories=["food"], region="seoul", contact={"email": "k@x.kr"})
    add("other.kim", platform="tiktok", link_to=first.creator_id)
    data = (
        b"platform,channel_id,channel_name,subscribers,region\n"
        b"instagram,cook.kim,Cook Kim,7000,busan\n"
        b"tiktok,fresh.one,Fresh,300,\n"
    )
    report = services.creators_import(data=data, actor="t", for_real=True)
    assert report.applied and report.written == 2 and report.failed_rows == []
    saved = channels(first.creator_id)
    assert saved["cook.kim"].statistics.subscribers == 7000
    assert saved["cook.kim"].categories == ["food"]  # no categories column: kept
    assert {c.region for c in saved.values()} == {"busan"}  # the creator's, on both channels
    assert services.creator_contact(saved["cook.kim"])["email"] == "k@x.kr"


def test_linking_beyond_the_channel_limit_is_refused(monkeypatch):
    first = add("one.kim")
    monkeypatch.setattr("creators.services.saving.MAX_CHANNELS_PER_CREATOR", 1)
    with pytest.raises(CreatorError, match="at most 1 channels"):
        add("two.kim", platform="tiktok", link_to=first.creator_id)
