"""Batch reads and writes, with UnprocessedItems injected by a wrapping client."""

import threading
import time

import pytest
from botocore.exceptions import ClientError

from marketing.dynamo import errors
from marketing.dynamo.backoff import Backoff
from marketing.dynamo.client import get_client
from tests.dynamo.sample import MatchRepository, make_match


class FlakyClient:
    """Passes calls through, but the first `failures` batch calls process only one request."""

    def __init__(self, client, failures: int):
        self.client = client
        self.failures = failures
        self.batch_calls = 0
        self.lock = threading.Lock()  # batch_write sends chunks from several threads

    def batch_write_item(self, RequestItems):
        return self._flaky(RequestItems, self.client.batch_write_item, "UnprocessedItems")

    def batch_get_item(self, RequestItems):
        ((table, request),) = RequestItems.items()
        if self.batch_calls >= self.failures:
            self.batch_calls += 1
            return self.client.batch_get_item(RequestItems=RequestItems)
        self.batch_calls += 1
        first = {table: {**request, "Keys": request["Keys"][:1]}}
        response = self.client.batch_get_item(RequestItems=first)
        rest = request["Keys"][1:]
        response["UnprocessedKeys"] = {table: {**request, "Keys": rest}} if rest else {}
        return response

    def _flaky(self, request_items, call, unprocessed_name):
        ((table, requests),) = request_items.items()
        with self.lock:
            self.batch_calls += 1
            flaky = self.batch_calls <= self.failures
        if not flaky:
            return call(RequestItems=request_items)
        response = call(RequestItems={table: requests[:1]})
        response[unprocessed_name] = {table: requests[1:]} if requests[1:] else {}
        return response

    def __getattr__(self, name):
        return getattr(self.client, name)


class Recorder:
    def __init__(self):
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)


def backoff(recorder, *, max_attempts=8, jitter=lambda: 1.0):
    return Backoff(
        base=0.1, cap=0.4, max_attempts=max_attempts, sleep=recorder.sleep, random=jitter
    )


def test_backoff_is_exponential_capped_and_fully_jittered():
    full = Backoff(base=0.1, cap=0.4, random=lambda: 1.0)
    assert [full.delay(n) for n in range(5)] == [0.1, 0.2, 0.4, 0.4, 0.4]
    assert Backoff(base=0.1, cap=0.4, random=lambda: 0.0).delay(3) == 0.0
    assert Backoff(base=0.1, cap=0.4, random=lambda: 0.5).delay(1) == pytest.approx(0.1)
    with pytest.raises(ValueError):
        Backoff(base=1, cap=0.5)


def test_unprocessed_items_are_retried_until_none_are_left(dynamo_tables):
    recorder = Recorder()
    jitters = iter([0.9, 0.1, 0.5, 1.0])
    client = FlakyClient(get_client(), failures=4)
    repo = MatchRepository(client=client, backoff=backoff(recorder, jitter=lambda: next(jitters)))

    written = repo.batch_write(put_items=[make_match(i) for i in range(10)], actor="system:test")

    assert written == 10
    assert client.batch_calls == 5
    assert recorder.sleeps == pytest.approx([0.09, 0.02, 0.2, 0.4])
    assert all(0 <= s <= 0.4 for s in recorder.sleeps)
    stored = MatchRepository().batch_get(
        [(f"MATCH#m{i}", f"STORE#s1#CREATOR#c{i}") for i in range(10)]
    )
    assert len(stored) == 10
    assert {m.version for m in stored} == {1}
    assert {m.created_by for m in stored} == {"system:test"}


def test_batch_write_gives_up_with_the_failed_items(dynamo_tables):
    recorder = Recorder()
    client = FlakyClient(get_client(), failures=100)
    repo = MatchRepository(client=client, backoff=backoff(recorder, max_attempts=3))

    with pytest.raises(errors.BatchWriteIncomplete) as caught:
        repo.batch_write(
            put_items=[make_match(i) for i in range(5)],
            delete_keys=[("MATCH#gone", "STORE#s1#CREATOR#c9")],
            actor="system:test",
        )

    failure = caught.value
    assert failure.attempts == 3
    assert len(recorder.sleeps) == 2
    # Each attempt processed one request: 6 sent, 3 written, 3 left.
    assert [f["action"] for f in failure.failed_items] == ["put", "put", "delete"]
    assert [f["item"].match_id for f in failure.failed_items[:2]] == ["m3", "m4"]
    assert failure.failed_items[2]["key"] == ("MATCH#gone", "STORE#s1#CREATOR#c9")


def test_batch_write_chunks_by_25_and_drops_duplicate_keys(dynamo_tables):
    client = FlakyClient(get_client(), failures=0)
    repo = MatchRepository(client=client)
    first = [make_match(i, score=10) for i in range(60)]
    again = [make_match(i, score=20) for i in range(5)]

    written = repo.batch_write(
        put_items=first + again,
        delete_keys=[("MATCH#m59", "STORE#s1#CREATOR#c59")],
        actor="a",
    )

    assert written == 60
    assert client.batch_calls == 3
    stored = {
        m.match_id: m
        for m in MatchRepository().batch_get(
            [(f"MATCH#m{i}", f"STORE#s1#CREATOR#c{i}") for i in range(60)]
        )
    }
    assert len(stored) == 59 and "m59" not in stored
    assert stored["m0"].match_score == 20 and stored["m5"].match_score == 10


def test_batch_get_of_more_than_100_keys_in_order_with_retries(dynamo_tables):
    MatchRepository().batch_write(put_items=[make_match(i) for i in range(150)], actor="a")
    recorder = Recorder()
    client = FlakyClient(get_client(), failures=3)
    repo = MatchRepository(client=client, backoff=backoff(recorder))
    wanted = [(f"MATCH#m{i}", f"STORE#s1#CREATOR#c{i}") for i in reversed(range(150))]

    found = repo.batch_get([*wanted, wanted[0], ("MATCH#none", "STORE#s1#CREATOR#x")])

    assert [m.match_id for m in found] == [f"m{i}" for i in reversed(range(150))]
    assert len(recorder.sleeps) == 3


def test_batch_get_raises_throttled_when_keys_stay_unprocessed(dynamo_tables):
    client = FlakyClient(get_client(), failures=100)
    repo = MatchRepository(client=client, backoff=backoff(Recorder(), max_attempts=2))
    with pytest.raises(errors.Throttled):
        repo.batch_get([(f"MATCH#m{i}", "STORE#s1#CREATOR#c1") for i in range(5)])


class OverlapClient:
    """Answers batch writes itself after a pause, counting how many are in flight at once;
    the `fail_on`-th call raises a ValidationException."""

    def __init__(self, *, pause: float = 0.02, fail_on: int | None = None):
        self.pause = pause
        self.fail_on = fail_on
        self.lock = threading.Lock()
        self.calls = self.in_flight = self.most_in_flight = 0

    def batch_write_item(self, RequestItems):
        with self.lock:
            self.calls += 1
            number = self.calls
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            time.sleep(self.pause)
            if number == self.fail_on:
                error = {"Error": {"Code": "ValidationException", "Message": "bad item"}}
                raise ClientError(error, "BatchWriteItem")
            return {"UnprocessedItems": {}}
        finally:
            with self.lock:
                self.in_flight -= 1


def test_chunks_are_sent_up_to_in_flight_at_once(dynamo_tables):
    client = OverlapClient()
    written = MatchRepository(client=client).batch_write(
        put_items=[make_match(i) for i in range(250)], actor="a", in_flight=3
    )
    assert (written, client.calls, client.most_in_flight) == (250, 10, 3)


def test_one_in_flight_sends_one_chunk_at_a_time(dynamo_tables):
    client = OverlapClient(pause=0.005)
    MatchRepository(client=client).batch_write(
        put_items=[make_match(i) for i in range(100)], actor="a", in_flight=1
    )
    assert (client.calls, client.most_in_flight) == (4, 1)


def test_concurrent_chunks_all_land_and_duplicates_still_resolve_last_wins(dynamo_tables):
    first = [make_match(i, score=10) for i in range(120)]
    again = [make_match(i, score=30) for i in range(0, 120, 7)]
    MatchRepository().batch_write(
        put_items=first + again,
        delete_keys=[("MATCH#m1", "STORE#s1#CREATOR#c1")],
        actor="a",
        in_flight=4,
    )
    stored = {
        m.match_id: m.match_score
        for m in MatchRepository().batch_get(
            [(f"MATCH#m{i}", f"STORE#s1#CREATOR#c{i}") for i in range(120)]
        )
    }
    assert len(stored) == 119 and "m1" not in stored
    assert {stored[f"m{i}"] for i in range(0, 120, 7)} == {30}
    assert stored["m2"] == 10


def test_an_error_starts_no_further_chunk_and_is_raised(dynamo_tables):
    client = OverlapClient(pause=0.05, fail_on=2)
    with pytest.raises(errors.DynamoError, match="ValidationException: bad item"):
        MatchRepository(client=client).batch_write(
            put_items=[make_match(i) for i in range(250)], actor="a", in_flight=2
        )
    assert client.calls <= 3  # the failed chunk, the one beside it, at most one more


@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings")
def test_a_bad_item_fails_the_call_before_anything_is_sent(dynamo_tables):
    client = OverlapClient()
    items = [make_match(i) for i in range(60)]
    items[40] = items[40].model_copy(update={"match_score": 0.5})  # a float: not storable
    with pytest.raises(errors.SerializationError):
        MatchRepository(client=client).batch_write(put_items=items, actor="a")
    assert client.calls == 0
    assert MatchRepository().batch_get([("MATCH#m0", "STORE#s1#CREATOR#c0")]) == []


def test_unprocessed_items_of_every_chunk_are_reported(dynamo_tables):
    client = FlakyClient(get_client(), failures=100)
    repo = MatchRepository(client=client, backoff=backoff(Recorder(), max_attempts=2))
    with pytest.raises(errors.BatchWriteIncomplete) as caught:
        repo.batch_write(put_items=[make_match(i) for i in range(60)], actor="a", in_flight=3)
    # Three chunks (25, 25, 10), each writing one request an attempt, two attempts each.
    assert len(caught.value.failed_items) == 60 - 3 * 2
    assert caught.value.attempts == 2
    (first,) = MatchRepository().batch_get([("MATCH#m0", "STORE#s1#CREATOR#c0")])
    assert first.match_score == 50
