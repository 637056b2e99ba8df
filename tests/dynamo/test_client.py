"""The two client profiles: cached, and bounded the way the issue asks."""

import json

import pytest
from botocore.awsrequest import AWSResponse

from marketing.dynamo import config as dynamo_config
from marketing.dynamo import errors
from marketing.dynamo.calls import translated_errors
from marketing.dynamo.client import CLIENT_MODES, get_client


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def stream(self, **kwargs):
        yield self.data


def _always_throttled(calls: list):
    body = json.dumps(
        {"__type": "com.amazonaws.dynamodb.v20120810#ThrottlingException", "message": "slow"}
    ).encode()

    def answer(request, **kwargs):
        calls.append(request.url)
        return AWSResponse(
            request.url, 400, {"Content-Type": "application/x-amz-json-1.0"}, _Body(body)
        )

    return answer


@pytest.fixture
def local_endpoint():
    previous = dynamo_config.get_config()
    dynamo_config.configure(
        dynamo_config.DynamoConfig(endpoint_url="http://127.0.0.1:1", region="ap-northeast-2")
    )
    yield
    dynamo_config.configure(previous)


@pytest.mark.usefixtures("local_endpoint")
def test_clients_are_cached_per_profile_and_follow_the_configuration():
    assert get_client("interactive") is get_client("interactive")
    assert get_client("batch") is not get_client("interactive")
    client = get_client("interactive")
    assert client.meta.endpoint_url == "http://127.0.0.1:1"
    assert client.meta.region_name == "ap-northeast-2"
    dynamo_config.configure(
        dynamo_config.DynamoConfig(endpoint_url="http://127.0.0.1:2", region="us-east-1")
    )
    assert get_client("interactive").meta.endpoint_url == "http://127.0.0.1:2"


def test_interactive_profile_keeps_a_page_within_its_budget():
    interactive, batch = CLIENT_MODES["interactive"], CLIENT_MODES["batch"]
    assert interactive.retries["mode"] == batch.retries["mode"] == "standard"
    assert 2 <= interactive.retries["total_max_attempts"] <= 3
    assert interactive.read_timeout <= 2 and interactive.connect_timeout <= 2
    assert batch.retries["total_max_attempts"] > interactive.retries["total_max_attempts"]
    assert batch.read_timeout > interactive.read_timeout


@pytest.mark.usefixtures("local_endpoint")
@pytest.mark.parametrize(("profile", "attempts"), [("interactive", 3), ("batch", 10)])
def test_throttling_is_retried_a_bounded_number_of_times(monkeypatch, profile, attempts):
    monkeypatch.setattr("time.sleep", lambda seconds: None)  # botocore's backoff
    calls: list = []
    client = get_client(profile)
    handler = _always_throttled(calls)
    client.meta.events.register_first("before-send.dynamodb.GetItem", handler)
    try:
        with pytest.raises(errors.Throttled), translated_errors():
            client.get_item(TableName="t", Key={"PK": {"S": "a"}, "SK": {"S": "b"}})
    finally:
        client.meta.events.unregister("before-send.dynamodb.GetItem", handler)
    assert len(calls) == attempts
