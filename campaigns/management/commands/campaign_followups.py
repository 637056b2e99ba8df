"""python manage.py campaign_followups — the daily store-visit attribution job (cron).

For each ACTIVE or PAUSED campaign, and each COMPLETED one that started within the last
90 days, whose +14 or +30 day checkpoint has come and is not recorded: fetch the store's
Naver page (through the stores cache and rate limit) and record its review counts and
keyword votes. Running it again the same day records nothing twice. Exits 1 when a store
could not be fetched (the checkpoint stays due for the next run).
"""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaigns import services
from marketing.dynamo.calls import probe_endpoint
from marketing.management.base import DynamoCommand


class Command(DynamoCommand):
    help = (
        "Record the +14 and +30 day Naver review checkpoints of running and recently "
        "completed campaigns (idempotent; run daily). Exits 1 when a store could not be "
        "fetched."
    )

    def handle(self, *args, **options):
        probe_endpoint()
        outcomes = services.campaign_followups()
        recorded = failed = 0
        for outcome in outcomes:
            names = {"campaign": outcome.campaign_name, "store": outcome.store_name}
            if not outcome.ok:
                failed += 1
                line = _("“%(campaign)s” (%(store)s): not recorded: %(why)s") % {
                    **names,
                    "why": outcome.error,
                }
                self.stderr.write(self.style.WARNING(line))
                continue
            if not outcome.days:
                continue
            recorded += len(outcome.days)
            days = ", ".join(f"+{day}" for day in outcome.days)
            source = _("from the cache") if outcome.cache_hit else _("fetched from Naver")
            self.stdout.write(
                _("“%(campaign)s” (%(store)s): checkpoint %(days)s days recorded (%(source)s).")
                % {**names, "days": days, "source": source}
            )
        summary = ngettext(
            "%(n)d checkpoint recorded, %(failed)d store(s) not fetched.",
            "%(n)d checkpoints recorded, %(failed)d store(s) not fetched.",
            recorded,
        ) % {"n": recorded, "failed": failed}
        self.stdout.write(self.style.SUCCESS(summary) if not failed else summary)
        if failed:
            raise CommandError(
                _("%(n)d campaign(s) could not be followed up; they stay due.") % {"n": failed}
            )
