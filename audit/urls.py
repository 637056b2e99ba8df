"""This section's console routes; the admin site mounts them under /audit/auditentry/."""

from audit import views
from marketing.console import ConsoleRoute

console_routes = [
    ConsoleRoute("", views.AuditListView, "changelist"),
    ConsoleRoute("history/<str:table>/<uuid:entity_id>/", views.AuditHistoryView, "history"),
    ConsoleRoute("erase/<uuid:creator_id>/", views.EraseCreatorView, "erase"),
]
