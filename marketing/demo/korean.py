"""The words the demo is made of: districts, kinds of shop with their menus and review
keywords, people's names, channel names and the notes staff write. Data only.

Addresses are made of real district and road names with made-up numbers; shop and
channel names are invented. Nothing here is a phone number or a real account.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class District:
    city: str  # a province's short name, as Naver writes it (서울, 부산)
    name: str  # the district (구)
    dongs: tuple[str, ...]
    roads: tuple[str, ...]
    lat: str  # its centre, for the map pin (jittered per store)
    lng: str
    region: str  # the creators' region code for the city


DISTRICTS: tuple[District, ...] = (
    District(
        "서울",
        "강남구",
        ("역삼동", "신사동", "논현동"),
        ("테헤란로", "강남대로", "도산대로", "압구정로"),
        "37.5172",
        "127.0473",
        "seoul",
    ),
    District(
        "서울",
        "마포구",
        ("서교동", "연남동", "합정동", "망원동"),
        ("양화로", "동교로", "와우산로", "월드컵로"),
        "37.5663",
        "126.9019",
        "seoul",
    ),
    District(
        "서울",
        "성동구",
        ("성수동1가", "성수동2가", "행당동"),
        ("성수이로", "아차산로", "연무장길", "왕십리로"),
        "37.5634",
        "127.0369",
        "seoul",
    ),
    District(
        "서울",
        "송파구",
        ("잠실동", "방이동", "석촌동"),
        ("올림픽로", "백제고분로", "석촌호수로", "오금로"),
        "37.5145",
        "127.1059",
        "seoul",
    ),
    District(
        "서울",
        "용산구",
        ("이태원동", "한남동", "용산동2가"),
        ("이태원로", "대사관로", "한남대로", "신흥로"),
        "37.5326",
        "126.9905",
        "seoul",
    ),
    District(
        "서울",
        "종로구",
        ("익선동", "삼청동", "관철동"),
        ("수표로", "삼청로", "북촌로", "종로"),
        "37.5735",
        "126.9790",
        "seoul",
    ),
    District(
        "부산",
        "해운대구",
        ("우동", "중동", "좌동"),
        ("해운대로", "구남로", "달맞이길", "해운대해변로"),
        "35.1631",
        "129.1635",
        "busan",
    ),
    District(
        "부산",
        "수영구",
        ("광안동", "민락동", "남천동"),
        ("광안해변로", "수영로", "광남로"),
        "35.1455",
        "129.1131",
        "busan",
    ),
    District(
        "부산",
        "부산진구",
        ("부전동", "전포동", "범천동"),
        ("중앙대로", "서전로", "전포대로", "동천로"),
        "35.1629",
        "129.0532",
        "busan",
    ),
    District(
        "부산",
        "중구",
        ("남포동", "광복동", "중앙동"),
        ("광복로", "구덕로", "비프광장로"),
        "35.1061",
        "129.0323",
        "busan",
    ),
)

# --- kinds of shop ------------------------------------------------------------------------

FOOD_KEYWORDS = (
    "음식이 맛있어요",
    "양이 많아요",
    "재료가 신선해요",
    "친절해요",
    "가성비가 좋아요",
    "매장이 청결해요",
    "특별한 메뉴가 있어요",
    "혼밥하기 좋아요",
    "단체모임 하기 좋아요",
    "주차하기 편해요",
    "매장이 좁아요",
)
CAFE_KEYWORDS = (
    "커피가 맛있어요",
    "디저트가 맛있어요",
    "인테리어가 멋져요",
    "사진이 잘 나와요",
    "대화하기 좋아요",
    "친절해요",
    "매장이 넓어요",
    "좌석이 편해요",
    "음료가 맛있어요",
    "주차 공간이 없어요",
)
CARE_KEYWORDS = (
    "친절해요",
    "시술이 꼼꼼해요",
    "원하는 스타일로 잘 해줘요",
    "매장이 청결해요",
    "상담이 자세해요",
    "가격이 합리적이에요",
    "매장이 아늑해요",
    "예약이 편해요",
)
FITNESS_KEYWORDS = (
    "선생님이 친절해요",
    "시설이 깨끗해요",
    "운동 효과가 좋아요",
    "꼼꼼하게 알려줘요",
    "프로그램이 다양해요",
    "샤워실이 불편해요",
)
PET_KEYWORDS = (
    "강아지가 좋아해요",
    "매장이 청결해요",
    "친절해요",
    "음료가 맛있어요",
    "공간이 넓어요",
    "사진이 잘 나와요",
)


@dataclass(frozen=True)
class ShopKind:
    key: str
    categories: tuple[str, ...]  # Naver's words, primary first
    place_type: str  # the page path Naver files it under
    names: tuple[str, ...]  # {dong}: the 동 without 동; {surname}; {word}
    menus: tuple[tuple[str, int], ...]  # (menu, price in won)
    keywords: tuple[str, ...]
    weight: int  # how common it is among the demo's shops


SHOP_KINDS: tuple[ShopKind, ...] = (
    ShopKind(
        "korean",
        ("한식", "백반,가정식"),
        "restaurant",
        ("{surname}가네 밥상", "{dong} 한상", "소담 한식당", "정성밥집 {dong}점", "오늘의 백반"),
        (
            ("제육볶음 정식", 11000),
            ("김치찌개", 9500),
            ("된장찌개", 9000),
            ("고등어구이 정식", 13000),
            ("보쌈 (2인)", 34000),
            ("공기밥", 1000),
        ),
        FOOD_KEYWORDS,
        5,
    ),
    ShopKind(
        "bbq",
        ("돼지고기구이", "육류,고기요리"),
        "restaurant",
        ("{surname}돈", "{dong} 숯불구이", "화로명가", "참숯 {word}", "고기굽는 {surname}씨"),
        (
            ("삼겹살 (180g)", 17000),
            ("목살 (180g)", 17000),
            ("항정살 (150g)", 19000),
            ("된장찌개", 5000),
            ("물냉면", 8000),
            ("소주", 5000),
        ),
        FOOD_KEYWORDS,
        4,
    ),
    ShopKind(
        "gopchang",
        ("곱창,막창,양",),
        "restaurant",
        ("{dong} 곱창", "{surname}네 막창", "불곱창 {word}"),
        (
            ("소곱창 (200g)", 23000),
            ("막창 (200g)", 19000),
            ("양 (200g)", 26000),
            ("볶음밥", 3000),
            ("맥주", 5000),
        ),
        FOOD_KEYWORDS,
        2,
    ),
    ShopKind(
        "japanese",
        ("일식당", "초밥,롤"),
        "restaurant",
        ("스시 {word}", "{dong} 오마카세", "하루 스시", "이자카야 {word}"),
        (
            ("모둠초밥 (12p)", 22000),
            ("연어덮밥", 16000),
            ("런치 오마카세", 55000),
            ("냉우동", 9000),
            ("하이볼", 8000),
        ),
        FOOD_KEYWORDS,
        3,
    ),
    ShopKind(
        "italian",
        ("이탈리아음식", "양식"),
        "restaurant",
        ("트라토리아 {word}", "{dong} 파스타", "비스트로 {word}", "피제리아 {word}"),
        (
            ("봉골레 파스타", 18000),
            ("트러플 크림 리조또", 21000),
            ("마르게리타 피자", 19000),
            ("티본 스테이크 (2인)", 89000),
            ("하우스 와인 (잔)", 11000),
        ),
        FOOD_KEYWORDS,
        3,
    ),
    ShopKind(
        "snack",
        ("분식",),
        "restaurant",
        ("{surname}떡볶이", "{dong} 분식", "즉석떡볶이 {word}"),
        (
            ("떡볶이", 5000),
            ("참치김밥", 4500),
            ("모둠튀김", 4000),
            ("순대", 5000),
            ("라볶이", 6500),
        ),
        FOOD_KEYWORDS,
        2,
    ),
    ShopKind(
        "chicken",
        ("치킨,닭강정",),
        "restaurant",
        ("{dong} 치킨", "{surname}네 통닭", "바삭 {word}"),
        (
            ("후라이드 치킨", 20000),
            ("양념 치킨", 22000),
            ("간장 반반", 23000),
            ("치즈볼", 5000),
            ("생맥주 (500cc)", 5000),
        ),
        FOOD_KEYWORDS,
        2,
    ),
    ShopKind(
        "cafe",
        ("카페,디저트",),
        "cafe",
        ("카페 {word}", "{word} 커피", "{dong} 로스터스", "커피 {word}"),
        (
            ("아메리카노", 4500),
            ("카페라떼", 5000),
            ("바닐라빈 라떼", 5800),
            ("크로플", 6500),
            ("바스크 치즈케이크", 7000),
        ),
        CAFE_KEYWORDS,
        5,
    ),
    ShopKind(
        "bakery",
        ("베이커리", "카페,디저트"),
        "cafe",
        ("{word} 베이커리", "{dong} 빵집", "오븐 {word}"),
        (
            ("소금빵", 3500),
            ("크루아상", 4200),
            ("우유식빵", 6000),
            ("무화과 깜빠뉴", 7500),
            ("아메리카노", 4000),
        ),
        CAFE_KEYWORDS,
        3,
    ),
    ShopKind(
        "hair",
        ("미용실",),
        "hairshop",
        ("헤어 {word}", "{word} 헤어살롱", "{dong} 헤어"),
        (
            ("남성 커트", 25000),
            ("여성 커트", 35000),
            ("디지털 펌", 150000),
            ("뿌리 염색", 70000),
            ("클리닉", 50000),
        ),
        CARE_KEYWORDS,
        2,
    ),
    ShopKind(
        "nail",
        ("네일아트,네일샵",),
        "place",
        ("네일 {word}", "{word} 네일", "{dong} 네일룸"),
        (
            ("젤 원컬러", 50000),
            ("아트 젤네일", 75000),
            ("손 케어", 20000),
            ("패디 젤", 60000),
        ),
        CARE_KEYWORDS,
        1,
    ),
    ShopKind(
        "skin",
        ("피부,체형관리",),
        "place",
        ("{word} 에스테틱", "{dong} 피부관리실", "스킨 {word}"),
        (
            ("수분 관리 (60분)", 70000),
            ("여드름 관리", 80000),
            ("등 관리", 60000),
            ("첫방문 체험", 39000),
        ),
        CARE_KEYWORDS,
        1,
    ),
    ShopKind(
        "pilates",
        ("필라테스",),
        "place",
        ("{word} 필라테스", "{dong} 필라테스 스튜디오", "바디 {word}"),
        (
            ("1:1 개인레슨 (1회)", 70000),
            ("그룹레슨 (10회)", 280000),
            ("체험 레슨", 30000),
        ),
        FITNESS_KEYWORDS,
        1,
    ),
    ShopKind(
        "dog_cafe",
        ("애견카페",),
        "cafe",
        ("댕댕 {word}", "{dong} 애견카페", "멍멍 {word}"),
        (
            ("입장료 (음료 포함)", 12000),
            ("아메리카노", 5000),
            ("강아지 간식", 4000),
        ),
        PET_KEYWORDS,
        1,
    ),
)

SHOP_WORDS = (
    "온기",
    "담",
    "모먼트",
    "숲",
    "하루",
    "소소",
    "달빛",
    "보리",
    "마루",
    "한결",
    "노을",
    "바람",
    "결",
    "솔",
    "가온",
    "라온",
    "다온",
    "윤슬",
    "물결",
    "새벽",
)

# --- people ---------------------------------------------------------------------------

SURNAMES = ("김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신")

# Given names with how a handle would spell them.
GIVEN_NAMES: tuple[tuple[str, str], ...] = (
    ("지수", "jisu"),
    ("민준", "minjun"),
    ("서연", "seoyeon"),
    ("하준", "hajun"),
    ("지민", "jimin"),
    ("예린", "yerin"),
    ("도윤", "doyun"),
    ("수아", "sua"),
    ("현우", "hyunwoo"),
    ("하은", "haeun"),
    ("준서", "junseo"),
    ("유나", "yuna"),
    ("시우", "siwoo"),
    ("채원", "chaewon"),
    ("지호", "jiho"),
    ("다은", "daeun"),
    ("은우", "eunwoo"),
    ("소윤", "soyun"),
    ("태윤", "taeyun"),
    ("나연", "nayeon"),
    ("가은", "gaeun"),
    ("우진", "woojin"),
    ("보람", "boram"),
    ("혜진", "hyejin"),
)

# Channel names per creator category ({given}: the creator's given name) and the word
# their handles use.
CHANNEL_NAMES: dict[str, tuple[tuple[str, ...], str]] = {
    "food": (
        ("{given}의 맛집일기", "먹방러 {given}", "{given}네 밥상", "오늘도 {given}먹"),
        "eats",
    ),
    "cafe": (("카페투어 {given}", "{given}의 디저트로그", "커피 마시는 {given}"), "cafe"),
    "beauty": (("{given} 뷰티", "뷰티인사이드 {given}", "{given}의 화장대"), "beauty"),
    "fashion": (("{given} 데일리룩", "옷장 속 {given}"), "style"),
    "lifestyle": (("{given}의 하루", "데일리 {given}", "{given} 브이로그"), "daily"),
    "travel": (("{given}의 여행노트", "여행가 {given}", "주말엔 {given}"), "trip"),
    "parenting": (("{given}맘 육아일기", "아이랑 {given}"), "mom"),
    "pets": (("댕댕이와 {given}", "{given}네 고양이"), "pet"),
    "fitness": (("운동하는 {given}", "{given} 필라테스"), "fit"),
}
# How often each creator category is the primary one (food and cafes lead, as in the trade).
CATEGORY_WEIGHTS = {
    "food": 30,
    "cafe": 16,
    "beauty": 12,
    "lifestyle": 12,
    "fashion": 6,
    "travel": 8,
    "parenting": 5,
    "pets": 5,
    "fitness": 6,
}
# Second categories that go with a first one.
SECOND_CATEGORIES = {
    "food": ("cafe", "travel", "lifestyle"),
    "cafe": ("food", "lifestyle"),
    "beauty": ("fashion", "lifestyle"),
    "fashion": ("beauty", "lifestyle"),
    "lifestyle": ("food", "cafe", "travel"),
    "travel": ("food", "lifestyle"),
    "parenting": ("lifestyle", "food"),
    "pets": ("lifestyle",),
    "fitness": ("lifestyle", "beauty"),
}

# Staff who work the matches (usernames as the console shows them).
STAFF = ("demo.minji", "demo.junho", "demo.seoyeon")

# --- notes ------------------------------------------------------------------------------

CONTACT_NOTES = (
    "인스타그램 DM으로 협업 제안을 보냈습니다.",
    "전화로 협업을 제안했습니다.",
    "유튜브 비즈니스 메일로 제안서를 보냈습니다 (수기 기록).",
    "틱톡 DM으로 체험단 안내를 보냈습니다.",
)
RESPONSE_NOTES = (
    "관심 있다는 답장, 단가표를 요청했습니다.",
    "방문 가능한 날짜를 알려 왔습니다.",
    "조건을 먼저 알려 달라고 했습니다.",
)
NEGOTIATION_NOTES = (
    "원고료와 방문 일정을 조율 중입니다.",
    "게시물 수와 쿠폰 제공 여부를 협의 중입니다.",
    "영상 길이와 업로드 시점을 맞추는 중입니다.",
)
ACCEPTANCE_NOTES = (
    "원고료 합의, 방문 일정 확정.",
    "조건 수락, 계약서 회신 받음.",
    "체험 제공과 원고료로 합의했습니다.",
)
COMPLETION_NOTES = (
    "게시물 확인, 정산 완료.",
    "영상 업로드 확인했습니다.",
)
DISMISS_NOTES = (
    "매장과 카테고리가 맞지 않아 제외했습니다.",
    "최근 광고 게시물이 너무 많아 제외했습니다.",
)
DECLINE_NOTES = (
    "응답이 없어 종료했습니다.",
    "일정상 어렵다는 회신을 받았습니다.",
    "희망 원고료가 예산을 넘어 종료했습니다.",
)

CAMPAIGN_NOTES = {
    "SCHEDULED": ("크리에이터 일정이 모두 확정되었습니다.", "매장과 일정 확정."),
    "ACTIVE": ("캠페인을 시작했습니다.", "첫 방문 시작."),
    "PAUSED": ("매장 리뉴얼 공사로 잠시 멈춥니다.", "사장님 요청으로 일시 중지."),
    "RESUMED": ("공사가 끝나 다시 진행합니다.",),
    "COMPLETED": ("모든 게시물 확인, 정산 완료.", "캠페인 종료."),
    "CANCELLED": ("매장 사정으로 취소했습니다.", "예산 조정으로 취소."),
}

CAMPAIGN_SEASONS = ("봄", "여름", "가을", "겨울", "오픈 기념", "신메뉴", "주말")
CAMPAIGN_WORDS = {
    "visit_review": "체험단",
    "sponsored_video": "영상 협찬",
    "short_form": "숏폼 캠페인",
    "giveaway": "이벤트",
}
DELIVERABLES = {
    "visit_review": "방문 후 인스타그램 피드 1건과 스토리 2건, 네이버 방문자 리뷰 1건",
    "sponsored_video": "유튜브 영상 1편 (8분 이상), 고정 댓글에 매장 정보",
    "short_form": "숏폼 영상 1편 (30초 이내), 위치 태그",
    "giveaway": "팔로워 대상 이벤트 게시물 1건, 당첨자 2명 식사권",
}
