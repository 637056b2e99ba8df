"""`python manage.py deploy_template [--jobs]`: the AWS deployment as CloudFormation JSON.

The tables have their own stack (`dynamodb_tables template`); this one runs the console
beside them (marketing/operations/deploy.py). `--jobs` lists the scheduled and
long-running jobs (marketing/operations/jobs.py) instead.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from marketing.operations import deploy
from marketing.operations.jobs import JOBS, TIMEZONE


class Command(BaseCommand):
    help = "Print the CloudFormation template running the console, its jobs and alarms on AWS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--jobs", action="store_true", help="List the jobs and their schedules instead."
        )

    def handle(self, *args, **options):
        if options["jobs"]:
            for job in JOBS:
                when = job.schedule or _("long-running (one task)")
                self.stdout.write(f"{job.name}\t{when}\tmanage.py {' '.join(job.command)}")
            self.stdout.write(_("Schedules are in %(zone)s.") % {"zone": TIMEZONE})
            return
        self.stdout.write(deploy.render(deploy.build_template()), ending="")
