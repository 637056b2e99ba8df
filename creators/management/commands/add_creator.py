"""python manage.py add_creator youtube <id|@handle|URL> [--json]"""

import sys

from django.core.management.base import CommandError

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
        subscribers = "hidden" if stats.subscribers_hidden else stats.subscribers
        tier = channel.influence_tier.value if channel.influence_tier else "unknown"
        self.stdout.write(
            self.style.SUCCESS(
                f"{channel.channel_name} ({channel.channel_id}) stored as creator "
                f"{channel.creator_id}: {subscribers} subscribers, tier {tier}"
                f"{' (uncertain)' if channel.tier_uncertain else ''}, version {channel.version}"
            )
        )
