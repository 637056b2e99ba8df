"""Expressions: sort key conditions and placeholders for hand-built update expressions."""

from dataclasses import dataclass
from typing import Any

from boto3.dynamodb.conditions import ConditionBase, ConditionExpressionBuilder, Key

from marketing.dynamo import serde


@dataclass(frozen=True)
class SortKey:
    """A condition on the sort key of whatever table or index is queried."""

    operator: str
    values: tuple[str, ...]

    @classmethod
    def eq(cls, value: str) -> "SortKey":
        return cls("eq", (value,))

    @classmethod
    def lt(cls, value: str) -> "SortKey":
        return cls("lt", (value,))

    @classmethod
    def lte(cls, value: str) -> "SortKey":
        return cls("lte", (value,))

    @classmethod
    def gt(cls, value: str) -> "SortKey":
        return cls("gt", (value,))

    @classmethod
    def gte(cls, value: str) -> "SortKey":
        return cls("gte", (value,))

    @classmethod
    def between(cls, low: str, high: str) -> "SortKey":
        return cls("between", (low, high))

    @classmethod
    def begins_with(cls, prefix: str) -> "SortKey":
        return cls("begins_with", (prefix,))

    def on(self, attribute: str) -> ConditionBase:
        return getattr(Key(attribute), self.operator)(*self.values)


class Expression:
    """Placeholders for hand-built expressions (`#a0`, `:a0`), apart from boto3's `#n`/`:v`."""

    def __init__(self):
        self.names: dict[str, str] = {}
        self.values: dict[str, Any] = {}
        self._builder = ConditionExpressionBuilder()
        self._built_values: dict[str, Any] = {}

    def name(self, path: str) -> str:
        parts = []
        for segment in path.split("."):
            placeholder = next((p for p, n in self.names.items() if n == segment), None)
            if placeholder is None:
                placeholder = f"#a{len(self.names)}"
                self.names[placeholder] = segment
            parts.append(placeholder)
        return ".".join(parts)

    def value(self, value: Any) -> str:
        return self.encoded_value(serde.encode_value(value))

    def encoded_value(self, attribute: dict) -> str:
        placeholder = f":a{len(self.values)}"
        self.values[placeholder] = attribute
        return placeholder

    def version_check(self, expected_version: int | None, condition: ConditionBase | None) -> str:
        checks = []
        if expected_version is not None:
            checks.append(f"{self.name('version')} = {self.value(expected_version)}")
        if condition is not None:
            built = self._builder.build_expression(condition)
            self.names.update(built.attribute_name_placeholders)
            self._built_values.update(built.attribute_value_placeholders)
            checks.append(_grouped(built.condition_expression))
        return " AND ".join(checks)

    def parameters(self) -> dict[str, Any]:
        values = dict(self.values)
        values.update({p: serde.encode_value(v, p) for p, v in self._built_values.items()})
        parameters: dict[str, Any] = {}
        if self.names:
            parameters["ExpressionAttributeNames"] = dict(self.names)
        if values:
            parameters["ExpressionAttributeValues"] = values
        return parameters


def _grouped(expression: str) -> str:
    """The expression in one pair of parentheses. DynamoDB refuses redundant ones, and
    boto3 already encloses an AND or OR it builds: "(a OR b)" must not become "((a OR b))".
    """
    depth = 0
    for position, char in enumerate(expression):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0 and position < len(expression) - 1:
                return f"({expression})"  # the first group closes before the end
    return expression if expression.startswith("(") else f"({expression})"
