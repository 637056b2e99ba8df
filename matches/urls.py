"""This section's console routes; the admin site mounts them under /matches/match/."""

from marketing.console import ConsoleRoute, SectionPageView
from matches import views
from matches.outreach.routes import outreach_routes

console_routes = [
    ConsoleRoute("", views.MatchListView, "changelist"),
    # Matches are made by the engine ("Find creators" on a store's page); no add form yet.
    ConsoleRoute("add/", SectionPageView, "add"),
    ConsoleRoute("follow-up/", views.MatchFollowUpView, "follow_up"),
    ConsoleRoute("bulk/", views.MatchBulkView, "bulk"),
    ConsoleRoute("<uuid:match_id>/", views.MatchDetailView, "detail"),
    ConsoleRoute("<uuid:match_id>/transition/", views.MatchTransitionView, "transition"),
    ConsoleRoute("<uuid:match_id>/take/", views.MatchTakeView, "take"),
    ConsoleRoute("<uuid:match_id>/assign/", views.MatchAssignView, "assign"),
    ConsoleRoute("<uuid:match_id>/delete/", views.MatchDeleteView, "delete"),
    *outreach_routes,
]
