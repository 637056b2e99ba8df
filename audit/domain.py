"""What the audit trail stores: one entry per change of an entity item, read from a stream."""

import datetime as dt
from enum import StrEnum

from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from marketing.dynamo.models import DynamoModel
from marketing.erased import ERASED  # noqa: F401 (what erasure leaves in place of a value)

SEOUL = dt.timezone(dt.timedelta(hours=9), "Asia/Seoul")
CONSUMER = "system:consume_streams"


class AuditEvent(StrEnum):
    INSERT = "insert"
    MODIFY = "modify"
    REMOVE = "remove"

    @property
    def label(self):
        return EVENT_LABELS[self]


EVENT_LABELS = {
    AuditEvent.INSERT: _("created"),
    AuditEvent.MODIFY: _("changed"),
    AuditEvent.REMOVE: _("deleted"),
}


class AuditedTable(StrEnum):
    STORES = "stores"
    CREATORS = "creators"
    MATCHES = "matches"
    CAMPAIGNS = "campaigns"

    @property
    def label(self):
        return TABLE_LABELS[self]


TABLE_LABELS = {
    AuditedTable.STORES: _("store"),
    AuditedTable.CREATORS: _("creator"),
    AuditedTable.MATCHES: _("match"),
    AuditedTable.CAMPAIGNS: _("campaign"),
}


class AttributeChange(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

    attribute: str
    old: str | None = None  # a display rendering, None: absent
    new: str | None = None
    sensitive: bool = False  # encrypted or a contact: only "changed", never a value


class AuditEntry(DynamoModel):
    table: AuditedTable
    entity: str  # the changed item's partition key, e.g. CREATOR#<id>
    item_sk: str  # its sort key
    event: AuditEvent
    actor: str
    at: dt.datetime
    sequence_number: str
    shard_id: str
    changes: list[AttributeChange] = Field(default_factory=list)
    creator_ids: list[str] = Field(default_factory=list)  # creators it names (erasure)
    erased: bool = False  # personal values redacted in place
    ttl: int | None = None

    @property
    def entity_id(self) -> str:
        return self.entity.partition("#")[2]

    @property
    def day(self) -> dt.date:
        return self.at.astimezone(SEOUL).date()


class AuditMention(DynamoModel):
    """A pointer from a creator to an audit entry naming it (found by erasure)."""

    creator_id: str
    entry_pk: str
    entry_sk: str
    ttl: int | None = None


class StreamCheckpoint(DynamoModel):
    table: str
    shard_id: str
    stream_arn: str
    sequence_number: str | None = None
    closed: bool = False
    gaps: int = 0


class ErasureRecord(DynamoModel):
    """That a creator was erased, and which steps are done (a rerun resumes)."""

    creator_id: str
    steps_done: list[str] = Field(default_factory=list)
    finished: bool = False
    finished_at: dt.datetime | None = None
