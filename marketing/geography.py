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
