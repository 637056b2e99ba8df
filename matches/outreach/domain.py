"""Outreach e-mail: templates, consent records, the do-not-contact list and the outbox.

Pydantic models and the legal rules as pure functions; no I/O. Everything is stored in
the matches table (keys in marketing/dynamo/keys.py, the access patterns in
matches/outreach/repository.py).
"""

import datetime as dt
import re
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from marketing.dynamo.models import DynamoModel
from marketing.errors import UserError

SEOUL = ZoneInfo("Asia/Seoul")
AD_PREFIX = "(광고)"  # 정보통신망법 Art. 50(4): every advertising subject starts with it
QUIET_START_HOUR = 21  # no advertising between 21:00 and 08:00 without separate consent
QUIET_END_HOUR = 8
CONSENT_RECONFIRM_AFTER_YEARS = 2  # consent older than this is flagged for reconfirmation

MAX_SUBJECT_LENGTH = 150
MAX_BODY_LENGTH = 10_000
MAX_NAME_LENGTH = 100
MAX_OFFER_LENGTH = 500
MAX_NOTE_LENGTH = 500
FIRST_KEY = "first"  # idempotency key of a match's first e-mail


class OutreachError(UserError):
    """An outreach request that cannot be done as asked; the message is for the user."""


class Language(StrEnum):
    KO = "ko"
    EN = "en"

    @property
    def label(self):
        return {Language.KO: _("Korean"), Language.EN: _("English")}[self]


class MessageKind(StrEnum):
    FIRST = "first"
    FOLLOW_UP = "follow-up"

    @property
    def label(self):
        return {MessageKind.FIRST: _("First message"), MessageKind.FOLLOW_UP: _("Follow-up")}[self]


class ConsentBasis(StrEnum):
    APPLIED = "applied"
    REPLIED = "replied"
    LISTED_FOR_BUSINESS = "listed_for_business"

    @property
    def label(self):
        return CONSENT_BASIS_LABELS[self]


CONSENT_BASIS_LABELS = {
    ConsentBasis.APPLIED: _("Applied through our form"),
    ConsentBasis.REPLIED: _("Replied to a first inquiry"),
    ConsentBasis.LISTED_FOR_BUSINESS: _("Listed the address for business inquiries"),
}


class OutboxState(StrEnum):
    QUEUED = "queued"  # waiting for the end of quiet hours
    SENDING = "sending"  # claimed; the mail server has not answered yet
    SENT = "sent"
    FAILED = "failed"  # the server refused or could not be reached: nothing went out
    UNKNOWN = "unknown"  # the server stopped answering mid-send: it may have gone out

    @property
    def label(self):
        return {
            OutboxState.QUEUED: _("Waiting for 08:00"),
            OutboxState.SENDING: _("Being sent"),
            OutboxState.SENT: _("Sent"),
            OutboxState.FAILED: _("Not sent"),
            OutboxState.UNKNOWN: _("Outcome unknown"),
        }[self]


class DoNotContactSource(StrEnum):
    OPT_OUT_LINK = "opt_out_link"
    STAFF = "staff"

    @property
    def label(self):
        return {
            DoNotContactSource.OPT_OUT_LINK: _("Opt-out link"),
            DoNotContactSource.STAFF: _("Entered by staff"),
        }[self]


class CamelModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


# --- stored items -----------------------------------------------------------------------------


class OutreachTemplate(DynamoModel):
    """`OUTREACH#TEMPLATE` / `TEMPLATE#<templateId>`; `version` counts its edits."""

    template_id: str
    name: str
    language: Language = Language.KO
    subject: str  # without the (광고) prefix, which every send adds
    body: str  # the sender, contact and opt-out footer is added to every send


class ConsentFacts(CamelModel):
    """What a consent record says: the basis, when, where, who wrote it down."""

    basis: ConsentBasis
    consented_on: dt.date
    source: str  # where it happened: the form, the thread, the page listing the address
    recorded_by: str
    recorded_at: dt.datetime
    night_time_agreed: bool = False  # separate consent to messages between 21:00 and 08:00


class ConsentRecord(DynamoModel):
    """`CONSENT#<creatorId>` / `EMAIL`: why we may send this creator advertising e-mail.
    A new record replaces the current one; the replaced ones stay in `history`."""

    creator_id: str
    basis: ConsentBasis
    consented_on: dt.date
    source: str
    recorded_by: str
    recorded_at: dt.datetime
    night_time_agreed: bool = False
    history: list[ConsentFacts] = Field(default_factory=list)  # earlier records, oldest first

    def needs_reconfirmation(self, today: dt.date) -> bool:
        return today >= reconfirm_due(self.consented_on)


class DoNotContactEntry(DynamoModel):
    """`OUTREACH#DONOTCONTACT` / `HMAC#<keyId>#<digest>`: one blocked address under one
    HMAC key. One blocking writes an item per configured key (`entry_id` ties them)."""

    entry_id: str
    key_id: str
    digest: str
    source: DoNotContactSource
    note: str = ""
    creator_id: str | None = None
    match_id: str | None = None


class OutboxMessage(DynamoModel):
    """`OUTBOX#<matchId>` / `MESSAGE#<key>`, created (conditionally) before anything is
    sent, so a double click, a retry or a second staff member finds it and sends nothing."""

    match_id: str
    idempotency_key: str
    kind: MessageKind
    state: OutboxState
    template_id: str
    template_version: int
    subject: str
    body: str
    message_id: str  # made before sending, so a retry can be recognised
    opt_out_url: str  # the public opt-out page the body links to
    email: str  # the address, sealed (creators.crypto), never plaintext
    consent_basis: ConsentBasis
    requested_by: str
    due_at: dt.datetime | None = None  # queued: when quiet hours end
    sent_at: dt.datetime | None = None
    attempts: int = 0
    problem: str = ""  # why the last attempt failed, for the page


class QueuedSend(DynamoModel):
    """`OUTREACH#QUEUE` / `DUE#<time>#<matchId>#<key>`: what send_outreach_queue reads."""

    match_id: str
    idempotency_key: str
    due_at: dt.datetime


# --- rules ------------------------------------------------------------------------------------

MERGE_FIELD = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
MERGE_FIELDS = {
    "store_name": _("The store's name"),
    "store_category": _("The store's category"),
    "store_address": _("The store's address"),
    "creator_name": _("The creator's channel name"),
    "offer": _("What we offer (typed when sending)"),
    "sender_name": _("The staff member sending"),
    "sender_company": _("Our company's name"),
    "sender_contact": _("Our contact"),
}


def merge(text: str, values: dict[str, str]) -> str:
    """`{{ field }}` replaced by its value; nothing else in the text is interpreted."""
    return MERGE_FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def unknown_merge_fields(text: str) -> list[str]:
    return sorted({name for name in MERGE_FIELD.findall(text) if name not in MERGE_FIELDS})


def advertising_subject(subject: str) -> str:
    """The subject with `(광고)` in front (once), on one line."""
    line = " ".join(subject.split())
    if line.startswith(AD_PREFIX):
        line = line[len(AD_PREFIX) :].lstrip()
    return f"{AD_PREFIX} {line}"


def in_quiet_hours(moment: dt.datetime) -> bool:
    hour = moment.astimezone(SEOUL).hour
    return hour >= QUIET_START_HOUR or hour < QUIET_END_HOUR


def quiet_hours_end(moment: dt.datetime) -> dt.datetime:
    """08:00 in Seoul after `moment` (today's if it is before 08:00, else tomorrow's)."""
    local = moment.astimezone(SEOUL)
    day = local.date() if local.hour < QUIET_END_HOUR else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(QUIET_END_HOUR), tzinfo=SEOUL)


def reconfirm_due(consented_on: dt.date) -> dt.date:
    years = CONSENT_RECONFIRM_AFTER_YEARS
    try:
        return consented_on.replace(year=consented_on.year + years)
    except ValueError:  # 29 February
        return consented_on.replace(year=consented_on.year + years, day=28)


def follow_up_key(number: int) -> str:
    return f"follow-up-{number}"
