"""Permission-only model: the audit trail lives in DynamoDB; the ORM holds who may read it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    class Meta:
        managed = False
        # Admins only (audit/migrations/0002_admin_role.py): no viewer or editor reads it.
        default_permissions = ("view",)
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
