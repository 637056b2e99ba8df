"""The dashboards' pages in the campaigns section (campaigns/urls.py adds them)."""

from campaigns.dashboards_views import CampaignDashboardView, CampaignReportView
from marketing.console import ConsoleRoute

dashboard_routes = [
    ConsoleRoute("report/", CampaignReportView, "report"),
    ConsoleRoute("<uuid:campaign_id>/dashboard/", CampaignDashboardView, "dashboard"),
]
