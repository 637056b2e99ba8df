"""This section's console routes; the admin site mounts them under /<app>/<model>/."""

from marketing.console import ConsoleRoute
from stores import views

console_routes = [
    ConsoleRoute("", views.StoreListView, "changelist"),
    ConsoleRoute("add/", views.StoreAddView, "add"),
    ConsoleRoute("import/", views.StoreImportView, "import"),
    ConsoleRoute("<uuid:store_id>/", views.StoreDetailView, "detail"),
    ConsoleRoute("<uuid:store_id>/change/", views.StoreChangeView, "change"),
    ConsoleRoute("<uuid:store_id>/refetch/", views.StoreRefetchView, "refetch"),
    ConsoleRoute(
        "<uuid:store_id>/restore/<str:field>/", views.StoreRestoreNaverValueView, "restore"
    ),
    ConsoleRoute("<uuid:store_id>/find-creators/", views.StoreFindCreatorsView, "find_creators"),
    ConsoleRoute("<uuid:store_id>/delete/", views.StoreDeleteView, "delete"),
]
