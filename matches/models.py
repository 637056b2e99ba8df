"""Permission-only model: matches live in DynamoDB; the ORM holds only who may touch them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Match(models.Model):
    class Meta:
        managed = False
        default_permissions = ("view", "add", "change", "delete")
        permissions = [("transition_match", _("Can run workflow actions on matches"))]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
