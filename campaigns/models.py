"""Permission-only model: campaigns live in DynamoDB; the ORM holds only who may touch them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Campaign(models.Model):
    class Meta:
        managed = False
        default_permissions = ("view", "add", "change", "delete")
        permissions = [("transition_campaign", _("Can run workflow actions on campaigns"))]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
