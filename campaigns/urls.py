"""This section's console routes; the admin site mounts them under /campaigns/campaign/."""

from campaigns import views
from campaigns.dashboards_routes import dashboard_routes
from marketing.console import ConsoleRoute

CAMPAIGN = "<uuid:campaign_id>/"
MEMBER = CAMPAIGN + "creators/<str:creator_id>/"

console_routes = [
    ConsoleRoute("", views.CampaignListView, "changelist"),
    ConsoleRoute("add/", views.CampaignAddView, "add"),
    ConsoleRoute(CAMPAIGN, views.CampaignDetailView, "detail"),
    ConsoleRoute(CAMPAIGN + "edit/", views.CampaignChangeView, "change"),
    ConsoleRoute(CAMPAIGN + "transition/", views.CampaignTransitionView, "transition"),
    ConsoleRoute(CAMPAIGN + "creators/add/", views.CampaignAddMembersView, "members_add"),
    ConsoleRoute(CAMPAIGN + "youtube/", views.RefreshYouTubeView, "refresh_youtube"),
    ConsoleRoute(CAMPAIGN + "figures/import/", views.FiguresImportView, "import"),
    ConsoleRoute(CAMPAIGN + "figures/template/", views.FiguresTemplateView, "import_template"),
    ConsoleRoute(MEMBER, views.MemberChangeView, "member_change"),
    ConsoleRoute(MEMBER + "figures/", views.MemberFiguresView, "member_figures"),
    ConsoleRoute(MEMBER + "caption/", views.CaptionView, "caption"),
    ConsoleRoute(MEMBER + "remove/", views.MemberRemoveView, "member_remove"),
    *dashboard_routes,
]
