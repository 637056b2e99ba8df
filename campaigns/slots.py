"""Places on a campaign's page that other parts of the console fill in.

The campaign dashboard (budget burn, performance by creator, review growth, disclosure
status: campaigns/dashboards*) adds itself here instead of editing the views; each entry
is a dotted path or a template name, so nothing here imports that code:

- DETAIL_TOOLS: f(view, campaign) -> ObjectTool | None, buttons on a campaign's page. The
  first links the page named `campaigns_campaign_dashboard` (kwarg `campaign_id`) as soon
  as that route exists;
- DETAIL_PANELS: templates included in the page's `#campaign-dashboard` slot, with the
  page's context (`figures`: campaigns.selectors.CampaignFigures, the numbers every
  campaign page, chart and report shares).
"""

from django.urls import NoReverseMatch
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from marketing.console import ObjectTool

DETAIL_TOOLS: list[str] = ["campaigns.slots.dashboard_tool"]
DETAIL_PANELS: list[str] = []


def tools(paths: list[str], *args) -> list:
    """The buttons the providers at `paths` give for this page (None: no button)."""
    made = (import_string(path)(*args) for path in paths)
    return [tool for tool in made if tool is not None]


def dashboard_url(view, campaign) -> str | None:
    """The campaign's dashboard page, once the dashboards have a route for it."""
    try:
        return view.url("dashboard", campaign_id=campaign.campaign_id)
    except NoReverseMatch:
        return None


def dashboard_tool(view, campaign) -> ObjectTool | None:
    url = dashboard_url(view, campaign)
    return ObjectTool(_("Dashboard"), url, element_id="dashboard-link") if url else None
