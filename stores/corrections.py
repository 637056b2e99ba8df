"""Staff corrections of Naver's data: kept as overrides that survive re-scrapes.

A store profile holds what Naver says, except for the fields staff corrected: those hold
the staff's value, and `profile.corrections[field]` remembers who set it, when, and what
Naver says now (refreshed by every scrape), so a page can show both and offer to go back.
Setting a field back to Naver's value, or Naver coming round to the staff's value, ends
the correction. Status is staff's alone (Naver has none) and is carried over as it is.
"""

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketing.errors import UserError
from stores.domain import MAX_EDITS_KEPT, Correction, ProfileEdit, StoreProfile

# field name -> where it lives on a profile
CORRECTABLE = {
    "store_name": ("store_name",),
    "primary_category": ("primary_category",),
    "city": ("location", "city"),
    "district": ("location", "district"),
    "phone": ("location", "phone"),
    "creator_category": ("creator_category",),
}
STAFF_ONLY = ("status",)
FIELD_LABELS = {
    "store_name": gettext_lazy("Name"),
    "primary_category": gettext_lazy("Category"),
    "city": gettext_lazy("City"),
    "district": gettext_lazy("District"),
    "phone": gettext_lazy("Phone"),
    "creator_category": gettext_lazy("Creator category"),
    "status": gettext_lazy("Status"),
}


def value_of(profile: StoreProfile, field: str):
    target = profile
    for name in CORRECTABLE.get(field, (field,)):
        target = getattr(target, name)
    return target


def with_value(profile: StoreProfile, field: str, value) -> StoreProfile:
    path = CORRECTABLE.get(field, (field,))
    if len(path) == 1:
        return profile.model_copy(update={path[0]: value})
    inner = getattr(profile, path[0]).model_copy(update={path[1]: value})
    return profile.model_copy(update={path[0]: inner})


def carry_over(new: StoreProfile, previous: StoreProfile | None) -> StoreProfile:
    """A freshly scraped profile with the previous one's corrections and status applied."""
    if previous is None:
        return new
    corrections = {}
    for field, correction in previous.corrections.items():
        naver = value_of(new, field)
        if naver == correction.value:
            continue  # Naver now says what staff said: nothing left to correct
        new = with_value(new, field, correction.value)
        corrections[field] = correction.model_copy(update={"naver_value": naver})
    return new.model_copy(update={"corrections": corrections, "status": previous.status})


def edited(
    profile: StoreProfile, changes: dict, *, by: str, at: dt.datetime
) -> tuple[StoreProfile, list[str]]:
    """The profile with staff's changes as corrections, and the fields that changed."""
    corrections = dict(profile.corrections)
    changed = []
    for field, value in changes.items():
        before = value_of(profile, field)
        if value == before:
            continue
        changed.append(field)
        profile = with_value(profile, field, value)
        if field in STAFF_ONLY:
            continue
        # Without a correction, the profile held Naver's own value.
        previous = corrections.pop(field, None)
        naver = previous.naver_value if previous else before
        if value != naver:
            corrections[field] = Correction(value=value, naver_value=naver, by=by, at=at)
    profile = profile.model_copy(update={"corrections": corrections})
    return _logged(profile, ProfileEdit(by=by, at=at, fields=changed)), changed


def restored(profile: StoreProfile, field: str, *, by: str, at: dt.datetime) -> StoreProfile:
    """The profile with Naver's value back in a corrected field, the correction ended."""
    if field not in profile.corrections:
        raise UserError(_("This field has no correction to drop."))
    corrections = dict(profile.corrections)
    correction = corrections.pop(field)
    profile = with_value(profile, field, correction.naver_value)
    profile = profile.model_copy(update={"corrections": corrections})
    note = "naver-restored"
    return _logged(profile, ProfileEdit(by=by, at=at, fields=[field], note=note))


def _logged(profile: StoreProfile, edit: ProfileEdit) -> StoreProfile:
    if not edit.fields:
        return profile
    return profile.model_copy(update={"edits": [*profile.edits, edit][-MAX_EDITS_KEPT:]})
