"""Cached boto3 low-level DynamoDB clients in two modes (retry and timeout budgets).

- interactive: web requests. Few attempts and short timeouts, so that botocore's
  throttling backoff (which can wait seconds) cannot blow a page's time budget.
- batch: management commands and jobs. More attempts, longer timeouts.

Both turn off botocore's client-side parameter validation (as PynamoDB does): every
request comes from the repository, whose serde already guarantees the shapes, and
DynamoDB validates each request itself. It cost about 10 % of a versioned put
(bench/RESULTS.md).

Responses are parsed by plans compiled per shape (marketing.dynamo.fast_parsing), not by
botocore's node-by-node walk. Both are measured (marketing.dynamo.metrics hooks). A third
client, never measured, writes those figures: a metric write must not count itself or
fail anyone's request.
"""

import functools
import os
from typing import Literal

import boto3
import botocore.loaders
import botocore.session
from botocore.config import Config

from marketing.dynamo import metrics, request_calls
from marketing.dynamo.config import get_config
from marketing.dynamo.fast_parsing import CompiledParserFactory

ClientMode = Literal["interactive", "batch"]

# total_max_attempts counts the first try; botocore's "max_attempts" would count retries.
CLIENT_MODES: dict[str, Config] = {
    "interactive": Config(
        retries={"mode": "standard", "total_max_attempts": 3},
        parameter_validation=False,
        connect_timeout=1,
        read_timeout=2,
        max_pool_connections=20,
    ),
    "batch": Config(
        retries={"mode": "standard", "total_max_attempts": 10},
        parameter_validation=False,
        connect_timeout=5,
        read_timeout=30,
        max_pool_connections=20,
    ),
}

# The metric writer: one quick try, then the figures wait for the next flush.
METRICS_CLIENT_CONFIG = Config(
    retries={"mode": "standard", "total_max_attempts": 2},
    parameter_validation=False,
    connect_timeout=1,
    read_timeout=2,
    max_pool_connections=2,
)

# Local servers accept any credentials; never let a local endpoint pick up real ones.
_LOCAL_CREDENTIALS = {"aws_access_key_id": "local", "aws_secret_access_key": "local"}


def get_client(mode: ClientMode = "interactive"):
    config = get_config()
    return _cached_client(mode, config.endpoint_url, config.region)


# Every client's session shares one loader of botocore's data files: a fresh loader reads
# and parses the service model again (about 0.1 s a client). Sessions stay separate, so
# each client resolves its own credentials.
_DATA_LOADER = botocore.loaders.create_loader()


def get_metrics_client():
    """The unmeasured client that writes the call metrics."""
    config = get_config()
    return _cached_client("metrics", config.endpoint_url, config.region)


@functools.lru_cache(maxsize=16)
def _cached_client(mode: str, endpoint_url: str | None, region: str, service: str = "dynamodb"):
    credentials = {}
    if endpoint_url and not os.environ.get("AWS_ACCESS_KEY_ID"):
        credentials = _LOCAL_CREDENTIALS
    core = botocore.session.get_session()
    core.register_component("data_loader", _DATA_LOADER)
    core.register_component("response_parser_factory", CompiledParserFactory())
    session = boto3.session.Session(botocore_session=core)
    config = CLIENT_MODES.get(mode, METRICS_CLIENT_CONFIG)
    if service == "dynamodbstreams":
        # The regional endpoint, not the account-based one botocore derives from a stream
        # ARN (`<account>.streams-ddb.<region>`): every DynamoDB Streams API answers there,
        # and moto's in-process mock knows only it.
        config = config.merge(Config(account_id_endpoint_mode="disabled"))
    client = session.client(
        service,
        endpoint_url=endpoint_url,
        region_name=region,
        config=config,
        **credentials,
    )
    # The stream consumer's polling is not the console's DynamoDB traffic: not measured.
    if mode in CLIENT_MODES and service == "dynamodb":
        metrics.install(client.meta.events)
        request_calls.install(client.meta.events)
    return client


def get_streams_client(mode: ClientMode = "batch"):
    """A DynamoDB Streams client on the same endpoint, region and credentials."""
    config = get_config()
    return _cached_client(mode, config.endpoint_url, config.region, "dynamodbstreams")


def clear_client_cache() -> None:
    _cached_client.cache_clear()
