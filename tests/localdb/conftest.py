"""Fixtures for the embedded DynamoDB: boto3 clients and subprocess servers cleaned up after."""

import boto3
import pytest
from botocore.config import Config

from marketing.localdb.process import LocalDynamoProcess, free_port

REGION = "ap-northeast-2"


def dynamo_client(endpoint_url: str):
    return boto3.client(
        "dynamodb",
        endpoint_url=endpoint_url,
        region_name=REGION,
        aws_access_key_id="local",
        aws_secret_access_key="local",
        # A retried write could be applied twice and hide a bug; every call counts once.
        config=Config(retries={"total_max_attempts": 1}, max_pool_connections=16),
    )


@pytest.fixture
def spawn(tmp_path):
    """spawn(**options) -> a started LocalDynamoProcess on a free port; all stopped at teardown."""
    started: list[LocalDynamoProcess] = []

    def start(data_dir=None, **options) -> LocalDynamoProcess:
        server = LocalDynamoProcess(free_port(), data_dir or tmp_path / "data", **options)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()
