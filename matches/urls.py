"""This section's console routes; the admin site mounts them under /<app>/<model>/."""

from marketing.console import ConsoleRoute, SectionPageView
from matches.outreach.routes import outreach_routes

console_routes = [
    ConsoleRoute("", SectionPageView, "changelist"),
    ConsoleRoute("add/", SectionPageView, "add"),
    *outreach_routes,
]
