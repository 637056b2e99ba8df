"""Demo campaigns: a store's deal with the creators of its accepted matches, in every status,
with the history the workflow writes, the creators' terms, posts (and their disclosure
verdicts, by campaigns.disclosure), figures summed as the app sums them, and the Naver
review baseline and checkpoints of the store-visit attribution.

Every campaign that went live did so more than 30 days ago, with both checkpoints
recorded: `campaign_followups` never has a demo store to fetch (their place ids are not
Naver's). A campaign that is not finished holds a claim on each member's match
(`MATCH#<matchId>` / `CAMPAIGN`), as campaigns.services.members makes them; completing
completes the matches, with the note the workflow writes, and releases the claims.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from campaigns import attribution, disclosure
from campaigns.domain import (
    FOLLOW_UP_DAYS,
    Attribution,
    Budget,
    Campaign,
    CampaignCreator,
    CampaignStatus,
    CampaignStatusChange,
    CampaignType,
    ContentCheck,
    ContentPlatform,
    CreatorTaskStatus,
    Figures,
    MatchClaim,
    Milestone,
    Timeline,
)
from creators.domain import InfluenceTier, Platform
from marketing.demo import ids
from marketing.demo.creators import DemoCreator
from marketing.demo.korean import (
    CAMPAIGN_NOTES,
    CAMPAIGN_SEASONS,
    CAMPAIGN_WORDS,
    DELIVERABLES,
)
from marketing.demo.matches import ACTOR, DEAL, Scorer, build_match, staff
from marketing.demo.stores import DemoStore
from matches.domain import SEOUL, Match, MatchStatus, match_id_for
from matches.services.workflow import transitioned

# Campaign i has status ORDER[i % 6]: six campaigns show every status.
ORDER = (
    CampaignStatus.ACTIVE,
    CampaignStatus.COMPLETED,
    CampaignStatus.DRAFT,
    CampaignStatus.SCHEDULED,
    CampaignStatus.PAUSED,
    CampaignStatus.CANCELLED,
)
UNFINISHED = frozenset(s for s in CampaignStatus if not s.is_final)
FEES = {  # won per creator, by tier
    InfluenceTier.NANO: (0, 50_000),
    InfluenceTier.MICRO: (100_000, 300_000),
    InfluenceTier.MID: (300_000, 1_200_000),
    InfluenceTier.MACRO: (1_500_000, 5_000_000),
    InfluenceTier.MEGA: (6_000_000, 20_000_000),
}
TYPE_OF_PLATFORM = {
    Platform.YOUTUBE: CampaignType.SPONSORED_VIDEO,
    Platform.INSTAGRAM: CampaignType.VISIT_REVIEW,
    Platform.TIKTOK: CampaignType.SHORT_FORM,
}


@dataclass(frozen=True)
class DemoCampaign:
    campaign: Campaign
    claims: tuple[MatchClaim, ...]
    matches: tuple[Match, ...]  # the members' matches: ACCEPTED, or COMPLETED with it


def status_of(number: int) -> CampaignStatus:
    return ORDER[number % len(ORDER)]


def build_campaign(
    seed: int,
    number: int,
    store: DemoStore,
    members: list[DemoCreator],
    scorer: Scorer,
    now: dt.datetime,
) -> DemoCampaign:
    rng = ids.stream(seed, "campaign", number)
    status = status_of(number)
    plan = _Plan.of(status, rng, now)
    kind = _campaign_type(members[0], rng)
    name = f"{store.latest.store_name} {rng.choice(CAMPAIGN_SEASONS)} {CAMPAIGN_WORDS[kind.value]}"
    actor = staff(rng)
    creators = [_member(store, creator, kind, plan, rng, now) for creator in members]
    timeline = Timeline(
        start_date=plan.start,
        end_date=plan.end,
        milestones=[
            Milestone(name="visit", date=plan.visit),
            Milestone(name="posting_deadline", date=plan.deadline),
        ],
    )
    campaign = Campaign(
        campaign_id=ids.campaign_id(seed, number),
        store_id=store.store_id,
        store_name=store.latest.store_name,
        name=name,
        campaign_type=kind,
        status=status,
        budget=_budget(creators, status, rng),
        timeline=timeline,
        creators=creators,
        status_history=[
            CampaignStatusChange(
                from_status=before, to=after, at=at, by=actor, note=_note(after, before, rng)
            )
            for before, after, at in plan.history
        ],
        attribution=_attribution(store, plan, now),
    )
    campaign = campaign.with_totals(plan.last_change).model_copy(
        update={
            "created_at": plan.created,
            "created_by": ACTOR,
            "version": max(len(plan.history), 1),
            "demo": True,
        }
    )
    matches = tuple(
        _member_match(store, creator, campaign, plan, scorer, actor, rng) for creator in members
    )
    claims = ()
    if status in UNFINISHED:
        claims = tuple(
            MatchClaim(
                match_id=m.match_id,
                campaign_id=campaign.campaign_id,
                campaign_name=campaign.name,
                store_id=store.store_id,
                demo=True,
            )
            for m in matches
        )
    return DemoCampaign(campaign, claims, matches)


# --- the timeline ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """When things happened: the dates, the launch and every status change."""

    status: CampaignStatus
    created: dt.datetime
    start: dt.date
    end: dt.date
    visit: dt.date
    deadline: dt.date
    launched: dt.datetime | None  # went ACTIVE (the attribution baseline)
    history: list[tuple[CampaignStatus | None, CampaignStatus, dt.datetime]]

    @property
    def last_change(self) -> dt.datetime:
        return self.history[-1][2] if self.history else self.created

    @property
    def finished(self) -> dt.datetime | None:
        return self.history[-1][2] if self.status.is_final else None

    @classmethod
    def of(cls, status: CampaignStatus, rng: random.Random, now: dt.datetime) -> "_Plan":
        today = now.astimezone(SEOUL).date()
        d, s, a, p = (
            CampaignStatus.DRAFT,
            CampaignStatus.SCHEDULED,
            CampaignStatus.ACTIVE,
            CampaignStatus.PAUSED,
        )
        history: list = []
        launched = None
        cancelled_from = rng.choice((d, s, a)) if status is CampaignStatus.CANCELLED else None
        if status is d or cancelled_from is d:
            created = now - _days(rng, 1, 5) if status is d else now - _days(rng, 12, 20)
            start = today + dt.timedelta(days=rng.randint(14, 40))
        elif status is s or cancelled_from is s:
            created = now - _days(rng, 4, 12)
            start = today + dt.timedelta(days=rng.randint(2, 12))
        else:
            # Live more than 30 days ago (COMPLETED longer): both checkpoints are in.
            ago = {a: (31, 45), p: (31, 40), CampaignStatus.COMPLETED: (45, 80)}
            low, high = ago.get(status, (20, 28))
            start = today - dt.timedelta(days=rng.randint(low, high))
            launched = _at(start, 10, rng)
            created = launched - _days(rng, 7, 20)
        end = start + dt.timedelta(days=rng.randint(30, 40) if launched else rng.randint(30, 45))
        if status in (a, p):
            end = max(end, today + dt.timedelta(days=rng.randint(5, 20)))
        visit = start + dt.timedelta(days=rng.randint(2, 7))
        deadline = min(visit + dt.timedelta(days=rng.randint(7, 14)), end)
        if status is not d and cancelled_from is not d:
            history.append((d, s, created + _days(rng, 0.5, 3)))
        if launched is not None:
            history.append((s, a, launched))
        if status is p:
            history.append((a, p, now - _days(rng, 2, 7)))
        if status is CampaignStatus.COMPLETED:
            closed = _at(end + dt.timedelta(days=rng.randint(1, 3)), 18, rng)
            if rng.random() < 0.3:
                paused = launched + _days(rng, 5, 10)
                history += [(a, p, paused), (p, a, paused + _days(rng, 2, 4))]
            history.append((a, CampaignStatus.COMPLETED, closed))
        if cancelled_from is not None:
            last = history[-1][2] if history else created
            cancelled = min(last + _days(rng, 2, 15), now - _days(rng, 0.2, 1))
            history.append((cancelled_from, CampaignStatus.CANCELLED, max(cancelled, last)))
        return cls(status, created, start, end, visit, deadline, launched, history)


def _days(rng: random.Random, low: float, high: float) -> dt.timedelta:
    return dt.timedelta(days=rng.uniform(low, high))


def _at(day: dt.date, hour: int, rng: random.Random) -> dt.datetime:
    moment = dt.datetime.combine(day, dt.time(hour, rng.randint(0, 59)), tzinfo=SEOUL)
    return moment.astimezone(dt.UTC)


def _note(after: CampaignStatus, before: CampaignStatus | None, rng: random.Random) -> str:
    key = "RESUMED" if (before, after) == (CampaignStatus.PAUSED, CampaignStatus.ACTIVE) else None
    return rng.choice(CAMPAIGN_NOTES[key or after.value])


# --- what goes in it ------------------------------------------------------------------------


def _campaign_type(first: DemoCreator, rng: random.Random) -> CampaignType:
    if rng.random() < 0.15:
        return CampaignType.GIVEAWAY
    return TYPE_OF_PLATFORM[first.primary.platform]


def _member(
    store: DemoStore,
    creator: DemoCreator,
    kind: CampaignType,
    plan: _Plan,
    rng: random.Random,
    now: dt.datetime,
) -> CampaignCreator:
    channel = creator.primary
    low, high = FEES[channel.influence_tier]
    if kind is CampaignType.VISIT_REVIEW:
        high = max(low, high // 2)  # a 체험단 pays partly in the visit itself
    task = _task_status(plan, rng)
    member = CampaignCreator(
        creator_id=creator.creator_id,
        match_id=match_id_for(store.store_id, creator.creator_id),
        creator_name=channel.channel_name,
        platform=channel.platform.value,
        fee=rng.randint(low // 10_000, high // 10_000) * 10_000,
        deliverables=DELIVERABLES[kind.value],
        coupon_code=f"{creator.roman.upper()}{rng.choice((5, 10, 15, 20))}",
        status=task,
    )
    if task in (CreatorTaskStatus.POSTED, CreatorTaskStatus.DONE) and plan.launched:
        posted = min(plan.launched + _days(rng, 3, 14), now - _days(rng, 0.5, 2))
        member = _with_posts(member, creator, store, posted, rng, now)
    elif task is CreatorTaskStatus.VISITED:
        visits = rng.randint(1, 4)
        member = member.model_copy(update={"figures": Figures(visits=visits)})
    return member


def _task_status(plan: _Plan, rng: random.Random) -> CreatorTaskStatus:
    status, roll = plan.status, rng.random()
    if status is CampaignStatus.DRAFT:
        return CreatorTaskStatus.INVITED
    if status is CampaignStatus.SCHEDULED:
        return CreatorTaskStatus.CONFIRMED
    if status is CampaignStatus.COMPLETED:
        return CreatorTaskStatus.DONE if roll < 0.92 else CreatorTaskStatus.DROPPED
    if status is CampaignStatus.CANCELLED:
        if plan.launched is None:
            return CreatorTaskStatus.CONFIRMED if roll < 0.5 else CreatorTaskStatus.INVITED
        return CreatorTaskStatus.VISITED if roll < 0.6 else CreatorTaskStatus.DROPPED
    if roll < 0.6:
        return CreatorTaskStatus.POSTED
    return CreatorTaskStatus.VISITED if roll < 0.9 else CreatorTaskStatus.CONFIRMED


def _with_posts(
    member: CampaignCreator,
    creator: DemoCreator,
    store: DemoStore,
    posted: dt.datetime,
    rng: random.Random,
    now: dt.datetime,
) -> CampaignCreator:
    """The creator's post, its disclosure verdict (as the refresh or a pasted caption gives
    it) and the figures staff entered."""
    channel = creator.primary
    stats = channel.statistics
    views = int(float(stats.avg_views or 100) * rng.uniform(0.6, 1.8))
    rate = float(stats.engagement_rate or 3) / 100
    likes = int(views * rate * 0.92)
    comments = int(views * rate * 0.08)
    clicks = int(views * rng.uniform(0.005, 0.02))
    visits = max(int(clicks * rng.uniform(0.1, 0.35)), 1)
    conversions = max(int(visits * rng.uniform(0.3, 0.7)), 1)
    per_person = store.latest.price_analysis.per_person or 20_000
    revenue = int(conversions * per_person * rng.uniform(1.6, 2.6) / 1000) * 1000
    figures = Figures(
        views=views,
        likes=likes,
        comments=comments,
        clicks=clicks,
        visits=visits,
        conversions=conversions,
        revenue=revenue,
        coupon_redemptions=int(conversions * rng.uniform(0.4, 0.9)),
    )
    check = _post(channel.platform, channel.handle or channel.channel_id, store, rng)
    url = check.url
    if rng.random() < 0.15:
        contents = []  # not read yet
    else:
        checked_at = min(posted + _days(rng, 0.5, 2), now)
        if check.platform is ContentPlatform.YOUTUBE:
            check = check.model_copy(update={"views": views, "likes": likes, "comments": comments})
        contents = [check.model_copy(update={"checked_at": checked_at})]
    return member.model_copy(
        update={"content_urls": [url], "contents": contents, "figures": figures}
    )


def _post(platform: Platform, handle: str, store: DemoStore, rng: random.Random) -> ContentCheck:
    """A post's URL and its text, disclosed four times in five."""
    name = store.latest.store_name
    disclosed = rng.random() < 0.8
    if platform is Platform.YOUTUBE:
        video = "demo" + ids.token(rng, 7)
        title = f"[광고] {name} 솔직 후기" if disclosed else f"{name} 다녀왔어요 | 솔직 후기"
        description = f"{name}에서 제품을 제공받아 촬영했습니다.\n위치와 메뉴는 아래에."
        verdict, label = disclosure.check_youtube(title, description)
        return ContentCheck(
            url=f"https://www.youtube.com/watch?v={video}",
            platform=ContentPlatform.YOUTUBE,
            video_id=video,
            title=title,
            first_line=disclosure.first_line(description),
            disclosure=verdict,
            label=label,
        )
    first = f"#광고 {name} 체험단으로 다녀왔어요" if disclosed else f"{name} 다녀왔어요 📍"
    caption = f"{first}\n분위기도 좋고 친절하셨어요.\n#협찬 #{store.district.name}맛집"
    verdict, label = disclosure.check_caption(caption)
    if platform is Platform.INSTAGRAM:
        url = f"https://www.instagram.com/p/demo{ids.token(rng, 7)}/"
        where = ContentPlatform.INSTAGRAM
    else:
        video = rng.randint(10**18, 10**19 - 1)
        url = f"https://www.tiktok.com/@{handle.lstrip('@')}/video/{video}"
        where = ContentPlatform.TIKTOK
    return ContentCheck(
        url=url,
        platform=where,
        caption=caption,
        first_line=disclosure.first_line(caption),
        disclosure=verdict,
        label=label,
    )


def _budget(creators: list[CampaignCreator], status: CampaignStatus, rng: random.Random) -> Budget:
    fees = sum(c.fee for c in creators)
    total = (int(fees * rng.uniform(1.1, 1.35)) // 100_000 + 3) * 100_000
    earned = sum(
        c.fee
        for c in creators
        if c.status in (CreatorTaskStatus.POSTED, CreatorTaskStatus.DONE, CreatorTaskStatus.VISITED)
    )
    if status is CampaignStatus.COMPLETED:
        spent = int(total * rng.uniform(1.03, 1.12)) if rng.random() < 0.3 else earned + 150_000
    elif status in (CampaignStatus.ACTIVE, CampaignStatus.PAUSED, CampaignStatus.CANCELLED):
        spent = int(earned * rng.uniform(0.5, 1.0))
    else:
        spent = 0
    return Budget(total=total, spent=spent // 1000 * 1000)


def _attribution(store: DemoStore, plan: _Plan, now: dt.datetime) -> Attribution:
    """The baseline at launch and the checkpoints recorded since, up to now (or until the
    campaign was cancelled)."""
    if plan.launched is None:
        return Attribution()
    profile = store.latest
    base = attribution.baseline(_as_of(store, plan.launched), at=plan.launched)
    points = []
    for day in FOLLOW_UP_DAYS:
        taken = plan.launched + dt.timedelta(days=day, hours=3)
        cancelled = plan.status is CampaignStatus.CANCELLED and taken > plan.finished
        if taken > now or cancelled:
            break
        points.append(attribution.checkpoint(_as_of(store, taken), day=day, at=taken))
    return base.model_copy(
        update={
            "checkpoints": points,
            "naver_place_id": profile.naver_place_id,
            "source_url": profile.source_url,
        }
    )


def _as_of(store: DemoStore, moment: dt.datetime):
    """The store's profile as a fetch at `moment` would have found it (fewer reviews)."""
    visitors, blogs, share = store.reviews_at(moment)
    latest = store.latest
    sentiment = latest.sentiment.model_copy(
        update={
            "visitor_review_count": visitors,
            "blog_review_count": blogs,
            "keywords": [
                k.model_copy(update={"count": max(int(k.count * share), 1)})
                for k in latest.sentiment.keywords
            ],
        }
    )
    return latest.model_copy(
        update={"sentiment": sentiment, "scraped_at": min(moment, latest.scraped_at)}
    )


def _member_match(
    store: DemoStore,
    creator: DemoCreator,
    campaign: Campaign,
    plan: _Plan,
    scorer: Scorer,
    actor: str,
    rng: random.Random,
) -> Match:
    """The member's match: accepted before the campaign was made; completed with it."""
    accepted = plan.created - _days(rng, 0.2, 3)
    match = build_match(
        store,
        creator,
        scorer.score(store, creator),
        DEAL[: DEAL.index(MatchStatus.ACCEPTED) + 1],
        made_at=accepted - _days(rng, 6, 25),
        until=accepted,
        rng=rng,
        owner=actor,
    )
    if plan.status is not CampaignStatus.COMPLETED:
        return match
    with translation.override(settings.LANGUAGE_CODE):
        note = gettext("Campaign “%(name)s” completed.") % {"name": campaign.name}
    done = transitioned(match, MatchStatus.COMPLETED, actor=actor, note=note, at=plan.finished)
    return done.model_copy(update={"version": match.version + 1})
