"""Reads for the audit pages: one index query each, newest first."""

import datetime as dt

from audit.domain import SEOUL, AuditedTable, AuditEntry
from audit.recording import AUDITED_PARTITIONS
from audit.repository import AuditEntryRepository
from marketing.dynamo.pagination import Page

PAGE_SIZE = 50


def today() -> dt.date:
    return dt.datetime.now(SEOUL).date()


def audit_history(*, table: AuditedTable, entity_id: str, cursor=None) -> Page[AuditEntry]:
    """An entity's changes (its items' partition), still readable after it was deleted."""
    entity = AUDITED_PARTITIONS[table] + entity_id
    return AuditEntryRepository().history(table.value, entity, cursor=cursor, limit=PAGE_SIZE)


def audit_by_actor(*, actor: str, cursor=None) -> Page[AuditEntry]:
    return AuditEntryRepository().by_actor(actor, cursor=cursor, limit=PAGE_SIZE)


def audit_by_day(*, day: dt.date, cursor=None) -> Page[AuditEntry]:
    return AuditEntryRepository().by_day(day, cursor=cursor, limit=PAGE_SIZE)
