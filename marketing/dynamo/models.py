"""The base of every stored model: the audit fields data-model.md puts on each item."""

import datetime as dt

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class DynamoModel(BaseModel):
    """Fields in snake_case, stored under camelCase aliases (`created_at` → `createdAt`).

    The repository fills the audit fields; callers never set them by hand.
    """

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

    version: int = 0  # 0: never written
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    created_by: str | None = None
    updated_by: str | None = None
    # True on every item `seed_demo` writes, absent on all others. A field rather than a
    # stray attribute, so that each whole-item write of a model read back keeps it and
    # `seed_demo --remove` finds exactly the demo items.
    demo: bool | None = None


AUDIT_FIELDS = frozenset({"version", "createdAt", "updatedAt", "createdBy", "updatedBy"})
