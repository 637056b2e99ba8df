"""The dashboards' counters move in the same write as each change, never drift from the
tables (rebuild_aggregates recounts the same numbers), and stay right when twenty staff
write at once on the embedded server."""

import datetime as dt
import io
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command

from campaigns.aggregates import CampaignCounterRepository
from campaigns.domain import Budget, CampaignStatus
from campaigns.repository import CampaignRepository
from campaigns.services import campaign_transition
from creators import services as creator_services
from creators.aggregates import CreatorCounterRepository
from creators.domain import Statistics
from marketing.aggregates import aggregates_rebuild
from marketing.dynamo import errors
from matches import aggregates
from matches.aggregates import MatchCounterRepository
from matches.domain import IllegalTransition, MatchStatus
from matches.repository import MatchRepository
from matches.services import match_transition
from matches.services.records import match_delete
from stores import services as store_services
from stores.aggregates import StoreCounterRepository
from tests.campaigns.dashboard_support import counted_campaign, counted_match, member
from tests.matches.factories import new_match
from tests.stores import pages

COUNTERS = (
    MatchCounterRepository,
    CampaignCounterRepository,
    StoreCounterRepository,
    CreatorCounterRepository,
)


def _stored():
    """Every counter of every table: {(table, counter): its numbers} (zeros left out)."""
    found = {}
    for repository_class in COUNTERS:
        for item in repository_class().all():
            amounts = item.model_dump(exclude={"counter", "ttl", *type(item).__base__.model_fields})
            amounts = {k: v for k, v in amounts.items() if k not in ("version",)}
            if any(amounts.values()):
                found[(repository_class.partition, item.counter)] = amounts
    return found


def _stages():
    return {
        item.counter: item.count
        for item in MatchCounterRepository().read_prefix(aggregates.STAGE)
        if item.count
    }


def _in_step_with_the_tables():
    """The maintained counters are what a recount from the tables gives."""
    differences = [r for r in aggregates_rebuild(for_real=False) if r.changed]
    assert differences == [], [(r.table, r.changed) for r in differences]


@pytest.mark.usefixtures("dynamo_tables")
class TestCountedInTheSameWrite:
    def test_a_match_create_counts_a_suggestion_by_its_expiry_day(self):
        match = counted_match()
        day = aggregates.pending_day(match.ttl)
        counter = MatchCounterRepository().read_one(aggregates.pending_day_key(day))
        assert counter.count == 1 and counter.ttl == aggregates.end_of_day(day)
        assert _stages() == {}
        _in_step_with_the_tables()

    def test_a_create_of_a_taken_key_counts_nothing(self):
        match = counted_match()
        with pytest.raises(errors.ConditionFailed):
            aggregates.create_counted(MatchRepository(), new_match(), actor="engine")
        assert MatchRepository().find(match.match_id).version == 1
        _in_step_with_the_tables()

    def test_each_transition_moves_one_match_from_stage_to_stage(self):
        match = counted_match()
        for status in ("CONTACTED", "RESPONDED", "NEGOTIATING", "ACCEPTED"):
            match_transition(match_id=match.match_id, to_status=status, actor="kim")
            assert _stages() == {f"STAGE#{status}": 1}
            _in_step_with_the_tables()
        hours = MatchCounterRepository().read_prefix(aggregates.CONTACTED_HOUR)
        assert sum(item.count for item in hours) == 0  # left CONTACTED

    def test_a_refused_transition_moves_no_counter(self):
        match = counted_match(status=MatchStatus.ACCEPTED)
        with pytest.raises(IllegalTransition):
            match_transition(match_id=match.match_id, to_status="CONTACTED", actor="kim")
        with pytest.raises(errors.ConcurrentModification):
            match_transition(
                match_id=match.match_id, to_status="COMPLETED", actor="kim", expected_version=7
            )
        assert _stages() == {"STAGE#ACCEPTED": 1}

    def test_a_dismissed_suggestion_is_counted_apart_from_a_rejection(self):
        dismissed = counted_match(creator_id="c-1")
        match_transition(match_id=dismissed.match_id, to_status="REJECTED", actor="kim")
        declined = counted_match(creator_id="c-2", status=MatchStatus.NEGOTIATING)
        match_transition(match_id=declined.match_id, to_status="REJECTED", actor="kim")
        assert _stages() == {"STAGE#DISMISSED": 1, "STAGE#REJECTED": 1}
        _in_step_with_the_tables()

    def test_deleting_a_match_takes_it_off(self):
        match = counted_match(status=MatchStatus.RESPONDED)
        match_delete(match_id=match.match_id, expected_version=match.version, actor="admin")
        assert _stages() == {}
        _in_step_with_the_tables()

    def test_a_rescored_suggestion_moves_to_its_new_expiry_day(self):
        match = counted_match()
        later = match.ttl + 3 * 86400
        repository = MatchRepository()
        put = repository.put_action(
            match.model_copy(update={"ttl": later}), expected_version=match.version, actor="e"
        )
        repository.apply([put, *aggregates.shift_actions(match, put.item, actor="e")])
        _in_step_with_the_tables()

    def test_campaign_transitions_and_completion_move_both_tables(self):
        deals = [counted_match(creator_id=f"c-{n}", status=MatchStatus.ACCEPTED) for n in range(3)]
        campaign = counted_campaign(
            status=CampaignStatus.ACTIVE,
            creators=[],
            budget=Budget(total=900_000, spent=300_000),
            revenue=450_000,
        )
        repository = CampaignRepository()
        stored = repository.find(campaign.campaign_id)
        with_creators = stored.model_copy(update={"creators": [member(m) for m in deals]})
        repository.put(with_creators, expected_version=stored.version, actor="staff")
        campaign_transition(campaign_id=campaign.campaign_id, to_status="COMPLETED", actor="kim")
        assert _stages() == {"STAGE#COMPLETED": 3}
        totals = {c.counter: c for c in CampaignCounterRepository().all() if c.count}
        assert list(totals) == ["STATUS#COMPLETED"]
        done = totals["STATUS#COMPLETED"]
        assert (done.budget, done.spent, done.revenue, done.revenue_spent) == (
            900_000,
            300_000,
            450_000,
            300_000,
        )
        _in_step_with_the_tables()

    def test_stores_and_creators_count_their_latest_scrape_and_sync(self):
        store = store_services.store_import_html(html=pages.home_page("33000001"), actor="t")
        store_services.store_import_html(html=pages.home_page("33000001"), actor="t")
        creator = creator_services.creator_add_manual(
            platform="tiktok",
            channel_id="counted",
            channel_name="Counted",
            statistics=Statistics(subscribers=10),
            actor="t",
        )
        stores = StoreCounterRepository().read_one("TOTAL")
        assert stores.count == 1  # a second profile of the same store is not a second store
        _in_step_with_the_tables()
        store_services.store_delete(store_id=store.profile.store_id, actor="t")
        creator_services.creator_delete(creator_id=creator.creator_id, actor="t")
        assert StoreCounterRepository().read_one("TOTAL").count == 0
        assert CreatorCounterRepository().read_one("TOTAL").count == 0
        _in_step_with_the_tables()


def test_a_creator_with_fifty_channels_synced_at_fifty_hours_is_deleted_and_uncounted(
    dynamo_tables,
):
    """2 writes per channel and a counter per sync hour do not fit one transaction: the
    counters follow in a second one."""
    from creators.services.saving import creator_save_channel, manual_channel

    first = creator_services.creator_add_manual(
        platform="tiktok", channel_id="many.0", channel_name="Many", actor="t"
    )
    now = dt.datetime.now(dt.UTC)
    for n in range(1, 50):
        channel = manual_channel(platform="tiktok", channel_id=f"many.{n}", channel_name="Many")
        creator_save_channel(
            channel=channel.model_copy(update={"synced_at": now - dt.timedelta(hours=n)}),
            link_to=first.creator_id,
            actor="t",
        )
    assert CreatorCounterRepository().read_one("TOTAL").count == 50
    assert creator_services.creator_delete(creator_id=first.creator_id, actor="t") == 50
    assert CreatorCounterRepository().read_one("TOTAL").count == 0
    _in_step_with_the_tables()


@pytest.mark.usefixtures("dynamo_tables")
class TestRebuild:
    def _bulk_loaded(self):
        """Matches and a campaign written without counters (as a batch load would)."""
        MatchRepository().create(new_match(creator_id="c-1"), actor="seed")
        MatchRepository().create(
            new_match(creator_id="c-2", status=MatchStatus.CONTACTED), actor="seed"
        )
        from tests.campaigns.factories import stored_campaign

        stored_campaign(status=CampaignStatus.ACTIVE, budget=Budget(total=10, spent=5))

    def test_a_dry_run_says_what_differs_and_writes_nothing(self):
        self._bulk_loaded()
        out = io.StringIO()
        call_command("rebuild_aggregates", stdout=out)
        assert "STAGE#CONTACTED" in out.getvalue() and "STATUS#ACTIVE" in out.getvalue()
        assert _stored() == {}

    def test_for_real_it_recounts_and_a_second_run_changes_nothing(self):
        self._bulk_loaded()
        call_command("rebuild_aggregates", "--for-real", stdout=io.StringIO())
        first = _stored()
        assert first[("STATS#MATCHES", "STAGE#CONTACTED")] == {"count": 1}
        assert first[("STATS#CAMPAIGNS", "STATUS#ACTIVE")]["spent"] == 5
        _in_step_with_the_tables()
        call_command("rebuild_aggregates", "--for-real", stdout=io.StringIO())
        assert _stored() == first

    def test_it_deletes_counters_the_tables_do_not_justify(self):
        counters = MatchCounterRepository()
        counters.increment(counters.partition, "STAGE#ACCEPTED", {"count": 4}, actor="x")
        call_command("rebuild_aggregates", "--for-real", stdout=io.StringIO())
        assert _stored() == {}


def test_a_suggestion_past_its_expiry_day_leaves_the_funnel(dynamo_tables):
    from campaigns.dashboards_overview import match_figures

    counted_match()
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=32)
    assert match_figures(dt.datetime.now(dt.UTC)).stages[0].count == 1
    assert match_figures(later).stages[0].count == 0


# --- twenty writers at once on the embedded server (the real HTTP path) ----------------------

RACERS = 20


@pytest.mark.integration
def test_counters_stay_right_under_twenty_concurrent_writers(live_dynamo, db):
    """Twenty threads move twenty matches through two steps each, then twenty race to
    reject one match (one wins): every counter ends where a recount puts it. The batch
    client's longer timeouts keep a loaded two-core machine from timing a request out;
    the writes are the pages' writes."""
    for repository_class in COUNTERS:  # the session's server may hold other tests' data
        repository_class().replace_all([], actor="test")
    aggregates_rebuild(for_real=True)
    before = _stored()
    tag = uuid.uuid4().hex[:8]
    own = [counted_match(creator_id=f"{tag}-{n}") for n in range(RACERS)]
    shared = counted_match(creator_id=f"{tag}-shared")

    own_start, race_start = threading.Barrier(RACERS), threading.Barrier(RACERS)

    def move_own(number: int) -> str:
        own_start.wait()
        for status in ("CONTACTED", "RESPONDED"):
            match_transition(
                match_id=own[number].match_id, to_status=status, actor=f"s{number}", mode="batch"
            )
        return "moved"

    def race_shared(number: int) -> str:
        race_start.wait()
        try:
            match_transition(
                match_id=shared.match_id, to_status="REJECTED", actor=f"r{number}", mode="batch"
            )
        except (errors.ConditionFailed, IllegalTransition):
            return "lost"
        return "won"

    with ThreadPoolExecutor(max_workers=RACERS) as pool:
        moved = list(pool.map(move_own, range(RACERS)))
        raced = list(pool.map(race_shared, range(RACERS)))
    assert moved == ["moved"] * RACERS and raced.count("won") == 1
    after = _stored()
    responded = ("STATS#MATCHES", "STAGE#RESPONDED")
    dismissed = ("STATS#MATCHES", "STAGE#DISMISSED")
    assert after[responded]["count"] - before.get(responded, {"count": 0})["count"] == RACERS
    assert after[dismissed]["count"] - before.get(dismissed, {"count": 0})["count"] == 1
    _in_step_with_the_tables()
