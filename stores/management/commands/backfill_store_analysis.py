"""`python manage.py backfill_store_analysis [--for-real] [--restart] [--progress-file PATH]`

Recomputes every store's latest priceAnalysis (per-person spend, the level that follows
it) and sentiment (the score that tells stores apart) from its stored menus and keywords
(stores/reanalysis.py). A dry run unless --for-real: it lists what would change.

With --for-real, progress is kept in a file (var/backfill_store_analysis.json) after each
batch of stores: an interrupted run carries on where it stopped when started again, and
the file goes when the run completes. Every write is conditional on the version read, and
an unchanged profile is not written, so a repeated run changes nothing. Exit code 1 when
a store changed while it was being re-analysed (run the command again for those).
"""

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from marketing.dynamo import errors
from marketing.dynamo.calls import probe_endpoint
from marketing.management.base import DynamoCommand
from stores import reanalysis
from stores.repository import DirectoryRepository

ACTOR = "system:backfill_store_analysis"
DEFAULT_PROGRESS_FILE = "backfill_store_analysis.json"
FRESH = {"cursor": None, "seen": 0, "changed": 0, "written": 0, "conflicts": 0}


class Command(DynamoCommand):
    help = gettext_lazy(
        "Recompute the price analysis (per-person spend, level) and sentiment score of every "
        "store's latest profile. Dry run unless --for-real; resumes an interrupted run."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--for-real", action="store_true", help=gettext_lazy("write the changes")
        )
        parser.add_argument(
            "--restart",
            action="store_true",
            help=gettext_lazy("ignore saved progress and start over"),
        )
        parser.add_argument(
            "--progress-file",
            help=gettext_lazy("where --for-real keeps its progress (default var/%(file)s)")
            % {"file": DEFAULT_PROGRESS_FILE},
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=25,
            help=gettext_lazy("stores read per directory page"),
        )

    def handle(self, *args, for_real, restart, progress_file, batch_size, **options):
        if not 1 <= batch_size <= 100:
            raise CommandError(_("--batch-size must be between 1 and 100."))
        progress = Progress(Path(progress_file or settings.VAR_DIR / DEFAULT_PROGRESS_FILE))
        probe_endpoint()
        state = dict(FRESH)
        if for_real and not restart and progress.exists():
            state = progress.load()
            self.stdout.write(
                _("Resuming after %(n)d store(s) (progress in %(path)s).")
                % {"n": state["seen"], "path": progress.path}
            )
        directory = DirectoryRepository(mode="batch")
        while True:
            try:
                page = directory.list_all(cursor=state["cursor"], limit=batch_size)
            except errors.InvalidCursor as exc:
                raise CommandError(
                    _(
                        "The saved progress in %(path)s no longer fits the table; start over "
                        "with --restart (the backfill is safe to repeat)."
                    )
                    % {"path": progress.path}
                ) from exc
            for entry in page.items:
                self._one(entry.store_id, for_real, state)
            state["cursor"] = page.next_cursor
            if for_real and page.next_cursor:
                progress.save(state)
            if not page.next_cursor:
                break
        if for_real:
            progress.clear()
        self._summary(for_real, state)
        if state["conflicts"]:
            sys.exit(1)

    def _one(self, store_id: str, for_real: bool, state: dict) -> None:
        state["seen"] += 1
        try:
            outcome = reanalysis.store_reanalyse(store_id=store_id, actor=ACTOR, for_real=for_real)
        except errors.ConcurrentModification:
            state["conflicts"] += 1
            self.stderr.write(
                _("%(store)s: changed while it was re-analysed; run again.") % {"store": store_id}
            )
            return
        if outcome is None or not outcome.changed:
            return
        state["changed"] += 1
        state["written"] += outcome.written
        self.stdout.write(f"{outcome.store_name} ({store_id}): {_change(outcome)}")

    def _summary(self, for_real: bool, state: dict) -> None:
        counts = {"seen": state["seen"], "changed": state["changed"], "written": state["written"]}
        if for_real:
            line = _("%(seen)d store(s) read, %(changed)d with new figures, %(written)d written.")
            self.stdout.write(self.style.SUCCESS(line % counts))
        else:
            line = _(
                "%(seen)d store(s) read, %(changed)d with new figures. Dry run: nothing written; "
                "add --for-real to apply."
            )
            self.stdout.write(line % counts)
        if state["conflicts"]:
            self.stderr.write(
                ngettext(
                    "%(n)d store changed meanwhile; run again.",
                    "%(n)d stores changed meanwhile; run again.",
                    state["conflicts"],
                )
                % {"n": state["conflicts"]}
            )


def _change(outcome: reanalysis.Reanalysis) -> str:
    (old_prices, old_sentiment), (new_prices, new_sentiment) = outcome.before, outcome.after
    return _(
        "level %(old_level)s -> %(new_level)s, per person %(old_person)s -> %(new_person)s, "
        "sentiment %(old_sentiment)s -> %(new_sentiment)s"
    ) % {
        "old_level": _text(old_prices.level),
        "new_level": _text(new_prices.level),
        "old_person": _text(old_prices.per_person),
        "new_person": _text(new_prices.per_person),
        "old_sentiment": _text(old_sentiment.score),
        "new_sentiment": _text(new_sentiment.score),
    }


def _text(value) -> str:
    return "-" if value is None else str(value)


class Progress:
    """The cursor and counts of a --for-real run, saved after each batch."""

    def __init__(self, path: Path):
        self.path = path

    def exists(self) -> bool:
        return self.path.is_file()

    def load(self) -> dict:
        try:
            state = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            state = None
        if not isinstance(state, dict) or set(state) != set(FRESH):
            raise CommandError(
                _("Cannot read the saved progress in %(path)s; start over with --restart.")
                % {"path": self.path}
            )
        return state

    def save(self, state: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".tmp")
        partial.write_text(json.dumps(state), encoding="utf-8")
        partial.replace(self.path)  # never a half-written progress file

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
