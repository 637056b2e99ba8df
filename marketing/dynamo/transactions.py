"""Transactions: actions built by repositories, written all or none across tables."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from marketing.dynamo import errors
from marketing.dynamo.backoff import Backoff
from marketing.dynamo.calls import translated_errors
from marketing.dynamo.client import ClientMode, get_client

TRANSACTION_SIZE = 100

_TRANSACTION_THROTTLING = frozenset(
    {"ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded"}
)


@dataclass(frozen=True)
class TransactAction:
    """One action of a transaction, made by a repository's `*_action` methods."""

    kind: str  # Put, Update, Delete, ConditionCheck
    request: dict[str, Any]
    expected_version: int | None  # None: not a versioned action
    label: str  # table and key, for error messages

    def as_transact_item(self) -> dict[str, Any]:
        return {self.kind: self.request}


def transact_write(
    actions: Sequence[TransactAction],
    *,
    client=None,
    mode: ClientMode = "interactive",
    backoff: Backoff | None = None,
) -> None:
    """All of `actions` or none, across tables.

    A transaction cancelled only because another transaction was writing one of its items
    at that moment (TransactionConflict: shared counter items make that likely) applied
    nothing, so it is sent again after a backoff; its conditions are checked anew.
    """
    if not 0 < len(actions) <= TRANSACTION_SIZE:
        raise ValueError(f"a transaction holds 1-{TRANSACTION_SIZE} actions, not {len(actions)}")
    client = client or get_client(mode)
    backoff = backoff or Backoff()
    items = [a.as_transact_item() for a in actions]
    attempt = 1
    while True:
        try:
            with translated_errors():
                client.transact_write_items(TransactItems=items)
            return
        except errors.TransactionCanceled as exc:
            if _only_conflicts(exc) and attempt < backoff.max_attempts:
                backoff.wait(attempt - 1)
                attempt += 1
                continue
            raise _transaction_error(actions, exc) from exc


def _only_conflicts(exc: errors.TransactionCanceled) -> bool:
    codes = {code for code in exc.reasons if code not in (None, "None")}
    return codes == {"TransactionConflict"}


def _transaction_error(actions: Sequence[TransactAction], exc: errors.TransactionCanceled):
    cause = exc.__cause__
    reasons = (
        cause.response.get("CancellationReasons", []) if isinstance(cause, ClientError) else []
    )
    codes = {reason.get("Code") for reason in reasons}
    if codes & _TRANSACTION_THROTTLING:
        return errors.Throttled("DynamoDB throttled the transaction; try again shortly.")
    if "TransactionConflict" in codes:
        return errors.ConcurrentModification(
            "Another write touched the same items at the same time; reload and try again."
        )
    for action, reason in zip(actions, reasons, strict=False):
        if reason.get("Code") == "ConditionalCheckFailed":
            if action.expected_version is None:
                return errors.TransactionCanceled([r.get("Code") for r in reasons])
            return condition_failure(reason.get("Item"), action.expected_version, action.label)
    return exc


def condition_failure(old: dict | None, expected_version: int, label: str) -> Exception:
    if not old:
        return errors.NotFound(f"{label} does not exist")
    if old.get("version") != {"N": str(expected_version)}:
        return errors.ConcurrentModification(
            f"{label} was changed by someone else since it was read; reload and try again."
        )
    return errors.ConditionFailed(f"{label}: the condition of the write did not hold")


@dataclass(frozen=True)
class PutAction(TransactAction):
    item: Any = None  # the model as written (new version and audit fields)
