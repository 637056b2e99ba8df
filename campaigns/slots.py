"""Places on a campaign's page that other parts of the console fill in.

The campaign dashboard (budget burn, performance by creator, review growth, disclosure
status: campaigns/dashboards*) adds itself here instead of editing the views; each entry
is a dotted path or a template name, so nothing here imports that code:

- DETAIL_TOOLS: f(view, campaign) -> ObjectTool | None, buttons on a campaign's page
  (e.g. "Dashboard");
- DETAIL_PANELS: templates included in the page's `#campaign-dashboard` slot, with the
  page's context (`figures`: campaigns.selectors.CampaignFigures, the numbers every
  campaign page, chart and report shares).
"""

from django.utils.module_loading import import_string

DETAIL_TOOLS: list[str] = []
DETAIL_PANELS: list[str] = []


def tools(paths: list[str], *args) -> list:
    """The buttons the providers at `paths` give for this page (None: no button)."""
    made = (import_string(path)(*args) for path in paths)
    return [tool for tool in made if tool is not None]
