"""seed_demo --remove deletes the demo and what exists only because of it, nothing else."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from campaigns.domain import CampaignStatus
from campaigns.repository import CampaignRepository
from creators.domain import Platform, Statistics
from creators.repository import CreatorRepository
from creators.services import creator_add_manual
from marketing.aggregates import aggregates_rebuild
from marketing.dynamo import keys, serde
from matches.domain import Confidence, MatchStatus, Priority
from matches.engine.scoring import Scored
from matches.engine.writing import Pick, new_match
from matches.outreach.domain import (
    ConsentBasis,
    ConsentRecord,
    MessageKind,
    OutboxMessage,
    OutboxState,
    QueuedSend,
)
from matches.outreach.repository import ConsentRepository, OutboxRepository, QueueRepository
from matches.repository import MatchRepository
from matches.services.workflow import match_transition
from stores import services as store_services
from stores.repository import DirectoryRepository, FacetRepository, StoreRepository
from tests.campaigns.factories import stored_campaign
from tests.demo.conftest import SMALL, every_item, seed_demo
from tests.stores import pages

pytestmark = pytest.mark.django_db


def _stored_match(store_id, store_name, creator_id, creator_name):
    scored = Scored(
        score=70,
        breakdown={},
        strengths=[],
        problems=[],
        confidence=Confidence.HIGH,
        priority=Priority.NORMAL,
    )
    match = new_match(
        Pick(store_id, store_name, creator_id, creator_name, scored),
        now=serde.utcnow(),
        actor="staff",
    )
    return MatchRepository().create(match, actor="staff")


@pytest.fixture
def real_things(dynamo_tables):
    """A store, a creator, their match and a campaign staff made, before the demo came."""
    store = store_services.store_import_html(html=pages.home_page("31000001"), actor="staff")
    creator = creator_add_manual(
        platform=Platform.INSTAGRAM,
        channel_id="real.cook",
        channel_name="진짜 요리사",
        actor="staff",
        statistics=Statistics(subscribers=12000, engagement_rate=Decimal("3.1")),
        contact={"email": "cook@naver.com"},
    )
    match = _stored_match(
        store.profile.store_id, store.profile.store_name, creator.creator_id, "진짜 요리사"
    )
    campaign = stored_campaign(store_id=store.profile.store_id, creators=[match])
    return store.profile, creator, match, campaign


def _outreach(match_id: str, creator_id: str):
    """A message of the match in the outbox, queued for the morning, and the creator's
    consent record, as the outreach pages write them."""
    now = serde.utcnow()
    key = f"first-{match_id[:8]}"
    outbox = OutboxRepository().create(
        OutboxMessage(
            match_id=match_id,
            idempotency_key=key,
            kind=MessageKind.FIRST,
            state=OutboxState.QUEUED,
            template_id="t1",
            template_version=1,
            subject="협업 제안",
            body="안녕하세요",
            message_id=f"<{key}@example.com>",
            opt_out_url="https://console.example.com/opt-out/x",
            email="v1:k:sealed",
            consent_basis=ConsentBasis.APPLIED,
            requested_by="staff",
            due_at=now + dt.timedelta(hours=8),
        ),
        actor="staff",
    )
    queued = QueueRepository().create(
        QueuedSend(match_id=match_id, idempotency_key=key, due_at=outbox.due_at), actor="staff"
    )
    consent = ConsentRepository().create(
        ConsentRecord(
            creator_id=creator_id,
            basis=ConsentBasis.APPLIED,
            consented_on=now.date(),
            source="신청서",
            recorded_by="staff",
            recorded_at=now,
        ),
        actor="staff",
    )
    return outbox, queued, consent


def _not_counters(items: list[dict]) -> list[dict]:
    return [i for i in items if not i["PK"]["S"].startswith(("STATS#", "FACETS#"))]


def _remove() -> dict:
    import json

    out = StringIO()
    call_command("seed_demo", "--remove", "--json", stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def test_remove_deletes_the_demo_and_leaves_real_items_as_they_were(real_things, dynamo_tables):
    before = every_item(dynamo_tables)
    seeded = seed_demo(*SMALL)
    report = _remove()
    assert report["removed"] == seeded["written"]
    after = every_item(dynamo_tables)
    for table in after:
        # Every real item is as it was; the counters were counted again from the tables.
        assert _not_counters(after[table]) == _not_counters(before[table]), table
    assert all(not table.changed for table in aggregates_rebuild(for_real=False))
    assert sum(f.count for f in FacetRepository().all()) == 2  # the real store's two facets
    store, creator, match, campaign = real_things
    assert [e.store_id for e in DirectoryRepository().iter_all()] == [store.store_id]
    assert CreatorRepository().channels_of(creator.creator_id)
    assert MatchRepository().find(match.match_id) is not None
    assert CampaignRepository().find(campaign.campaign_id) is not None
    assert _remove()["removed"] == 0


def test_remove_also_takes_demo_items_staff_changed_and_matches_made_for_demo_items(
    real_things, dynamo_tables, uncounted
):
    store, creator, real_match, campaign = real_things
    seed_demo(*SMALL)
    demo_store = next(e for e in DirectoryRepository().iter_all() if e.store_id != store.store_id)
    (demo_channel, *_) = CreatorRepository().by_platform(Platform.YOUTUBE, limit=1).items
    # Staff moved a demo match on: the marker stays with it.
    (pending,) = MatchRepository().by_status(MatchStatus.PENDING, limit=1).items
    moved = match_transition(
        match_id=pending.match_id, to_status="CONTACTED", actor="staff", note="전화"
    )
    assert moved.demo is True
    # The engine suggested a demo creator to the real store, and a real creator to a demo
    # store; staff made a campaign on the demo store.
    for_real_store = _stored_match(
        store.store_id, store.store_name, demo_channel.creator_id, demo_channel.channel_name
    )
    for_demo_store = _stored_match(
        demo_store.store_id, demo_store.store_name, creator.creator_id, "진짜 요리사"
    )
    on_demo_store = stored_campaign(store_id=demo_store.store_id, creators=[for_demo_store])
    # Outreach went to the demo creator of the moved match, and to the real creator.
    outreach = [
        _outreach(moved.match_id, moved.creator_id),
        _outreach(real_match.match_id, creator.creator_id),
    ]
    _remove()
    queued = {q.match_id for q in QueueRepository().due(serde.utcnow() + dt.timedelta(days=1))}
    for (outbox, _queued, consent), survives in zip(outreach, (False, True), strict=True):
        found = OutboxRepository().find(outbox.match_id, outbox.idempotency_key)
        assert (found is not None) is survives
        assert (outbox.match_id in queued) is survives
        record = ConsentRepository().find_key(*keys.consent(consent.creator_id))
        assert (record is not None) is survives
    matches = MatchRepository()
    assert matches.find(moved.match_id) is None
    assert matches.find(for_real_store.match_id) is None
    assert matches.find(for_demo_store.match_id) is None
    assert CampaignRepository().find(on_demo_store.campaign_id) is None
    assert matches.find(real_match.match_id) is not None
    assert CampaignRepository().find(campaign.campaign_id) is not None
    assert StoreRepository().latest_profile(demo_store.store_id) is None
    for status in CampaignStatus:
        rows = CampaignRepository().by_status(status, limit=10).items
        assert [r.campaign_id for r in rows] in ([], [campaign.campaign_id])
    left = every_item(dynamo_tables)
    assert not [i for found in left.values() for i in found if i.get("demo") == {"BOOL": True}]


def test_remove_on_tables_without_a_demo_removes_nothing(real_things, dynamo_tables, uncounted):
    before = every_item(dynamo_tables)
    assert _remove() == {
        "action": "remove",
        "removed": 0,
        "removedByTable": {"stores": 0, "creators": 0, "matches": 0, "campaigns": 0},
    }
    assert every_item(dynamo_tables) == before


def test_removed_demo_comes_back_whole_when_seeded_again(dynamo_tables, uncounted):
    first = seed_demo(*SMALL)
    _remove()
    again = seed_demo(*SMALL)
    assert again["written"] == first["written"]
    assert again["alreadyThere"] == dict.fromkeys(("stores", "creators", "matches", "campaigns"), 0)
