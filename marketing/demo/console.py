"""Whether `make run` loads the demo: only on the embedded server (never on AWS or another
endpoint someone configured), only while no store, creator, match or campaign exists,
and unless CONSOLE_DEMO_DATA=false."""

from django.conf import settings

from campaigns.domain import CampaignStatus
from campaigns.repository import CampaignRepository
from creators.domain import CreatorFilters
from creators.repository import CreatorRepository
from matches.domain import MatchStatus
from matches.repository import MatchRepository
from stores.repository import DirectoryRepository


def should_load_demo() -> bool:
    return bool(
        settings.CONSOLE_DEMO_DATA
        and settings.DYNAMODB_USES_EMBEDDED_SERVER
        and domain_tables_empty()
    )


def domain_tables_empty() -> bool:
    """No store, creator, match or campaign: one-item index queries (a few per table),
    stopping at the first one found."""
    reads = [
        lambda: DirectoryRepository().list_all(limit=1),
        lambda: CreatorRepository().listing(CreatorFilters(), limit=1),
        *(lambda s=s: MatchRepository().by_status(s, limit=1) for s in MatchStatus),
        *(lambda s=s: CampaignRepository().by_status(s, limit=1) for s in CampaignStatus),
    ]
    return not any(read().items for read in reads)
