"""How well a creator fits a store: a 0-100 score from weighted components. No I/O.

Each component is a value from 0 to 1 with a one-line reason; the score is
`round(100 * Σ weight * value)` (half up) over the components, the weights coming from
MATCH_WEIGHTS (matches.engine.weights) and adding up to 1. The breakdown stored on a
match keeps every value (to 4 decimals, the ones the score is computed from) and weight,
so anyone can recompute the score from it.

- category: the creator's categories against the store's (stores.category_map): the
  creator's main category is the store's 1.0; the store's among the creator's others 0.8;
  the store's second category 0.7 / 0.6; a related category 0.3; none 0.
- location: same district 1.0 > same city 0.8 > same province 0.6 > a neighbouring
  province 0.4 > a nationwide creator 0.3 > elsewhere 0.1. In Seoul and the other
  metropolitan cities the province is the city. Unknown on either side: 0.3.
- audience: whether the follower count suits what one person spends at the store (its
  per-person estimate, else its price level): each spend has a band of counts that fit
  (5,000 won: 1K-30K … 60,000 won: 30K-1M, log-interpolated between); inside the band 1,
  falling by 0.5 for each tenfold step outside it. Unknown count or spend: 0.5.
- engagement: the creator's engagement-rate percentile among creators of the same
  platform and influence tier (engagement falls as audiences grow, so raw rates are not
  compared across tiers). Unknown rate: 0.5.
- platform: how well the platform suits the store's kind of business (PLATFORM_FIT).
- freshness: 1 for figures synced in the last 7 days, falling to 0 at 180 days; 0 when
  never synced.
- reliability: our own history with the creator — reply rate (60 %), time to reply
  (20 %: 2 days or less 1, 14 days or more 0) and deals completed per reply (20 %) —
  shrunk towards 0.5 by two imaginary neutral contacts, so one reply is not a record.
  With no contact yet: 0.5, neutral.

Confidence counts doubts: each missing or defaulted input (store price, store category
guessed, the creator's count, rate, region or categories unknown) 1, hidden counts 1,
figures entered by hand 1, figures older than 90 days 1 (never synced 2), a count
rounded by YouTube 0.5 (and 0.5 more when that makes the tier uncertain). High with at
most 0.5, medium up to 2, low above. Priority: the score less 5 (medium confidence) or
15 (low); 70 and over high, under 45 low, normal between.
"""

import bisect
import datetime as dt
import functools
import itertools
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import IntEnum

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from creators.domain import CATEGORIES, PLATFORM_LABELS, TIER_LABELS, InfluenceTier, Platform
from marketing.geography import METROPOLITAN, city_of_district, neighbours, province_code
from matches.domain import Confidence, Finding, Priority, ScoreComponent
from matches.engine.weights import COMPONENTS

VALUE_PLACES = Decimal("0.0001")
ONE = Decimal(1)
ZERO = Decimal(0)
HALF = Decimal("0.5")


# --- inputs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoreFacts:
    store_id: str
    store_name: str
    categories: tuple[str, ...]  # creator category codes, best first (stores.category_map)
    category_guessed: bool = False
    naver_category: str | None = None
    city: str | None = None  # province short name as stores carry it: 서울, 경기
    district: str | None = None  # 송파구, 성남시 분당구
    price_level: int | None = None
    per_person: int | None = None

    @property
    def province(self) -> str | None:
        return province_code(self.city)


@dataclass(frozen=True)
class CreatorFacts:
    creator_id: str
    creator_name: str
    platform: Platform
    categories: tuple[str, ...] = ()
    region: str | None = None  # province code, "nationwide" or "overseas"
    area_city: str | None = None  # activity area: province short name (서울)
    area_districts: tuple[str, ...] = ()
    subscribers: int | None = None
    subscribers_hidden: bool = False
    subscribers_rounded: bool = False
    tier: InfluenceTier | None = None
    tier_uncertain: bool = False
    engagement_rate: Decimal | None = None
    synced_at: dt.datetime | None = None
    hand_entered: bool = False


@dataclass(frozen=True)
class Engagement:
    """Where a creator's engagement rate stands among its platform-and-tier peers."""

    percentile: int | None  # 0-100; None when the rate is unknown
    peers: int = 0  # creators compared with (itself included)


@dataclass(frozen=True)
class History:
    """Our workflow history with a creator, over every store (match-creator-index)."""

    contacted: int = 0  # matches that reached CONTACTED
    responded: int = 0  # ... and RESPONDED (or further)
    completed: int = 0
    declined: int = 0  # rejected after we contacted them
    median_reply_days: Decimal | None = None

    @property
    def known(self) -> bool:
        return self.contacted > 0


NO_HISTORY = History()


# --- outputs ------------------------------------------------------------------------------


@dataclass
class Part:
    """One component as computed: value 0-1, reason, findings, and doubts about its inputs."""

    value: Decimal
    reason: str
    strengths: list[Finding] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    doubts: Decimal = ZERO


@dataclass(frozen=True)
class Scored:
    score: int
    breakdown: dict[str, ScoreComponent]
    strengths: list[Finding]
    problems: list[Finding]
    confidence: Confidence
    priority: Priority


def finding(code: str, **params) -> Finding:
    return Finding(code=code, params=params)


# --- the score ----------------------------------------------------------------------------


def score_pair(
    store: StoreFacts,
    creator: CreatorFacts,
    *,
    engagement: Engagement,
    history: History,
    weights: dict[str, Decimal],
    now: dt.datetime,
) -> Scored:
    parts = component_parts(store, creator, engagement=engagement, history=history, now=now)
    return assemble(parts, weights)


def component_parts(
    store: StoreFacts,
    creator: CreatorFacts,
    *,
    engagement: Engagement,
    history: History,
    now: dt.datetime,
) -> dict[str, Part]:
    return {
        "category": category_part(store, creator),
        "location": location_part(store, creator),
        "audience": audience_part(store, creator),
        "engagement": engagement_part(creator, engagement),
        "platform": platform_part(store, creator),
        "freshness": freshness_part(creator, now),
        "reliability": reliability_part(history),
    }


def stored_value(value: Decimal) -> Decimal:
    """A component's value as the breakdown keeps it (and the score is computed from)."""
    return _clamp(value).quantize(VALUE_PLACES, rounding=ROUND_HALF_UP)


def assemble(parts: dict[str, Part], weights: dict[str, Decimal]) -> Scored:
    breakdown = {
        name: ScoreComponent(
            value=stored_value(parts[name].value),
            weight=weights[name],
            reason=parts[name].reason,
        )
        for name in COMPONENTS
    }
    score = score_of(breakdown)
    doubts = sum((part.doubts for part in parts.values()), ZERO)
    confidence = confidence_for(doubts)
    return Scored(
        score=score,
        breakdown=breakdown,
        strengths=[f for name in COMPONENTS for f in parts[name].strengths],
        problems=[f for name in COMPONENTS for f in parts[name].problems],
        confidence=confidence,
        priority=priority_for(score, confidence),
    )


def score_of(breakdown: dict[str, ScoreComponent]) -> int:
    """round(100 * Σ weight * value), half up: what a stored breakdown reproduces."""
    total = sum((c.weight * c.value for c in breakdown.values()), ZERO) * 100
    return max(0, min(100, int(total.quantize(ONE, rounding=ROUND_HALF_UP))))


def confidence_for(doubts: Decimal) -> Confidence:
    if doubts <= HALF:
        return Confidence.HIGH
    if doubts <= 2:
        return Confidence.MEDIUM
    return Confidence.LOW


CONFIDENCE_PENALTY = {Confidence.HIGH: 0, Confidence.MEDIUM: 5, Confidence.LOW: 15}


def priority_for(score: int, confidence: Confidence) -> Priority:
    effective = score - CONFIDENCE_PENALTY[confidence]
    if effective >= 70:
        return Priority.HIGH
    if effective < 45:
        return Priority.LOW
    return Priority.NORMAL


# --- category -----------------------------------------------------------------------------

# Categories whose audiences overlap: a weak fit rather than none.
RELATED = {
    "food": {"cafe", "travel", "lifestyle"},
    "cafe": {"food", "lifestyle"},
    "travel": {"food", "lifestyle"},
    "beauty": {"fashion", "lifestyle"},
    "fashion": {"beauty", "lifestyle"},
    "lifestyle": {"food", "cafe", "beauty", "fashion", "parenting", "pets", "travel"},
    "parenting": {"lifestyle", "education"},
    "pets": {"lifestyle"},
    "fitness": {"lifestyle", "beauty"},
    "tech": {"gaming"},
    "gaming": {"tech", "entertainment"},
    "entertainment": {"gaming", "music"},
    "education": {"parenting"},
    "music": {"entertainment"},
    "other": set(),
}


def category_part(store: StoreFacts, creator: CreatorFacts) -> Part:
    main = store.categories[0]
    second = store.categories[1] if len(store.categories) > 1 else None
    label = _category_label(main)
    part = _category_fit(main, second, creator)
    if store.category_guessed:
        part.doubts += 1
        part.problems.append(
            finding("category_guessed", naver=store.naver_category or "—", category=main)
        )
        part.reason += " " + _("(the store's category was guessed)")
    if not part.reason:
        part.reason = label
    return part


def _category_fit(main: str, second: str | None, creator: CreatorFacts) -> Part:
    codes = creator.categories
    main_label = _category_label(main)
    if not codes:
        return Part(
            Decimal("0.2"),
            _("No categories recorded for the creator; the store is %(category)s.")
            % {"category": main_label},
            problems=[finding("category_unknown")],
            doubts=ONE,
        )
    creator_main = _category_label(codes[0])
    if codes[0] == main:
        return Part(
            ONE,
            _("The creator's main category is %(category)s, as the store's.")
            % {"category": main_label},
            strengths=[finding("category_main", category=main)],
        )
    if main in codes:
        return Part(
            Decimal("0.8"),
            _("The creator also makes %(category)s content (mainly %(main)s).")
            % {"category": main_label, "main": creator_main},
            strengths=[finding("category_match", category=main)],
        )
    if second and codes[0] == second:
        return Part(
            Decimal("0.7"),
            _("The creator's main category is %(category)s, the store's second.")
            % {"category": _category_label(second)},
            strengths=[finding("category_match", category=second)],
        )
    if second and second in codes:
        return Part(
            Decimal("0.6"),
            _("The creator also makes %(category)s content, the store's second category.")
            % {"category": _category_label(second)},
            strengths=[finding("category_match", category=second)],
        )
    if set(codes) & (RELATED.get(main, set()) | {main}):
        return Part(
            Decimal("0.3"),
            _("%(creator)s content is related to the store's %(category)s, no more.")
            % {"creator": creator_main, "category": main_label},
            problems=[finding("category_mismatch", category=main)],
        )
    return Part(
        ZERO,
        _("%(creator)s content does not fit a %(category)s store.")
        % {"creator": creator_main, "category": main_label},
        problems=[finding("category_mismatch", category=main)],
    )


def _category_label(code: str) -> str:
    return str(CATEGORIES.get(code, code))


# --- location -----------------------------------------------------------------------------


class Closeness(IntEnum):
    """How close a creator is to a store, farthest first; UNKNOWN is off the scale."""

    ELSEWHERE = 1
    NATIONWIDE = 2
    NEIGHBOUR = 3
    PROVINCE = 4
    CITY = 5
    DISTRICT = 6


CLOSENESS_VALUES = {
    Closeness.ELSEWHERE: Decimal("0.1"),
    Closeness.NATIONWIDE: Decimal("0.3"),
    Closeness.NEIGHBOUR: Decimal("0.4"),
    Closeness.PROVINCE: Decimal("0.6"),
    Closeness.CITY: Decimal("0.8"),
    Closeness.DISTRICT: ONE,
}
UNKNOWN_LOCATION = Decimal("0.3")


def closeness(store: StoreFacts, creator: CreatorFacts) -> Closeness | None:
    """How close the creator works to the store; None when either side is unknown."""
    province = store.province
    if province is None:
        return None
    if creator.area_city and creator.area_city == store.city and store.district:
        if store.district in creator.area_districts:
            return Closeness.DISTRICT
        store_city = city_of_district(store.city, store.district)
        area_cities = {city_of_district(creator.area_city, d) for d in creator.area_districts}
        if province in METROPOLITAN or store_city in area_cities:
            return Closeness.CITY
    regions = set(_regions(creator))
    if not regions:
        return None
    if province in regions:
        return Closeness.CITY if province in METROPOLITAN else Closeness.PROVINCE
    if regions & set(neighbours(province)):
        return Closeness.NEIGHBOUR
    if "nationwide" in regions:
        return Closeness.NATIONWIDE
    return Closeness.ELSEWHERE


def _regions(creator: CreatorFacts) -> list[str]:
    """The provinces (or `nationwide`, `overseas`) the creator's region and area name."""
    found = [creator.region, province_code(creator.area_city)]
    return [region for region in dict.fromkeys(found) if region]


def location_part(store: StoreFacts, creator: CreatorFacts) -> Part:
    if store.province is None:
        return Part(
            UNKNOWN_LOCATION,
            _("The store's area is unknown."),
            problems=[finding("store_area_unknown")],
            doubts=ONE,
        )
    level = closeness(store, creator)
    where = f"{store.city} {store.district or ''}".strip()
    if level is None:
        return Part(
            UNKNOWN_LOCATION,
            _("No region recorded for the creator; the store is in %(where)s.") % {"where": where},
            problems=[finding("region_unknown")],
            doubts=ONE,
        )
    part = Part(CLOSENESS_VALUES[level], "")
    if level is Closeness.DISTRICT:
        part.reason = _("The creator covers %(where)s, the store's district.") % {"where": where}
        part.strengths.append(finding("same_district", district=store.district))
    elif level is Closeness.CITY:
        city = city_of_district(store.city, store.district) or store.city
        part.reason = _("The creator works in %(city)s, the store's city.") % {"city": city}
        part.strengths.append(finding("same_city", city=city))
    elif level is Closeness.PROVINCE:
        part.reason = _("The creator works in the store's province (%(where)s).") % {
            "where": store.city
        }
        part.strengths.append(finding("same_province", region=store.province))
    elif level is Closeness.NEIGHBOUR:
        near = next(r for r in _regions(creator) if r in neighbours(store.province))
        part.reason = _("The creator works in a neighbouring region of %(where)s.") % {
            "where": store.city
        }
        part.strengths.append(finding("neighbouring_region", region=near))
    elif level is Closeness.NATIONWIDE:
        part.reason = _("The creator works nationwide, not locally.")
        part.problems.append(finding("nationwide"))
    else:
        part.reason = _("The creator works far from %(where)s.") % {"where": where}
        part.problems.append(finding("far_away", region=creator.region or "—"))
    if store.district is None and level is not Closeness.ELSEWHERE:
        part.doubts += HALF
    return part


# --- audience -----------------------------------------------------------------------------

# (per-person spend in won, fewest followers that fit, most followers that fit)
AUDIENCE_ANCHORS = (
    (5_000, 1_000, 30_000),
    (15_000, 3_000, 100_000),
    (30_000, 10_000, 300_000),
    (60_000, 30_000, 1_000_000),
)
# A price level's typical spend, for stores with a level but no per-person estimate.
LEVEL_SPEND = {1: 7_000, 2: 15_000, 3: 28_000, 4: 55_000}
DEFAULT_SPEND = LEVEL_SPEND[2]
FALL_PER_DECADE = HALF


@functools.lru_cache(maxsize=4096)
def audience_band(spend: int) -> tuple[int, int]:
    """The follower counts that suit a store where one person spends `spend` won."""
    first, last = AUDIENCE_ANCHORS[0], AUDIENCE_ANCHORS[-1]
    if spend <= first[0]:
        return first[1], first[2]
    if spend >= last[0]:
        return last[1], last[2]
    for (x0, low0, high0), (x1, low1, high1) in itertools.pairwise(AUDIENCE_ANCHORS):
        if x0 <= spend <= x1:
            t = (Decimal(spend).log10() - Decimal(x0).log10()) / (
                Decimal(x1).log10() - Decimal(x0).log10()
            )
            return _log_between(low0, low1, t), _log_between(high0, high1, t)
    raise AssertionError("unreachable")  # pragma: no cover


def _log_between(a: int, b: int, t: Decimal) -> int:
    value = Decimal(10) ** (Decimal(a).log10() + (Decimal(b).log10() - Decimal(a).log10()) * t)
    return int(_round_significant(value))


def _round_significant(value: Decimal) -> Decimal:
    """Two significant figures: bands read as 2,400-79,000, not 2,437-79,188."""
    exponent = value.adjusted() - 1
    unit = Decimal(10) ** exponent
    return (value / unit).quantize(ONE, rounding=ROUND_HALF_UP) * unit


def level_band(store: StoreFacts) -> tuple[int, int]:
    """The audience band of the store's price level (level 2 when unknown): where its
    candidates are looked for on the platform and tier indexes. Coarser than the band of
    its own spend, so stores of a level share their reads within a run."""
    level = store.price_level or price_level_of(store.per_person) or 2
    return audience_band(LEVEL_SPEND[level])


def price_level_of(per_person: int | None) -> int | None:
    """data-model.md's levels: 1 < 10,000 ≤ 2 < 20,000 ≤ 3 < 40,000 ≤ 4 (won a person)."""
    if not per_person:
        return None
    return 1 + sum(per_person >= floor for floor in (10_000, 20_000, 40_000))


def store_spend(store: StoreFacts) -> tuple[int, bool]:
    """(what one person spends at the store, whether that is a default for lack of one)."""
    spend = store.per_person or LEVEL_SPEND.get(store.price_level or 0)
    if spend is None:
        return DEFAULT_SPEND, True
    return spend, False


def audience_part(store: StoreFacts, creator: CreatorFacts) -> Part:
    spend, defaulted = store_spend(store)
    part = Part(HALF, "")
    if defaulted:
        part.doubts += 1
        part.problems.append(finding("price_unknown"))
    low, high = audience_band(spend)
    band = {"spend": f"{spend:,}", "low": f"{low:,}", "high": f"{high:,}"}
    count = creator.subscribers
    if count is None or creator.subscribers_hidden:
        part.doubts += 1
        part.problems.append(
            finding("subscribers_hidden" if creator.subscribers_hidden else "audience_unknown")
        )
        part.reason = (
            _("Audience size unknown; %(low)s-%(high)s followers suit %(spend)s won a person.")
            % band
        )
        return part
    band["count"] = f"{count:,}"
    if low <= count <= high:
        part.value = ONE
        part.strengths.append(finding("audience_fits_price", spend=spend))
    else:
        edge = low if count < low else high
        decades = Decimal(f"{abs(math.log10(max(count, 1)) - math.log10(edge)):.6f}")
        part.value = _clamp(ONE - FALL_PER_DECADE * decades)
        code = "audience_too_small" if count < low else "audience_too_large"
        part.problems.append(finding(code, subscribers=count))
    part.reason = _("%(count)s followers; %(low)s-%(high)s suit %(spend)s won a person.") % band
    if creator.subscribers_rounded:
        part.doubts += HALF
        part.problems.append(finding("subscribers_rounded"))
        if creator.tier_uncertain:
            part.doubts += HALF
            part.problems.append(finding("tier_uncertain"))
    return part


# --- engagement ---------------------------------------------------------------------------

FEW_PEERS = 5


def engagement_part(creator: CreatorFacts, engagement: Engagement) -> Part:
    tier = creator.tier.value if creator.tier else None
    platform = creator.platform.value
    if engagement.percentile is None or creator.engagement_rate is None or tier is None:
        return Part(
            HALF,
            _("Engagement rate unknown: counted as average."),
            problems=[finding("engagement_unknown")],
            doubts=ONE,
        )
    names = {
        "rate": f"{creator.engagement_rate.normalize():f}",
        "percentile": engagement.percentile,
        "peers": engagement.peers,
        "tier": TIER_LABELS[creator.tier],
        "platform": PLATFORM_LABELS[creator.platform],
    }
    part = Part(
        Decimal(engagement.percentile) / 100,
        _(
            "%(rate)s %% engagement: percentile %(percentile)s among %(peers)s %(tier)s "
            "%(platform)s creators."
        )
        % names,
    )
    top = next((p for p in (10, 25) if engagement.percentile >= 100 - p), None)
    if top is not None:
        part.strengths.append(finding("engagement_top", top=top, tier=tier, platform=platform))
    elif engagement.percentile < 25:
        part.problems.append(finding("engagement_bottom", bottom=25, tier=tier, platform=platform))
    if engagement.peers < FEW_PEERS:
        part.doubts += HALF
        part.problems.append(
            finding("few_peers", count=engagement.peers, tier=tier, platform=platform)
        )
    return part


def percentile_of(value: Decimal, sorted_peers: list[Decimal]) -> int:
    """Mid-rank percentile of `value` among `sorted_peers` (ties count half), 0-100."""
    if not sorted_peers:
        return 50
    below = bisect.bisect_left(sorted_peers, value)
    equal = bisect.bisect_right(sorted_peers, value) - below
    share = (Decimal(below) + Decimal(equal) / 2) * 100 / len(sorted_peers)
    return int(share.quantize(ONE, rounding=ROUND_HALF_UP))


# --- platform -----------------------------------------------------------------------------

# Store category -> how well each platform reaches its customers (Instagram is where
# Koreans look up places to eat and shops; YouTube suits what needs showing at length).
PLATFORM_FIT = {
    "food": {"instagram": "1.0", "youtube": "0.9", "tiktok": "0.8"},
    "cafe": {"instagram": "1.0", "tiktok": "0.8", "youtube": "0.7"},
    "beauty": {"instagram": "1.0", "youtube": "0.9", "tiktok": "0.8"},
    "fashion": {"instagram": "1.0", "tiktok": "0.9", "youtube": "0.7"},
    "travel": {"youtube": "1.0", "instagram": "0.9", "tiktok": "0.7"},
    "fitness": {"instagram": "1.0", "youtube": "0.9", "tiktok": "0.8"},
    "parenting": {"instagram": "1.0", "youtube": "0.9", "tiktok": "0.6"},
    "pets": {"instagram": "1.0", "youtube": "0.9", "tiktok": "0.9"},
    "education": {"youtube": "1.0", "instagram": "0.6", "tiktok": "0.5"},
    "gaming": {"youtube": "1.0", "tiktok": "0.7", "instagram": "0.5"},
    "tech": {"youtube": "1.0", "instagram": "0.6", "tiktok": "0.6"},
    "entertainment": {"youtube": "0.9", "tiktok": "1.0", "instagram": "0.9"},
    "music": {"youtube": "1.0", "tiktok": "0.9", "instagram": "0.7"},
}
DEFAULT_PLATFORM_FIT = Decimal("0.8")


def platform_part(store: StoreFacts, creator: CreatorFacts) -> Part:
    main = store.categories[0]
    fit = PLATFORM_FIT.get(main, {}).get(creator.platform.value)
    value = Decimal(fit) if fit is not None else DEFAULT_PLATFORM_FIT
    return Part(
        value,
        _("%(platform)s for a %(category)s store: %(value)s of 1.")
        % {
            "platform": PLATFORM_LABELS[creator.platform],
            "category": _category_label(main),
            "value": f"{value:.1f}",
        },
    )


# --- freshness ----------------------------------------------------------------------------

FRESH_DAYS = 7
STALE_DAYS = 180
OLD_FIGURES_DAYS = 90


def freshness_part(creator: CreatorFacts, now: dt.datetime) -> Part:
    if creator.synced_at is None:
        return Part(
            ZERO,
            _("The creator's figures were never synced."),
            problems=[finding("never_synced")],
            doubts=Decimal(2),
        )
    days = max(0, (now - creator.synced_at).days)
    if days <= FRESH_DAYS:
        value = ONE
    else:
        value = _clamp(ONE - Decimal(days - FRESH_DAYS) / (STALE_DAYS - FRESH_DAYS))
    if creator.hand_entered:
        reason = ngettext(
            "Figures entered by hand %(days)s day ago.",
            "Figures entered by hand %(days)s days ago.",
            days,
        ) % {"days": days}
    else:
        reason = ngettext(
            "Figures synced %(days)s day ago.", "Figures synced %(days)s days ago.", days
        ) % {"days": days}
    part = Part(value, reason)
    if creator.hand_entered:
        part.doubts += 1
        part.problems.append(finding("hand_entered", days=days))
    elif days > OLD_FIGURES_DAYS:
        part.problems.append(finding("stale_data", days=days))
    if days > OLD_FIGURES_DAYS:
        part.doubts += 1
    return part


# --- reliability --------------------------------------------------------------------------

PRIOR_CONTACTS = 2  # imaginary neutral contacts the history is shrunk towards
QUICK_REPLY_DAYS = Decimal(2)
SLOW_REPLY_DAYS = Decimal(14)


def reliability_part(history: History) -> Part:
    if not history.known:
        return Part(HALF, _("No outreach to this creator yet: neutral."))
    reply_rate = Decimal(history.responded) / history.contacted
    speed = ZERO
    if history.median_reply_days is not None:
        speed = _clamp(
            (SLOW_REPLY_DAYS - history.median_reply_days) / (SLOW_REPLY_DAYS - QUICK_REPLY_DAYS)
        )
    deal_rate = Decimal(history.completed) / history.responded if history.responded else ZERO
    raw = Decimal("0.6") * reply_rate + Decimal("0.2") * speed + Decimal("0.2") * _clamp(deal_rate)
    value = (raw * history.contacted + HALF * PRIOR_CONTACTS) / (history.contacted + PRIOR_CONTACTS)
    facts = {
        "replied": history.responded,
        "contacted": history.contacted,
        "deals": history.completed,
        "days": _days_text(history.median_reply_days),
    }
    reason = (
        _(
            "Replied to %(replied)s of %(contacted)s contacts (median %(days)s days), "
            "%(deals)s deal(s) completed."
        )
        % facts
    )
    part = Part(value, reason)
    if history.contacted >= 2 and reply_rate >= HALF:
        part.strengths.append(
            finding("replies_reliably", replied=history.responded, contacted=history.contacted)
        )
    if history.contacted >= 2 and reply_rate < Decimal("0.34"):
        part.problems.append(
            finding("rarely_replies", replied=history.responded, contacted=history.contacted)
        )
    if history.median_reply_days is not None and history.median_reply_days > 7:
        part.problems.append(finding("slow_replies", days=_days_text(history.median_reply_days)))
    if history.completed:
        part.strengths.append(finding("deals_completed", count=history.completed))
    if history.declined:
        part.problems.append(finding("declined_before", count=history.declined))
    return part


def _days_text(days: Decimal | None) -> str:
    if days is None:
        return "—"
    return f"{days.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):f}"


# --- helpers ------------------------------------------------------------------------------


def _clamp(value: Decimal) -> Decimal:
    return max(ZERO, min(ONE, value))
