"""DynamoDB responses parsed by plans compiled once per shape.

botocore parses a JSON response by walking the output shape node by node, looking up a
handler by the shape's type name at every value: about 6 ms of a web worker's CPU for a
20-item page, a quarter of a list page's time. For the JSON protocol the walk does little:
a structure keeps its modelled members that are not null (a tagged union such as
AttributeValue its one member), blobs are base64-decoded and timestamps parsed, lists and
maps are rebuilt, every other value stays as JSON gave it. A plan compiled once per shape
does exactly that without the dispatch, and passes lists and maps of plain values through.

`CompiledJSONParser` is botocore's own JSON parser with only `_parse_shape` replaced: the
response's errors, metadata and anything without a plan (an odd union, an unknown type)
take botocore's code. A differential test holds its answers to botocore's.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from botocore.model import Shape
from botocore.parsers import PROTOCOL_PARSERS, JSONParser, ResponseParserFactory

Plan = Callable[[Any], Any] | None  # None: the value as JSON gave it

_PLAIN = frozenset({"string", "integer", "long", "boolean", "double", "float", "character"})


class _Pending:
    """Stands for a structure's plan while it is compiled (shapes refer to themselves)."""

    plan: Callable[[Any], Any]

    def __call__(self, value):
        return self.plan(value)


class CompiledJSONParser(JSONParser):
    """One per client (botocore asks the factory for a parser for every response; the
    factory hands out this one, whose plans are for that client's service)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._plans: dict[tuple[str, str], Plan | _Pending] = {}  # complete plans only
        self._compiling: dict[tuple[str, str], Plan | _Pending] = {}
        self._lock = threading.RLock()  # batch writes parse from several threads

    def _parse_shape(self, shape: Shape, node: Any) -> Any:
        key = (shape.name, shape.type_name)
        try:
            plan = self._plans[key]
        except KeyError:
            with self._lock:
                plan = self._plan(shape)
                self._plans.update(self._compiling)
                self._compiling.clear()
        return node if plan is None else plan(node)

    def _plan(self, shape: Shape) -> Plan | _Pending:
        key = (shape.name, shape.type_name)
        for known in (self._plans, self._compiling):
            if key in known:
                return known[key]
        plans = self._compiling
        kind = shape.type_name
        if kind in _PLAIN:
            plan: Plan = None
        elif kind == "blob":
            plan = self._blob_parser
        elif kind == "timestamp":
            plan = self._timestamp_parser
        elif kind == "list":
            plan = self._list_plan(shape)
        elif kind == "map":
            plan = self._map_plan(shape)
        elif kind == "structure" and not shape.is_document_type:
            pending = plans[key] = _Pending()
            pending.plan = self._structure_plan(shape)
            return pending
        else:  # a document, or a type botocore may add: its own walk

            def plan(value, shape=shape):
                return super(CompiledJSONParser, self)._parse_shape(shape, value)

        plans[key] = plan
        return plan

    def _list_plan(self, shape: Shape) -> Plan:
        member = self._plan(shape.member)
        if member is None:
            return list
        return lambda node: [None if item is None else member(item) for item in node]

    def _map_plan(self, shape: Shape) -> Plan:
        key_plan, value_plan = self._plan(shape.key), self._plan(shape.value)
        if key_plan is None and value_plan is None:
            return dict
        key_plan = key_plan or _same
        value_plan = value_plan or _same
        return lambda node: {key_plan(k): value_plan(v) for k, v in node.items()}

    def _structure_plan(self, shape: Shape) -> Callable[[Any], Any]:
        members = [
            (name, member.serialization.get("name", name), self._plan(member) or _same)
            for name, member in shape.members.items()
        ]
        by_json_name = {json_name: (name, plan) for name, json_name, plan in members}

        def structure(value):
            if value is None:
                return None
            if type(value) is dict and len(value) == 1:
                # One member given (an AttributeValue, nearly always): look it up instead
                # of trying every member.
                ((json_name, raw),) = value.items()
                found = by_json_name.get(json_name)
                if found is None or raw is None:
                    return {}
                return {found[0]: found[1](raw)}
            parsed = {}
            for name, json_name, plan in members:
                raw = value.get(json_name)
                if raw is not None:
                    parsed[name] = plan(raw)
            return parsed

        if not shape.is_tagged_union:
            return structure

        def tagged_union(value):
            # The usual case, one known member with a value, answers as botocore does;
            # anything else (unknown tags, several members) takes botocore's own checks.
            if type(value) is dict and len(value) == 1:
                ((json_name, raw),) = value.items()
                found = by_json_name.get(json_name)
                if found is not None and raw is not None:
                    return {found[0]: found[1](raw)}
            return super(CompiledJSONParser, self)._handle_structure(shape, value)

        return tagged_union


def _same(value):
    return value


class CompiledParserFactory(ResponseParserFactory):
    """botocore's factory, handing out one compiled parser for the JSON protocol (register
    one factory per client: the parser's plans are for one service's shapes)."""

    def __init__(self):
        super().__init__()
        self._json_parser: CompiledJSONParser | None = None

    def create_parser(self, protocol_name):
        if protocol_name != "json":
            return PROTOCOL_PARSERS[protocol_name](**self._defaults)
        if self._json_parser is None:
            self._json_parser = CompiledJSONParser(**self._defaults)
        return self._json_parser
