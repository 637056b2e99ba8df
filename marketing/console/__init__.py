"""The console kit: one way to build a page inside the admin site.

A page is a selector (or a service), a form and a short view subclassing one of:

- `ConsoleListView`: a filter form, a selector's cursor page, the pager partial;
- `ConsoleDetailView`: one object from a selector (None → 404) and its panels;
- `ConsoleFormView`: bind a form, call a service, redirect with a message;
- `ConsoleActionView`: a POST that runs a service (delete, re-fetch, a transition),
  optionally behind a confirmation page; `ConsoleStepView` for a button that posts a
  step and returns to the detail page.

Every view takes the admin's context the way ModelAdmin does (site header, breadcrumbs,
permissions), builds its object-tool buttons from `ObjectTool`s and reports domain
errors through one table (`marketing.console.problems`), so no app view writes an
`except` ladder of its own.
"""

from marketing.console.problems import user_message
from marketing.console.routes import ConsoleRoute
from marketing.console.tools import ObjectTool, Pager
from marketing.console.views import (
    ConsoleActionView,
    ConsoleDetailView,
    ConsoleFormView,
    ConsoleListView,
    ConsoleStepView,
    ConsoleView,
    SectionPageView,
)

__all__ = [
    "ConsoleActionView",
    "ConsoleDetailView",
    "ConsoleFormView",
    "ConsoleListView",
    "ConsoleRoute",
    "ConsoleStepView",
    "ConsoleView",
    "ObjectTool",
    "Pager",
    "SectionPageView",
    "user_message",
]
