"""The outreach pages, mounted with the matches section's routes (matches/urls.py)."""

from marketing.console import ConsoleRoute
from matches.outreach import views

outreach_routes = [
    ConsoleRoute("<uuid:match_id>/outreach/", views.MatchOutreachView, "outreach"),
    ConsoleRoute("<uuid:match_id>/follow-up/", views.MatchFollowUpView, "send_follow_up"),
    ConsoleRoute(
        "<uuid:match_id>/outbox/<slug:key>/resolve/", views.OutboxResolveView, "outbox_resolve"
    ),
    ConsoleRoute("outreach/templates/", views.TemplateListView, "outreach_templates"),
    ConsoleRoute("outreach/templates/add/", views.TemplateFormView, "outreach_template_add"),
    ConsoleRoute(
        "outreach/templates/<uuid:template_id>/", views.TemplateFormView, "outreach_template_change"
    ),
    ConsoleRoute("outreach/consent/<uuid:creator_id>/", views.ConsentView, "consent"),
    ConsoleRoute(
        "outreach/consent/<uuid:creator_id>/record/", views.ConsentRecordView, "consent_record"
    ),
    ConsoleRoute("outreach/do-not-contact/", views.DoNotContactListView, "do_not_contact"),
    ConsoleRoute("outreach/do-not-contact/add/", views.DoNotContactAddView, "do_not_contact_add"),
]
