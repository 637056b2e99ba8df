"""Matches: a store-creator pair, its score and its outreach workflow. Pydantic only.

`PK MATCH#<matchId>`, `SK STORE#<storeId>#CREATOR#<creatorId>` (data-model.md §3). The
same pair always gets the same matchId, so re-running the engine re-scores a PENDING
match instead of duplicating it.
"""

import datetime as dt
import uuid
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from marketing.dynamo.models import DynamoModel
from marketing.erased import shown
from marketing.errors import UserError

MATCH_NAMESPACE = uuid.UUID("0b8c6f2e-5d1a-4c3b-9e7f-2a6d4c8b1e90")
PENDING_TTL = dt.timedelta(days=30)  # untouched suggestions expire; a deal never does
SEOUL = ZoneInfo("Asia/Seoul")
MAX_HISTORY = 100  # status changes kept on a match (a workflow has a handful)


def match_id_for(store_id: str, creator_id: str) -> str:
    """One id per store-creator pair, forever (the creator, not the channel, is the unit)."""
    return str(uuid.uuid5(MATCH_NAMESPACE, f"{store_id}:{creator_id}"))


class MatchStatus(StrEnum):
    PENDING = "PENDING"
    CONTACTED = "CONTACTED"
    RESPONDED = "RESPONDED"
    NEGOTIATING = "NEGOTIATING"
    ACCEPTED = "ACCEPTED"
    COMPLETED = "COMPLETED"
    REJECTED = "REJECTED"

    @property
    def label(self):
        return STATUS_LABELS[self]

    @property
    def is_final(self) -> bool:
        return not TRANSITIONS[self]


STATUS_LABELS = {
    MatchStatus.PENDING: _("Suggested"),
    MatchStatus.CONTACTED: _("Contacted"),
    MatchStatus.RESPONDED: _("Responded"),
    MatchStatus.NEGOTIATING: _("Negotiating"),
    MatchStatus.ACCEPTED: _("Accepted"),
    MatchStatus.COMPLETED: _("Completed"),
    MatchStatus.REJECTED: _("Rejected"),
}

# The workflow of data-model.md, with rejection allowed before a deal too: staff dismiss a
# suggestion (PENDING) and creators decline after the first contact.
TRANSITIONS: dict[MatchStatus, tuple[MatchStatus, ...]] = {
    MatchStatus.PENDING: (MatchStatus.CONTACTED, MatchStatus.REJECTED),
    MatchStatus.CONTACTED: (MatchStatus.RESPONDED, MatchStatus.REJECTED),
    MatchStatus.RESPONDED: (MatchStatus.NEGOTIATING, MatchStatus.REJECTED),
    MatchStatus.NEGOTIATING: (MatchStatus.ACCEPTED, MatchStatus.REJECTED),
    MatchStatus.ACCEPTED: (MatchStatus.COMPLETED,),
    MatchStatus.COMPLETED: (),
    MatchStatus.REJECTED: (),
}


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def label(self):
        return {
            Confidence.HIGH: _("High confidence"),
            Confidence.MEDIUM: _("Medium confidence"),
            Confidence.LOW: _("Low confidence"),
        }[self]


class Priority(StrEnum):
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"

    @property
    def label(self):
        return {
            Priority.HIGH: _("High priority"),
            Priority.NORMAL: _("Normal priority"),
            Priority.LOW: _("Low priority"),
        }[self]


def pair_label(store_name: str, creator_name: str) -> str:
    """How pages and messages name a match: the store and the creator."""
    return _("%(store)s × %(creator)s") % {  # noqa: RUF001 (the multiplication sign is meant)
        "store": store_name,
        "creator": shown(creator_name),
    }


class MatchError(UserError):
    """A match operation that cannot be done as asked; the message is for the user."""


class IllegalTransition(MatchError):
    pass


class CamelModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class ScoreComponent(CamelModel):
    """One part of a match score: its value (0-1), its weight and why, in words."""

    value: Decimal
    weight: Decimal
    reason: str = ""


class Finding(CamelModel):
    """A strength or a problem, stored as a code with its facts so a page can say it in
    the reader's language (matches.findings renders it)."""

    code: str
    params: dict[str, str | int | Decimal] = Field(default_factory=dict)


class StatusChange(BaseModel):
    """One entry of statusHistory: `{from, to, at, by, note}` as data-model.md names them."""

    model_config = ConfigDict(populate_by_name=True)

    from_status: MatchStatus | None = Field(default=None, alias="from")
    to: MatchStatus
    at: dt.datetime
    by: str
    note: str = ""


class SentMessage(CamelModel):
    subject: str
    at: dt.datetime
    message_id: str
    kind: str = "first"  # first, follow-up
    idempotency_key: str = ""


class Communication(CamelModel):
    """What was sent, and where: the address is sealed like every creator contact."""

    email: str | None = None  # ciphertext (creators.crypto), never plaintext
    messages: list[SentMessage] = Field(default_factory=list)
    last_contact_at: dt.datetime | None = None


class Match(DynamoModel):
    match_id: str
    store_id: str
    creator_id: str
    store_name: str
    creator_name: str
    match_score: int = Field(ge=0, le=100)
    score_breakdown: dict[str, ScoreComponent] = Field(default_factory=dict)
    strengths: list[Finding] = Field(default_factory=list)
    problems: list[Finding] = Field(default_factory=list)
    confidence: Confidence = Confidence.MEDIUM
    priority: Priority = Priority.NORMAL
    status: MatchStatus = MatchStatus.PENDING
    status_changed_at: dt.datetime | None = None
    status_history: list[StatusChange] = Field(default_factory=list)
    communication: Communication = Field(default_factory=Communication)
    owner: str | None = None  # the staff user working it ("my queue")
    scored_at: dt.datetime | None = None
    ttl: int | None = None

    @property
    def created_day(self) -> dt.date:
        """The day the match was made, in Seoul (the match-date-index partition)."""
        return (
            (self.created_at or self.scored_at or dt.datetime.now(dt.UTC)).astimezone(SEOUL).date()
        )

    @property
    def allowed(self) -> tuple[MatchStatus, ...]:
        return TRANSITIONS[self.status]


class MatchRow(CamelModel):
    """What list pages read (a projection)."""

    match_id: str
    store_id: str
    creator_id: str
    store_name: str
    creator_name: str
    match_score: int
    confidence: Confidence = Confidence.MEDIUM
    priority: Priority = Priority.NORMAL
    status: MatchStatus = MatchStatus.PENDING
    status_changed_at: dt.datetime | None = None
    owner: str | None = None
    created_at: dt.datetime | None = None
    version: int = 0
