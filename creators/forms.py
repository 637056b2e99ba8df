from urllib.parse import quote

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from creators.area import validate_area
from creators.domain import (
    CATEGORIES,
    ENGAGEMENT_CAP_PERCENT,
    MAX_COUNT,
    MAX_NAME_LENGTH,
    MAX_PHONE_LENGTH,
    MAX_URL_LENGTH,
    PLATFORM_LABELS,
    REGIONS,
    STATUS_LABELS,
    TIER_LABELS,
    CreatorError,
    CreatorFilters,
    Platform,
    has_control_characters,
    validate_channel_id,
    validate_channel_name,
    validate_channel_url,
    validate_phone,
)
from marketing.geography import PROVINCES

CATEGORY_CHOICES = list(CATEGORIES.items())
AREA_CITY_CHOICES = [("", "---------"), *PROVINCES.values()]
REGION_CHOICES = [("", "---------"), *REGIONS.items()]
STATUS_CHOICES = [(s.value, label) for s, label in STATUS_LABELS.items()]
PLATFORM_CHOICES = [(p.value, label) for p, label in PLATFORM_LABELS.items()]
MANUAL_PLATFORM_CHOICES = [c for c in PLATFORM_CHOICES if c[0] != Platform.YOUTUBE]
TIER_CHOICES = [(t.value, label) for t, label in TIER_LABELS.items()]
# Versions are small counters; the bound keeps a tampered one from reaching DynamoDB.
MAX_VERSION = 10**12


def no_control_characters(value: str) -> None:
    if has_control_characters(value):
        raise ValidationError(_("Control characters are not allowed."), code="control")


def domain_rule(validator):
    """A domain validator (creators.domain.validate_*) as a form field validator."""

    def check(value) -> None:
        try:
            validator(value)
        except CreatorError as exc:
            raise ValidationError(str(exc), code="invalid") from exc

    return check


def figures_url(platform: str, channel_id: str) -> str:
    """The "Update figures" page of an Instagram or TikTok channel."""
    return f"{reverse('admin:creators_creator_figures')}?channel={platform}/{quote(channel_id)}"


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
    area_city = forms.ChoiceField(
        label=_("Activity area: city"),
        choices=AREA_CITY_CHOICES,
        required=False,
        help_text=_("Optional: where the creator works, so matching can tell the same district."),
    )
    area_districts = forms.CharField(
        label=_("Activity area: districts"),
        required=False,
        max_length=400,
        help_text=_("The districts covered there, separated by commas: 송파구, 강동구."),
    )
    email = forms.EmailField(label=_("Contact e-mail"), required=False)
    phone = forms.CharField(
        label=_("Contact phone"),
        required=False,
        max_length=MAX_PHONE_LENGTH,
        validators=[domain_rule(validate_phone)],
        help_text=_("8 to 15 digits; +, - and spaces allowed."),
    )

    def clean(self):
        data = super().clean()
        try:
            data["area"] = validate_area(data.get("area_city"), data.get("area_districts"))
        except CreatorError as exc:
            self.add_error("area_districts", str(exc))
        return data


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
        (
            _("Catalogue"),
            ["categories", "region", "area_city", "area_districts", "email", "phone", "link_to"],
        ),
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
        label=_("Platform"), choices=MANUAL_PLATFORM_CHOICES, required=False
    )
    channel_id = forms.CharField(label=_("Account (without @)"), required=False, max_length=100)
    channel_name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=MAX_NAME_LENGTH,
        validators=[no_control_characters],
    )
    channel_url = forms.URLField(
        label=_("Profile URL"),
        required=False,
        assume_scheme="https",
        max_length=MAX_URL_LENGTH,
        help_text=_("https:// on the platform's own site."),
    )
    subscribers = forms.IntegerField(
        label=_("Followers"), required=False, min_value=0, max_value=MAX_COUNT
    )
    avg_views = _amount(_("Average views"))
    avg_likes = _amount(_("Average likes"))
    avg_comments = _amount(_("Average comments"))
    engagement_rate = _amount(_("Engagement rate (%)"), max_value=ENGAGEMENT_CAP_PERCENT)
    link_to = forms.UUIDField(
        label=_("Add to existing creator (id)"),
        required=False,
        help_text=_("Leave empty to create a new creator."),
    )

    field_order = ["source", "youtube", "platform", "channel_id", "channel_name", "channel_url"]

    def __init__(self, *args, may_update: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_update = may_update

    def clean(self):
        """Every check the save would make, at once, so one submit shows every problem;
        a channel already in the catalogue is refused here, before anything is written."""
        data = super().clean()
        if data.get("source") == self.SOURCE_YOUTUBE:
            if not data.get("youtube"):
                self.add_error("youtube", _("Give a channel id, a handle or a URL."))
        elif data.get("source") == self.SOURCE_MANUAL:
            for name in ("platform", "channel_id", "channel_name"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("This field is required."))
            self._check("channel_id", validate_channel_id)
            self._check("channel_name", validate_channel_name)
            if data.get("channel_url") and "platform" not in self.errors:
                self._check("channel_url", lambda url: validate_channel_url(data["platform"], url))
            account = data.get("channel_id")
            if data.get("platform") and account and "channel_id" not in self.errors:
                self._refuse_a_channel_in_the_catalogue(data["platform"], account)
        if data.get("link_to") and "link_to" not in self.errors:
            from creators import selectors

            if not selectors.creator_channels(creator_id=str(data["link_to"])):
                self.add_error("link_to", _("There is no creator with this id."))
        return data

    def _check(self, name: str, validator) -> None:
        """Run a domain validator on a field that passed its own checks; keep its result."""
        value = self.cleaned_data.get(name)
        if not value or name in self.errors:
            return
        try:
            self.cleaned_data[name] = validator(value)
        except CreatorError as exc:
            self.add_error(name, str(exc))

    def _refuse_a_channel_in_the_catalogue(self, platform: str, channel_id: str) -> None:
        from creators import selectors

        existing = selectors.channel_by_account(platform=platform, channel_id=channel_id)
        if existing is None:
            return
        detail = reverse("admin:creators_creator_detail", args=[existing.creator_id])
        if not self.may_update:
            message = format_html(
                _(
                    'This channel already belongs to <a href="{url}">{name}</a>; nothing was '
                    "saved. Updating it needs the permission to change creators."
                ),
                url=detail,
                name=existing.channel_name,
            )
        else:
            message = format_html(
                _(
                    'This channel already belongs to <a href="{url}">{name}</a>; nothing '
                    'was saved. <a href="{figures}" class="update-figures">Update its '
                    "figures</a> instead, or change the creator on its page."
                ),
                url=detail,
                name=existing.channel_name,
                figures=figures_url(platform, existing.channel_id),
            )
        self.add_error("channel_id", ValidationError(message, code="exists"))


class ChannelFiguresForm(forms.Form):
    """New figures for an Instagram or TikTok channel entered by hand. A field left empty
    keeps the stored value; only what is filled in changes."""

    fieldsets = [
        (None, ["channel", "version", "channel_name", "channel_url"]),
        (
            _("Figures"),
            ["subscribers", "avg_views", "avg_likes", "avg_comments", "engagement_rate"],
        ),
    ]
    KEPT_IF_EMPTY = _("Empty: the stored value is kept.")

    channel = forms.CharField(widget=forms.HiddenInput, max_length=MAX_NAME_LENGTH)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_VERSION)
    channel_name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=MAX_NAME_LENGTH,
        validators=[no_control_characters],
        help_text=KEPT_IF_EMPTY,
    )
    channel_url = forms.URLField(
        label=_("Profile URL"),
        required=False,
        assume_scheme="https",
        max_length=MAX_URL_LENGTH,
        help_text=KEPT_IF_EMPTY,
    )
    subscribers = forms.IntegerField(
        label=_("Followers"),
        required=False,
        min_value=0,
        max_value=MAX_COUNT,
        help_text=KEPT_IF_EMPTY,
    )
    avg_views = _amount(_("Average views"), help_text=KEPT_IF_EMPTY)
    avg_likes = _amount(_("Average likes"), help_text=KEPT_IF_EMPTY)
    avg_comments = _amount(_("Average comments"), help_text=KEPT_IF_EMPTY)
    engagement_rate = _amount(
        _("Engagement rate (%)"), max_value=ENGAGEMENT_CAP_PERCENT, help_text=KEPT_IF_EMPTY
    )

    FIGURES = ("subscribers", "avg_views", "avg_likes", "avg_comments", "engagement_rate")

    def __init__(self, *args, platform: Platform, **kwargs):
        super().__init__(*args, **kwargs)
        self.platform = platform

    def clean(self):
        data = super().clean()
        for name, validator in (
            ("channel_name", validate_channel_name),
            ("channel_url", lambda url: validate_channel_url(self.platform, url)),
        ):
            if data.get(name) and name not in self.errors:
                try:
                    data[name] = validator(data[name])
                except CreatorError as exc:
                    self.add_error(name, str(exc))
        return data


class CreatorChangeForm(CreatorFieldsForm):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_VERSION)


def _any(label):
    return [("", label)]


class CreatorListingForm(forms.Form):
    """The list's filters, combined: a name or handle search, platform, tier, category
    and region. Older links' `?by=<filter>&value=<code>` set that one filter."""

    q = forms.CharField(
        label=_("Name or handle"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. 김요 or @cook")}),
    )
    platform = forms.ChoiceField(
        label=_("Platform"), required=False, choices=_any(_("All platforms")) + PLATFORM_CHOICES
    )
    tier = forms.ChoiceField(
        label=_("Tier"), required=False, choices=_any(_("All tiers")) + TIER_CHOICES
    )
    category = forms.ChoiceField(
        label=_("Primary category"),
        required=False,
        choices=_any(_("All categories")) + CATEGORY_CHOICES,
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=_any(_("All regions")) + list(REGIONS.items())
    )

    def __init__(self, data=None, **kwargs):
        from creators.selectors import LEGACY_LISTINGS

        if data is not None and data.get("by") in LEGACY_LISTINGS and data.get("value"):
            data = data.copy()
            if not data.get(data["by"]):
                data[data["by"]] = data["value"]
        super().__init__(data, **kwargs)

    @staticmethod
    def filters(cleaned: dict) -> CreatorFilters:
        """The selector's filters from this form's cleaned data (empty: every creator)."""
        return CreatorFilters(
            search=cleaned.get("q") or "",
            platform=cleaned.get("platform") or None,
            tier=cleaned.get("tier") or None,
            category=cleaned.get("category") or None,
            region=cleaned.get("region") or None,
        )


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
