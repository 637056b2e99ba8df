"""Permission-only model: stores live in DynamoDB; the ORM holds only who may touch them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Store(models.Model):
    class Meta:
        managed = False
        default_permissions = ("view", "add", "change", "delete")
        permissions = [("transition_store", _("Can run workflow actions on stores"))]
        verbose_name = _("store")
        verbose_name_plural = _("stores")
