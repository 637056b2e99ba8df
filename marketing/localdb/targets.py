"""Which requests change state, and which region a request is for."""

from __future__ import annotations

import functools
import re

import botocore.session

DEFAULT_REGION = "us-east-1"

# Everything not listed here is journaled. Erring that way is safe: replaying a read, or a
# write moto rejects again, changes nothing, while missing a write would lose data.
READ_ONLY_OPERATIONS = frozenset(
    {
        "BatchGetItem",
        "DescribeBackup",
        "DescribeContinuousBackups",
        "DescribeContributorInsights",
        "DescribeEndpoints",
        "DescribeExport",
        "DescribeGlobalTable",
        "DescribeGlobalTableSettings",
        "DescribeImport",
        "DescribeKinesisStreamingDestination",
        "DescribeLimits",
        "DescribeTable",
        "DescribeTableReplicaAutoScaling",
        "DescribeTimeToLive",
        "GetItem",
        "GetResourcePolicy",
        "ListBackups",
        "ListContributorInsights",
        "ListExports",
        "ListGlobalTables",
        "ListImports",
        "ListTables",
        "ListTagsOfResource",
        "Query",
        "Scan",
        "TransactGetItems",
    }
)

_CREDENTIAL_SCOPE = re.compile(r"Credential=[^/,\s]*/[^/,\s]*/([^/,\s]+)/[^/,\s]+/aws4_request")


@functools.cache
def _operations(service_prefix: str) -> frozenset[str]:
    service = {"DynamoDB": "dynamodb", "DynamoDBStreams": "dynamodbstreams"}[service_prefix]
    model = botocore.session.get_session().get_service_model(service)
    return frozenset(model.operation_names)


def is_known(target: str) -> bool:
    """True for an ``X-Amz-Target`` naming a DynamoDB or DynamoDB Streams operation."""
    service, dot, operation = target.partition(".")
    prefix = service.partition("_")[0]
    if not dot or prefix not in ("DynamoDB", "DynamoDBStreams"):
        return False
    return operation in _operations(prefix)


def is_mutating(target: str) -> bool:
    """True for DynamoDB operations that may change state (``X-Amz-Target`` header value)."""
    service, _, operation = target.partition(".")
    if not service.startswith("DynamoDB_"):
        return False  # DynamoDBStreams_* and anything else are reads here
    return operation not in READ_ONLY_OPERATIONS


def region_from_authorization(authorization: str | None) -> str:
    match = _CREDENTIAL_SCOPE.search(authorization or "")
    return match.group(1) if match else DEFAULT_REGION


def authorization_for(region: str) -> str:
    """A SigV4-shaped header moto accepts for routing; moto does not check signatures."""
    return (
        f"AWS4-HMAC-SHA256 Credential=localdb/20000101/{region}/dynamodb/aws4_request, "
        "SignedHeaders=host;x-amz-target, Signature=0"
    )
