"""Shared table and item builders, and hypothesis settings, for the localdb tests."""

import os

from hypothesis import HealthCheck, settings

SIMPLE_TABLE = {
    "TableName": "items",
    "KeySchema": [{"AttributeName": "PK", "KeyType": "HASH"}],
    "AttributeDefinitions": [{"AttributeName": "PK", "AttributeType": "S"}],
    "BillingMode": "PAY_PER_REQUEST",
}


def key(value: str) -> dict:
    return {"PK": {"S": value}}


# Differential tests against moto run generated scenarios; under CI (CI=true) fewer of
# them and always the same ones, so the suite stays fast and a failure reproduces.
settings.register_profile(
    "localdb-differential",
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "localdb-differential-ci",
    settings.get_profile("localdb-differential"),
    max_examples=25,
    derandomize=True,
)
DIFFERENTIAL = settings.get_profile(
    "localdb-differential-ci" if os.environ.get("CI") else "localdb-differential"
)
