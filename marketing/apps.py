from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class ConsoleAdminConfig(AdminConfig):
    default_site = "marketing.admin_site.ConsoleAdminSite"


class LoginLockoutConfig(AxesAppConfig):
    """django-axes (failed logins and lockouts), under a name staff can read."""

    verbose_name = _("Login lockouts")


class MarketingConfig(AppConfig):
    name = "marketing"
    verbose_name = _("Console")

    def ready(self):
        from django.conf import settings

        from marketing import checks  # noqa: F401  (registers the console's system checks)
        from marketing.dynamo import metrics
        from marketing.dynamo.config import DynamoConfig, configure

        configure(
            DynamoConfig(
                endpoint_url=settings.DYNAMODB_ENDPOINT_URL,
                region=settings.DYNAMODB_REGION,
                table_prefix=settings.DYNAMODB_TABLE_PREFIX,
                cursor_secret=DynamoConfig.derive_cursor_secret(settings.SECRET_KEY),
                uses_embedded_server=settings.DYNAMODB_USES_EMBEDDED_SERVER,
            )
        )
        metrics.configure(
            enabled=settings.DYNAMODB_METRICS,
            flush_seconds=settings.DYNAMODB_METRICS_FLUSH_SECONDS,
            emf=settings.DYNAMODB_METRICS_EMF,
        )
