"""Is DynamoDB there, and does it hold the console's tables? (one ListTables call)

The overview asks on every visit; a healthy answer is kept for HEALTHY_FOR_SECONDS in the
process (a problem is never kept: the next visit asks again).
"""

import time
from dataclasses import dataclass, field

from marketing.dynamo.calls import translated_errors
from marketing.dynamo.client import get_client
from marketing.dynamo.config import get_config
from marketing.dynamo.errors import DynamoError, EndpointUnavailable
from marketing.dynamo.tables import TABLES


@dataclass
class DynamoHealth:
    reachable: bool
    endpoint_url: str | None
    uses_embedded_server: bool
    missing_tables: list[str] = field(default_factory=list)
    problem: str = ""


HEALTHY_FOR_SECONDS = 30.0
# (the configuration it was for, when it was asked)
_healthy: tuple[object, float] | None = None


def dynamo_health() -> DynamoHealth:
    global _healthy
    config = get_config()
    if _healthy and _healthy[0] is config and time.monotonic() - _healthy[1] < HEALTHY_FOR_SECONDS:
        return DynamoHealth(True, config.endpoint_url, config.uses_embedded_server)
    health = DynamoHealth(
        reachable=False,
        endpoint_url=config.endpoint_url,
        uses_embedded_server=config.uses_embedded_server,
    )
    wanted = {spec.table_name(config.table_prefix) for spec in TABLES.values()}
    try:
        with translated_errors():
            names = _table_names(get_client("interactive"), config.table_prefix)
    except EndpointUnavailable as exc:
        health.problem = exc.hint()
        return health
    except DynamoError as exc:
        health.problem = str(exc)
        return health
    health.reachable = True
    health.missing_tables = sorted(wanted - names)
    _healthy = None if health.missing_tables else (config, time.monotonic())
    return health


def _table_names(client, prefix: str) -> set[str]:
    names: set[str] = set()
    kwargs: dict = {}
    while True:
        page = client.list_tables(Limit=100, **kwargs)
        names.update(name for name in page["TableNames"] if name.startswith(prefix))
        if "LastEvaluatedTableName" not in page:
            return names
        kwargs = {"ExclusiveStartTableName": page["LastEvaluatedTableName"]}
