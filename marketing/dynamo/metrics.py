"""Every DynamoDB call of the console, measured: latency, errors, throttles, retries, capacity.

botocore event hooks on the interactive and batch clients (installed by client.py) see each
call once, whoever makes it (repositories, transactions, provisioning, commands):

- `before-parameter-build`: start the clock, note the table, and ask for
  `ReturnConsumedCapacity: TOTAL` where the operation takes it and the caller did not say;
- `after-call`: the call got an answer (a success or an error answer such as a throttle);
  botocore's own retries are inside it, their number in `ResponseMetadata.RetryAttempts`;
- `after-call-error`: the call got no answer (connection refused, timed out).

Figures add up in this process, per (UTC minute, operation, table), in a fixed-bucket
latency histogram (`BUCKETS_MS`) beside the counts. `flush()` writes each key as one ADD
UpdateItem (marketing.dynamo.metrics_store) through a client without these hooks, so
metric writes never measure themselves and never add a call to the measured clients.
A background thread flushes every `flush_seconds` and once more at exit; it starts at the
first call a process makes, so each gunicorn worker (forked) and each command has its own.
Nothing here may fail a caller's request: every hook and every flush swallows and logs.
"""

import atexit
import logging
import math
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)

# Upper bounds of the latency buckets, in milliseconds; a last bucket holds what is slower.
BUCKETS_MS: tuple[int, ...] = (
    *(1, 2, 5, 10, 20, 30, 50, 75, 100),
    *(150, 200, 300, 500, 1000, 2000, 5000),
)
THROTTLING_CODES = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "LimitExceededException",
    }
)
# The caller's own condition did not hold (optimistic locking, create-if-absent): an
# answer the application asked for, counted apart from the errors.
CONDITION_CODES = frozenset({"ConditionalCheckFailedException", "TransactionCanceledException"})
READ_OPERATIONS = frozenset({"GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems"})
WRITE_OPERATIONS = frozenset(
    {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}
)
NO_TABLE = "-"
SEVERAL_TABLES = "*"
_CONTEXT_KEY = "console_metrics"
_clock = time.perf_counter  # the stopwatch of every call (tests put their own)


def kind_of(operation: str) -> str:
    """read, write or control (table management: no latency target)."""
    if operation in READ_OPERATIONS:
        return "read"
    if operation in WRITE_OPERATIONS:
        return "write"
    return "control"


def bucket_index(milliseconds: float) -> int:
    for index, bound in enumerate(BUCKETS_MS):
        if milliseconds <= bound:
            return index
    return len(BUCKETS_MS)


@dataclass
class CallFigures:
    """What a set of calls amounted to; `buckets[i]` counts calls of at most BUCKETS_MS[i]
    ms (and more than the bound before), the last one those slower than every bound."""

    calls: int = 0
    errors: int = 0  # failed calls, throttles included, condition failures not
    throttles: int = 0
    condition_failures: int = 0
    retries: int = 0
    capacity_milli: int = 0  # consumed capacity units x 1000
    buckets: list[int] = field(default_factory=lambda: [0] * (len(BUCKETS_MS) + 1))

    def add(self, other: "CallFigures") -> "CallFigures":
        self.calls += other.calls
        self.errors += other.errors
        self.condition_failures += other.condition_failures
        self.throttles += other.throttles
        self.retries += other.retries
        self.capacity_milli += other.capacity_milli
        self.buckets = [a + b for a, b in zip(self.buckets, other.buckets, strict=True)]
        return self

    @property
    def capacity_units(self) -> float:
        return self.capacity_milli / 1000

    @property
    def error_rate(self) -> float | None:
        return self.errors / self.calls if self.calls else None

    def percentile_ms(self, fraction: float) -> float | None:
        """The upper bound of the bucket holding the `fraction` quantile (None: no calls;
        math.inf: slower than the last bound). A bucket bound, never an interpolation, so
        "p99 <= 50 ms" reads exactly as "99 % of the calls took 50 ms or less"."""
        total = sum(self.buckets)
        if not total:
            return None
        rank = max(1, math.ceil(fraction * total))
        seen = 0
        for index, count in enumerate(self.buckets):
            seen += count
            if seen >= rank:
                return float(BUCKETS_MS[index]) if index < len(BUCKETS_MS) else math.inf
        return math.inf


# (epoch minute, operation, table) -> figures
MinuteKey = tuple[int, str, str]


class CallRecorder:
    """The process's buffer of call figures."""

    def __init__(self, clock: Callable[[], float] = time.time):
        self.clock = clock
        self._lock = threading.Lock()
        self._figures: dict[MinuteKey, CallFigures] = {}

    def record(
        self,
        operation: str,
        table: str,
        seconds: float,
        *,
        error_code: str | None = None,
        retries: int = 0,
        capacity_units: float = 0.0,
    ) -> None:
        key = (int(self.clock() // 60), operation, table)
        with self._lock:
            figures = self._figures.get(key)
            if figures is None:
                figures = self._figures[key] = CallFigures()
            figures.calls += 1
            figures.buckets[bucket_index(seconds * 1000)] += 1
            figures.retries += retries
            figures.capacity_milli += round(capacity_units * 1000)
            if error_code in CONDITION_CODES:
                figures.condition_failures += 1
            elif error_code is not None:
                figures.errors += 1
                if error_code in THROTTLING_CODES:
                    figures.throttles += 1

    def take(self) -> dict[MinuteKey, CallFigures]:
        with self._lock:
            taken, self._figures = self._figures, {}
        return taken

    def give_back(self, figures: dict[MinuteKey, CallFigures]) -> None:
        """Figures a flush could not write, kept for the next one (at most an hour's)."""
        oldest = int(self.clock() // 60) - 60
        with self._lock:
            for key, value in figures.items():
                if key[0] < oldest:
                    continue
                mine = self._figures.get(key)
                self._figures[key] = value if mine is None else mine.add(value)

    def pending(self) -> int:
        with self._lock:
            return len(self._figures)

    def _after_fork(self) -> None:
        # A forked child (a gunicorn worker) starts with its own, empty buffer.
        self._lock = threading.Lock()
        self._figures = {}


class MetricsState:
    """Whether calls are measured, and how often the figures go to DynamoDB."""

    def __init__(self):
        self.enabled = True
        self.flush_seconds = 0.0  # 0: no background flush (flush() by hand); set by the app
        self.emf = False  # also log CloudWatch embedded metrics (metrics_emf) on each flush
        self.recorder = CallRecorder()
        self._thread: threading.Thread | None = None
        self._thread_pid = 0
        self._start_lock = threading.Lock()
        self._stop = threading.Event()
        self._at_exit_registered = False

    def configure(
        self,
        *,
        enabled: bool | None = None,
        flush_seconds: float | None = None,
        emf: bool | None = None,
    ):
        if emf is not None:
            self.emf = emf
        if enabled is not None:
            self.enabled = enabled
        if flush_seconds is not None:
            self.flush_seconds = max(0.0, flush_seconds)

    def ensure_flushing(self) -> None:
        if self.flush_seconds <= 0:
            return
        pid = os.getpid()
        if self._thread is not None and self._thread_pid == pid:
            return
        with self._start_lock:
            if self._thread is not None and self._thread_pid == pid:
                return
            self._stop = threading.Event()
            self._thread = threading.Thread(
                target=self._flush_loop, name="dynamodb-metrics-flush", daemon=True
            )
            self._thread_pid = pid
            self._thread.start()
            if not self._at_exit_registered:
                atexit.register(self._flush_at_exit)
                self._at_exit_registered = True

    def _flush_loop(self) -> None:
        stop = self._stop
        while not stop.wait(self.flush_seconds or 1):
            flush()

    def _flush_at_exit(self) -> None:
        if self._thread_pid == os.getpid() and self.enabled:
            flush(at_exit=True)

    def _after_fork(self) -> None:
        self.recorder._after_fork()
        self._thread = None
        self._thread_pid = 0
        self._start_lock = threading.Lock()


state = MetricsState()
os.register_at_fork(after_in_child=state._after_fork)


def configure(
    *, enabled: bool | None = None, flush_seconds: float | None = None, emf: bool | None = None
) -> None:
    state.configure(enabled=enabled, flush_seconds=flush_seconds, emf=emf)


def flush(client=None, *, at_exit: bool = False) -> int:
    """Write the buffered figures (one UpdateItem per minute, operation and table); the
    number of items written. Never raises: a failure is logged and the figures kept."""
    taken = state.recorder.take()
    if not taken:
        return 0
    from marketing.dynamo import metrics_store

    everything = dict(taken)  # write() removes each key it has written from `taken`
    written = 0
    try:
        written = metrics_store.write(taken, client=client)
    except Exception as exc:
        if at_exit:
            logger.warning("DynamoDB call metrics of this process not written (%s)", exc)
        else:
            logger.warning("DynamoDB call metrics not written (%s); kept for the next flush", exc)
            state.recorder.give_back(taken)  # what is left in it was not written
    if state.emf:
        _publish_emf({key: value for key, value in everything.items() if key not in taken})
    return written


def _publish_emf(figures) -> None:
    try:
        from marketing.dynamo import metrics_emf
        from marketing.dynamo.config import get_config

        metrics_emf.publish(figures, get_config().table_prefix)
    except Exception:
        logger.warning("DynamoDB call metrics not published as embedded metrics", exc_info=True)


# --- the hooks ------------------------------------------------------------------------------


def install(events) -> None:
    """Measure every call of the client whose `meta.events` these are."""
    # A unique_id is unique across every event of the emitter: one each.
    events.register(
        "before-parameter-build.dynamodb", _before_call, unique_id="console-metrics-start"
    )
    events.register("after-call.dynamodb", _after_call, unique_id="console-metrics-answer")
    events.register(
        "after-call-error.dynamodb", _after_call_error, unique_id="console-metrics-no-answer"
    )


def _before_call(params, model, context, **_):
    if not state.enabled:
        return
    try:
        context[_CONTEXT_KEY] = (_clock(), table_label(params))
        if "ReturnConsumedCapacity" in model.input_shape.members:
            params.setdefault("ReturnConsumedCapacity", "TOTAL")
    except Exception:
        logger.debug("metrics: could not note a call", exc_info=True)


def _after_call(http_response, parsed, model, context, **_):
    started = context.pop(_CONTEXT_KEY, None)
    if started is None:
        return
    try:
        start, table = started
        metadata = parsed.get("ResponseMetadata") or {}
        error_code = None
        if http_response.status_code >= 300:
            error_code = (parsed.get("Error") or {}).get("Code") or "Error"
        state.recorder.record(
            model.name,
            table,
            _clock() - start,
            error_code=error_code,
            retries=int(metadata.get("RetryAttempts") or 0),
            capacity_units=consumed_units(parsed.get("ConsumedCapacity")),
        )
        state.ensure_flushing()
    except Exception:
        logger.debug("metrics: could not record a call", exc_info=True)


def _after_call_error(exception, context, event_name, **_):
    started = context.pop(_CONTEXT_KEY, None)
    if started is None:
        return
    try:
        start, table = started
        state.recorder.record(
            event_name.rsplit(".", 1)[-1],
            table,
            _clock() - start,
            error_code=type(exception).__name__,
        )
        state.ensure_flushing()
    except Exception:
        logger.debug("metrics: could not record a failed call", exc_info=True)


def consumed_units(consumed) -> float:
    if not consumed:
        return 0.0
    entries = consumed if isinstance(consumed, list) else [consumed]
    return sum(float(entry.get("CapacityUnits") or 0) for entry in entries)


def table_label(params: dict) -> str:
    """The table a call is about, without the configured prefix; `*` for several."""
    from marketing.dynamo.config import get_config

    names: set[str] = set()
    if "TableName" in params:
        names.add(params["TableName"])
    names.update((params.get("RequestItems") or {}).keys())
    for action in params.get("TransactItems") or ():
        for request in action.values():
            if isinstance(request, dict) and "TableName" in request:
                names.add(request["TableName"])
    if not names:
        return NO_TABLE
    if len(names) > 1:
        return SEVERAL_TABLES
    return names.pop().removeprefix(get_config().table_prefix)
