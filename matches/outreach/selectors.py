"""Reads for the outreach pages."""

from django.urls import NoReverseMatch, reverse

from creators.domain import CreatorChannel
from creators.repository import CreatorRepository
from matches.domain import Match
from matches.repository import MatchRepository


def outreach_match(match_id: str) -> Match | None:
    return MatchRepository().find(str(match_id), consistent=True)


def creator_primary_channel(creator_id: str) -> CreatorChannel | None:
    channels = CreatorRepository().channels_of(str(creator_id))
    return channels[0] if channels else None


def optional_url(name: str, *args) -> str | None:
    """The URL of a console page that may not exist in this build (the match detail page
    belongs to the workflow pages), or None."""
    try:
        return reverse(f"admin:{name}", args=args or None)
    except NoReverseMatch:
        return None
