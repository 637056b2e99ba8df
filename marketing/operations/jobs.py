"""Every job that runs on its own, with its schedule: the one list.

The deployment template (`python manage.py deploy_template`) turns each scheduled job
into an EventBridge Scheduler schedule running an ECS task, and each long-running one
into an ECS service of exactly one task. Times are in Asia/Seoul, where the staff and
the stores are. The daily jobs run in the night's quiet hours, in the order their data
flows: backup first, then the creators' figures, then matching on fresh figures; the
follow-ups fetch Naver in the morning, and the outreach queue sends from 08:00 on.
"""

from dataclasses import dataclass

TIMEZONE = "Asia/Seoul"


@dataclass(frozen=True)
class Job:
    name: str  # kebab-case, unique: names the schedule, task definition and log stream
    command: tuple[str, ...]  # manage.py arguments
    description: str
    # EventBridge Scheduler expression (cron(min hour day month weekday year) or
    # rate(...)) in TIMEZONE; None: long-running, one task always on.
    schedule: str | None
    cpu: int = 512  # Fargate CPU units
    memory: int = 1024  # MiB

    @property
    def long_running(self) -> bool:
        return self.schedule is None


JOBS: tuple[Job, ...] = (
    Job(
        name="dynamodb-backup",
        command=("dynamodb_backup",),
        description="Daily backup of every table (03:00)",
        schedule="cron(0 3 * * ? *)",
    ),
    Job(
        name="sync-creators",
        command=("sync_creators",),
        description="Daily YouTube figures of the creators, within the API quota (04:00)",
        schedule="cron(0 4 * * ? *)",
    ),
    Job(
        name="run-matching",
        command=("run_matching", "--all"),
        description="Daily matching of every store on the fresh figures (05:00)",
        schedule="cron(0 5 * * ? *)",
        cpu=1024,
        memory=2048,
    ),
    Job(
        name="campaign-followups",
        command=("campaign_followups",),
        description="Daily +14/+30-day Naver review checkpoints of the campaigns (09:00)",
        schedule="cron(0 9 * * ? *)",
    ),
    Job(
        name="send-outreach-queue",
        command=("send_outreach_queue",),
        description="Outreach e-mail queued for the daytime, every 5 minutes",
        schedule="rate(5 minutes)",
        cpu=256,
        memory=512,
    ),
    Job(
        name="consume-streams",
        command=("consume_streams",),
        description="The audit trail from the tables' streams (long-running, one task)",
        schedule=None,
    ),
)


def job(name: str) -> Job:
    for candidate in JOBS:
        if candidate.name == name:
            return candidate
    raise KeyError(name)
