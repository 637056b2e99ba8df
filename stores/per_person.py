"""What one person spends at a store, estimated from its menu names and prices. No I/O.

The median of every menu line is a poor price level: a 1,000 won bowl of rice, a
7,000 won beer and a 67,000 won set for four all pull it about, so a 양대창 grill whose
meat costs about 17,000 won a person and a drink on top came out as level 2. The estimate
reads each priced line's name (free and unpriced lines are left out), up to its first
emoji (what follows is advertising: "순두부찌개🌶️소주땡기는 맛" is no drink):

- set for N: the name gives a head count, "2인", "4인분", "3명", or a range, "세트(3~4인)"
  (its midpoint, 3.5); the line's share per person is its price / N. "1인분" is one
  person's, and "2인 이상" (a minimum order of per-person portions) is a main;
- side: 공기밥, 밥 추가, anything "추가", …사리, 계란찜, 계란 후라이, 반찬, 사이드, 곁들임;
- drink: beer, soju, highball, wine, makgeolli, soft drinks, juice, coffee (SIDES, DRINKS
  below);
- main: everything else; its share per person is its price.

per person = the median share of the mains and sets + the median price of the sides and
drinks (one of them per person), when the menu lists any. Where drinks are most of the
priced lines (a cafe, a bar) they are the mains. Without a main or a set there is no
estimate, and the price level falls back to the median of every priced line.
"""

import re
import statistics
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from stores.domain import MenuItem, MenuLine, MenuRole, SpendEstimate

MAX_HEAD_COUNT = 20
_AT_LEAST = re.compile(r"\d+\s*(?:인|명)\s*이상")
_HEAD_RANGE = re.compile(r"(\d+)\s*[~\-\u2013]\s*(\d+)\s*(?:인(?!치)|명)")
_HEAD_COUNT = re.compile(r"(\d+)\s*(?:인(?!치)|명)")
SIDES = (
    "공기밥",
    "공깃밥",
    "햇반",
    "추가",
    "계란찜",
    "계란후라이",
    "계란프라이",
    "달걀프라이",
    "반찬",
    "사이드",
    "곁들임",
    "side",
)
_SIDE = re.compile("|".join(SIDES) + r"|사리(?![가-힣])")
DRINKS = (
    "소주",
    "맥주",
    "하이볼",
    "막걸리",
    "와인",
    "사케",
    "청주",
    "위스키",
    "칵테일",
    "음료",
    "콜라",
    "사이다",
    "환타",
    "맥콜",
    "탄산",
    "주스",
    "쥬스",
    "에이드",
    "생수",
    "커피",
    "아메리카노",
    "라떼",
    "beer",
    "soju",
    "highball",
    "wine",
    "cola",
    "coke",
    "sprite",
    "juice",
    "coffee",
    "americano",
    "latte",
)
_DRINK = re.compile("|".join(DRINKS))


def head_count(name: str) -> Decimal | None:
    """The people a line is for when its name says so (more than one), else None."""
    text = _normalised(name)
    if _AT_LEAST.search(text):
        return None
    persons = None
    if match := _HEAD_RANGE.search(text):
        low, high = int(match.group(1)), int(match.group(2))
        if 0 < low <= high:
            persons = Decimal(low + high) / 2
    elif match := _HEAD_COUNT.search(text):
        persons = Decimal(int(match.group(1)))
    if persons is None or not 1 < persons <= MAX_HEAD_COUNT:
        return None
    return persons


def menu_role(name: str) -> MenuRole:
    """MAIN, SET, SIDE or DRINK by the line's name (the price is not looked at)."""
    if head_count(name) is not None:
        return MenuRole.SET
    text = _normalised(name)
    if _SIDE.search(text):
        return MenuRole.SIDE
    if _DRINK.search(text):
        return MenuRole.DRINK
    return MenuRole.MAIN


def estimate(menus: list[MenuItem]) -> SpendEstimate:
    """Each line's role and share, and the per-person spend they add up to."""
    priced = [(m, menu_role(m.name)) for m in menus if m.price]
    drinks = sum(1 for _m, role in priced if role == MenuRole.DRINK)
    drinks_are_mains = drinks * 2 > len(priced)
    lines, shares, extras = [], [], []
    for menu, role in priced:
        persons = head_count(menu.name) if role == MenuRole.SET else None
        share = None
        if role == MenuRole.SET:
            share = _round(Decimal(menu.price) / persons)
        elif role == MenuRole.MAIN or (role == MenuRole.DRINK and drinks_are_mains):
            share = menu.price
        else:
            extras.append(menu.price)
        if share is not None:
            shares.append(share)
        lines.append(
            MenuLine(name=menu.name, price=menu.price, role=role, persons=persons, per_person=share)
        )
    lines += [
        MenuLine(name=m.name, price=m.price, role=MenuRole.UNPRICED) for m in menus if not m.price
    ]
    main = _median(shares)
    extra = _median(extras)
    return SpendEstimate(
        lines=lines,
        main=main,
        extra=extra,
        drinks_are_mains=drinks_are_mains,
        per_person=None if main is None else main + (extra or 0),
    )


def _normalised(name: str) -> str:
    """The dish part of a name: NFC, lower case, no spaces, cut at the first emoji."""
    text = unicodedata.normalize("NFC", name)
    for position, char in enumerate(text):
        if unicodedata.category(char) == "So":
            text = text[:position]
            break
    return text.lower().replace(" ", "")


def _median(values: list[int]) -> int | None:
    if not values:
        return None
    return _round(Decimal(str(statistics.median(values))))


def _round(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_HALF_UP))
