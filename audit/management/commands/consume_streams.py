"""`python manage.py consume_streams`: record every change of the four tables (long-running).

`make run` starts it beside the web server and stops it with it; Ctrl-C or SIGTERM stops
it after the shard it is reading (positions are saved after each shard's entries, and
entries are idempotent, so a stop at any moment loses and duplicates nothing).
"""

import signal
import sys
import threading

from django.utils.translation import gettext as _

from audit.consumer import StreamConsumer
from marketing.management.base import DynamoCommand


class Command(DynamoCommand):
    help = _("Read the tables' DynamoDB Streams and record every change in the audit table.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--idle-sleep",
            type=float,
            default=1.0,
            help=_("Seconds to wait when no shard had new records."),
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help=_("Read every shard until nothing is new, then exit (tests, catching up)."),
        )

    def handle(self, *args, idle_sleep, once, **options):
        stop = threading.Event()

        def request_stop(signum, frame):
            stop.set()

        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
                signal.signal(signum, request_stop)

        def on_gap(gap):
            self.stderr.write(_("warning: %(gap)s") % {"gap": gap})

        consumer = StreamConsumer(on_gap=on_gap)
        if once:
            while consumer.poll(rediscover_every=0):
                pass
        else:
            self.stderr.write(_("Recording the tables' changes; Ctrl-C stops."))
            sys.stderr.flush()
            consumer.run(should_stop=stop.is_set, idle_sleep=idle_sleep, sleep=stop.wait)
        stats = consumer.stats
        self.stderr.write(
            _(
                "%(recorded)d change(s) recorded, %(duplicates)d already recorded, "
                "%(skipped)d helper item change(s) skipped, %(gaps)d gap(s)."
            )
            % {
                "recorded": stats.recorded,
                "duplicates": stats.duplicates,
                "skipped": stats.skipped,
                "gaps": len(stats.gaps),
            }
        )
