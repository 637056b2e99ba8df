"""python manage.py seed_demo [--stores N] [--creators N] [--matches N] [--campaigns N]
[--seed S] [--json]
python manage.py seed_demo --remove [--json]

Loads a realistic Korean demo (marketing.demo): stores in Seoul and Busan districts with
menus and reviews, creators on YouTube, Instagram and TikTok in every tier, matches in
every status with their histories, campaigns in every status with figures and review
baselines. Every item is marked `demo`; e-mail addresses are at example.com, nobody has a
phone number, Naver place ids are 15 digits beginning 99999. Written in batches with a
progress bar on stderr; only what is missing is written, so a second run with the same
seed writes 0 items. `--remove` deletes the demo and nothing else (see
marketing.demo.removal). Either way the counters are counted again afterwards.
`--json` prints one summary object on stdout. Exit status 1 on bad options (nothing is
written) or when DynamoDB fails.
"""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.domain import CampaignStatus
from marketing.demo.dataset import (
    CAPS,
    DEFAULTS,
    DemoSizeError,
    Sizes,
    build_dataset,
    status_counts,
)
from marketing.demo.recount import recount_after_bulk_write
from marketing.demo.removal import remove_demo
from marketing.demo.writing import seed_dataset
from marketing.dynamo.calls import probe_endpoint
from marketing.dynamo.serde import utcnow
from marketing.management.base import DynamoCommand
from marketing.management.json_lines import json_line
from matches.domain import MatchStatus
from matches.management.commands.run_matching import ProgressBar

DEFAULT_SEED = 1
MAX_SEED = 2**63 - 1
SIZE_OPTIONS = tuple(CAPS)


def _number(option: str, text: str | None, maximum: int) -> int | None:
    """The whole number 0..maximum given as --<option> (None when not given)."""
    if text is None:
        return None
    try:
        value = int(text.strip())
    except ValueError:
        raise CommandError(
            _("--%(option)s: “%(value)s” is not a whole number.")
            % {"option": option, "value": text}
        ) from None
    if not 0 <= value <= maximum:
        raise CommandError(
            _("--%(option)s: %(value)s is not between 0 and %(max)s.")
            % {"option": option, "value": value, "max": f"{maximum:,}"}
        )
    return value


class Command(DynamoCommand):
    help = gettext_lazy(
        "Load a Korean demo dataset marked as demo (only what is missing), or delete it with "
        "--remove. Counters are counted again afterwards."
    )

    def add_arguments(self, parser):
        for name in SIZE_OPTIONS:
            parser.add_argument(
                f"--{name}",
                default=None,
                metavar="N",
                help=gettext_lazy("how many %(name)s (default %(default)d, at most %(cap)s)")
                % {"name": name, "default": DEFAULTS[name], "cap": f"{CAPS[name]:,}"},
            )
        parser.add_argument(
            "--seed",
            default=None,
            metavar="S",
            help=gettext_lazy("the same seed makes the same demo (default %(seed)d)")
            % {"seed": DEFAULT_SEED},
        )
        parser.add_argument(
            "--remove", action="store_true", help=gettext_lazy("delete every demo item instead")
        )
        parser.add_argument(
            "--json", action="store_true", help=gettext_lazy("print one JSON summary object")
        )

    def handle(self, *args, remove, seed, **options):
        self.as_json = options["json"]
        # Checked here rather than by argparse: a bad value is a CommandError (exit 1).
        sizes = {name: _number(name, options[name], CAPS[name]) for name in SIZE_OPTIONS}
        seed = _number("seed", seed, MAX_SEED)
        self.progress = ProgressBar(self.stderr)
        if remove:
            if seed is not None or any(value is not None for value in sizes.values()):
                raise CommandError(
                    _("--remove deletes every demo item: give it no sizes and no --seed.")
                )
            self.remove()
            return
        seed = DEFAULT_SEED if seed is None else seed
        wanted = Sizes(**{name: DEFAULTS[name] if v is None else v for name, v in sizes.items()})
        try:
            wanted.check()
            probe_endpoint()
            self.stderr.write(_("Making the demo data (seed %(seed)d)…") % {"seed": seed})
            dataset = build_dataset(seed, wanted, utcnow())
        except DemoSizeError as exc:
            raise CommandError(str(exc)) from exc
        report = seed_dataset(dataset, progress=self._show)
        self.progress.finish()
        if report.items_written:
            recount_after_bulk_write()
        matches, campaigns = status_counts(dataset)
        if self.as_json:
            self.stdout.write(
                json_line(
                    action="seed",
                    seed=seed,
                    sizes={name: getattr(wanted, name) for name in SIZE_OPTIONS},
                    written=report.items_written,
                    writtenByKind=report.written,
                    alreadyThere=report.kept,
                    cleared=report.cleared,
                    matchesByStatus={s.value: n for s, n in matches.items()},
                    campaignsByStatus={s.value: n for s, n in campaigns.items()},
                )
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo data (seed %(seed)d): %(written)d items written. Already there, left "
                    "as they are: %(stores)d stores, %(creators)d creators, %(matches)d "
                    "matches, %(campaigns)d campaigns."
                )
                % {"seed": seed, "written": report.items_written, **report.kept}
            )
        )
        self.stdout.write(
            _("Matches: %(matches)s. Campaigns: %(campaigns)s.")
            % {"matches": _by_status(matches), "campaigns": _by_status(campaigns)}
        )

    def remove(self) -> None:
        probe_endpoint()
        report = remove_demo(progress=self._show)
        self.progress.finish()
        if report.items_removed:
            recount_after_bulk_write()
        if self.as_json:
            self.stdout.write(
                json_line(
                    action="remove",
                    removed=report.items_removed,
                    removedByTable=report.removed,
                )
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo data removed: %(removed)d items (stores table %(stores)d, creators "
                    "%(creators)d, matches %(matches)d, campaigns %(campaigns)d)."
                )
                % {"removed": report.items_removed, **report.removed}
            )
        )

    def _show(self, done: int, total: int, label: str) -> None:
        self.progress.show(done, total, label)


def _by_status(counts: dict[MatchStatus | CampaignStatus, int]) -> str:
    return ", ".join(f"{status.label} {count}" for status, count in counts.items())
