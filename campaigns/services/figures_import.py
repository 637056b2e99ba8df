"""Performance figures from a CSV file: checked row by row, then written all at once.

A file with any bad row writes nothing (the preview lists every problem); a good one is
one write of the campaign, conditional on the version the preview was made from, with
the totals summed again in it.
"""

from django.utils.translation import ngettext

from campaigns import figures_csv
from campaigns.domain import Campaign, CampaignError
from campaigns.figures_csv import FiguresFile
from campaigns.repository import CampaignRepository
from campaigns.services.loading import campaign_for_edit, saved
from marketing.dynamo.client import ClientMode
from marketing.dynamo.serde import utcnow


def campaign_check_figures_file(*, campaign: Campaign, data: bytes) -> FiguresFile:
    """The per-row report of a file (nothing written)."""
    return figures_csv.parse(data, campaign)


def campaign_import_figures(
    *,
    campaign_id: str,
    data: bytes,
    expected_version: int,
    actor: str,
    mode: ClientMode = "interactive",
) -> tuple[Campaign, FiguresFile]:
    """Write the file's figures, if every row is good and the campaign is still at
    `expected_version` (the version its preview was checked against)."""
    repository = CampaignRepository(mode=mode)
    campaign = campaign_for_edit(repository, campaign_id, expected_version)
    checked = figures_csv.parse(data, campaign)
    if not checked.ok:
        bad = len(checked.bad_rows)
        raise CampaignError(
            ngettext(
                "%(n)d row has a problem: nothing was written. Fix the file and check it again.",
                "%(n)d rows have problems: nothing was written. Fix the file and check it again.",
                bad,
            )
            % {"n": bad}
        )
    given = {row.member.creator_id: row.values for row in checked.rows}
    creators = [
        m.model_copy(update={"figures": m.figures.model_copy(update=given[m.creator_id])})
        if m.creator_id in given
        else m
        for m in campaign.creators
    ]
    changed = campaign.model_copy(update={"creators": creators}).with_totals(utcnow())
    return saved(repository, campaign, changed, actor=actor), checked


def figures_template(campaign: Campaign) -> str:
    return figures_csv.template(campaign)
