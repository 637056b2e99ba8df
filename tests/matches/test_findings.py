"""Findings and score components in words, in Korean by default; never a raw code."""

from decimal import Decimal

import polib
import pytest
from django.utils import translation

from matches import findings
from matches.domain import Finding
from tests.test_translations import CATALOGUE


def test_every_registered_code_and_component_has_a_korean_text():
    korean = {e.msgid: e.msgstr for e in polib.pofile(str(CATALOGUE / "django.po"))}
    texts = [*findings.FINDINGS.values(), *findings.COMPONENTS.values()]
    with translation.override("en"):  # English has no catalogue: the msgids themselves
        msgids = [str(text) for text in texts]
    missing = [msgid for msgid in msgids if not korean.get(msgid)]
    assert missing == []


@pytest.mark.parametrize("code", sorted(findings.FINDINGS))
def test_every_registered_code_renders_with_its_params(code):
    import re

    text = str(findings.FINDINGS[code])
    params = {name: 7 for name in re.findall(r"%\((\w+)\)s", text)}
    with translation.override("ko"):
        said = findings.describe(Finding(code=code, params=params))
    assert code not in said and "%(" not in said


def test_codes_become_labels_and_numbers_are_grouped():
    finding = Finding(
        code="engagement_top", params={"top": 10, "tier": "micro", "platform": "youtube"}
    )
    with translation.override("en"):
        assert findings.describe(finding) == (
            "Engagement in the top 10 % of Micro (1K-10K) YouTube creators"
        )
        assert (
            findings.describe(Finding(code="hand_entered", params={"days": Decimal(1200)}))
            == "Figures entered by hand 1,200 days ago"
        )
    with translation.override("ko"):
        said = findings.describe(finding)
    assert "YouTube" in said or "유튜브" in said
    assert "micro" not in said and "youtube" not in said


def test_an_unknown_code_shows_its_facts_never_the_code():
    with translation.override("en"):
        assert findings.describe(Finding(code="brand_new_check", params={"days": 3})) == (
            "Further detail: days: 3"
        )
        assert findings.describe(Finding(code="x_y")) == "A further detail the scoring noted"
        odd = findings.describe(Finding(code="odd_one", params={"late_by": "2주"}))
        assert odd == "Further detail: late by: 2주"
    with translation.override("ko"):
        said = findings.describe(Finding(code="brand_new_check", params={"days": 3}))
    assert "brand_new_check" not in said and "3" in said


def test_params_that_do_not_fit_the_text_fall_back_to_the_facts():
    with translation.override("en"):
        said = findings.describe(Finding(code="same_district", params={"city": "서울"}))
    assert said == "Further detail: city: 서울"


def test_component_labels_have_a_fallback():
    with translation.override("en"):
        assert findings.component_label("location") == "Location fit"
        assert findings.component_label("moon_phase") == "Other part of the score"
