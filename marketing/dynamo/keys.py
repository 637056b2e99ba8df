"""Every key string of data-model.md, built in one place.

Numbers inside keys are zero-padded so that lexical order is numeric order. Ids must be
simple tokens (UUIDs, channel ids, handles) and free-text segments (category, city,
status) must not contain `#`, so no value can forge another key's structure.
"""

import datetime as dt
import re
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from enum import Enum

from marketing.dynamo.serde import format_timestamp

SEPARATOR = "#"

# Prefixes for begins_with conditions.
STORE = "STORE#"
PROFILE = "PROFILE#"
CREATOR = "CREATOR#"
PLATFORM = "PLATFORM#"
AREA = "AREA#"
MATCH = "MATCH#"
CAMPAIGN = "CAMPAIGN#"
SCORE = "SCORE#"
DATE = "DATE#"

SCORE_DIGITS = 3
SUBSCRIBER_DIGITS = 12
ENGAGEMENT_DIGITS = 6
MAX_SCORE = 100
PRICE_LEVELS = range(1, 5)

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:@-]*")


# --- entities -----------------------------------------------------------------------------


def store(store_id: str) -> str:
    return f"STORE#{_id(store_id)}"


def profile(scraped_at: dt.datetime) -> str:
    return f"PROFILE#{format_timestamp(scraped_at)}"


def creator(creator_id: str) -> str:
    return f"CREATOR#{_id(creator_id)}"


def channel(platform_name: str | Enum, channel_id: str) -> str:
    """Sort key of a creator's channel: `PLATFORM#youtube#UC123`."""
    return f"PLATFORM#{_segment(platform_name)}#{_id(channel_id)}"


def match(match_id: str) -> str:
    return f"MATCH#{_id(match_id)}"


def match_pair(store_id: str, creator_id: str) -> str:
    """Sort key of a match: `STORE#<storeId>#CREATOR#<creatorId>`."""
    return f"{store(store_id)}#{creator(creator_id)}"


def campaign(campaign_id: str) -> str:
    return f"CAMPAIGN#{_id(campaign_id)}"


# --- helper items (data-model.md: "secondary items in the same table") ----------------------

STORE_DIRECTORY = "DIRECTORY#STORE"  # one row per store: the unfiltered list is a Query
SCRAPE_CACHE_STATS = ("STATS#SCRAPE_CACHE", "COUNTERS")  # hit and miss counters
STORE_FACETS = "FACETS#STORE"  # stores per category and per area: the list's filter choices
# The dashboards' counters: one partition per table, one item per counter (ADD in each write).
STORES_STATS = "STATS#STORES"
CREATORS_STATS = "STATS#CREATORS"
MATCHES_STATS = "STATS#MATCHES"
CAMPAIGNS_STATS = "STATS#CAMPAIGNS"
CAMPAIGN_STATUS_COUNTER = "STATUS#"  # campaigns per status: STATUS#<status>
CHANNEL_LINK = "CHANNEL"  # sort key of a channel's owner link
CREATOR_DIRECTORY = "DIRECTORY#CREATOR"  # every creator channel: the name and handle indexes


def channel_link(platform_name: str | Enum, channel_id: str) -> tuple[str, str]:
    """Key of a channel's owner link: `PLATFORM#youtube#UC123` / `CHANNEL`."""
    return channel(platform_name, channel_id), CHANNEL_LINK


CAMPAIGN_CLAIM = "CAMPAIGN"  # sort key of a match's place in a campaign (campaigns table)


def campaign_claim(match_id: str) -> tuple[str, str]:
    """Key of a match's place in a campaign: `MATCH#<matchId>` / `CAMPAIGN`."""
    return match(match_id), CAMPAIGN_CLAIM


def area(city: str, district: str) -> str:
    """Sort key of a creator's activity-area entry: `AREA#<city>#<district>`."""
    return f"AREA#{_segment(city)}#{_segment(district)}"


def quota_day(service: str, day: str) -> tuple[str, str]:
    """Key of an API's quota ledger for a day: `QUOTA#youtube` / `DATE#2024-05-01`."""
    return f"QUOTA#{_segment(service)}", date(dt.date.fromisoformat(day))


# Outreach e-mail (matches table): templates, consent records, the do-not-contact list, the
# outbox (one item per match and message: the idempotency guard) and its quiet-hours queue.
OUTREACH_TEMPLATES = "OUTREACH#TEMPLATE"  # every template in one partition: listed by a Query
DO_NOT_CONTACT = "OUTREACH#DONOTCONTACT"  # every blocked address HMAC in one partition
OUTBOX_QUEUE = "OUTREACH#QUEUE"  # sends waiting for the end of quiet hours, by due time
CONSENT_EMAIL = "EMAIL"  # sort key of a creator's e-mail consent record
DUE = "DUE#"


def outreach_template(template_id: str) -> tuple[str, str]:
    """`OUTREACH#TEMPLATE` / `TEMPLATE#<templateId>`."""
    return OUTREACH_TEMPLATES, f"TEMPLATE#{_id(template_id)}"


def consent(creator_id: str) -> tuple[str, str]:
    """`CONSENT#<creatorId>` / `EMAIL`: the creator's consent to advertising e-mail."""
    return f"CONSENT#{_id(creator_id)}", CONSENT_EMAIL


def do_not_contact(key_id: str, digest: str) -> tuple[str, str]:
    """`OUTREACH#DONOTCONTACT` / `HMAC#<keyId>#<hex digest>`: one blocked address, one key."""
    return DO_NOT_CONTACT, f"HMAC#{_segment(key_id)}#{_id(digest)}"


def outbox(match_id: str, idempotency_key: str) -> tuple[str, str]:
    """`OUTBOX#<matchId>` / `MESSAGE#<key>`: one message of a match, created before sending."""
    return f"OUTBOX#{_id(match_id)}", f"MESSAGE#{_id(idempotency_key)}"


def outbox_partition(match_id: str) -> str:
    return f"OUTBOX#{_id(match_id)}"


def outbox_queued(due: dt.datetime, match_id: str, idempotency_key: str) -> tuple[str, str]:
    """`OUTREACH#QUEUE` / `DUE#<time>#<matchId>#<key>`: a send waiting for `due`."""
    return OUTBOX_QUEUE, f"{DUE}{format_timestamp(due)}#{_id(match_id)}#{_id(idempotency_key)}"


def due_before(moment: dt.datetime) -> str:
    """Upper bound (exclusive) of the queue's sort keys due at `moment`."""
    return f"{DUE}{format_timestamp(moment)}~"


# --- index partitions ---------------------------------------------------------------------


def category(name: str | Enum) -> str:
    return f"CATEGORY#{_segment(name)}"


def location(city_or_region: str, district: str | None = None) -> str:
    """`LOCATION#<city>#<district>` for stores' latest profiles, `LOCATION#<city>` for
    their store-list rows (a whole city in one partition), `LOCATION#<region>` for
    creators."""
    if district is None:
        return f"LOCATION#{_segment(city_or_region)}"
    return f"LOCATION#{_segment(city_or_region)}#{_segment(district)}"


def area_entry(store_id: str, primary_category: str | None) -> str:
    """A latest profile's sort key in its area (store-location-index):
    `CATEGORY#<category>#STORE#<id>`, so an area's stores of one category are one key
    range (the store page's price peers); `STORE#<id>` without a category."""
    if not primary_category:
        return store(store_id)
    return f"{category(primary_category)}#{store(store_id)}"


def area_category_prefix(primary_category: str) -> str:
    return f"{category(primary_category)}#"


def price(level: int) -> str:
    if isinstance(level, bool) or not isinstance(level, int) or level not in PRICE_LEVELS:
        raise ValueError(f"price level must be 1-4, not {level!r}")
    return f"PRICE#{level}"


def platform(name: str | Enum) -> str:
    return f"PLATFORM#{_segment(name)}"


def name_entry(search_key: str, platform_name: str | Enum, channel_id: str) -> str:
    """Sort key of a channel in the name index: `NAME#<search key>#<platform>#<channelId>`."""
    return f"{name_prefix(search_key)}#{_segment(platform_name)}#{_id(channel_id)}"


def name_prefix(search_key: str) -> str:
    """What a name search matches with begins_with: `NAME#<search key typed>`."""
    return f"NAME#{_segment(search_key)}"


def handle_entry(search_key: str, platform_name: str | Enum, channel_id: str) -> str:
    """Sort key of a channel in the handle index: `HANDLE#<handle>#<platform>#<channelId>`."""
    return f"{handle_prefix(search_key)}#{_segment(platform_name)}#{_id(channel_id)}"


def handle_prefix(search_key: str) -> str:
    return f"HANDLE#{_segment(search_key)}"


def influence_tier(tier: str | Enum) -> str:
    return f"INFLUENCE_TIER#{_segment(tier)}"


def status(value: str | Enum) -> str:
    return f"STATUS#{_segment(value)}"


def date(value: dt.date | dt.datetime) -> str:
    """`DATE#2024-05-01` for a day, `DATE#<ISO timestamp>` for a moment."""
    if isinstance(value, dt.datetime):
        return f"DATE#{format_timestamp(value)}"
    if isinstance(value, dt.date):
        return f"DATE#{value.isoformat()}"
    raise TypeError(f"a date or datetime is needed, not {type(value).__name__}")


# --- padded numbers -----------------------------------------------------------------------


def score(value: int | Decimal) -> str:
    """`SCORE#070`; a fractional score rounds half up."""
    number = _rounded(_number(value, "score"), ROUND_HALF_UP)
    _check_range(number, "score", MAX_SCORE)
    return f"SCORE#{number:0{SCORE_DIGITS}d}"


def score_band(value: int | Decimal) -> str:
    """`SCORE#<floor(score/10)*10>`: 0-9 → `SCORE#000`, 70-79.9 → `SCORE#070`, 100 → `SCORE#100`."""
    number = _number(value, "score")
    _check_range(number, "score", MAX_SCORE)
    band = _rounded(number / 10, ROUND_FLOOR) * 10
    return f"SCORE#{band:0{SCORE_DIGITS}d}"


def influence(subscribers: int) -> str:
    """`INFLUENCE#000000012345`: subscriber count, 12 digits."""
    number = _number(subscribers, "subscribers")
    if number != number.to_integral_value():
        raise ValueError(f"subscribers must be a whole number, not {subscribers}")
    number = int(number)
    _check_range(number, "subscribers", 10**SUBSCRIBER_DIGITS - 1)
    return f"INFLUENCE#{number:0{SUBSCRIBER_DIGITS}d}"


def engagement(rate_percent: int | Decimal) -> str:
    """`ENGAGEMENT#000523` for 5.23 %: basis points (rounded half up), 6 digits."""
    basis_points = _rounded(_number(rate_percent, "engagement rate") * 100, ROUND_HALF_UP)
    _check_range(basis_points, "engagement rate (basis points)", 10**ENGAGEMENT_DIGITS - 1)
    return f"ENGAGEMENT#{basis_points:0{ENGAGEMENT_DIGITS}d}"


# --- parsing ------------------------------------------------------------------------------


def id_from(key: str, prefix: str) -> str:
    """The id after `prefix` in a key: `id_from("STORE#abc", keys.STORE) == "abc"`."""
    if not key.startswith(prefix):
        raise ValueError(f"{key!r} does not start with {prefix!r}")
    return key[len(prefix) :].split(SEPARATOR, 1)[0]


# --- helpers ------------------------------------------------------------------------------


def _id(value: str) -> str:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise ValueError(f"{value!r} is not a valid id (letters, digits, . _ : @ - only)")
    return value


def _segment(value: str | Enum) -> str:
    text = value.value if isinstance(value, Enum) else value
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"a key segment must be a non-empty string, not {value!r}")
    if SEPARATOR in text or any(ord(c) < 32 for c in text):
        raise ValueError(f"{text!r} must not contain {SEPARATOR!r} or control characters")
    return text


def _number(value: int | Decimal, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise TypeError(f"{name} must be an int or Decimal, not {type(value).__name__}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"{name} must be finite, not {value}")
    return Decimal(value)


def _rounded(value: Decimal, rounding: str) -> int:
    return int(value.to_integral_value(rounding=rounding))


def _check_range(value: int | Decimal, name: str, maximum: int) -> None:
    if not 0 <= value <= maximum:
        raise ValueError(f"{name} must be between 0 and {maximum}, not {value}")


# --- the audit trail (<prefix>audit) ------------------------------------------------------

AUDIT_ENTITY = "ENTITY#"
AUDIT_CHANGE = "CHANGE#"
SEQUENCE_DIGITS = 40  # DynamoDB Streams sequence numbers have 21 to 40 digits


def audit_entity(table_key: str, item_pk: str) -> str:
    """One entity's history: the changed item's own partition key under its table."""
    return f"{AUDIT_ENTITY}{_segment(table_key)}#{item_pk}"


def audit_change(at: dt.datetime, sequence_number: str) -> str:
    """Newest first by time, then by the stream record's sequence number (unique)."""
    return f"{AUDIT_CHANGE}{audit_moment(at, sequence_number)}"


def audit_moment(at: dt.datetime, sequence_number: str) -> str:
    if not sequence_number.isdigit() or len(sequence_number) > SEQUENCE_DIGITS:
        raise ValueError(f"not a stream sequence number: {sequence_number!r}")
    return f"{format_timestamp(at)}#{sequence_number.zfill(SEQUENCE_DIGITS)}"


def audit_actor(actor: str) -> str:
    return f"ACTOR#{actor}"


def audit_day(day: dt.date) -> str:
    return f"DAY#{day.isoformat()}"


def audit_checkpoint(table_key: str, shard_id: str) -> tuple[str, str]:
    """Where the stream consumer has got to in one shard of one table's stream."""
    return f"CHECKPOINT#{_segment(table_key)}", f"SHARD#{shard_id}"


def audit_mention(creator_id: str) -> str:
    """Pointers to every audit entry naming a creator (erasure finds them by one query)."""
    return f"MENTIONS#{CREATOR}{_id(creator_id)}"


def audit_erasure(creator_id: str) -> tuple[str, str]:
    """The record that a creator was erased (and how far an interrupted erasure got)."""
    return f"ERASURE#{CREATOR}{_id(creator_id)}", "ERASURE"
