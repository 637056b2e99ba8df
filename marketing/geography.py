"""Korea's provinces as the console names them: one code, the short Korean name stores
carry (from Naver addresses), and a translated label. Creators' regions use the same codes.
"""

from django.utils.translation import gettext_lazy as _

# code -> (short Korean name as stored on store profiles, label)
PROVINCES: dict[str, tuple[str, object]] = {
    "seoul": ("서울", _("Seoul")),
    "busan": ("부산", _("Busan")),
    "daegu": ("대구", _("Daegu")),
    "incheon": ("인천", _("Incheon")),
    "gwangju": ("광주", _("Gwangju")),
    "daejeon": ("대전", _("Daejeon")),
    "ulsan": ("울산", _("Ulsan")),
    "sejong": ("세종", _("Sejong")),
    "gyeonggi": ("경기", _("Gyeonggi")),
    "gangwon": ("강원", _("Gangwon")),
    "chungbuk": ("충북", _("Chungbuk")),
    "chungnam": ("충남", _("Chungnam")),
    "jeonbuk": ("전북", _("Jeonbuk")),
    "jeonnam": ("전남", _("Jeonnam")),
    "gyeongbuk": ("경북", _("Gyeongbuk")),
    "gyeongnam": ("경남", _("Gyeongnam")),
    "jeju": ("제주", _("Jeju")),
}
_BY_KOREAN = {korean: (code, label) for code, (korean, label) in PROVINCES.items()}


def province_code(korean: str | None) -> str | None:
    """`서울` → `seoul`; None for anything else."""
    found = _BY_KOREAN.get(korean or "")
    return found[0] if found else None


def province_label(korean: str | None):
    """The translated name of a province stored in Korean (`서울` → "Seoul" / "서울")."""
    found = _BY_KOREAN.get(korean or "")
    return found[1] if found else korean


# Provinces that share a land border (or, for Incheon, the metropolitan area with Seoul and
# Gyeonggi): where a store's candidates are looked for after its own province. Jeju has
# none. Symmetric: tests/matches/test_scoring.py holds it to that.
NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "seoul": ("gyeonggi", "incheon"),
    "incheon": ("seoul", "gyeonggi"),
    "gyeonggi": ("seoul", "incheon", "gangwon", "chungbuk", "chungnam"),
    "gangwon": ("gyeonggi", "chungbuk", "gyeongbuk"),
    "chungbuk": ("gyeonggi", "gangwon", "gyeongbuk", "jeonbuk", "chungnam", "daejeon", "sejong"),
    "chungnam": ("gyeonggi", "chungbuk", "jeonbuk", "daejeon", "sejong"),
    "sejong": ("chungbuk", "chungnam", "daejeon"),
    "daejeon": ("chungbuk", "chungnam", "sejong"),
    "jeonbuk": ("chungnam", "chungbuk", "gyeongbuk", "gyeongnam", "jeonnam"),
    "jeonnam": ("jeonbuk", "gwangju", "gyeongnam"),
    "gwangju": ("jeonnam",),
    "gyeongbuk": ("gangwon", "chungbuk", "jeonbuk", "gyeongnam", "daegu", "ulsan"),
    "daegu": ("gyeongbuk", "gyeongnam"),
    "ulsan": ("gyeongbuk", "gyeongnam", "busan"),
    "busan": ("gyeongnam", "ulsan"),
    "gyeongnam": ("busan", "ulsan", "daegu", "gyeongbuk", "jeonbuk", "jeonnam"),
    "jeju": (),
}

# Provinces that are one city (특별시, 광역시, 특별자치시): there the province is the city, and
# any two of its districts are in the same city. In a 도 the city is the 시/군 a district
# names first (`성남시 분당구` is in 성남시).
METROPOLITAN = frozenset(
    {"seoul", "busan", "daegu", "incheon", "gwangju", "daejeon", "ulsan", "sejong"}
)


def neighbours(code: str | None) -> tuple[str, ...]:
    """The provinces bordering `code` (a province code); () for anything else."""
    return NEIGHBOURS.get(code or "", ())


def city_of_district(province_korean: str | None, district: str | None) -> str | None:
    """The city a district belongs to: the province itself for Seoul and the other
    metropolitan cities (`서울`, `송파구` → `서울`); the first word of the district in a
    도 (`경기`, `성남시 분당구` → `성남시`); None when either is missing."""
    if not province_korean or not district:
        return None
    if province_code(province_korean) in METROPOLITAN:
        return province_korean
    return district.split()[0]
