"""`--json` output, the same for every command.

- one compact JSON object per line on stdout, made from a pydantic model (its camelCase
  aliases) plus the command's own fields;
- a failure is an object with an `error` field, also on stdout;
- progress and summaries go to stderr;
- numbers stay JSON numbers: a Decimal is an int where whole and a float otherwise
  (`model_dump(mode="json")` would make it a string); datetimes are ISO-8601 UTC with
  `Z`; enums are their value; bytes are left out.
"""

import datetime as dt
import json
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel

from marketing.dynamo.serde import format_timestamp

_LEFT_OUT = object()


def json_line(model: BaseModel | None = None, /, *, include=None, **fields: Any) -> str:
    """One line: `model` dumped by alias (only `include`d fields, pydantic's syntax), then
    `fields` (already camelCase) added over it."""
    data: dict[str, Any] = {}
    if model is not None:
        data = model.model_dump(by_alias=True, include=include)
    data.update(fields)
    return json.dumps(_plain(data), ensure_ascii=False, separators=(",", ":"))


def error_line(message: str, **fields: Any) -> str:
    """A failure as a line of its own: `{"error": "...", ...}`."""
    return json_line(error=str(message), **fields)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        plain = {key: _plain(item) for key, item in value.items()}
        return {key: item for key, item in plain.items() if item is not _LEFT_OUT}
    if isinstance(value, list | tuple):
        return [item for item in map(_plain, value) if item is not _LEFT_OUT]
    if isinstance(value, bool) or value is None or isinstance(value, int | float | str):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.datetime):
        return format_timestamp(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Enum):
        return _plain(value.value)
    if isinstance(value, bytes):
        return _LEFT_OUT
    return str(value)
