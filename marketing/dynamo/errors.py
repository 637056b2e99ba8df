"""The errors the DynamoDB core raises. botocore's ClientError never leaves the core."""


class DynamoError(Exception):
    """Base of every error raised by marketing.dynamo."""


class NotFound(DynamoError):
    """The item asked for does not exist (or has expired)."""


class ConditionFailed(DynamoError):
    """A condition expression did not hold (e.g. the item already exists)."""


class ConcurrentModification(ConditionFailed):
    """The item changed since it was read: its version is no longer the one expected."""


class Throttled(DynamoError):
    """DynamoDB kept throttling after the client's retries."""


class EndpointUnavailable(DynamoError):
    """No DynamoDB endpoint answered at the configured address."""

    def __init__(self, endpoint_url: str | None, uses_embedded_server: bool = False):
        self.endpoint_url = endpoint_url
        self.uses_embedded_server = uses_embedded_server
        super().__init__(self.hint())

    def hint(self) -> str:
        where = self.endpoint_url or "AWS DynamoDB"
        if self.uses_embedded_server:
            how = (
                "Start the embedded server with `make run`, or on its own with "
                "`python manage.py localdynamo` in another terminal."
            )
        else:
            how = "Check DYNAMODB_ENDPOINT_URL, the AWS credentials and the network."
        return f"No DynamoDB endpoint answered at {where}. {how}"


class InvalidCursor(DynamoError):
    """A pagination cursor was tampered with, belongs to another listing, or is malformed."""


class SerializationError(DynamoError, ValueError):
    """A value cannot be stored in DynamoDB as given (e.g. a float)."""


class BatchWriteIncomplete(DynamoError):
    """Some batch-write items stayed unprocessed after every retry; they are attached."""

    def __init__(self, table_name: str, failed_items: list[dict], attempts: int):
        self.table_name = table_name
        self.failed_items = failed_items
        self.attempts = attempts
        super().__init__(
            f"{len(failed_items)} item(s) were not written to {table_name} "
            f"after {attempts} attempts"
        )


class TransactionCanceled(ConditionFailed):
    """A transaction was cancelled; `reasons` holds one code per action (or None)."""

    def __init__(self, reasons: list[str | None]):
        self.reasons = reasons
        super().__init__(f"transaction cancelled: {reasons}")
