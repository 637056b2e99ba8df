"""Creators: the stored channel model, enums, tier rules and statistics. No I/O here.

One creator owns one or more channels; each channel is one item
(`CREATOR#<creatorId>` / `PLATFORM#<platform>#<channelId>`). Creator-level fields
(categories, region, status, contact) are copied onto every channel item of the creator,
and the creator's primary channel alone carries the category and region index keys, so a
creator appears once per category and region list.
"""

import datetime as dt
import functools
import re
import unicodedata
import urllib.parse
import uuid
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from marketing.dynamo.models import DynamoModel
from marketing.errors import UserError

# Fixed namespace: a creator first seen through a channel gets an id derived from that
# channel, so two writers racing on the same channel compute the same item key.
CREATOR_NAMESPACE = uuid.UUID("6f1d3c52-4a8e-4b53-9a57-1c2f0e7d9b11")


class Platform(StrEnum):
    YOUTUBE = "youtube"
    INSTAGRAM = "instagram"
    TIKTOK = "tiktok"

    @property
    def label(self):
        return PLATFORM_LABELS[self]


PLATFORM_LABELS = {
    Platform.YOUTUBE: _("YouTube"),
    Platform.INSTAGRAM: _("Instagram"),
    Platform.TIKTOK: _("TikTok"),
}


class InfluenceTier(StrEnum):
    NANO = "nano"
    MICRO = "micro"
    MID = "mid"
    MACRO = "macro"
    MEGA = "mega"

    @property
    def label(self):
        return TIER_LABELS[self]


TIER_LABELS = {
    InfluenceTier.NANO: _("Nano (< 1K)"),
    InfluenceTier.MICRO: _("Micro (1K-10K)"),
    InfluenceTier.MID: _("Mid (10K-100K)"),
    InfluenceTier.MACRO: _("Macro (100K-1M)"),
    InfluenceTier.MEGA: _("Mega (1M+)"),
}

# Lower bounds, highest first: nano < 1K <= micro < 10K <= mid < 100K <= macro < 1M <= mega.
_TIER_FLOORS = (
    (1_000_000, InfluenceTier.MEGA),
    (100_000, InfluenceTier.MACRO),
    (10_000, InfluenceTier.MID),
    (1_000, InfluenceTier.MICRO),
    (0, InfluenceTier.NANO),
)


class CreatorStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    ARCHIVED = "archived"


STATUS_LABELS = {
    CreatorStatus.ACTIVE: _("Active"),
    CreatorStatus.PAUSED: _("Paused"),
    CreatorStatus.ARCHIVED: _("Archived"),
}

CATEGORIES = {
    "food": _("Food"),
    "cafe": _("Cafe & dessert"),
    "travel": _("Travel"),
    "beauty": _("Beauty"),
    "fashion": _("Fashion"),
    "lifestyle": _("Lifestyle"),
    "parenting": _("Parenting"),
    "pets": _("Pets"),
    "fitness": _("Fitness"),
    "tech": _("Tech"),
    "gaming": _("Gaming"),
    "entertainment": _("Entertainment"),
    "education": _("Education"),
    "music": _("Music"),
    "other": _("Other"),
}

REGIONS = {
    "seoul": _("Seoul"),
    "busan": _("Busan"),
    "incheon": _("Incheon"),
    "daegu": _("Daegu"),
    "daejeon": _("Daejeon"),
    "gwangju": _("Gwangju"),
    "ulsan": _("Ulsan"),
    "sejong": _("Sejong"),
    "gyeonggi": _("Gyeonggi"),
    "gangwon": _("Gangwon"),
    "chungbuk": _("Chungbuk"),
    "chungnam": _("Chungnam"),
    "jeonbuk": _("Jeonbuk"),
    "jeonnam": _("Jeonnam"),
    "gyeongbuk": _("Gyeongbuk"),
    "gyeongnam": _("Gyeongnam"),
    "jeju": _("Jeju"),
    "nationwide": _("Nationwide"),
    "overseas": _("Overseas"),
}

CHANNEL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
CONTACT_FIELDS = ("email", "phone")

# Input bounds. Counts fit the padded influence key (12 digits) and every number stays
# far inside DynamoDB's 38 significant digits; text fits an item and a table cell.
MAX_COUNT = 10**12 - 1
MAX_NAME_LENGTH = 200
MAX_URL_LENGTH = 2048
MAX_PHONE_LENGTH = 40
# A phone number: digits, an optional leading +, and - or spaces between the digits.
PHONE = re.compile(r"\+?[0-9](?:[0-9 -]*[0-9])?")
PHONE_DIGITS = range(8, 16)  # 8 to 15 digits: 02-123-4567 up to the E.164 maximum
# Engagement entered by hand is (likes + comments) per view or per follower, in percent;
# above 100 % it is a typing slip (250 for 2.50), not a figure.
ENGAGEMENT_CAP_PERCENT = Decimal(100)
# The profile URL of a channel must be on its platform's site.
PLATFORM_HOSTS = {
    "youtube": ("youtube.com", "youtu.be"),
    "instagram": ("instagram.com",),
    "tiktok": ("tiktok.com",),
}
# Search keys: normalised names are cut here (an index key holds at most 1 KB).
MAX_SEARCH_KEY_LENGTH = 100
# A creator's channels change in one transaction (100 actions: a channel and its link each).
MAX_CHANNELS_PER_CREATOR = 50
# Bidirectional overrides and isolates: they make a name display as something else.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class CreatorError(UserError):
    """A creator operation that cannot be done as asked; the message is for the user."""


class ChannelExists(CreatorError):
    """Adding a channel that is already in the catalogue (nothing was written)."""

    def __init__(self, message, *, creator_id: str):
        super().__init__(message)
        self.creator_id = creator_id


class CamelModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class Statistics(CamelModel):
    """Channel statistics; None means unknown (hidden or missing), never zero."""

    subscribers: int | None = None
    total_views: int | None = None
    video_count: int | None = None
    avg_views: Decimal | None = None
    avg_likes: Decimal | None = None
    avg_comments: Decimal | None = None
    engagement_rate: Decimal | None = None  # percent, 2 decimals: 5.23 means 5.23 %
    subscribers_hidden: bool = False
    # YouTube shows subscriber counts above 1,000 to three significant figures.
    subscribers_rounded: bool = False
    sample_size: int = 0  # how many recent videos the averages are over


class ActivityArea(CamelModel):
    """Where a creator works: a city (a province's short Korean name, as stores carry it:
    서울, 경기) and the districts covered there (송파구, 성남시 분당구). Validated by
    creators.area.validate_area; indexed by `AREA#…` items (creators.repository)."""

    city: str
    districts: list[str] = Field(default_factory=list)


class CreatorChannel(DynamoModel):
    """One channel of one creator: the item stored in the creators table."""

    creator_id: str
    platform: Platform
    channel_id: str
    channel_name: str
    channel_url: str = ""
    handle: str | None = None
    uploads_playlist_id: str | None = None
    thumbnail_url: str | None = None
    categories: list[str] = Field(default_factory=list)
    region: str | None = None
    area: ActivityArea | None = None  # optional activity area (creator level)
    country: str | None = None
    statistics: Statistics = Field(default_factory=Statistics)
    influence_tier: InfluenceTier | None = None
    tier_uncertain: bool = False
    status: CreatorStatus = CreatorStatus.ACTIVE
    # Ciphertexts per field (see creators.crypto); never plaintext.
    contact: dict[str, str] = Field(default_factory=dict)
    primary: bool = True
    synced_at: dt.datetime | None = None

    @property
    def primary_category(self) -> str | None:
        return self.categories[0] if self.categories else None

    @property
    def platform_label(self):
        return self.platform.label


class CreatorRow(CamelModel):
    """The projection list pages read."""

    creator_id: str
    platform: Platform
    channel_id: str
    channel_name: str
    handle: str | None = None
    categories: list[str] = Field(default_factory=list)
    region: str | None = None
    statistics: Statistics = Field(default_factory=Statistics)
    influence_tier: InfluenceTier | None = None
    tier_uncertain: bool = False
    status: CreatorStatus = CreatorStatus.ACTIVE
    synced_at: dt.datetime | None = None

    @property
    def primary_category(self) -> str | None:
        return self.categories[0] if self.categories else None


@dataclass(frozen=True)
class CreatorFilters:
    """What the creators list is narrowed to; every one given must hold (codes, not labels).

    `search` is typed text matched against the start of names and handles (see
    `search_key`); `category` is the primary category, as the category index has it.
    """

    search: str = ""
    platform: str | None = None
    tier: str | None = None
    category: str | None = None
    region: str | None = None


class ChannelLink(DynamoModel):
    """Uniqueness guard: which creator owns a platform channel (`PLATFORM#…` / `CHANNEL`)."""

    platform: Platform
    channel_id: str
    creator_id: str


class AreaEntry(DynamoModel):
    """One district a creator covers: `CREATOR#<creatorId>` / `AREA#<city>#<district>`,
    in creator-location-index under `LOCATION#<city>#<district>` (the key stores use for
    an area). It names the creator's primary channel, so a reader of the index can fetch
    the channel by key. Written and deleted in the creator's own save transactions."""

    creator_id: str
    city: str
    district: str
    platform: Platform
    channel_id: str


class QuotaDay(DynamoModel):
    """YouTube quota units spent on one Pacific-time day (the API's quota day)."""

    day: str
    used: int = 0


# --- rules --------------------------------------------------------------------------------


def creator_id_for(platform: Platform | str, channel_id: str) -> str:
    """The id a creator first seen through this channel gets (stable across runs)."""
    return str(uuid.uuid5(CREATOR_NAMESPACE, f"{Platform(platform).value}:{channel_id}"))


def tier_for(subscribers: int | None) -> InfluenceTier | None:
    if subscribers is None:
        return None
    for floor, tier in _TIER_FLOORS:
        if subscribers >= floor:
            return tier
    return InfluenceTier.NANO


def rounding_unit(subscribers: int) -> int:
    """The last significant unit of a count shown to three significant figures."""
    digits = len(str(abs(subscribers)))
    return 10 ** max(digits - 3, 0)


def tier_is_uncertain(subscribers: int | None, rounded: bool) -> bool:
    """Whether the true count may fall in another tier than the shown, rounded one.

    The API does not say whether it rounds or truncates, so the true count is taken to
    lie within one unit of the last significant figure either side.
    """
    if subscribers is None or not rounded:
        return False
    unit = rounding_unit(subscribers)
    low, high = max(subscribers - unit, 0), subscribers + unit
    return tier_for(low) != tier_for(high)


def percent(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def mean(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def video_statistics(videos: list[dict]) -> dict:
    """Averages and engagement over recent videos: dicts of views/likes/comments (or None).

    Engagement = (likes + comments) / views, summed over the videos whose view count is
    known; missing likes or comments (hidden by the owner) count as none, and the rate is
    unknown when every video hides both.
    """
    views = [v["views"] for v in videos if v.get("views") is not None]
    likes = [v["likes"] for v in videos if v.get("likes") is not None]
    comments = [v["comments"] for v in videos if v.get("comments") is not None]
    counted = [v for v in videos if v.get("views") is not None]
    reactions = [v for v in counted if v.get("likes") is not None or v.get("comments") is not None]
    rate = None
    if reactions:
        interactions = sum((v.get("likes") or 0) + (v.get("comments") or 0) for v in counted)
        rate = percent(interactions, sum(v["views"] for v in counted))
    return {
        "avg_views": mean(views),
        "avg_likes": mean(likes),
        "avg_comments": mean(comments),
        "engagement_rate": rate,
        "sample_size": len(videos),
    }


def with_derived_fields(channel: CreatorChannel) -> CreatorChannel:
    """The channel with its tier recomputed from its statistics."""
    stats = channel.statistics
    return channel.model_copy(
        update={
            "influence_tier": tier_for(stats.subscribers),
            "tier_uncertain": tier_is_uncertain(stats.subscribers, stats.subscribers_rounded),
        }
    )


def has_control_characters(value: str) -> bool:
    """True for C0/C1 controls (NUL, ESC, newlines, ...) and bidirectional overrides."""
    return any(unicodedata.category(c) == "Cc" or c in _BIDI_CONTROLS for c in value)


def validate_channel_name(value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise CreatorError(_("A channel name is needed."))
    if len(value) > MAX_NAME_LENGTH:
        raise CreatorError(
            _("The channel name is longer than %(n)d characters.") % {"n": MAX_NAME_LENGTH}
        )
    if has_control_characters(value):
        raise CreatorError(_("The channel name contains control characters."))
    return value


def validate_channel_id(channel_id: str) -> str:
    channel_id = (channel_id or "").strip().lstrip("@")
    if not CHANNEL_ID.fullmatch(channel_id):
        raise CreatorError(
            _("“%(value)s” is not a valid channel id or handle (letters, digits, . _ -).")
            % {"value": channel_id}
        )
    return channel_id


# --- codes and labels -----------------------------------------------------------------------
# A value typed by staff (a CSV cell) may be the code or the label in either language
# ("food", "Food", "음식"; "cafe", "Cafe & dessert", "카페·디저트"), in any case and spacing.

LABEL_LANGUAGES = ("en", "ko")
# Names the platforms go by in Korean besides their labels.
PLATFORM_ALIASES = {"유튜브": "youtube", "인스타그램": "instagram", "틱톡": "tiktok"}


def lookup_key(value: str) -> str:
    """A typed value compared without case, width or spaces: NFKC, case-folded, no blanks."""
    return "".join(unicodedata.normalize("NFKC", value or "").casefold().split())


def choice_sets() -> dict[str, dict]:
    """Every coded field staff type: its codes and their translated labels."""
    return {
        "platform": {p.value: label for p, label in PLATFORM_LABELS.items()},
        "categories": CATEGORIES,
        "region": REGIONS,
        "status": {s.value: label for s, label in STATUS_LABELS.items()},
    }


@functools.cache
def accepted_values(kind: str) -> dict[str, str]:
    """{lookup key of a code or of its label in each language: the code} for a field."""
    table: dict[str, str] = {}
    for code, label in choice_sets()[kind].items():
        table[lookup_key(code)] = code
        for language in LABEL_LANGUAGES:
            with translation.override(language):
                table.setdefault(lookup_key(str(label)), code)
    if kind == "platform":
        table.update({lookup_key(alias): code for alias, code in PLATFORM_ALIASES.items()})
    return table


def code_for(kind: str, value: str) -> str | None:
    """The code a typed value stands for (a code or a label); None when it is none."""
    return accepted_values(kind).get(lookup_key(value))


def validate_platform(value: str) -> Platform:
    code = code_for("platform", value)
    if code is None:
        raise CreatorError(
            _("Unknown platform “%(value)s” (YouTube, Instagram, TikTok).") % {"value": value}
        )
    return Platform(code)


def validate_categories(values: list[str]) -> list[str]:
    cleaned = []
    for value in values:
        if not (value or "").strip():
            continue
        code = code_for("categories", value)
        if code is None:
            raise CreatorError(_("Unknown category “%(value)s”.") % {"value": value.strip()})
        if code not in cleaned:
            cleaned.append(code)
    return cleaned


def validate_region(value: str | None) -> str | None:
    if not (value or "").strip():
        return None
    code = code_for("region", value)
    if code is None:
        raise CreatorError(_("Unknown region “%(value)s”.") % {"value": value.strip()})
    return code


def validate_status(value: str | None) -> CreatorStatus | None:
    if not (value or "").strip():
        return None
    code = code_for("status", value)
    if code is None:
        raise CreatorError(_("Unknown status “%(value)s”.") % {"value": value.strip()})
    return CreatorStatus(code)


# --- contact, figures and profile URL ------------------------------------------------------


def validate_phone(value: str | None) -> str:
    """A plausible phone number ("" when none): digits with an optional +, - and spaces."""
    value = (value or "").strip()
    if not value:
        return ""
    digits = sum(c.isdigit() for c in value)
    if (
        len(value) > MAX_PHONE_LENGTH
        or has_control_characters(value)
        or not PHONE.fullmatch(value)
        or digits not in PHONE_DIGITS
    ):
        raise CreatorError(
            _("This is not a phone number: 8 to 15 digits; +, - and spaces allowed.")
        )
    return value


def validate_engagement_rate(value: Decimal | None) -> Decimal | None:
    if value is not None and not 0 <= value <= ENGAGEMENT_CAP_PERCENT:
        raise CreatorError(
            _("An engagement rate is between 0 and %(max)s %%.") % {"max": ENGAGEMENT_CAP_PERCENT}
        )
    return value


def validate_channel_url(platform: Platform | str | None, url: str | None) -> str:
    """A channel's profile URL ("" when none): https, on the platform's own site."""
    url = (url or "").strip()
    if not url:
        return ""
    if len(url) > MAX_URL_LENGTH or has_control_characters(url):
        raise CreatorError(_("The profile URL is not a valid URL."))
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() != "https" or not parts.hostname:
        raise CreatorError(_("The profile URL must start with https://."))
    if platform:
        platform = Platform(platform)
        host = parts.hostname.lower().rstrip(".")
        sites = PLATFORM_HOSTS[platform.value]
        if not any(host == site or host.endswith("." + site) for site in sites):
            raise CreatorError(
                _("A %(platform)s profile URL must be on %(sites)s, not %(host)s.")
                % {"platform": platform.label, "sites": " / ".join(sites), "host": host}
            )
    return url


# --- search -----------------------------------------------------------------------------


def search_key(text: str | None) -> str:
    """A name or handle as the search index stores it and a search compares it: NFKC,
    case-folded, without blanks, control characters or `#` (the key separator), cut to
    MAX_SEARCH_KEY_LENGTH. Hangul stays in composed syllables, so "김요" finds "김요리"."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    kept = (
        c
        for c in folded
        if not c.isspace() and c != "#" and unicodedata.category(c) not in ("Cc", "Cf")
    )
    return "".join(kept)[:MAX_SEARCH_KEY_LENGTH]


def handle_search_key(text: str | None) -> str:
    """A handle as searched: the search key without a leading @."""
    return search_key(text).lstrip("@")
