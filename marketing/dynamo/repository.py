"""The base repository: typed, versioned reads and writes on one table.

A concrete repository names its table spec and model and says where an item lives
(`keys_for`); its access patterns are named methods on top of `get`, `query` and the
writes here. AttributeValue dicts stay inside this module and serde.

Every write is optimistic-locked: `create` requires the item to be absent, `put`,
`update` and versioned `delete`s require the version the caller read. A failed check
reads the old item back (ReturnValuesOnConditionCheckFailure) to say which it was:
NotFound, ConcurrentModification (version moved) or ConditionFailed (extra condition).
"""

import functools
import hashlib
import json
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar, Generic, TypeVar

from boto3.dynamodb.conditions import Attr, ConditionBase, ConditionExpressionBuilder, Key
from botocore.exceptions import ClientError
from pydantic import BaseModel

from marketing.dynamo import errors, serde
from marketing.dynamo.backoff import Backoff
from marketing.dynamo.calls import translated_errors
from marketing.dynamo.client import ClientMode, get_client
from marketing.dynamo.config import get_config
from marketing.dynamo.expressions import Expression, SortKey
from marketing.dynamo.filters import where
from marketing.dynamo.models import AUDIT_FIELDS, DynamoModel
from marketing.dynamo.pagination import Page, decode_cursor, encode_cursor
from marketing.dynamo.tables import TableSpec
from marketing.dynamo.transactions import (
    PutAction,
    TransactAction,
    condition_failure,
    transact_write,
)

M = TypeVar("M", bound=DynamoModel)
R = TypeVar("R", bound=BaseModel)

ItemKey = tuple[str, str]

BATCH_GET_SIZE = 100
BATCH_WRITE_SIZE = 25
# Batch write requests sent at once; each chunk waits on its own round trip.
BATCH_WRITES_IN_FLIGHT = 4
# With a filter, read ahead this many items per request so a selective filter does
# not cost one round trip per kept item; the cursor then points at the last kept item.
FILTER_READ_AHEAD = 100

# A failed condition returns the old item, which tells NotFound from a version conflict.
_OLD_ON_FAILURE = {"ReturnValuesOnConditionCheckFailure": "ALL_OLD"}


# --- the repository -----------------------------------------------------------------------


class Repository(Generic[M]):
    spec: ClassVar[TableSpec]
    model: ClassVar[type[DynamoModel]]

    def __init__(
        self,
        *,
        mode: ClientMode = "interactive",
        backoff: Backoff | None = None,
        client=None,
        clock: Callable[[], float] = time.time,
    ):
        self.mode = mode
        self.backoff = backoff or Backoff()
        self.clock = clock
        self._client = client

    def keys_for(self, item: M) -> dict[str, str]:
        """PK, SK and the GSI keys of the indexes `item` belongs in (sparse: only those)."""
        raise NotImplementedError

    @property
    def client(self):
        return self._client or get_client(self.mode)

    @property
    def table_name(self) -> str:
        return self.spec.table_name(get_config().table_prefix)

    def where(self, **lookups: Any) -> ConditionBase | None:
        """A filter or condition from model field names (`location__city="서울"`)."""
        return where(self.model, **lookups)

    def absent(self) -> ConditionBase:
        """A condition that holds when the item does not exist."""
        return Attr(self.spec.pk).not_exists()

    # --- reads ----------------------------------------------------------------------------

    def get(self, pk: str, sk: str, *, consistent: bool = False) -> M:
        with translated_errors():
            response = self.client.get_item(
                TableName=self.table_name, Key=self._key(pk, sk), ConsistentRead=consistent
            )
        raw = response.get("Item")
        if raw is None or self._expired(raw):
            raise errors.NotFound(f"{self._label(pk, sk)} does not exist")
        return self._decode(raw)

    def query(
        self,
        *,
        partition_key_value: str,
        index: str | None = None,
        sk_condition: SortKey | None = None,
        filter: ConditionBase | None = None,
        projection: Sequence[str] | None = None,
        into: type[R] | None = None,
        limit: int = 20,
        newest_first: bool = False,
        cursor: str | None = None,
        consistent: bool = False,
    ) -> Page[Any]:
        """One page of a partition, in sort key order (reversed with `newest_first`).

        `projection` names the attributes to read; decode them `into` a smaller row model
        (given alone, `into` projects its own fields). With a `filter`, reads go on until
        the page is full or the partition is exhausted.
        """
        if limit < 1:
            raise ValueError("limit must be at least 1")
        model = into or self.model
        key_names = self._key_names(index)
        builder = ConditionExpressionBuilder()
        key_condition = Key(key_names[-2]).eq(partition_key_value)
        if sk_condition is not None:
            key_condition &= sk_condition.on(key_names[-1])
        built = builder.build_expression(key_condition, is_key_condition=True)
        names = dict(built.attribute_name_placeholders)
        values = dict(built.attribute_value_placeholders)
        request: dict[str, Any] = {
            "TableName": self.table_name,
            "KeyConditionExpression": built.condition_expression,
            "ScanIndexForward": not newest_first,
        }
        if index:
            request["IndexName"] = index
        if consistent:
            request["ConsistentRead"] = True
        if filter is not None:
            built_filter = builder.build_expression(filter)
            request["FilterExpression"] = built_filter.condition_expression
            names.update(built_filter.attribute_name_placeholders)
            values.update(built_filter.attribute_value_placeholders)
        scope = self._scope(request, values)
        if projection is None and into is not None:
            projection = _field_aliases(into)
        if projection is not None:
            # Keys for the cursor, ttl for the expiry check; both dropped again on decode.
            wanted = [*projection, *key_names]
            if self.spec.ttl_attribute:
                wanted.append(self.spec.ttl_attribute)
            placeholders = {f"#p{i}": name for i, name in enumerate(dict.fromkeys(wanted))}
            request["ProjectionExpression"] = ", ".join(placeholders)
            names.update(placeholders)
        if names:
            request["ExpressionAttributeNames"] = names
        if values:
            request["ExpressionAttributeValues"] = {
                placeholder: serde.encode_value(value, placeholder)
                for placeholder, value in values.items()
            }
        start_key = decode_cursor(cursor, scope) if cursor else None
        items, last_key = self._fill_page(
            request, model, key_names, limit, filtered=filter is not None, start_key=start_key
        )
        return Page(items=items, next_cursor=encode_cursor(last_key, scope) if last_key else None)

    def _fill_page(self, request, model, key_names, limit, *, filtered, start_key):
        items: list = []
        last_kept = None
        while True:
            wanted = limit - len(items)
            request["Limit"] = max(wanted, FILTER_READ_AHEAD) if filtered else wanted
            if start_key:
                request["ExclusiveStartKey"] = start_key
            with translated_errors():
                response = self.client.query(**request)
            raws = response.get("Items", [])
            for position, raw in enumerate(raws):
                if len(items) == limit:
                    # Read past a full page: resume after the last item kept.
                    if any(not self._expired(r) for r in raws[position:]) or response.get(
                        "LastEvaluatedKey"
                    ):
                        return items, {name: last_kept[name] for name in key_names}
                    break
                if not self._expired(raw):
                    items.append(self._decode(raw, model))
                    last_kept = raw
            start_key = response.get("LastEvaluatedKey")
            if not start_key or len(items) == limit:
                return items, start_key

    def batch_get(self, keys: Iterable[ItemKey], *, consistent: bool = False) -> list[M]:
        """The items that exist among `keys` (duplicates ignored), in the order asked."""
        unique = list(dict.fromkeys(keys))
        found: dict[ItemKey, M] = {}
        table = self.table_name
        for chunk in _chunks(unique, BATCH_GET_SIZE):
            pending = {
                table: {
                    "Keys": [self._key(pk, sk) for pk, sk in chunk],
                    "ConsistentRead": consistent,
                }
            }
            attempt = 1
            while pending:
                with translated_errors():
                    response = self.client.batch_get_item(RequestItems=pending)
                for raw in response.get("Responses", {}).get(table, []):
                    if not self._expired(raw):
                        found[self._item_key(raw)] = self._decode(raw)
                pending = response.get("UnprocessedKeys") or {}
                if pending and attempt >= self.backoff.max_attempts:
                    left = len(pending[table]["Keys"])
                    raise errors.Throttled(
                        f"{left} key(s) of {table} stayed unprocessed after {attempt} attempts"
                    )
                if pending:
                    self.backoff.wait(attempt - 1)
                    attempt += 1
        return [found[key] for key in unique if key in found]

    # --- single-item writes ---------------------------------------------------------------

    def create(self, item: M, *, actor: str) -> M:
        """Write a new item (version 1); ConditionFailed if its key is taken."""
        action = self.create_action(item, actor=actor)
        new = action.item
        try:
            with translated_errors():
                self.client.put_item(**action.request)
        except errors.ConditionFailed as exc:
            raise errors.ConditionFailed(f"{action.label} already exists") from exc
        return new

    def put(
        self,
        item: M,
        *,
        expected_version: int,
        actor: str,
        condition: ConditionBase | None = None,
    ) -> M:
        """Replace the whole item, if it still has `expected_version`."""
        action = self.put_action(
            item, expected_version=expected_version, actor=actor, condition=condition
        )
        self._run_versioned(action, self.client.put_item)
        return action.item

    def update(
        self,
        pk: str,
        sk: str,
        *,
        set: dict[str, Any] | None = None,
        remove: Sequence[str] = (),
        add: dict[str, Any] | None = None,
        expected_version: int,
        actor: str,
        condition: ConditionBase | None = None,
    ) -> M:
        """Change some attributes, if the item still has `expected_version`; the new item.

        Names are model field names or attribute names, dotted for nested maps
        (`location.city`). A None (or empty set) in `set` removes the attribute.
        """
        action = self.update_action(
            pk,
            sk,
            set=set,
            remove=remove,
            add=add,
            expected_version=expected_version,
            actor=actor,
            condition=condition,
        )
        response = self._run_versioned(action, self.client.update_item, ReturnValues="ALL_NEW")
        return self._decode(response["Attributes"])

    def increment(
        self,
        pk: str,
        sk: str,
        counters: dict[str, int],
        *,
        actor: str,
        initial: dict[str, Any] | None = None,
    ) -> M:
        """Atomically add to counters, creating the item if needed; the new item.

        For statistics, not edited entities: an unconditional ADD never loses a
        concurrent increment, where read-then-versioned-update would have to retry.
        `initial` attributes are written only when the item is created.
        """
        action = self.increment_action(pk, sk, counters, actor=actor, initial=initial)
        with translated_errors():
            response = self.client.update_item(**action.request, ReturnValues="ALL_NEW")
        return self._decode(response["Attributes"])

    def increment_action(
        self,
        pk: str,
        sk: str,
        counters: dict[str, int],
        *,
        actor: str,
        initial: dict[str, Any] | None = None,
    ) -> TransactAction:
        """`increment` as an action, to count in the same transaction as other writes."""
        if not counters or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in counters.values()
        ):
            raise ValueError("increment needs {attribute: int}")
        initial = initial or {}
        self._check_writable([*counters, *initial])
        names = {"#ca": "createdAt", "#cb": "createdBy", "#ua": "updatedAt", "#ub": "updatedBy"}
        values: dict[str, Any] = {
            ":now": serde.encode_value(serde.utcnow()),
            ":by": {"S": _actor(actor)},
            ":one": {"N": "1"},
        }
        sets = ["#ca = if_not_exists(#ca, :now)", "#cb = if_not_exists(#cb, :by)"]
        sets += ["#ua = :now", "#ub = :by"]
        for number, (field, value) in enumerate(initial.items()):
            names[f"#i{number}"] = self._attribute(field)
            values[f":i{number}"] = serde.encode_value(value, path=field)
            sets.append(f"#i{number} = if_not_exists(#i{number}, :i{number})")
        names["#version"] = "version"
        adds = ["#version :one"]
        for number, (field, amount) in enumerate(counters.items()):
            names[f"#c{number}"] = self._attribute(field)
            values[f":c{number}"] = {"N": str(amount)}
            adds.append(f"#c{number} :c{number}")
        request = {
            "TableName": self.table_name,
            "Key": self._key(pk, sk),
            "UpdateExpression": f"SET {', '.join(sets)} ADD {', '.join(adds)}",
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
        }
        return TransactAction("Update", request, None, self._label(pk, sk))

    def delete(
        self,
        pk: str,
        sk: str,
        *,
        expected_version: int | None = None,
        condition: ConditionBase | None = None,
    ) -> None:
        """Delete the item; with `expected_version`, only if it still has that version."""
        action = self.delete_action(pk, sk, expected_version=expected_version, condition=condition)
        if expected_version is None and condition is None:
            with translated_errors():
                self.client.delete_item(**action.request)
            return
        self._run_versioned(action, self.client.delete_item)

    def _run_versioned(self, action: TransactAction, call, **extra) -> dict:
        try:
            with translated_errors(versioned=True):
                return call(**action.request, **extra)
        except errors.ConcurrentModification as exc:
            cause = exc.__cause__
            old = cause.response.get("Item") if isinstance(cause, ClientError) else None
            if old and self._expired(old):
                old = None
            if action.expected_version is None:
                if old is None:
                    raise errors.NotFound(f"{action.label} does not exist") from cause
                raise errors.ConditionFailed(f"{action.label}: condition did not hold") from cause
            raise condition_failure(old, action.expected_version, action.label) from cause

    # --- actions (single writes and transactions) -----------------------------------------

    def create_action(self, item: M, *, actor: str) -> PutAction:
        now = serde.utcnow()
        new = item.model_copy(
            update={
                "version": 1,
                "created_at": now,
                "updated_at": now,
                "created_by": _actor(actor),
                "updated_by": actor,
            }
        )
        raw = self._encode(new)
        request = {
            "TableName": self.table_name,
            "Item": raw,
            "ConditionExpression": "attribute_not_exists(#pk)",
            "ExpressionAttributeNames": {"#pk": self.spec.pk},
        }
        label = self._label(raw[self.spec.pk]["S"], raw[self.spec.sk]["S"])
        return PutAction("Put", request, None, label, new)

    def put_action(
        self,
        item: M,
        *,
        expected_version: int,
        actor: str,
        condition: ConditionBase | None = None,
    ) -> PutAction:
        new = item.model_copy(
            update={
                "version": expected_version + 1,
                "updated_at": serde.utcnow(),
                "updated_by": _actor(actor),
            }
        )
        raw = self._encode(new)
        expression = Expression()
        check = expression.version_check(expected_version, condition)
        request = {"TableName": self.table_name, "Item": raw, "ConditionExpression": check}
        request.update(expression.parameters(), **_OLD_ON_FAILURE)
        label = self._label(raw[self.spec.pk]["S"], raw[self.spec.sk]["S"])
        return PutAction("Put", request, expected_version, label, new)

    def update_action(
        self,
        pk: str,
        sk: str,
        *,
        set: dict[str, Any] | None = None,
        remove: Sequence[str] = (),
        add: dict[str, Any] | None = None,
        expected_version: int,
        actor: str,
        condition: ConditionBase | None = None,
    ) -> TransactAction:
        expression = Expression()
        now = serde.format_timestamp(serde.utcnow())
        assignments = [
            f"{expression.name('version')} = {expression.name('version')} + {expression.value(1)}",
            f"{expression.name('updatedAt')} = {expression.value(now)}",
            f"{expression.name('updatedBy')} = {expression.value(_actor(actor))}",
        ]
        removals = [expression.name(self._attribute(name)) for name in remove]
        for name, value in (set or {}).items():
            attribute = serde.encode_or_omit(value, name)
            path = expression.name(self._attribute(name))
            if attribute is None:
                removals.append(path)
            else:
                assignments.append(f"{path} = {expression.encoded_value(attribute)}")
        additions = [
            f"{expression.name(self._attribute(name))} {expression.value(value)}"
            for name, value in (add or {}).items()
        ]
        self._check_writable([*(set or {}), *remove, *(add or {})])
        update = "SET " + ", ".join(assignments)
        if removals:
            update += " REMOVE " + ", ".join(removals)
        if additions:
            update += " ADD " + ", ".join(additions)
        request = {
            "TableName": self.table_name,
            "Key": self._key(pk, sk),
            "UpdateExpression": update,
            "ConditionExpression": expression.version_check(expected_version, condition),
        }
        request.update(expression.parameters(), **_OLD_ON_FAILURE)
        return TransactAction("Update", request, expected_version, self._label(pk, sk))

    def delete_action(
        self,
        pk: str,
        sk: str,
        *,
        expected_version: int | None = None,
        condition: ConditionBase | None = None,
    ) -> TransactAction:
        request: dict[str, Any] = {"TableName": self.table_name, "Key": self._key(pk, sk)}
        if expected_version is not None or condition is not None:
            expression = Expression()
            request["ConditionExpression"] = expression.version_check(expected_version, condition)
            request.update(expression.parameters(), **_OLD_ON_FAILURE)
        return TransactAction("Delete", request, expected_version, self._label(pk, sk))

    def condition_check_action(
        self,
        pk: str,
        sk: str,
        *,
        expected_version: int,
        condition: ConditionBase | None = None,
    ) -> TransactAction:
        expression = Expression()
        request = {
            "TableName": self.table_name,
            "Key": self._key(pk, sk),
            "ConditionExpression": expression.version_check(expected_version, condition),
        }
        request.update(expression.parameters(), **_OLD_ON_FAILURE)
        return TransactAction("ConditionCheck", request, expected_version, self._label(pk, sk))

    def transact_write(self, actions: Sequence[TransactAction]) -> None:
        transact_write(actions, client=self.client)

    def apply(self, actions: Sequence[TransactAction]) -> None:
        """Write several actions all or none (a transaction), or a lone one on its own,
        which costs half the write capacity of a transaction of one."""
        if len(actions) != 1 or actions[0].kind == "ConditionCheck":
            self.transact_write(actions)
            return
        action = actions[0]
        call = {
            "Put": self.client.put_item,
            "Update": self.client.update_item,
            "Delete": self.client.delete_item,
        }[action.kind]
        if action.kind == "Put" and action.expected_version is None:
            try:
                with translated_errors():
                    call(**action.request)
            except errors.ConditionFailed as exc:
                raise errors.ConditionFailed(f"{action.label} already exists") from exc
            return
        self._run_versioned(action, call)

    # --- batch writes ---------------------------------------------------------------------

    def batch_write(
        self,
        *,
        put_items: Iterable[M] = (),
        delete_keys: Iterable[ItemKey] = (),
        actor: str,
        in_flight: int = BATCH_WRITES_IN_FLIGHT,
    ) -> int:
        """Unconditional bulk puts and deletes (imports, seeding, clean-up); the count sent.

        DynamoDB allows no conditions in a batch, so the last writer wins: never use this
        for edits made in the console. Duplicate keys are dropped, the last one winning
        (deletes come after puts). Every item is encoded before anything is sent, so a bad
        item fails the call with nothing written.

        Up to `in_flight` requests of 25 are sent at once (the client is thread-safe):
        a bulk load is bound by round trips, and the requests touch disjoint keys.
        Unprocessed items are retried with backoff; whatever is left raises
        BatchWriteIncomplete with the failed puts (models) and deletes. Any other error
        starts no further request, lets those in flight finish, and is raised; what was
        already written stays written (a batch is never atomic).
        """
        now = serde.utcnow()
        requests: dict[ItemKey, dict] = {}
        put_models: dict[ItemKey, M] = {}
        for item in put_items:
            stamped = _stamp_for_batch(item, _actor(actor), now)
            raw = self._encode(stamped)
            key = self._item_key(raw)
            requests[key] = {"PutRequest": {"Item": raw}}
            put_models[key] = stamped
        for pk, sk in delete_keys:
            requests.pop((pk, sk), None)  # so the delete lands at the end, last-wins order
            requests[(pk, sk)] = {"DeleteRequest": {"Key": self._key(pk, sk)}}
            put_models.pop((pk, sk), None)

        chunks = list(_chunks(list(requests.values()), BATCH_WRITE_SIZE))
        outcomes = self._write_chunks(chunks, in_flight)
        failed = [request for left, _ in outcomes for request in left]
        if failed:
            most_attempts = max(attempts for _, attempts in outcomes)
            raise errors.BatchWriteIncomplete(
                self.table_name,
                [self._failed_write(r, put_models) for r in failed],
                most_attempts,
            )
        return len(requests)

    def _write_chunks(self, chunks: list[list[dict]], in_flight: int) -> list[tuple[list, int]]:
        return write_raw_chunks(
            self.client, self.table_name, chunks, backoff=self.backoff, in_flight=in_flight
        )

    def _failed_write(self, request: dict, put_models: dict) -> dict:
        if "PutRequest" in request:
            key = self._item_key(request["PutRequest"]["Item"])
            return {"action": "put", "key": key, "item": put_models[key]}
        key = self._item_key(request["DeleteRequest"]["Key"])
        return {"action": "delete", "key": key, "item": None}

    # --- encoding and keys ----------------------------------------------------------------

    def _encode(self, item: M) -> serde.RawItem:
        raw = serde.encode_item(item)
        keys = self.keys_for(item)
        if self.spec.pk not in keys or self.spec.sk not in keys:
            raise ValueError(f"keys_for must give {self.spec.pk} and {self.spec.sk}")
        unknown = keys.keys() - self.spec.key_attribute_set
        if unknown:
            raise ValueError(f"keys_for gave attributes that are no keys: {sorted(unknown)}")
        for name, value in keys.items():
            raw[name] = {"S": value}
        return raw

    def _decode(self, raw: serde.RawItem, model: type[BaseModel] | None = None) -> Any:
        model = model or self.model
        foreign = _undeclared_keys(model, self.spec)
        decode = serde.decode_value
        data = {name: decode(value) for name, value in raw.items() if name not in foreign}
        return model.model_validate(data)

    def _expired(self, raw: serde.RawItem) -> bool:
        ttl_name = self.spec.ttl_attribute
        if ttl_name is None or ttl_name not in raw:
            return False
        ttl = raw[ttl_name].get("N")
        return ttl is not None and serde.decode_value({"N": ttl}) <= self.clock()

    def _key(self, pk: str, sk: str) -> serde.RawItem:
        return {self.spec.pk: {"S": pk}, self.spec.sk: {"S": sk}}

    def _item_key(self, raw: serde.RawItem) -> ItemKey:
        return raw[self.spec.pk]["S"], raw[self.spec.sk]["S"]

    def _key_names(self, index: str | None) -> list[str]:
        names = [self.spec.pk, self.spec.sk]
        if index:
            spec = self.spec.index(index)
            names += [spec.pk, spec.sk]
        return names

    def _attribute(self, name: str) -> str:
        """A model field name (first segment of a dotted path) as its stored attribute name."""
        head, dot, rest = name.partition(".")
        field = self.model.model_fields.get(head)
        if field is not None and field.alias:
            head = field.alias
        return head + dot + rest

    def _check_writable(self, names: Iterable[str]) -> None:
        protected = {self.spec.pk, self.spec.sk, *AUDIT_FIELDS}
        touched = {self._attribute(name).split(".", 1)[0] for name in names}
        if touched & protected:
            raise ValueError(f"{sorted(touched & protected)} are set by the repository only")

    def _scope(self, request: dict, values: dict) -> str:
        """What a cursor is valid for: this table, index, key condition, filter, order."""
        parts = {k: request.get(k) for k in ("KeyConditionExpression", "FilterExpression")}
        parts["forward"] = request["ScanIndexForward"]
        parts["values"] = values
        digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=repr).encode())
        return f"{request['TableName']}/{request.get('IndexName', '')}/{digest.hexdigest()[:32]}"

    def _label(self, pk: str, sk: str) -> str:
        return f"{self.spec.key} item {pk} / {sk}"


def write_raw_chunks(
    client, table: str, chunks: list[list[dict]], *, backoff: Backoff, in_flight: int
) -> list[tuple[list, int]]:
    """Send BatchWriteItem requests (chunks of <= 25 raw Put/DeleteRequests) to `table`:
    (requests left unprocessed, attempts made) for each chunk, in chunk order.

    Up to `in_flight` chunks go at once; UnprocessedItems are retried with `backoff`.
    Any other error starts no further chunk, lets those in flight finish, and is raised.
    Shared by Repository.batch_write and the backup/migration tools, which write raw items.
    """
    stop = threading.Event()

    def write(chunk: list[dict]) -> tuple[list, int]:
        if stop.is_set():
            return [], 0  # never sent: an earlier chunk's error is being raised
        try:
            return _write_raw_chunk(client, table, chunk, backoff)
        except BaseException:
            stop.set()
            raise

    if in_flight <= 1 or len(chunks) <= 1:
        return [write(chunk) for chunk in chunks]
    workers = min(in_flight, len(chunks))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="batch-write") as pool:
        futures = [pool.submit(write, chunk) for chunk in chunks]
    return [future.result() for future in futures]  # the first failed chunk's error


def _write_raw_chunk(client, table: str, chunk: list[dict], backoff: Backoff) -> tuple[list, int]:
    pending, attempt = chunk, 1
    while True:
        with translated_errors():
            response = client.batch_write_item(RequestItems={table: pending})
        pending = (response.get("UnprocessedItems") or {}).get(table, [])
        if not pending or attempt >= backoff.max_attempts:
            return pending, attempt
        backoff.wait(attempt - 1)
        attempt += 1


def _actor(actor: str) -> str:
    if not isinstance(actor, str) or not actor.strip():
        raise ValueError("every write needs an actor: a staff username or system:<command>")
    return actor


def _stamp_for_batch(item: DynamoModel, actor: str, now) -> Any:
    update = {"version": item.version + 1, "updated_at": now, "updated_by": actor}
    if item.version == 0:
        update.update(created_at=now, created_by=actor)
    return item.model_copy(update=update)


@functools.cache
def _undeclared_keys(model: type[BaseModel], spec: TableSpec) -> frozenset[str]:
    """Key attributes the model has no field for: dropped before validation."""
    declared = set(_field_aliases(model)) | set(model.model_fields)
    return frozenset(name for name in spec.key_attributes if name not in declared)


@functools.cache
def _field_aliases(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(field.alias or name for name, field in model.model_fields.items())


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
