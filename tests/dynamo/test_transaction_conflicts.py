"""A transaction cancelled only by TransactionConflict (another transaction writing one of
its items, e.g. a shared counter, at that moment) applied nothing: it is sent again after
a backoff; any other cancellation is reported at once."""

import pytest
from botocore.exceptions import ClientError

from marketing.dynamo import errors
from marketing.dynamo.backoff import Backoff
from marketing.dynamo.transactions import TransactAction, transact_write

ACTIONS = [
    TransactAction("Update", {"TableName": "t", "Key": {}}, None, "counter"),
    TransactAction("Put", {"TableName": "t", "Item": {}}, 3, "match"),
]


def _cancelled(*codes):
    return ClientError(
        {
            "Error": {"Code": "TransactionCanceledException", "Message": "cancelled"},
            "CancellationReasons": [{"Code": code} for code in codes],
        },
        "TransactWriteItems",
    )


class FakeClient:
    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.calls = 0

    def transact_write_items(self, **request):
        self.calls += 1
        outcome = self.outcomes.pop(0)
        if outcome is not None:
            raise outcome


def _backoff(waits):
    return Backoff(base=0.01, max_attempts=4, sleep=waits.append, random=lambda: 0.5)


def test_a_conflict_is_retried_until_the_transaction_goes_through():
    waits = []
    client = FakeClient(_cancelled("TransactionConflict", "None"), None)
    transact_write(ACTIONS, client=client, backoff=_backoff(waits))
    assert client.calls == 2 and len(waits) == 1


def test_conflicts_that_never_clear_end_as_concurrent_modification():
    waits = []
    client = FakeClient(*[_cancelled("TransactionConflict", "None")] * 4)
    with pytest.raises(errors.ConcurrentModification):
        transact_write(ACTIONS, client=client, backoff=_backoff(waits))
    assert client.calls == 4 and len(waits) == 3


def test_a_failed_condition_is_not_retried():
    client = FakeClient(_cancelled("None", "ConditionalCheckFailed"))
    with pytest.raises(errors.NotFound):  # the condition failed on an item that is not there
        transact_write(ACTIONS, client=client, backoff=_backoff([]))
    assert client.calls == 1
