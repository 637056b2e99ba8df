"""The dashboards' pages: the overview's context (the admin index), a campaign's
dashboard and the report download. Selectors do the reading; these only render."""

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaigns import dashboards, dashboards_overview
from campaigns.dashboards_forms import ReportForm
from campaigns.reports import campaign_report
from campaigns.reports_formats import CONTENT_TYPES, file_name, render
from marketing.console import ConsoleDetailView, ConsoleView, ObjectTool

REPORT_URL = "admin:campaigns_campaign_report"


def overview_context(request) -> dict:
    """What the admin index adds to its context: every figure and the two charts."""
    figures = dashboards_overview.overview()
    return {
        "overview": figures,
        "funnel_chart": dashboards_overview.funnel_chart(figures.matches),
        "campaigns_chart": dashboards_overview.campaigns_chart(figures.campaigns),
        "report_form": ReportForm(initial={"format": "csv"}),
        "report_url": reverse(REPORT_URL),
        "follow_up_url": reverse("admin:matches_match_follow_up"),
        "success_target": dashboards_overview.SUCCESS_TARGET,
        "cache_target": dashboards_overview.CACHE_TARGET,
    }


def download_tools(query: str) -> list[ObjectTool]:
    base = reverse(REPORT_URL)
    return [
        ObjectTool(_("Download CSV"), f"{base}?{query}&format=csv", element_id="download-csv"),
        ObjectTool(_("Download XLSX"), f"{base}?{query}&format=xlsx", element_id="download-xlsx"),
        ObjectTool(_("Download JSON"), f"{base}?{query}&format=json", element_id="download-json"),
    ]


class CampaignDashboardView(ConsoleDetailView):
    template_name = "admin/campaigns/dashboard.html"
    not_found_message = _("There is no such campaign.")

    def get_object(self):
        return dashboards.campaign_dashboard(self.kwargs["campaign_id"])

    def get_object_label(self, obj) -> str:
        return obj.campaign.name

    def get_title(self):
        return _("Dashboard: %(name)s") % {"name": self.object.campaign.name}

    def get_object_tools(self):
        return download_tools(f"campaign={self.object.campaign.campaign_id}")


class CampaignReportView(ConsoleView):
    """GET with a format: the report file; without one (or with a bad field): the form."""

    template_name = "admin/campaigns/dashboard_report.html"
    action = "report"
    title = _("Campaign report")

    def get_breadcrumbs(self):
        return [*super().get_breadcrumbs(), (self.get_title(), None)]

    def get(self, request, *args, **kwargs):
        form = ReportForm(request.GET if "format" in request.GET else None)
        if not form.is_bound or not form.is_valid():
            status = 400 if form.is_bound else 200
            return self.render_to_response(self.get_context_data(form=form), status=status)
        output_format = form.cleaned_data["format"]
        report = campaign_report(form.report_range())
        response = HttpResponse(render(report, output_format), CONTENT_TYPES[output_format])
        response["Content-Disposition"] = (
            f'attachment; filename="{file_name(report, output_format)}"'
        )
        return response
