"""`python manage.py scrape_store URL [URL ...] [--force] [--json]`
`python manage.py scrape_store --html-file PATH [--url URL] [--json]`

Adds (or refreshes) stores from Naver place links, answering from the 7-day cache when it
can; or parses and stores a page saved from a browser, without any network. One bad URL
is reported and the batch carries on; the exit code is 1 when any failed.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import CommandError

from marketing.dynamo.calls import probe_endpoint
from marketing.dynamo.errors import DynamoError, EndpointUnavailable
from marketing.management.base import DynamoCommand
from stores import services
from stores.domain import ScrapeOutcome
from stores.naver.errors import ScrapeError

ACTOR = "system:scrape_store"


def outcome_json(outcome: ScrapeOutcome) -> dict:
    profile = outcome.profile
    location, prices, sentiment = profile.location, profile.price_analysis, profile.sentiment
    return {
        "storeId": profile.store_id,
        "storeName": profile.store_name,
        "naverPlaceId": profile.naver_place_id,
        "sourceUrl": profile.source_url,
        "primaryCategory": profile.primary_category,
        "location": {
            "city": location.city,
            "district": location.district,
            "address": location.address,
            "roadAddress": location.road_address,
            "phone": location.phone,
            "lat": _number(location.lat),
            "lng": _number(location.lng),
        },
        "priceAnalysis": {
            "menuCount": prices.menu_count,
            "pricedCount": prices.priced_count,
            "min": prices.min,
            "max": prices.max,
            "mean": prices.mean,
            "median": prices.median,
            "perPerson": prices.per_person,
            "currency": prices.currency,
            "level": prices.level,
        },
        "sentiment": {
            "score": sentiment.score,
            "positiveRatio": _number(sentiment.positive_ratio),
            "rating": _number(sentiment.rating),
            "visitorReviewCount": sentiment.visitor_review_count,
            "blogReviewCount": sentiment.blog_review_count,
            "keywords": [
                {"label": k.label, "count": k.count, "polarity": k.polarity.value}
                for k in sentiment.keywords
            ],
        },
        "scrapedAt": profile.scraped_at.isoformat().replace("+00:00", "Z"),
        "cacheHit": outcome.cache_hit,
    }


def _number(value):
    return None if value is None else float(value)


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
            raise CommandError("Give one or more URLs, or --html-file PATH (not both).")
        if url and not html_file:
            raise CommandError("--url goes with --html-file; pass links as arguments.")
        probe_endpoint()
        self.as_json = options["json"]
        if html_file:
            path = Path(html_file)
            try:
                html = path.read_bytes()
            except OSError as exc:
                raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
            failed = not self._run(
                str(path),
                lambda: services.store_import_html(
                    html=html, url=url, actor=ACTOR, profile="batch"
                ),
            )
            total = 1
        else:
            total = len(urls)
            failed = 0
            for position, link in enumerate(urls, 1):
                if total > 1:
                    self.stderr.write(f"[{position}/{total}] {link}")
                ok = self._run(
                    link,
                    lambda link=link: services.store_add_by_url(
                        url=link, actor=ACTOR, force=force, profile="batch"
                    ),
                )
                failed += not ok
        if total > 1 or failed:
            self.stderr.write(f"{total - failed} stored, {failed} failed")
        if failed:
            sys.exit(1)

    def _run(self, label: str, call) -> bool:
        try:
            outcome = call()
        except EndpointUnavailable:
            raise
        except (ScrapeError, DynamoError) as exc:
            message = getattr(exc, "message", None) or str(exc)
            self.stderr.write(self.style.ERROR(f"{label}: {message}"))
            return False
        if self.as_json:
            self.stdout.write(json.dumps(outcome_json(outcome), ensure_ascii=False))
        else:
            profile = outcome.profile
            score = profile.sentiment.score
            how = "cache hit" if outcome.cache_hit else "fetched"
            if profile.source.value == "import":
                how = "imported"
            self.stdout.write(
                f"{profile.store_name} ({profile.store_id}) {how}: "
                f"{profile.primary_category or '-'}, "
                f"{profile.location.city or '-'} {profile.location.district or ''}, "
                f"price level {profile.price_analysis.level or '-'}, "
                f"sentiment {'-' if score is None else score}"
            )
        return True
