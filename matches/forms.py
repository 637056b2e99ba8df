"""Matches: the console's forms. Plain forms.Form, rendered through the admin's markup."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from matches.domain import STATUS_LABELS, MatchStatus
from matches.selectors import BANDS
from matches.services.bulk import MAX_SELECTED
from matches.services.workflow import MAX_NOTE_LENGTH

LISTINGS = [
    ("status", _("Work queue by status")),
    ("band", _("Score band")),
    ("day", _("Day made")),
]
# Reached from a store's or a creator's page ("all matches"), not picked in the form.
HIDDEN_LISTINGS = [("store", _("A store's matches")), ("creator", _("A creator's matches"))]
STATUS_CHOICES = [(status.value, label) for status, label in STATUS_LABELS.items()]
BAND_CHOICES = [(100, "100")] + [(band, f"{band}-{band + 9}") for band in BANDS]


class MatchFilterForm(forms.Form):
    by = forms.ChoiceField(label=_("List"), choices=LISTINGS, required=False, initial="status")
    status = forms.ChoiceField(
        label=_("Status"), choices=STATUS_CHOICES, required=False, initial="PENDING"
    )
    band = forms.TypedChoiceField(
        label=_("Score"), choices=BAND_CHOICES, coerce=int, required=False, initial=90
    )
    day = forms.DateField(
        label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    mine = forms.BooleanField(label=_("Only mine"), required=False)
    store = forms.UUIDField(required=False, widget=forms.HiddenInput)
    creator = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        chosen = (data or {}).get("by")
        hidden = [choice for choice in HIDDEN_LISTINGS if choice[0] == chosen]
        self.fields["by"].choices = LISTINGS + hidden

    def clean(self):
        data = super().clean()
        by = data.get("by") or "status"
        if by in ("store", "creator") and not data.get(by):
            raise ValidationError(_("Open this list from a store's or a creator's page."))
        data["by"] = by
        data["status"] = data.get("status") or MatchStatus.PENDING.value
        if data.get("band") is None:
            data["band"] = 90
        return data


class FollowUpFilterForm(forms.Form):
    mine = forms.BooleanField(label=_("Only mine"), required=False)


class VersionForm(forms.Form):
    """The version of the match the page showed: a write made from it is checked on it."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class TransitionForm(VersionForm):
    to = forms.ChoiceField(choices=STATUS_CHOICES)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_("For a contact made by hand, say how: a phone call, an Instagram DM…"),
    )


class AssignForm(VersionForm):
    owner = forms.ChoiceField(label=_("Owner"), required=False)

    def __init__(self, *args, owners: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Nobody"))] + [(name, name) for name in owners]


_SELECTION = re.compile(r"(?P<id>[0-9a-f-]{36}):(?P<version>[1-9][0-9]{0,8})")


class SelectionField(forms.Field):
    """The checked rows of a queue, each `matchId:version` as the page showed it."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        selections = []
        for raw in value or []:
            found = _SELECTION.fullmatch(str(raw))
            if found is None:
                raise ValidationError(_("The list was out of date; reload it and try again."))
            selections.append((found["id"], int(found["version"])))
        return selections

    def validate(self, value):
        if not value:
            raise ValidationError(_("Select at least one match."))
        if len(value) > MAX_SELECTED:
            raise ValidationError(_("Select at most %(n)d matches at once.") % {"n": MAX_SELECTED})


class BulkForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"))
    note = forms.CharField(label=_("Note"), required=False, max_length=MAX_NOTE_LENGTH)
    selected = SelectionField()
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, actions: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(code, a.label) for code, a in actions.items()]
