"""seed_demo: what it writes, that a second run writes nothing, and what it refuses."""

import datetime as dt
import itertools
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from campaigns.domain import CampaignStatus
from campaigns.repository import CampaignRepository, ClaimRepository
from creators import crypto
from creators.domain import InfluenceTier, Platform
from creators.repository import CreatorRepository
from marketing.demo import writing
from marketing.demo.dataset import Sizes, build_dataset
from marketing.dynamo import serde
from matches.domain import TRANSITIONS, MatchStatus
from matches.repository import MatchRepository
from stores.naver import urls
from stores.repository import DirectoryRepository, StoreRepository
from tests.demo.conftest import (
    CAMPAIGNS,
    CREATORS,
    MATCHES,
    SMALL,
    STORES,
    every_item,
    seed_demo,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncounted")]

PHONE = re.compile(r"(?<!\d)0\d{1,2}[- .]?\d{3,4}[- .]?\d{4}(?!\d)")
EMAIL = re.compile(r"(?<![\w/@])[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")


def _all(read) -> list:
    found, cursor = [], None
    while True:
        page = read(cursor)
        found += page.items
        if not page.next_cursor:
            return found
        cursor = page.next_cursor


def test_every_match_and_campaign_status_is_in_the_tables(seeded):
    matches = MatchRepository()
    by_status = {
        status: _all(lambda c, s=status: matches.by_status(s, cursor=c, limit=100))
        for status in MatchStatus
    }
    assert all(by_status.values()), {s: len(rows) for s, rows in by_status.items()}
    assert sum(map(len, by_status.values())) == MATCHES == seeded["writtenByKind"]["matches"]
    assert {s: len(r) for s, r in by_status.items()} == {
        MatchStatus(s): n for s, n in seeded["matchesByStatus"].items()
    }
    campaigns = CampaignRepository()
    for status in CampaignStatus:
        assert len(campaigns.by_status(status, limit=10).items) == 1, status


def test_every_history_is_a_walk_the_workflow_allows(seeded):
    for status in MatchStatus:
        for row in _all(lambda c, s=status: MatchRepository().by_status(s, cursor=c, limit=100)):
            match = MatchRepository().find(row.match_id)
            history = match.status_history
            assert history[0].from_status is None and history[0].to is MatchStatus.PENDING
            for before, after in itertools.pairwise(history):
                assert after.from_status is before.to
                assert after.to in TRANSITIONS[before.to]
                assert after.at >= before.at
            assert history[-1].to is match.status
            assert match.status_changed_at == history[-1].at
            assert (match.ttl is not None) is (match.status is MatchStatus.PENDING)
            assert (match.owner is None) is (match.status is MatchStatus.PENDING)
            assert match.demo is True


def test_campaigns_hold_accepted_matches_and_claims_as_the_workflow_leaves_them(seeded):
    matches, claims = MatchRepository(), ClaimRepository()
    for status in CampaignStatus:
        (row,) = CampaignRepository().by_status(status, limit=10).items
        campaign = CampaignRepository().find(row.campaign_id)
        assert campaign.creators and campaign.demo
        held = claims.claims_of(campaign.match_ids)
        for member in campaign.creators:
            match = matches.find(member.match_id)
            assert match.store_id == campaign.store_id
            assert match.creator_id == member.creator_id
            expected = (
                MatchStatus.COMPLETED
                if status is CampaignStatus.COMPLETED
                else MatchStatus.ACCEPTED
            )
            assert match.status is expected
            if status.is_final:
                assert member.match_id not in held
            else:
                assert held[member.match_id].campaign_id == campaign.campaign_id
        if status in (CampaignStatus.ACTIVE, CampaignStatus.PAUSED, CampaignStatus.COMPLETED):
            baseline = campaign.attribution.baseline
            assert baseline is not None
            assert [c.day for c in campaign.attribution.checkpoints] == [14, 30]
            counts = [baseline.visitor_review_count] + [
                c.visitor_review_count for c in campaign.attribution.checkpoints
            ]
            assert counts == sorted(counts)
            assert campaign.performance.totals.views
            # campaign_followups has nothing to fetch (demo place ids are not Naver's).
            assert campaign.attribution.due(serde.utcnow()) == []


def test_creators_cover_every_platform_and_tier_with_their_index_items(seeded):
    creators = CreatorRepository()
    seen = set()
    for platform in Platform:
        for row in creators.iter_platform(platform):
            seen.add((row.platform, row.influence_tier))
    assert seen >= {(p, t) for p in Platform for t in InfluenceTier}
    # The list page reads the name index; a handle search finds demo channels.
    from creators.domain import CreatorFilters

    assert creators.listing(CreatorFilters(), limit=5).items
    assert creators.listing(CreatorFilters(search="@demo"), limit=5).items


def test_a_second_run_writes_nothing_and_changes_no_byte(dynamo_tables):
    first = seed_demo(*SMALL)
    before = every_item(dynamo_tables)
    again = seed_demo(*SMALL)
    assert first["written"] > 0
    assert again["written"] == 0
    assert again["alreadyThere"] == {
        "stores": STORES,
        "creators": CREATORS,
        "matches": MATCHES,
        "campaigns": CAMPAIGNS,
    }
    assert every_item(dynamo_tables) == before


def test_no_phone_number_and_no_address_outside_example_com(seeded, dynamo_tables):
    items = every_item(dynamo_tables)
    for table, found in items.items():
        for raw in found:
            text = repr(serde.decode_item(raw))
            assert not PHONE.search(text), (table, text)
            assert all(domain == "example.com" for domain in EMAIL.findall(text)), (table, text)
    opened = 0
    for platform in Platform:
        for channel in CreatorRepository().iter_platform(platform, full=True):
            assert set(channel.contact) <= {"email"}
            contact = crypto.open_contact(channel.contact, creator_id=channel.creator_id)
            opened += bool(contact)
            assert all(v.endswith("@example.com") for v in contact.values())
    assert opened
    for entry in DirectoryRepository().iter_all():
        profile = StoreRepository().latest_profile(entry.store_id)
        assert profile.location.phone is None
        assert re.fullmatch(r"99999\d{10}", profile.naver_place_id)
        assert urls.canonical_url(profile.naver_place_id) == profile.source_url


def test_every_item_is_marked_demo(seeded, dynamo_tables):
    counters = ("FACETS#", "STATS#")
    for table, found in every_item(dynamo_tables).items():
        for raw in found:
            if raw["PK"]["S"].startswith(counters):
                assert "demo" not in raw  # counted afterwards, not demo items themselves
                continue
            assert raw.get("demo") == {"BOOL": True}, (table, raw["PK"], raw["SK"])


def _ids(dataset) -> dict[str, list[str]]:
    return {
        "stores": [s.store_id for s in dataset.stores],
        "places": [s.latest.naver_place_id for s in dataset.stores],
        "creators": [c.creator_id for c in dataset.creators],
        "channels": [ch.channel_id for c in dataset.creators for ch in c.channels],
        "matches": [m.match_id for m in dataset.matches],
        "campaigns": [c.campaign.campaign_id for c in dataset.campaigns],
    }


def test_the_same_seed_makes_the_same_demo_any_day_and_another_seed_another():
    sizes = Sizes(STORES, CREATORS, MATCHES, CAMPAIGNS)
    today = serde.utcnow()
    first = build_dataset(7, sizes, today)
    later = build_dataset(7, sizes, today + dt.timedelta(days=40))
    assert _ids(first) == _ids(later)
    assert [s.latest.store_name for s in first.stores] == [
        s.latest.store_name for s in later.stores
    ]
    assert [m.status for m in first.matches] == [m.status for m in later.matches]
    other = _ids(build_dataset(8, sizes, today))
    for kind, found in _ids(first).items():
        assert not set(found) & set(other[kind]), kind
    # Item N is the same whatever the sizes: a bigger demo keeps a smaller one's stores.
    bigger = build_dataset(7, Sizes(STORES + 4, CREATORS + 5, MATCHES, CAMPAIGNS), today)
    assert _ids(bigger)["stores"][:STORES] == _ids(first)["stores"]
    assert _ids(bigger)["creators"][:CREATORS] == _ids(first)["creators"]


def test_a_run_cut_short_is_finished_by_the_next_with_one_profile_per_store(
    dynamo_tables, monkeypatch
):
    real = writing.DirectoryRepository.batch_write

    def fail(self, **kwargs):
        raise RuntimeError("the connection went away")

    monkeypatch.setattr(writing.DirectoryRepository, "batch_write", fail)
    with pytest.raises(RuntimeError):
        seed_demo(*SMALL)
    monkeypatch.setattr(writing.DirectoryRepository, "batch_write", real)
    # A later run has another clock: every store profile key differs from the first's.
    later = serde.utcnow().replace(year=serde.utcnow().year + 1)
    monkeypatch.setattr("marketing.management.commands.seed_demo.utcnow", lambda: later)
    report = seed_demo(*SMALL)
    assert report["cleared"] > 0
    for entry in DirectoryRepository().iter_all():
        history = StoreRepository().profile_history(entry.store_id, limit=10).items
        latest = [p for p in history if p.ttl is None]
        assert len(latest) == 1, entry.store_name
    assert seed_demo(*SMALL)["written"] == 0


@pytest.mark.parametrize(
    "args, said",
    [
        (("--stores", "-1"), "--stores"),
        (("--creators", "10001"), "--creators"),
        (("--matches", "twelve"), "--matches"),
        (("--seed", "abc"), "--seed"),
        (("--seed", "1.5"), "--seed"),
        (("--matches", "3", "--campaigns", "4"), "--campaigns"),
        (("--stores", "0", "--matches", "5", "--campaigns", "0"), "--stores"),
        (("--remove", "--stores", "3"), "--remove"),
        (("--stores", "1", "--creators", "2", "--matches", "3", "--campaigns", "0"), "3"),
    ],
)
def test_bad_options_are_a_clear_error_and_write_nothing(dynamo_tables, args, said):
    with pytest.raises(CommandError) as error:
        call_command("seed_demo", *args, stdout=StringIO(), stderr=StringIO())
    assert said in str(error.value)
    assert all(found == [] for found in every_item(dynamo_tables).values())


def test_the_summary_speaks_korean(dynamo_tables):
    out = StringIO()
    call_command("seed_demo", *SMALL, stdout=out, stderr=StringIO())
    text = out.getvalue()
    assert "데모 데이터" in text and "추천됨" in text
    again = StringIO()
    call_command("seed_demo", *SMALL, stdout=again, stderr=StringIO())
    assert "0개" in again.getvalue()
