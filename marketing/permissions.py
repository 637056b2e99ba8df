"""Who may open what: one map from every console URL name to the permission it needs.

Roles are Groups created by a data migration (marketing/migrations/0001_roles.py):
viewer reads, editor also creates, updates and runs workflow actions, admin also deletes.
The admin site refuses to start if a console URL has no entry here, so no view can go
unchecked.
"""

from django.utils.translation import gettext_lazy as _

# URL name (without the "admin:" namespace) -> "app_label.codename"
PERMISSION_MAP: dict[str, str] = {
    # --- stores ---
    "stores_store_changelist": "stores.view_store",
    "stores_store_add": "stores.add_store",
    "stores_store_import": "stores.add_store",
    "stores_store_detail": "stores.view_store",
    "stores_store_change": "stores.change_store",
    "stores_store_refetch": "stores.change_store",
    "stores_store_restore": "stores.change_store",
    "stores_store_delete": "stores.delete_store",
    "stores_store_find_creators": "matches.add_match",
    # --- creators ---
    "creators_creator_changelist": "creators.view_creator",
    "creators_creator_add": "creators.add_creator",
    "creators_creator_import": "creators.add_creator",
    "creators_creator_import_template": "creators.add_creator",
    "creators_creator_figures": "creators.change_creator",
    "creators_creator_export": "creators.view_creator",
    "creators_creator_detail": "creators.view_creator",
    "creators_creator_change": "creators.change_creator",
    "creators_creator_sync": "creators.change_creator",
    "creators_creator_delete": "creators.delete_creator",
    # --- matches ---
    "matches_match_changelist": "matches.view_match",
    "matches_match_add": "matches.add_match",
    # outreach e-mail: editors send and keep consent and the do-not-contact list; admins
    # (who may delete) edit the templates every message is made from.
    "matches_match_outreach": "matches.transition_match",
    "matches_match_send_follow_up": "matches.transition_match",
    "matches_match_outbox_resolve": "matches.transition_match",
    "matches_match_outreach_templates": "matches.view_match",
    "matches_match_outreach_template_add": "matches.delete_match",
    "matches_match_outreach_template_change": "matches.delete_match",
    "matches_match_consent": "matches.view_match",
    "matches_match_consent_record": "matches.transition_match",
    "matches_match_do_not_contact": "matches.view_match",
    "matches_match_do_not_contact_add": "matches.transition_match",
    "matches_match_follow_up": "matches.view_match",
    "matches_match_detail": "matches.view_match",
    "matches_match_bulk": "matches.transition_match",
    "matches_match_transition": "matches.transition_match",
    "matches_match_take": "matches.transition_match",
    "matches_match_assign": "matches.transition_match",
    "matches_match_delete": "matches.delete_match",
    # --- campaigns ---
    "campaigns_campaign_changelist": "campaigns.view_campaign",
    "campaigns_campaign_add": "campaigns.add_campaign",
    "campaigns_campaign_detail": "campaigns.view_campaign",
    "campaigns_campaign_import_template": "campaigns.view_campaign",
    "campaigns_campaign_change": "campaigns.change_campaign",
    "campaigns_campaign_members_add": "campaigns.change_campaign",
    "campaigns_campaign_member_change": "campaigns.change_campaign",
    "campaigns_campaign_member_figures": "campaigns.change_campaign",
    "campaigns_campaign_member_remove": "campaigns.change_campaign",
    "campaigns_campaign_caption": "campaigns.change_campaign",
    "campaigns_campaign_refresh_youtube": "campaigns.change_campaign",
    "campaigns_campaign_import": "campaigns.change_campaign",
    "campaigns_campaign_transition": "campaigns.transition_campaign",
    "campaigns_campaign_dashboard": "campaigns.view_campaign",
    "campaigns_campaign_report": "campaigns.view_campaign",
    # --- audit trail (admins only: the admin role alone holds audit.view_auditentry) ---
    "audit_auditentry_changelist": "audit.view_auditentry",
    "audit_auditentry_history": "audit.view_auditentry",
    # erasure deletes a creator's personal data everywhere: who may delete creators
    "audit_auditentry_erase": "creators.delete_creator",
}

# The console's permission-only models: (app_label, model_name).
CONSOLE_MODELS = (
    ("stores", "store"),
    ("creators", "creator"),
    ("matches", "match"),
    ("campaigns", "campaign"),
)

# Sections only the admin role sees; their permissions are granted by their own
# migrations, not by the role table below.
ADMIN_ONLY_MODELS = (("audit", "auditentry"),)
SECTION_MODELS = CONSOLE_MODELS + ADMIN_ONLY_MODELS

VIEWER, EDITOR, ADMIN = "viewer", "editor", "admin"
ROLE_LABELS = {VIEWER: _("Viewer"), EDITOR: _("Editor"), ADMIN: _("Admin")}

# Actions per role on every console model. "transition" is the workflow permission.
ROLE_ACTIONS: dict[str, tuple[str, ...]] = {
    VIEWER: ("view",),
    EDITOR: ("view", "add", "change", "transition"),
    ADMIN: ("view", "add", "change", "transition", "delete"),
}


# Granted to the admin role by the admin-only sections' migrations.
ADMIN_ONLY_PERMISSIONS = (("audit", "view_auditentry"),)


def role_permissions(role: str) -> list[tuple[str, str]]:
    """(app_label, codename) pairs a role grants."""
    granted = [
        (app_label, f"{action}_{model_name}")
        for app_label, model_name in CONSOLE_MODELS
        for action in ROLE_ACTIONS[role]
    ]
    if role == ADMIN:
        granted += ADMIN_ONLY_PERMISSIONS
    return granted


def permission_for(url_name: str) -> str:
    try:
        return PERMISSION_MAP[url_name]
    except KeyError:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"Console URL {url_name!r} has no entry in marketing.permissions.PERMISSION_MAP"
        ) from None


def is_console_admin(user) -> bool:
    """The admin role's pages (health, operations): every permission the role grants
    (superusers hold them all); viewers and editors are refused with a 403."""
    if not (user.is_active and user.is_staff):
        return False
    return user.has_perms([f"{app}.{codename}" for app, codename in role_permissions(ADMIN)])
