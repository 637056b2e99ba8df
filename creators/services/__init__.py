"""Writes and workflows on creators: creator_<action>(*, ...), one module a job.

- saving: adding (YouTube, by hand) and updating — the one upsert path;
- sync: the daily YouTube sync and "Sync YouTube now";
- deleting: a creator with every channel and owner link;
- csv_import: CSV import (through the upsert), its template and export;
- indexing: backfilling the search keys onto channels stored before the search indexes;
- youtube: the quota ledger and the API client.
"""

from creators.repository import ChannelLinkRepository, CreatorRepository, QuotaRepository
from creators.services.csv_import import (
    ImportReport,
    creators_export,
    creators_import,
    creators_import_template,
)
from creators.services.deleting import creator_delete
from creators.services.indexing import BackfillSummary, creators_backfill_search_keys
from creators.services.saving import (
    CreatorFields,
    creator_add_manual,
    creator_add_youtube,
    creator_contact,
    creator_save_channel,
    creator_unreadable_contact,
    creator_update,
    creator_update_figures,
)
from creators.services.sync import (
    SyncNowResult,
    SyncSummary,
    creator_sync_now,
    creators_sync,
    estimate_units,
)
from creators.services.youtube import youtube_quota_meter, youtube_record_quota

__all__ = [
    "BackfillSummary",
    "ChannelLinkRepository",
    "CreatorFields",
    "CreatorRepository",
    "ImportReport",
    "QuotaRepository",
    "SyncNowResult",
    "SyncSummary",
    "creator_add_manual",
    "creator_add_youtube",
    "creator_contact",
    "creator_delete",
    "creator_save_channel",
    "creator_sync_now",
    "creator_unreadable_contact",
    "creator_update",
    "creator_update_figures",
    "creators_backfill_search_keys",
    "creators_export",
    "creators_import",
    "creators_import_template",
    "creators_sync",
    "estimate_units",
    "youtube_quota_meter",
    "youtube_record_quota",
]
