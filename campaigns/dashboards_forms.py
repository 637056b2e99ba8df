"""The report form of the dashboards' download buttons: the range and the file format."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.reports import ReportRange
from campaigns.reports_formats import FORMATS
from marketing.dynamo import keys

FORMAT_LABELS = {"csv": _("CSV (Excel)"), "xlsx": _("Excel (XLSX)"), "json": "JSON"}


def _valid_id(make_key):
    def check(value):
        try:
            make_key(value)
        except ValueError:
            raise forms.ValidationError(
                _("This is not an id: letters, digits, dots and dashes only.")
            ) from None

    return check


class ReportForm(forms.Form):
    date_from = forms.DateField(
        label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("End date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    store = forms.CharField(
        label=_("Store ID"), required=False, max_length=100, validators=[_valid_id(keys.store)]
    )
    campaign = forms.CharField(
        label=_("Campaign ID"),
        required=False,
        max_length=100,
        validators=[_valid_id(keys.campaign)],
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=[(name, FORMAT_LABELS[name]) for name in FORMATS]
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the range comes before its start."))
        return data

    def report_range(self) -> ReportRange:
        data = self.cleaned_data
        return ReportRange(
            date_from=data["date_from"],
            date_to=data["date_to"],
            store_id=data["store"] or None,
            campaign_id=data["campaign"] or None,
        )
