"""This section's console routes; the admin site mounts them under /<app>/<model>/."""

from campaigns.dashboards_routes import dashboard_routes
from marketing.console import ConsoleRoute, SectionPageView

console_routes = [
    ConsoleRoute("", SectionPageView, "changelist"),
    ConsoleRoute("add/", SectionPageView, "add"),
    *dashboard_routes,
]
