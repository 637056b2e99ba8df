"""The health page (admins only): the DynamoDB health report inside the admin."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from marketing import permissions
from marketing.operations import health
from marketing.operations.health_text import ms_text, state_text, verdict


class HealthView(TemplateView):
    """The report with the call metrics of the last `minutes` (15); the hot-partition
    sample (a bounded Scan a table) only when asked for with `?sample=1`."""

    template_name = "admin/operations/health.html"
    admin_site = None
    title = _("DynamoDB health")

    def dispatch(self, request, *args, **kwargs):
        if not permissions.is_console_admin(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.request.current_app = self.admin_site.name
        context.update(self.admin_site.each_context(self.request))
        sampled = self.request.GET.get("sample") == "1"
        report = health.health_report(sample_size=health.DEFAULT_SAMPLE_SIZE if sampled else None)
        context.update(
            title=self.title,
            report=report,
            tables=[
                {
                    "state": table,
                    "ttl": state_text(table.ttl),
                    "stream": state_text(table.stream),
                    "pitr": state_text(table.point_in_time_recovery),
                }
                for table in report.tables
            ],
            latency_rows=[
                _latency_row(label, check)
                for label, check in (
                    (_("Reads"), report.read_latency),
                    (_("Writes"), report.write_latency),
                )
                if check is not None
            ],
            operation_rows=[
                {
                    "row": row,
                    "p50": ms_text(row.figures.percentile_ms(0.5)),
                    "p95": ms_text(row.figures.percentile_ms(0.95)),
                    "p99": ms_text(row.figures.percentile_ms(0.99)),
                }
                for row in report.operations
            ],
            error_verdict=verdict(report.errors.meets_target) if report.errors else "",
            consumer_lag=report.consumer_lag_seconds,
            sampled=sampled,
            sample_size=health.DEFAULT_SAMPLE_SIZE,
        )
        return context


def _latency_row(label, check: health.LatencyCheck) -> dict:
    return {
        "label": label,
        "calls": check.calls,
        "p50": ms_text(check.p50_ms),
        "p95": ms_text(check.p95_ms),
        "p99": ms_text(check.p99_ms),
        "target": check.target_ms,
        "verdict": verdict(check.meets_target),
        "missed": check.meets_target is False,
    }
