"""Base class for management commands that talk to DynamoDB."""

from django.core.management.base import BaseCommand, CommandError

from marketing.dynamo.errors import DynamoError, EndpointUnavailable


class DynamoCommand(BaseCommand):
    """Reports the DynamoDB core's errors as CommandErrors that say what to do.

    Subclasses implement `handle()` as usual; a DynamoError escaping it becomes a
    one-line message instead of a traceback.
    """

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except EndpointUnavailable as exc:
            # The error's own message already says how to start the embedded server.
            raise CommandError(str(exc)) from exc
        except DynamoError as exc:
            raise CommandError(f"DynamoDB error: {exc}") from exc
