"""Campaigns: the console's forms. Plain forms.Form, rendered through the admin's markup;
the services check the same rules again (campaigns.services.inputs)."""

import base64
import binascii
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from campaigns.domain import (
    FIGURE_FIELDS,
    FIGURE_LABELS,
    MAX_CAPTION,
    STATUS_LABELS,
    CampaignStatus,
    CampaignType,
    CreatorTaskStatus,
    Milestone,
)
from campaigns.services.inputs import (
    MAX_AMOUNT,
    MAX_COUPON,
    MAX_FIGURE,
    MAX_NAME,
    MAX_TEXT,
    MAX_URLS,
    CampaignDetails,
    MemberInput,
    MemberTerms,
)
from campaigns.services.workflow import MAX_NOTE_LENGTH

STATUS_CHOICES = [(status.value, label) for status, label in STATUS_LABELS.items()]
TYPE_CHOICES = [(t.value, t.label) for t in CampaignType]
TASK_CHOICES = [(s.value, s.label) for s in CreatorTaskStatus]
MAX_VERSION = 10**9
DATE_WIDGET = forms.DateInput(attrs={"type": "date"})
MILESTONE_FIELDS = {"visit": "visit_date", "posting_deadline": "posting_deadline"}
_AMOUNT_NOISE = re.compile(r"[\s,원₩]|KRW", re.IGNORECASE)


class AmountField(forms.IntegerField):
    """Whole won; `1,200,000`, `1200000원` and `₩1,200,000` all read as 1200000."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_AMOUNT)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "size": 14}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = _AMOUNT_NOISE.sub("", value)
        return super().to_python(value)


class CountField(AmountField):
    """A figure: a whole number, 0 or more; empty is unknown."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_value", MAX_FIGURE)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class CampaignFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=STATUS_CHOICES, required=False, initial="ACTIVE"
    )
    # A store's campaigns ("All campaigns" on its page): the store index, every status.
    store = forms.RegexField(
        regex=r"^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$", required=False, widget=forms.HiddenInput
    )

    def clean_status(self):
        return CampaignStatus(self.cleaned_data.get("status") or CampaignStatus.ACTIVE)


class VersionForm(forms.Form):
    """The version of the campaign the page showed: a write made from it is checked on it."""

    version = forms.IntegerField(min_value=1, max_value=MAX_VERSION, widget=forms.HiddenInput)


class TransitionForm(VersionForm):
    to = forms.ChoiceField(choices=STATUS_CHOICES)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
    )


class DetailsForm(forms.Form):
    """Name, type, budget and timeline (with the visit date and the posting deadline)."""

    name = forms.CharField(label=_("Name"), max_length=MAX_NAME)
    campaign_type = forms.ChoiceField(label=_("Type"), choices=TYPE_CHOICES)
    budget_total = AmountField(label=_("Budget (KRW)"))
    budget_spent = AmountField(
        label=_("Spent so far (KRW)"),
        initial=0,
        help_text=_("What has been paid out; more than the budget is flagged as over budget."),
    )
    start_date = forms.DateField(label=_("Start"), widget=DATE_WIDGET)
    end_date = forms.DateField(label=_("End"), widget=DATE_WIDGET)
    visit_date = forms.DateField(label=_("Visit date"), required=False, widget=DATE_WIDGET)
    posting_deadline = forms.DateField(
        label=_("Posting deadline"), required=False, widget=DATE_WIDGET
    )

    fieldsets = [
        (_("Campaign"), ["name", "campaign_type"]),
        (_("Budget"), ["budget_total", "budget_spent"]),
        (_("Timeline"), ["start_date", "end_date", "visit_date", "posting_deadline"]),
    ]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The campaign cannot end before it starts."))
        return data

    def details(self) -> CampaignDetails:
        data = self.cleaned_data
        milestones = [
            Milestone(name=code, date=data[field])
            for code, field in MILESTONE_FIELDS.items()
            if data.get(field)
        ]
        return CampaignDetails(
            name=data["name"],
            campaign_type=CampaignType(data["campaign_type"]),
            budget_total=data["budget_total"],
            budget_spent=data.get("budget_spent") or 0,
            start_date=data["start_date"],
            end_date=data["end_date"],
            milestones=milestones,
        )


class EditDetailsForm(DetailsForm):
    version = forms.IntegerField(min_value=1, max_value=MAX_VERSION, widget=forms.HiddenInput)

    fieldsets = [
        (_("Campaign"), ["name", "campaign_type", "version"]),
        *DetailsForm.fieldsets[1:],
    ]


def urls_from(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


class TermsFields:
    """The fields of one creator's terms, named `<name>_<suffix>` when several share a form."""

    @staticmethod
    def make(single=False) -> dict[str, forms.Field]:
        """The fields; `single`: a form about one creator (fee and status required), else a
        row that may be left unpicked."""
        return {
            "fee": AmountField(label=_("Fee (KRW)"), required=single),
            "deliverables": forms.CharField(
                label=_("Deliverables"),
                required=False,
                max_length=MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 2, "cols": 40}),
                help_text=_("e.g. one blog post with 10 photos, one 60-second Reel"),
            ),
            "coupon_code": forms.CharField(
                label=_("Coupon code"), required=False, max_length=MAX_COUPON
            ),
            "status": forms.ChoiceField(
                label=_("Creator status"), choices=TASK_CHOICES, initial="invited", required=single
            ),
            "content_urls": forms.CharField(
                label=_("Content URLs"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "cols": 50}),
                help_text=_("One https:// address per line, at most %(n)d.") % {"n": MAX_URLS},
            ),
        }

    @staticmethod
    def terms(data: dict, suffix: str = "") -> MemberTerms:
        def get(name):
            return data.get(f"{name}{suffix}")

        return MemberTerms(
            fee=get("fee") or 0,
            deliverables=get("deliverables") or "",
            coupon_code=get("coupon_code") or "",
            status=CreatorTaskStatus(get("status") or CreatorTaskStatus.INVITED),
            content_urls=urls_from(get("content_urls")),
        )


class MembersMixin:
    """One row of fields per ACCEPTED match of the store, keyed by the match id (so a row
    can never lend its terms to another match if the list changed since the page)."""

    def add_member_fields(self, candidates):
        self.candidates = [c for c in candidates if c.claim is None]
        self.taken = [c for c in candidates if c.claim is not None]
        for candidate in self.candidates:
            key = candidate.match.match_id
            self.fields[f"pick_{key}"] = forms.BooleanField(
                label=candidate.match.creator_name, required=False
            )
            for name, field in TermsFields.make().items():
                self.fields[f"{name}_{key}"] = field

    def member_rows(self):
        """[(candidate, pick field, [term fields])] for the template."""
        return [
            (
                c,
                self[f"pick_{c.match.match_id}"],
                [self[f"{name}_{c.match.match_id}"] for name in TermsFields.make()],
            )
            for c in self.candidates
        ]

    def members(self) -> list[MemberInput]:
        data = self.cleaned_data
        return [
            MemberInput(
                match_id=c.match.match_id,
                terms=TermsFields.terms(data, f"_{c.match.match_id}"),
            )
            for c in self.candidates
            if data.get(f"pick_{c.match.match_id}")
        ]

    def check_some_picked(self):
        if not any(self.cleaned_data.get(f"pick_{c.match.match_id}") for c in self.candidates):
            raise ValidationError(_("Choose at least one accepted match."))


class CreateForm(MembersMixin, DetailsForm):
    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_member_fields(candidates)

    def clean(self):
        data = super().clean()
        self.check_some_picked()
        return data


class AddMembersForm(MembersMixin, VersionForm):
    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_member_fields(candidates)

    def clean(self):
        data = super().clean()
        self.check_some_picked()
        return data


class MemberTermsForm(VersionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(TermsFields.make(single=True))

    def terms(self) -> MemberTerms:
        return TermsFields.terms(self.cleaned_data)


class FiguresForm(VersionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in FIGURE_FIELDS:
            self.fields[name] = CountField(label=FIGURE_LABELS[name])
        self.fields["views"].help_text = _(
            "For a creator with YouTube posts, “Refresh YouTube figures” replaces views, "
            "likes and comments with the videos' own."
        )
        self.fields["coupon_redemptions"].help_text = _(
            "How many times the creator's coupon code was used in the store."
        )

    def figures(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in FIGURE_FIELDS}


class CaptionForm(VersionForm):
    url = forms.CharField(widget=forms.HiddenInput, max_length=500)
    caption = forms.CharField(
        label=_("Caption"),
        required=False,
        max_length=MAX_CAPTION,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


class FiguresImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        required=False,
        help_text=_("UTF-8 (with or without BOM) or CP949; at most 1 MB."),
    )
    # The checked file travels back with the preview, so applying writes what was shown.
    payload = forms.CharField(required=False, widget=forms.HiddenInput)
    apply = forms.BooleanField(required=False, widget=forms.HiddenInput)
    version = forms.IntegerField(min_value=1, max_value=MAX_VERSION, widget=forms.HiddenInput)

    MAX_UPLOAD = 1024 * 1024
    fieldsets = [(None, ["file"])]  # the hidden fields are rendered on their own

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > self.MAX_UPLOAD:
                raise ValidationError(_("The file is larger than 1 MB."))
            data["content"] = upload.read()
        elif data.get("payload"):
            if len(data["payload"]) > 4 * ((self.MAX_UPLOAD + 2) // 3):
                raise ValidationError(_("The file is larger than 1 MB."))
            try:
                data["content"] = base64.b64decode(data["payload"], validate=True)
            except (binascii.Error, ValueError) as exc:
                raise ValidationError(_("Upload the file again.")) from exc
        else:
            raise ValidationError(_("Choose a CSV file."))
        return data
