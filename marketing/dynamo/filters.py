"""Conditions written with model field names, translated to stored attribute paths.

Callers name fields as the pydantic model does, Django-lookup style, and never see how
they are stored: `where(StoreProfile, location__city="서울", price_analysis__level=3)`
is `Attr("location.city").eq("서울") & Attr("priceAnalysis.level").eq(3)`. Several
lookups are ANDed; combine the results with `|` for an OR.
"""

import functools
import types
import typing
from typing import Any

from boto3.dynamodb.conditions import Attr, ConditionBase
from pydantic import BaseModel

# lookup suffix -> how it becomes a condition on an Attr
_LOOKUPS = {
    "eq": lambda attr, value: attr.eq(value),
    "ne": lambda attr, value: attr.ne(value),
    "lt": lambda attr, value: attr.lt(value),
    "lte": lambda attr, value: attr.lte(value),
    "gt": lambda attr, value: attr.gt(value),
    "gte": lambda attr, value: attr.gte(value),
    "between": lambda attr, value: attr.between(*value),
    "begins_with": lambda attr, value: attr.begins_with(value),
    "contains": lambda attr, value: attr.contains(value),
    "in": lambda attr, value: attr.is_in(list(value)),
    "exists": lambda attr, value: attr.exists() if value else attr.not_exists(),
}


def where(model: type[BaseModel], **lookups: Any) -> ConditionBase | None:
    """The AND of `field__subfield__lookup=value` conditions; None when given none."""
    combined = None
    for name, value in lookups.items():
        path, lookup = _split(name)
        condition = _LOOKUPS[lookup](Attr(stored_path(model, path)), value)
        combined = condition if combined is None else combined & condition
    return combined


def stored_path(model: type[BaseModel], path: str) -> str:
    """`price_analysis.level` (or `price_analysis__level`) as stored: `priceAnalysis.level`."""
    return _stored_path(model, path.replace("__", "."))


@functools.cache
def _stored_path(model: type[BaseModel], dotted: str) -> str:
    stored = []
    current: type[BaseModel] | None = model
    for segment in dotted.split("."):
        field = current.model_fields.get(segment) if current is not None else None
        if field is None:
            raise ValueError(f"{model.__name__} has no field {dotted!r}")
        stored.append(field.alias or segment)
        current = _nested_model(field.annotation)
    return ".".join(stored)


def _split(name: str) -> tuple[str, str]:
    head, _sep, last = name.rpartition("__")
    if head and last in _LOOKUPS:
        return head, last
    return name, "eq"


def _nested_model(annotation) -> type[BaseModel] | None:
    """The pydantic model a field holds (`Location`, `Location | None`), else None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _nested_model(arg)
            if found is not None:
                return found
    return None
