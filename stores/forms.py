"""Stores: the console's forms. Plain forms.Form, rendered through the admin's markup."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from creators.domain import CATEGORIES
from marketing.geography import PROVINCES
from stores import analysis
from stores.analysis import CITY_FORMS
from stores.domain import StoreStatus
from stores.naver import urls
from stores.naver.errors import InvalidPlaceUrl
from stores.selectors import StoreFacets
from stores.services import MAX_IMPORT_BYTES

CITY_CHOICES = [("", _("Any city"))] + [
    (korean, label) for korean, label in PROVINCES.values() if korean in CITY_FORMS
]
LEVEL_CHOICES = [
    ("", _("Any price level")),
    ("1", _("1 — under 10,000 won")),
    ("2", _("2 — 10,000 to 19,999 won")),
    ("3", _("3 — 20,000 to 39,999 won")),
    ("4", _("4 — 40,000 won and over")),
]


class DatalistInput(forms.TextInput):
    """A text input that suggests the values that exist (an HTML datalist), free text
    still allowed: the form resolves it against those values."""

    template_name = "marketing/widgets/datalist.html"

    def __init__(self, options=(), attrs=None):
        super().__init__(attrs)
        self.options = list(options)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id', name)}-options"
        context["widget"]["attrs"]["list"] = list_id
        context["widget"].update(list_id=list_id, options=self.options)
        return context


class StoreFilterForm(forms.Form):
    """Filters of the store list. Category and district accept part of a name ("중식",
    "송파") and resolve it against the values stores have (the facet counters); a city
    alone lists the whole city."""

    category = forms.CharField(label=_("Category"), required=False, max_length=50)
    city = forms.ChoiceField(label=_("City"), choices=CITY_CHOICES, required=False)
    district = forms.CharField(label=_("District"), required=False, max_length=50)
    price_level = forms.TypedChoiceField(
        label=_("Price level"), choices=LEVEL_CHOICES, required=False, coerce=int, empty_value=None
    )

    def __init__(self, data=None, *, facets: StoreFacets, **kwargs):
        super().__init__(data, **kwargs)
        self.facets = facets
        self.fields["category"].widget = DatalistInput(facets.categories)
        chosen_city = (data or {}).get("city") or None
        self.fields["district"].widget = DatalistInput(facets.districts(chosen_city))

    def clean_category(self):
        value = self.cleaned_data["category"].strip()
        if value and "#" in value:
            raise ValidationError(_("The character # is not allowed."))
        return _resolve(value, self.facets.categories, _("category")) if value else ""

    def clean(self):
        data = super().clean()
        district = (data.get("district") or "").strip()
        if "#" in district:
            self.add_error("district", _("The character # is not allowed."))
        elif district:
            if not data.get("city"):
                self.add_error("district", _("Choose the city of this district too."))
            else:
                try:
                    data["district"] = _resolve(
                        district, self.facets.districts(data["city"]), _("district")
                    )
                except ValidationError as exc:
                    self.add_error("district", exc)
        return data


def _resolve(value: str, known: list[str], what) -> str:
    """The one known value `value` names: itself, or the only one containing it."""
    wanted = analysis.normalise_category(value) or ""
    if wanted in known:
        return wanted
    found = [name for name in known if wanted.casefold() in name.casefold()]
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValidationError(
            _("No store has the %(what)s “%(value)s”.") % {"what": what, "value": value}
        )
    raise ValidationError(
        _("“%(value)s” could be %(choices)s: pick one.")
        % {"value": value, "choices": ", ".join(found[:8])}
    )


def validate_place_link(value: str) -> str:
    try:
        urls.parse_place_input(value)
    except InvalidPlaceUrl as exc:
        raise ValidationError(exc.message) from exc
    return value.strip()


class AddStoreForm(forms.Form):
    url = forms.CharField(
        label=_("Naver place link"),
        max_length=urls.MAX_INPUT_LENGTH,
        help_text=_(
            "m.place.naver.com, pcmap.place.naver.com or map.naver.com place links, "
            "naver.me short links, or a numeric place id."
        ),
        widget=forms.TextInput(attrs={"size": 80, "autofocus": True}),
    )
    force = forms.BooleanField(
        label=_("Fetch again even if cached"),
        required=False,
        help_text=_("Profiles younger than 7 days are otherwise answered from the database."),
    )

    def clean_url(self):
        return validate_place_link(self.cleaned_data["url"])


class ImportPageForm(forms.Form):
    html_file = forms.FileField(
        label=_("Saved page"),
        help_text=_("An HTML page saved from a browser (m.place.naver.com place page)."),
    )
    url = forms.CharField(
        label=_("Place link (optional)"),
        required=False,
        max_length=urls.MAX_INPUT_LENGTH,
        help_text=_("When given, the page must be about this place."),
    )

    def clean_html_file(self):
        upload = self.cleaned_data["html_file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(_("The file is larger than 8 MB."))
        return upload

    def clean_url(self):
        value = self.cleaned_data.get("url") or ""
        return validate_place_link(value) if value.strip() else ""


class StoreEditForm(forms.Form):
    store_name = forms.CharField(label=_("Store name"), max_length=200)
    primary_category = forms.CharField(label=_("Primary category"), max_length=50, required=False)
    city = forms.ChoiceField(label=_("City"), choices=CITY_CHOICES, required=False)
    district = forms.CharField(label=_("District"), max_length=50, required=False)
    phone = forms.RegexField(
        label=_("Phone"),
        regex=r"^\+?[0-9][0-9\- ]{6,18}[0-9]$",
        required=False,
        error_messages={"invalid": _("Enter a phone number such as 02-123-4567.")},
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[(status.value, status.label) for status in StoreStatus]
    )
    creator_category = forms.ChoiceField(
        label=_("Creator category"),
        choices=[("", _("Automatic (from Naver's category)")), *CATEGORIES.items()],
        required=False,
        help_text=_(
            "Which creators the matching engine looks for. Leave it automatic unless the "
            "mapping from Naver's category is wrong for this store."
        ),
    )
    # Bounded so a tampered version is a form error, not a number DynamoDB refuses.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=10**12)

    def clean(self):
        data = super().clean()
        for name in ("store_name", "primary_category", "district"):
            value = data.get(name)
            if value and ("#" in value or any(ord(c) < 32 for c in value)):
                self.add_error(name, _("The character # and control characters are not allowed."))
        if bool(data.get("city")) != bool(data.get("district")):
            raise ValidationError(_("An area needs both a city and a district."))
        return data


class RestoreNaverValueForm(forms.Form):
    """Drop a correction: the version the page showed, so a stale page cannot drop one."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=10**12)
