from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from creators.domain import (
    CATEGORIES,
    MAX_COUNT,
    MAX_NAME_LENGTH,
    MAX_PHONE_LENGTH,
    MAX_URL_LENGTH,
    REGIONS,
    STATUS_LABELS,
    Platform,
    has_control_characters,
)

CATEGORY_CHOICES = list(CATEGORIES.items())
REGION_CHOICES = [("", "---------"), *REGIONS.items()]
STATUS_CHOICES = [(s.value, label) for s, label in STATUS_LABELS.items()]
# Versions are small counters; the bound keeps a tampered one from reaching DynamoDB.
MAX_VERSION = 10**12


def no_control_characters(value: str) -> None:
    if has_control_characters(value):
        raise ValidationError(_("Control characters are not allowed."), code="control")


def _amount(label, **kwargs):
    kwargs.setdefault("max_value", MAX_COUNT)
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_digits=15, decimal_places=2, **kwargs
    )


class CreatorFieldsForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("Categories"),
        choices=CATEGORY_CHOICES,
        required=False,
        help_text=_("The first one chosen is the primary category the lists use."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    region = forms.ChoiceField(label=_("Region"), choices=REGION_CHOICES, required=False)
    email = forms.EmailField(label=_("Contact e-mail"), required=False)
    phone = forms.CharField(
        label=_("Contact phone"),
        required=False,
        validators=[MaxLengthValidator(MAX_PHONE_LENGTH), no_control_characters],
    )


class CreatorAddForm(CreatorFieldsForm):
    SOURCE_YOUTUBE = "youtube"
    SOURCE_MANUAL = "manual"
    fieldsets = [
        (None, ["source"]),
        (_("From YouTube"), ["youtube"]),
        (
            _("Entered by hand"),
            [
                "platform",
                "channel_id",
                "channel_name",
                "channel_url",
                "subscribers",
                "avg_views",
                "avg_likes",
                "avg_comments",
                "engagement_rate",
            ],
        ),
        (_("Catalogue"), ["categories", "region", "email", "phone", "link_to"]),
    ]

    source = forms.ChoiceField(
        label=_("How"),
        choices=[
            (SOURCE_YOUTUBE, _("Fetch from YouTube")),
            (SOURCE_MANUAL, _("Enter an Instagram or TikTok channel by hand")),
        ],
        initial=SOURCE_YOUTUBE,
        widget=forms.RadioSelect,
    )
    youtube = forms.CharField(
        label=_("YouTube channel"),
        required=False,
        max_length=MAX_URL_LENGTH,
        help_text=_("A channel id (UC…), a handle (@name) or a channel URL."),
    )
    platform = forms.ChoiceField(
        label=_("Platform"),
        choices=[(Platform.INSTAGRAM.value, "Instagram"), (Platform.TIKTOK.value, "TikTok")],
        required=False,
    )
    channel_id = forms.CharField(label=_("Account (without @)"), required=False, max_length=100)
    channel_name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=MAX_NAME_LENGTH,
        validators=[no_control_characters],
    )
    channel_url = forms.URLField(
        label=_("Profile URL"), required=False, assume_scheme="https", max_length=MAX_URL_LENGTH
    )
    subscribers = forms.IntegerField(
        label=_("Followers"), required=False, min_value=0, max_value=MAX_COUNT
    )
    avg_views = _amount(_("Average views"))
    avg_likes = _amount(_("Average likes"))
    avg_comments = _amount(_("Average comments"))
    engagement_rate = _amount(_("Engagement rate (%)"), max_value=9999)
    link_to = forms.UUIDField(
        label=_("Add to existing creator (id)"),
        required=False,
        help_text=_("Leave empty to create a new creator."),
    )

    field_order = ["source", "youtube", "platform", "channel_id", "channel_name", "channel_url"]

    def clean(self):
        data = super().clean()
        if data.get("source") == self.SOURCE_YOUTUBE:
            if not data.get("youtube"):
                self.add_error("youtube", _("Give a channel id, a handle or a URL."))
        elif data.get("source") == self.SOURCE_MANUAL:
            for name in ("platform", "channel_id", "channel_name"):
                if not data.get(name):
                    self.add_error(name, _("This field is required."))
        return data


class CreatorChangeForm(CreatorFieldsForm):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_VERSION)


LISTING_CHOICES = [
    ("platform", _("By platform (largest audience first)")),
    ("tier", _("By tier (highest engagement first)")),
    ("category", _("By category")),
    ("region", _("By region")),
]


class CreatorListingForm(forms.Form):
    """Which index the list reads: `by` (platform, tier, category, region) and its `value`.

    Unknown input falls back to the defaults (creators.selectors.creator_listing) rather
    than failing: both come from links and selects, never typed.
    """

    by = forms.CharField(
        label=_("List"),
        required=False,
        # Choosing another listing reloads the page with that listing's values.
        widget=forms.Select(
            choices=LISTING_CHOICES,
            attrs={"onchange": "this.form.value.selectedIndex=-1; this.form.submit()"},
        ),
    )
    value = forms.CharField(label=_("Value"), required=False, widget=forms.Select())

    def __init__(self, data=None, **kwargs):
        from creators.selectors import LISTINGS, creator_listing

        super().__init__(data, **kwargs)
        listing = creator_listing((data or {}).get("by"), (data or {}).get("value"))
        self.fields["value"].widget.choices = list(LISTINGS[listing.by][0].items())


class CreatorImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        required=False,
        help_text=_("UTF-8 (with or without BOM) or CP949; at most 1 MB."),
    )
    # The checked file travels back with the preview, so applying writes what was shown.
    payload = forms.CharField(required=False, widget=forms.HiddenInput)
    apply = forms.BooleanField(required=False, widget=forms.HiddenInput)

    MAX_UPLOAD = 1024 * 1024

    def clean(self):
        import base64
        import binascii

        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > self.MAX_UPLOAD:
                raise forms.ValidationError(_("The file is larger than 1 MB."))
            data["content"] = upload.read()
        elif data.get("payload"):
            # The payload is the preview's own file coming back: the same cap applies,
            # checked on the encoded length before anything is decoded.
            if len(data["payload"]) > 4 * ((self.MAX_UPLOAD + 2) // 3):
                raise forms.ValidationError(_("The file is larger than 1 MB."))
            try:
                data["content"] = base64.b64decode(data["payload"], validate=True)
            except (binascii.Error, ValueError) as exc:
                raise forms.ValidationError(_("Upload the file again.")) from exc
        else:
            raise forms.ValidationError(_("Choose a CSV file."))
        return data
