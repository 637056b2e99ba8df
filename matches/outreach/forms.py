"""Forms of the outreach pages: plain forms, rendered in the admin's fieldset markup."""

from django import forms
from django.utils.translation import gettext_lazy as _

from matches.outreach.domain import (
    CONSENT_BASIS_LABELS,
    MAX_BODY_LENGTH,
    MAX_NAME_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_OFFER_LENGTH,
    MAX_SUBJECT_LENGTH,
    MERGE_FIELDS,
    Language,
)


class OutreachSendForm(forms.Form):
    template = forms.ChoiceField(label=_("Template"))
    offer = forms.CharField(
        label=_("Offer"),
        required=False,
        max_length=MAX_OFFER_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What we offer the creator; fills {{ offer }} in the template."),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [
            (t.template_id, f"{t.name} ({t.language.label})") for t in templates
        ]


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=MAX_NAME_LENGTH)
    language = forms.ChoiceField(
        label=_("Language"), choices=[(lang.value, lang.label) for lang in Language]
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=MAX_SUBJECT_LENGTH,
        help_text=_("“(광고)” is put in front of every subject when it is sent."),
        widget=forms.TextInput(attrs={"size": 80}),
    )
    body = forms.CharField(
        label=_("Body"),
        max_length=MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 80}),
        help_text=_(
            "Merge fields are written {{ field }}. Every message ends with our name, our "
            "contact and a free opt-out link, added when it is sent."
        ),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    merge_fields = MERGE_FIELDS


class ConsentForm(forms.Form):
    basis = forms.ChoiceField(
        label=_("Basis"), choices=[(b.value, label) for b, label in CONSENT_BASIS_LABELS.items()]
    )
    consented_on = forms.DateField(
        label=_("Consent date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The day the creator agreed (YYYY-MM-DD)."),
    )
    source = forms.CharField(
        label=_("Where"),
        max_length=MAX_NOTE_LENGTH,
        help_text=_("The form entry, the e-mail thread or the page that lists the address."),
        widget=forms.TextInput(attrs={"size": 80}),
    )
    night_time_agreed = forms.BooleanField(
        label=_("Also agreed to messages between 21:00 and 08:00"), required=False
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class DoNotContactForm(forms.Form):
    address = forms.EmailField(label=_("E-mail address"))
    note = forms.CharField(label=_("Note"), required=False, max_length=MAX_NOTE_LENGTH)
