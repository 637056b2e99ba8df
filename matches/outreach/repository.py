"""Outreach items in the matches table, one named method per access pattern.

| item | PK | SK |
|---|---|---|
| template | `OUTREACH#TEMPLATE` | `TEMPLATE#<templateId>` (one partition: a Query lists them) |
| consent | `CONSENT#<creatorId>` | `EMAIL` |
| do-not-contact | `OUTREACH#DONOTCONTACT` | `HMAC#<keyId>#<hex HMAC of the address>` |
| outbox | `OUTBOX#<matchId>` | `MESSAGE#<idempotency key>` |
| queue | `OUTREACH#QUEUE` | `DUE#<time>#<matchId>#<key>` |

None of them carries index keys, so they never appear in the match indexes; none has a
`ttl`. Every write is conditional (created absent, or version-checked).
"""

import datetime as dt
from collections.abc import Iterable

from marketing.dynamo import keys
from marketing.dynamo.errors import NotFound
from marketing.dynamo.expressions import SortKey
from marketing.dynamo.pagination import Page
from marketing.dynamo.repository import Repository
from marketing.dynamo.tables import MATCHES
from matches.outreach.domain import (
    ConsentRecord,
    DoNotContactEntry,
    OutboxMessage,
    OutboxState,
    OutreachTemplate,
    QueuedSend,
)


class _Lookup:
    def find_key(self, pk: str, sk: str, *, consistent: bool = True):
        try:
            return self.get(pk, sk, consistent=consistent)
        except NotFound:
            return None


class TemplateRepository(_Lookup, Repository[OutreachTemplate]):
    spec = MATCHES
    model = OutreachTemplate

    def keys_for(self, item: OutreachTemplate) -> dict[str, str]:
        pk, sk = keys.outreach_template(item.template_id)
        return {"PK": pk, "SK": sk}

    def find(self, template_id: str) -> OutreachTemplate | None:
        return self.find_key(*keys.outreach_template(template_id))

    def every(self, *, cursor: str | None = None, limit: int = 100) -> Page[OutreachTemplate]:
        return self.query(partition_key_value=keys.OUTREACH_TEMPLATES, cursor=cursor, limit=limit)


class ConsentRepository(_Lookup, Repository[ConsentRecord]):
    spec = MATCHES
    model = ConsentRecord

    def keys_for(self, item: ConsentRecord) -> dict[str, str]:
        pk, sk = keys.consent(item.creator_id)
        return {"PK": pk, "SK": sk}

    def find(self, creator_id: str) -> ConsentRecord | None:
        return self.find_key(*keys.consent(creator_id))


class DoNotContactRepository(Repository[DoNotContactEntry]):
    spec = MATCHES
    model = DoNotContactEntry

    def keys_for(self, item: DoNotContactEntry) -> dict[str, str]:
        pk, sk = keys.do_not_contact(item.key_id, item.digest)
        return {"PK": pk, "SK": sk}

    def matching(self, digests: Iterable[tuple[str, str]]) -> list[DoNotContactEntry]:
        """The entries among (key id, digest) pairs: one batch read, consistent."""
        return self.batch_get(
            (keys.do_not_contact(key_id, digest) for key_id, digest in digests), consistent=True
        )

    def listing(self, *, cursor: str | None = None, limit: int = 50) -> Page[DoNotContactEntry]:
        return self.query(partition_key_value=keys.DO_NOT_CONTACT, cursor=cursor, limit=limit)


class OutboxRepository(_Lookup, Repository[OutboxMessage]):
    spec = MATCHES
    model = OutboxMessage

    def keys_for(self, item: OutboxMessage) -> dict[str, str]:
        pk, sk = keys.outbox(item.match_id, item.idempotency_key)
        return {"PK": pk, "SK": sk}

    def find(self, match_id: str, idempotency_key: str) -> OutboxMessage | None:
        return self.find_key(*keys.outbox(match_id, idempotency_key))

    def of_match(self, match_id: str) -> list[OutboxMessage]:
        """Every message of a match (a handful), oldest key first."""
        return self.query(
            partition_key_value=keys.outbox_partition(match_id), limit=100, consistent=True
        ).items

    def state_is(self, state: OutboxState):
        return self.where(state=state.value)


class QueueRepository(Repository[QueuedSend]):
    spec = MATCHES
    model = QueuedSend

    def keys_for(self, item: QueuedSend) -> dict[str, str]:
        pk, sk = keys.outbox_queued(item.due_at, item.match_id, item.idempotency_key)
        return {"PK": pk, "SK": sk}

    @staticmethod
    def key(item: QueuedSend) -> tuple[str, str]:
        return keys.outbox_queued(item.due_at, item.match_id, item.idempotency_key)

    def due(self, moment: dt.datetime, *, limit: int = 100) -> list[QueuedSend]:
        """Sends due at `moment`, the longest waiting first."""
        return self.query(
            partition_key_value=keys.OUTBOX_QUEUE,
            sk_condition=SortKey.lt(keys.due_before(moment)),
            limit=limit,
            consistent=True,
        ).items
