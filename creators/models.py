"""Permission-only model: creators live in DynamoDB; the ORM holds only who may touch them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Creator(models.Model):
    class Meta:
        managed = False
        default_permissions = ("view", "add", "change", "delete")
        permissions = [("transition_creator", _("Can run workflow actions on creators"))]
        verbose_name = _("creator")
        verbose_name_plural = _("creators")
