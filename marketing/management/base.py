"""Base class for management commands that talk to DynamoDB."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from marketing.dynamo.errors import DynamoError, EndpointUnavailable


class DynamoCommand(BaseCommand):
    """Reports the DynamoDB core's errors as CommandErrors that say what to do.

    Subclasses implement `handle()` as usual; a DynamoError escaping it becomes a
    one-line message, in the console's language, instead of a traceback.
    """

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except EndpointUnavailable as exc:
            raise CommandError(endpoint_unavailable_message(exc)) from exc
        except DynamoError as exc:
            raise CommandError(_("DynamoDB error: %(error)s") % {"error": exc}) from exc


def endpoint_unavailable_message(exc: EndpointUnavailable) -> str:
    where = exc.endpoint_url or "AWS DynamoDB"
    if exc.uses_embedded_server:
        how = _(
            "Start the embedded server with `make run`, or on its own with "
            "`python manage.py localdynamo` in another terminal."
        )
    else:
        how = _("Check DYNAMODB_ENDPOINT_URL, the AWS credentials and the network.")
    return _("No DynamoDB endpoint answered at %(where)s. %(how)s") % {"where": where, "how": how}
