"""Creator pages in Korean (the default language) show labels, grouped counts and one
percent format, never codes (issue #10, item 15): checked on the rendered text."""

import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from creators import services
from creators.domain import Statistics

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dynamo_tables")]

RAW_CODES = re.compile(r"\b(food|cafe|seoul|active|paused|archived|instagram|tiktok|youtube)\b")


@pytest.fixture(autouse=True)
def korean(settings):
    settings.LANGUAGE_CODE = "ko"


@pytest.fixture
def creator():
    channel = services.creator_add_manual(
        platform="instagram",
        channel_id="cook.kim",
        channel_name="맛집 김",
        statistics=Statistics(
            subscribers=12300,
            total_views=4567890,
            avg_views=Decimal("8100.4"),
            engagement_rate=Decimal("4.1"),
        ),
        categories=["food", "cafe"],
        region="seoul",
        actor="t",
    )
    return services.creator_update(
        creator_id=channel.creator_id,
        expected_version=channel.version,
        categories=["food", "cafe"],
        region="seoul",
        status="paused",
        actor="t",
    )


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Language"] == "ko"
    return BeautifulSoup(response.content, "html.parser").select_one("#content-main")


def _text(node) -> str:
    return " ".join(node.get_text(" ").split())


def test_the_list_shows_labels_and_grouped_figures(client_as, creator):
    main = _page(client_as("viewer"), reverse("admin:creators_creator_changelist"))
    row = main.select_one("#result_list tbody tr")
    assert _text(row.select_one(".field-categories")) == "음식, 카페·디저트"
    assert _text(row.select_one(".field-region")) == "서울"
    assert _text(row.select_one(".field-subscribers")) == "12,300"
    assert _text(row.select_one(".field-engagement")) == "4.1 %"
    assert "직접 입력" in _text(row.select_one(".field-synced"))
    assert RAW_CODES.findall(_text(main)) == []


def test_the_detail_page_shows_labels_grouped_figures_and_hand_entry(client_as, creator):
    main = _page(
        client_as("editor"), reverse("admin:creators_creator_detail", args=[creator.creator_id])
    )
    panel = main.select_one("#creator-panel")
    assert _text(panel.select_one(".field-categories")) == "음식, 카페·디저트"
    assert _text(panel.select_one(".field-region")) == "서울"
    assert _text(panel.select_one(".field-status")) == "일시 중지"
    row = main.select_one("#result_list tbody tr")
    assert _text(row.select_one(".field-total-views")) == "4,567,890"
    assert _text(row.select_one(".field-averages")).startswith("8,100 /")
    assert _text(row.select_one(".field-engagement")) == "4.1 %"
    freshness = _text(row.select_one(".field-synced"))
    assert "직접 입력" in freshness and "전" not in freshness  # a date, not "0분 전"
    assert RAW_CODES.findall(_text(main)) == []


@pytest.mark.parametrize("page", ["add", "change", "figures", "import"])
def test_the_forms_show_labels_only(client_as, creator, page):
    url = {
        "add": reverse("admin:creators_creator_add"),
        "change": reverse("admin:creators_creator_change", args=[creator.creator_id]),
        "figures": reverse("admin:creators_creator_figures") + "?channel=instagram/cook.kim",
        "import": reverse("admin:creators_creator_import"),
    }[page]
    main = _page(client_as("editor"), url)
    if page == "import":
        # The import page lists the codes a file may use, beside their names.
        main.select_one("#accepted-values").decompose()
        main.select_one("#import-columns").decompose()
    assert RAW_CODES.findall(_text(main)) == []
    if page == "change":
        chosen = main.select("#id_categories option[selected]")
        assert [_text(option) for option in chosen] == ["음식", "카페·디저트"]
