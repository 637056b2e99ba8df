"""A creator's optional activity area: the city it works in and the districts it covers.

Stores name their area the way Naver does — a province's short Korean name (`서울`,
`경기`) and a district (`송파구`, `성남시 분당구`) — so an area is kept in those terms, and
"same district" is a comparison of two strings rather than a guess. The form, the CSV
(`area_city`, `area_districts`) and the change page all go through `validate_area`.
"""

import re
import unicodedata
from collections.abc import Iterable

from django.utils.translation import gettext as _

from creators.domain import ActivityArea, CreatorError, has_control_characters, lookup_key
from marketing.geography import PROVINCES
from stores.analysis import normalise_city

MAX_DISTRICTS = 10
MAX_DISTRICT_LENGTH = 30
DISTRICT_SEPARATORS = "|;,\n"
# 송파구, 양평군, 수원시, 성남시 분당구: a 시/군/구, or a 시 and one of its 구.
DISTRICT = re.compile(r"[^\s#]+[시군구](?: [^\s#]+구)?")


def city_name(value: str | None) -> str | None:
    """A province as stores name it (`서울`), from that name, a long form (`서울특별시`),
    a code (`seoul`) or an English label (`Seoul`); None when it is none of those."""
    text = unicodedata.normalize("NFC", (value or "").strip())
    if not text:
        return None
    short = normalise_city(text)
    if short:
        return short
    wanted = lookup_key(text)
    for code, (korean, label) in PROVINCES.items():
        if wanted in (code, lookup_key(str(label))):
            return korean
    from django.utils import translation

    with translation.override("en"):
        for korean, label in PROVINCES.values():
            if wanted == lookup_key(str(label)):
                return korean
    return None


def split_districts(value: str | Iterable[str] | None) -> list[str]:
    """`송파구, 강동구` (or `|`, `;`, new lines, or a list) → the districts, as written."""
    if value is None:
        return []
    if isinstance(value, str):
        for separator in DISTRICT_SEPARATORS:
            value = value.replace(separator, "|")
        value = value.split("|")
    return [" ".join(unicodedata.normalize("NFC", part).split()) for part in value if part.strip()]


def validate_area(city: str | None, districts: str | Iterable[str] | None) -> ActivityArea | None:
    """The area these values give (None when both are blank); CreatorError says what is
    wrong otherwise."""
    names = split_districts(districts)
    if not (city or "").strip():
        if names:
            raise CreatorError(_("Choose the city of the districts covered."))
        return None
    short = city_name(city)
    if short is None:
        raise CreatorError(
            _("Unknown city “%(value)s” (a province or metropolitan city, such as 서울 or 경기).")
            % {"value": city.strip()[:MAX_DISTRICT_LENGTH]}
        )
    kept: list[str] = []
    for name in names:
        if (
            len(name) > MAX_DISTRICT_LENGTH
            or has_control_characters(name)
            or not DISTRICT.fullmatch(name)
        ):
            raise CreatorError(
                _("“%(value)s” is not a district (such as 송파구, 양평군 or 성남시 분당구).")
                % {"value": name[:MAX_DISTRICT_LENGTH]}
            )
        if name not in kept:
            kept.append(name)
    if len(kept) > MAX_DISTRICTS:
        raise CreatorError(
            _("An activity area covers at most %(n)d districts.") % {"n": MAX_DISTRICTS}
        )
    return ActivityArea(city=short, districts=kept)


def area_text(area: ActivityArea | None) -> str:
    """`서울 송파구, 강동구` for pages and the CSV; "" without an area."""
    if area is None:
        return ""
    return f"{area.city} {', '.join(area.districts)}".strip()
