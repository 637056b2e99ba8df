"""Reads for the match pages: one index query per list, one consistent read per match.
No page scans (data-model.md §3 maps each listing to its index)."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q

from marketing.dynamo.pagination import Page
from matches import findings
from matches.domain import SEOUL, Match, MatchRow, MatchStatus, StatusChange
from matches.repository import MatchRepository

PAGE_SIZE = 25
PANEL_SIZE = 10  # matches shown on a store's or a creator's page
BANDS = tuple(range(90, -1, -10))  # score bands, best first (a 100 sits in band 100)
TRANSITION_PERMISSION = "matches.transition_match"


@dataclass(frozen=True)
class MatchListing:
    """Which matches a list shows: a status queue, a score band, a day, a store's or a
    creator's; `owner` narrows any of them to one staff user's ("my queue")."""

    by: str = "status"
    status: MatchStatus = MatchStatus.PENDING
    band: int = 90
    day: dt.date | None = None
    store_id: str | None = None
    creator_id: str | None = None
    owner: str | None = None


def match_list(*, listing: MatchListing, cursor: str | None = None, limit=PAGE_SIZE) -> Page:
    repository = MatchRepository()
    common = {"owner": listing.owner, "cursor": cursor, "limit": limit}
    if listing.by == "band":
        return repository.by_score_band(listing.band, **common)
    if listing.by == "day":
        return repository.by_day(listing.day or today_in_seoul(), **common)
    if listing.by == "store" and listing.store_id:
        return repository.by_store(listing.store_id, **common)
    if listing.by == "creator" and listing.creator_id:
        return repository.by_creator(listing.creator_id, **common)
    return repository.by_status(listing.status, **common)


def follow_up_days() -> int:
    return settings.MATCH_FOLLOW_UP_DAYS


def follow_up_cutoff(*, now: dt.datetime | None = None) -> dt.datetime:
    """Contacted before this moment and not moved on since: needs a follow-up."""
    return (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=follow_up_days())


def follow_up_list(
    *, owner: str | None = None, cursor: str | None = None, now=None, limit=PAGE_SIZE
) -> Page[MatchRow]:
    """CONTACTED matches without a response for MATCH_FOLLOW_UP_DAYS, longest waiting
    first: the status queue with a sort-key condition on the last status change."""
    return MatchRepository().by_status(
        MatchStatus.CONTACTED,
        owner=owner,
        changed_before=follow_up_cutoff(now=now),
        cursor=cursor,
        limit=limit,
    )


def store_matches(*, store_id: str, limit: int = PANEL_SIZE) -> Page[MatchRow]:
    """A store's matches, best score first (one query)."""
    return MatchRepository().by_store(store_id, limit=limit)


def creator_matches(*, creator_id: str, limit: int = PANEL_SIZE) -> Page[MatchRow]:
    """A creator's matches, newest first (one query)."""
    return MatchRepository().by_creator(creator_id, limit=limit)


def today_in_seoul() -> dt.date:
    return dt.datetime.now(SEOUL).date()


@dataclass(frozen=True)
class ScoreLine:
    """One component of the score as the page shows it."""

    name: str
    label: str
    value: int  # 0-100
    weight: int  # percent
    points: Decimal  # what it adds to the score
    reason: str


@dataclass(frozen=True)
class MatchDetail:
    match: Match
    breakdown: list[ScoreLine] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def timeline(self) -> list[StatusChange]:
        return self.match.status_history


def match_detail(*, match_id: str) -> MatchDetail | None:
    """The match as it is now (a consistent read: right after a change the page shows
    it), with its score and findings in words; None when there is no such match."""
    match = MatchRepository().find(match_id, consistent=True)
    if match is None:
        return None
    return MatchDetail(
        match=match,
        breakdown=score_lines(match),
        strengths=[findings.describe(f) for f in match.strengths],
        problems=[findings.describe(f) for f in match.problems],
    )


def score_lines(match: Match) -> list[ScoreLine]:
    lines = []
    for name, component in match.score_breakdown.items():
        points = (component.value * component.weight * 100).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
        lines.append(
            ScoreLine(
                name=name,
                label=findings.component_label(name),
                value=_percent(component.value),
                weight=_percent(component.weight),
                points=points,
                reason=component.reason,
            )
        )
    return sorted(lines, key=lambda line: line.points, reverse=True)


def _percent(fraction: Decimal) -> int:
    return int((fraction * 100).to_integral_value(rounding=ROUND_HALF_UP))


def staff_who_work_matches() -> list[str]:
    """Usernames a match may be assigned to: active staff allowed to run its workflow."""
    app_label, codename = TRANSITION_PERMISSION.split(".")
    granted = Q(permissions__codename=codename, permissions__content_type__app_label=app_label)
    users = get_user_model().objects.filter(is_active=True, is_staff=True)
    allowed = users.filter(
        Q(is_superuser=True)
        | Q(groups__in=_groups_with(granted))
        | Q(
            user_permissions__codename=codename,
            user_permissions__content_type__app_label=app_label,
        )
    )
    return sorted(set(allowed.values_list("username", flat=True)))


def _groups_with(granted: Q):
    from django.contrib.auth.models import Group

    return Group.objects.filter(granted)
