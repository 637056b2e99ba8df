"""`python manage.py run_matching [--store ID ...] [--all] [--min-score N]
[--limit-per-store N] [--dry-run] [--json]`

Scores stores against the creators and writes each store's best matches: new pairs are
created PENDING, PENDING ones re-scored, matches past PENDING left alone. A progress bar
and the summary (stores, pairs scored, created, re-scored, skipped, index queries made)
go to stderr. `--json` prints one compact object per match written — or, with
`--dry-run`, that would be written — on stdout. Exit status 1 when a store could not be
scored (unknown id, closed store); the others are still scored.
"""

import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from marketing.dynamo.calls import probe_endpoint
from marketing.management.base import DynamoCommand
from marketing.management.json_lines import error_line, json_line
from marketing.management.progress import ProgressBar
from matches.domain import Match
from matches.engine.run import DEFAULT_LIMIT_PER_STORE, DEFAULT_MIN_SCORE, MAX_LIMIT_PER_STORE
from matches.engine.writing import CREATED, RESCORED, SKIPPED, Written
from matches.findings import describe
from matches.services.engine import matches_run_engine

ACTOR = "system:run_matching"

# What --json prints of a match, in this order (camelCase, as stored), then its strengths
# and problems in words.
MATCH_FIELDS = (
    "match_id",
    "store_id",
    "creator_id",
    "store_name",
    "creator_name",
    "match_score",
    "confidence",
    "priority",
    "status",
    "version",
    "score_breakdown",
)


def match_json(written: Written) -> str:
    match = written.match
    dumped = match.model_dump(by_alias=True, include=set(MATCH_FIELDS))
    fields = {Match.model_fields[name].alias: None for name in MATCH_FIELDS}
    fields.update(dumped)
    return json_line(
        **fields,
        strengths=[describe(f) for f in match.strengths],
        problems=[describe(f) for f in match.problems],
    )


class Command(DynamoCommand):
    help = (
        "Find the creators that fit stores: score every candidate from the creators' "
        "indexes, keep each store's best and write them as PENDING matches (re-scoring "
        "PENDING ones, never touching matches past PENDING)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--store",
            dest="stores",
            metavar="ID",
            nargs="+",
            action="extend",
            default=[],
            help="score these stores (repeatable)",
        )
        parser.add_argument("--all", action="store_true", help="score every store")
        parser.add_argument(
            "--min-score",
            type=int,
            default=DEFAULT_MIN_SCORE,
            help=f"keep matches scoring at least N (0-100, default {DEFAULT_MIN_SCORE})",
        )
        parser.add_argument(
            "--limit-per-store",
            type=int,
            default=DEFAULT_LIMIT_PER_STORE,
            help=f"keep at most N matches per store (default {DEFAULT_LIMIT_PER_STORE})",
        )
        parser.add_argument("--dry-run", action="store_true", help="score, write nothing")
        parser.add_argument("--json", action="store_true", help="one JSON object per match")

    def handle(self, *args, stores, all, min_score, limit_per_store, dry_run, **options):
        if bool(stores) == bool(all):
            raise CommandError(_("Give --store ID (one or more) or --all, not both."))
        if not 0 <= min_score <= 100:
            raise CommandError(_("--min-score must be between 0 and 100."))
        if not 1 <= limit_per_store <= MAX_LIMIT_PER_STORE:
            raise CommandError(
                _("--limit-per-store must be between 1 and %(max)d.") % {"max": MAX_LIMIT_PER_STORE}
            )
        probe_endpoint()
        self.as_json = options["json"]
        self.progress = ProgressBar(self.stderr)
        self.failed = 0
        try:
            summary = matches_run_engine(
                actor=ACTOR,
                store_ids=stores,
                all_stores=all,
                min_score=min_score,
                limit_per_store=limit_per_store,
                dry_run=dry_run,
                on_store=self._store_done,
            )
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        self.progress.finish()
        self.stderr.write(
            _(
                "Stores: %(stores)d (%(failed)d could not be scored); pairs scored: %(pairs)d; "
                "created: %(created)d; re-scored: %(rescored)d; skipped (past PENDING): "
                "%(skipped)d; index queries made: %(queries)d (other reads: %(reads)d)."
            )
            % {
                "stores": summary.stores,
                "failed": summary.failed,
                "pairs": summary.pairs_scored,
                "created": summary.created,
                "rescored": summary.rescored,
                "skipped": summary.skipped,
                "queries": summary.index_queries,
                "reads": summary.other_reads,
            }
        )
        if dry_run:
            self.stderr.write(_("Dry run: nothing was written; the counts say what would be."))
        if summary.failed:
            sys.exit(1)

    def _store_done(self, result, position: int, total: int | None) -> None:
        label = result.store_name or result.store_id
        self.progress.show(position, total, label)
        if result.error:
            self.stderr.write(self.style.ERROR(f"{result.store_id}: {result.error}"))
            if self.as_json:
                self.stdout.write(error_line(result.error, storeId=result.store_id))
            return
        for written in result.written:
            if written.action == SKIPPED:
                continue
            if self.as_json:
                self.stdout.write(match_json(written))
        if not self.as_json:
            self.stdout.write(
                _(
                    "%(name)s: %(scored)d creators scored; %(created)d new, %(rescored)d "
                    "re-scored, %(skipped)d past PENDING left alone."
                )
                % {
                    "name": label,
                    "scored": result.scored,
                    "created": result.count(CREATED),
                    "rescored": result.count(RESCORED),
                    "skipped": result.count(SKIPPED),
                }
            )
