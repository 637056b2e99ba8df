"""Stop moto keeping every model object it ever made.

moto's BaseModel appends each new instance to a list on its class (`instances_tracked`)
for moto's own web dashboard. For DynamoDB that is every Item built, so every version of
every item ever written, every stream record and every deleted table stay in memory until
the process exits, and the garbage collector walks them all again and again. The
embedded server has no dashboard, so in its process nothing is tracked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from moto.core.common_models import BaseModel


def _untracked_new(cls: type, *args: Any, **kwargs: Any) -> Any:
    return object.__new__(cls)


def install() -> Callable[[], None]:
    original = BaseModel.__dict__["__new__"]
    BaseModel.__new__ = staticmethod(_untracked_new)  # type: ignore[method-assign,assignment]

    def uninstall() -> None:
        BaseModel.__new__ = original  # type: ignore[method-assign]

    return uninstall
