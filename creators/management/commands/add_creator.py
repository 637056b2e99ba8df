"""python manage.py add_creator youtube <id|@handle|URL> [--json]"""

import sys

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from creators import services
from creators.domain import CreatorError
from creators.management.commands._common import channel_json
from creators.youtube.errors import YouTubeError
from marketing.dynamo.calls import probe_endpoint
from marketing.management.base import DynamoCommand
from marketing.management.json_lines import error_line


class Command(DynamoCommand):
    help = "Fetch a YouTube channel by id (UC…), handle (@name) or URL and store it."

    def add_arguments(self, parser):
        parser.add_argument("platform", choices=["youtube"])
        parser.add_argument("channel", help="channel id, @handle or channel URL")
        parser.add_argument("--json", action="store_true", help="print the stored creator")
        parser.add_argument("--category", action="append", default=[], help="repeatable")
        parser.add_argument("--region", default=None)
        parser.add_argument("--link-to", default=None, help="add to this existing creatorId")

    def handle(self, *args, **options):
        probe_endpoint()
        try:
            channel = services.creator_add_youtube(
                query=options["channel"],
                actor="system:add_creator",
                categories=options["category"],
                region=options["region"],
                link_to=options["link_to"],
                mode="batch",
            )
        except (YouTubeError, CreatorError) as exc:
            if options["json"]:
                self.stdout.write(error_line(str(exc), input=options["channel"]))
                sys.exit(1)
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(channel_json(channel))
            return
        stats = channel.statistics
        subscribers = _("hidden") if stats.subscribers_hidden else stats.subscribers
        tier = channel.influence_tier.label if channel.influence_tier else _("unknown")
        if channel.tier_uncertain:
            tier = _("%(tier)s (uncertain)") % {"tier": tier}
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(name)s (%(channel)s) stored as creator %(creator)s: %(subscribers)s "
                    "subscribers, tier %(tier)s, version %(version)d"
                )
                % {
                    "name": channel.channel_name,
                    "channel": channel.channel_id,
                    "creator": channel.creator_id,
                    "subscribers": subscribers,
                    "tier": tier,
                    "version": channel.version,
                }
            )
        )
