"""This section's console routes; the admin site mounts them under /creators/creator/."""

from creators import views
from marketing.console import ConsoleRoute

console_routes = [
    ConsoleRoute("", views.CreatorListView, "changelist"),
    ConsoleRoute("add/", views.CreatorAddView, "add"),
    ConsoleRoute("import/", views.CreatorImportView, "import"),
    ConsoleRoute("import/template.csv", views.CreatorImportTemplateView, "import_template"),
    ConsoleRoute("figures/", views.ChannelFiguresView, "figures"),
    ConsoleRoute("export/", views.CreatorExportView, "export"),
    ConsoleRoute("<uuid:creator_id>/", views.CreatorDetailView, "detail"),
    ConsoleRoute("<uuid:creator_id>/change/", views.CreatorChangeView, "change"),
    ConsoleRoute("<uuid:creator_id>/sync/", views.CreatorSyncNowView, "sync"),
    ConsoleRoute("<uuid:creator_id>/delete/", views.CreatorDeleteView, "delete"),
]
