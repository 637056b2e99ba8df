"""python manage.py send_outreach_queue [--limit N] — run every few minutes (cron)."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from marketing.dynamo.calls import probe_endpoint
from marketing.management.base import DynamoCommand
from matches.outreach import send_outreach_queue


class Command(DynamoCommand):
    help = (
        "Send the outreach e-mail that waited for the end of quiet hours (21:00-08:00 in "
        "Seoul): every queued message that is due, each checked again first (match status, "
        "do-not-contact list, consent). Messages queued for later stay queued. Exits 1 when "
        "a due message could not be sent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=100, help="at most this many a run")

    def handle(self, *args, **options):
        if options["limit"] < 1:
            raise CommandError(_("--limit must be 1 or more."))
        probe_endpoint()
        sent = not_sent = 0
        for outcome in send_outreach_queue(limit=options["limit"]):
            line = _("match %(match)s, %(key)s: %(note)s") % {
                "match": outcome.item.match_id,
                "key": outcome.item.idempotency_key,
                "note": outcome.note,
            }
            if outcome.failed:
                not_sent += 1
                self.stderr.write(self.style.WARNING(line))
            else:
                sent += outcome.result is not None
                self.stdout.write(line)
        summary = _("Queue: %(sent)d sent, %(not_sent)d not sent.") % {
            "sent": sent,
            "not_sent": not_sent,
        }
        self.stdout.write(self.style.SUCCESS(summary) if not not_sent else summary)
        if not_sent:
            raise CommandError(
                _("%(n)d queued message(s) could not be sent; see above.") % {"n": not_sent}
            )
