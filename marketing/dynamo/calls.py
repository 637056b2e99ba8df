"""One place that turns botocore's exceptions into the core's errors."""

import contextlib
from collections.abc import Iterator

from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)

from marketing.dynamo import errors
from marketing.dynamo.config import get_config

THROTTLING_CODES = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "LimitExceededException",
    }
)


@contextlib.contextmanager
def translated_errors(*, versioned: bool = False) -> Iterator[None]:
    """Raise the core's errors in place of botocore's.

    `versioned`: the call's condition checks the item version, so a failed condition
    means someone else changed the item (ConcurrentModification).
    """
    try:
        yield
    except (EndpointConnectionError, ConnectTimeoutError, ConnectionClosedError) as exc:
        config = get_config()
        raise errors.EndpointUnavailable(config.endpoint_url, config.uses_embedded_server) from exc
    except ReadTimeoutError as exc:
        raise errors.Throttled(f"DynamoDB did not answer in time: {exc}") from exc
    except ClientError as exc:
        raise translate_client_error(exc, versioned=versioned) from exc


def translate_client_error(exc: ClientError, *, versioned: bool = False) -> Exception:
    error = exc.response.get("Error", {})
    code = error.get("Code", "")
    message = error.get("Message", "")
    if code == "ConditionalCheckFailedException":
        if versioned:
            return errors.ConcurrentModification(
                "The item was changed by someone else since it was read; reload and try again."
            )
        return errors.ConditionFailed(message or "condition failed")
    if code == "TransactionCanceledException":
        reasons = [r.get("Code") for r in exc.response.get("CancellationReasons", [])]
        return errors.TransactionCanceled(reasons)
    if code in THROTTLING_CODES:
        return errors.Throttled(message or code)
    if code == "ResourceNotFoundException":
        return errors.NotFound(message or "table or index not found")
    return errors.DynamoError(f"{code}: {message}")


def probe_endpoint() -> None:
    """Fail fast with EndpointUnavailable when nothing listens at the endpoint.

    The batch client retries connection errors for ~15 s before giving up; the
    interactive one answers in well under a second.
    """
    from marketing.dynamo.client import get_client

    with translated_errors():
        get_client("interactive").list_tables(Limit=1)
