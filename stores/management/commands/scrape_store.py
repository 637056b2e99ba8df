"""`python manage.py scrape_store URL [URL ...] [--force] [--json]`
`python manage.py scrape_store --html-file PATH [--url URL] [--json]`

Adds (or refreshes) stores from Naver place links, answering from the 7-day cache when it
can; or parses and stores a page saved from a browser, without any network. One bad URL
is reported and the batch carries on; the exit code is 1 when any failed.
"""

import sys
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from marketing.dynamo.calls import probe_endpoint
from marketing.dynamo.errors import DynamoError, EndpointUnavailable
from marketing.management.base import DynamoCommand
from marketing.management.json_lines import error_line, json_line
from stores import services
from stores.domain import ScrapeOutcome
from stores.naver.errors import ScrapeError

ACTOR = "system:scrape_store"

# What --json prints of a stored profile (pydantic's include syntax), beside `cacheHit`.
PROFILE_FIELDS = {
    "store_id": True,
    "store_name": True,
    "naver_place_id": True,
    "source_url": True,
    "primary_category": True,
    "location": True,
    "price_analysis": True,
    "sentiment": True,
    "scraped_at": True,
}


def outcome_json(outcome: ScrapeOutcome) -> str:
    return json_line(outcome.profile, include=PROFILE_FIELDS, cacheHit=outcome.cache_hit)


class Command(DynamoCommand):
    help = "Add or refresh stores from Naver place links (or a saved page), with analysis."

    def add_arguments(self, parser):
        parser.add_argument("urls", nargs="*", metavar="URL", help="Naver place links or ids.")
        parser.add_argument("--force", action="store_true", help="Fetch even if cached (<7 d).")
        parser.add_argument("--json", action="store_true", help="One JSON object per store.")
        parser.add_argument("--html-file", help="Parse and store this saved page (no network).")
        parser.add_argument("--url", help="With --html-file: the page's place link, checked.")

    def handle(self, *args, urls, force, html_file, url, **options):
        if bool(urls) == bool(html_file):
            raise CommandError(_("Give one or more URLs, or --html-file PATH (not both)."))
        if url and not html_file:
            raise CommandError(_("--url goes with --html-file; pass links as arguments."))
        probe_endpoint()
        self.as_json = options["json"]
        if html_file:
            path = Path(html_file)
            try:
                html = path.read_bytes()
            except OSError as exc:
                raise CommandError(
                    _("Cannot read %(path)s: %(why)s") % {"path": path, "why": exc.strerror}
                ) from exc
            jobs = [
                (
                    str(path),
                    lambda: services.store_import_html(
                        html=html, url=url, actor=ACTOR, mode="batch"
                    ),
                )
            ]
        else:
            jobs = [
                (
                    link,
                    lambda link=link: services.store_add_by_url(
                        url=link, actor=ACTOR, force=force, mode="batch"
                    ),
                )
                for link in urls
            ]
        failed = 0
        for position, (label, call) in enumerate(jobs, 1):
            if len(jobs) > 1:
                self.stderr.write(f"[{position}/{len(jobs)}] {label}")
            failed += not self._run(label, call)
        if len(jobs) > 1 or failed:
            self.stderr.write(
                _("%(stored)d stored, %(failed)d failed")
                % {"stored": len(jobs) - failed, "failed": failed}
            )
        if failed:
            sys.exit(1)

    def _run(self, label: str, call) -> bool:
        try:
            outcome = call()
        except EndpointUnavailable:
            raise
        except (ScrapeError, DynamoError) as exc:
            message = str(getattr(exc, "message", None) or exc)
            self.stderr.write(self.style.ERROR(f"{label}: {message}"))
            if self.as_json:
                self.stdout.write(error_line(message, input=label))
            return False
        if self.as_json:
            self.stdout.write(outcome_json(outcome))
        else:
            self.stdout.write(summary_line(outcome))
        return True


def summary_line(outcome: ScrapeOutcome) -> str:
    profile = outcome.profile
    score = profile.sentiment.score
    if outcome.cache_hit:
        how = _("answered from the cache")
    elif profile.source.value == "import":
        how = _("imported from the saved page")
    else:
        how = _("fetched from Naver")
    return _(
        "%(name)s (%(id)s) %(how)s: %(category)s, %(area)s, price level %(level)s, "
        "sentiment %(score)s"
    ) % {
        "name": profile.store_name,
        "id": profile.store_id,
        "how": how,
        "category": profile.primary_category or "-",
        "area": f"{profile.location.city or '-'} {profile.location.district or ''}".strip(),
        "level": profile.price_analysis.level or "-",
        "score": "-" if score is None else score,
    }
