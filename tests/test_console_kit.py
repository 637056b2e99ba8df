"""The console kit: one table from domain errors to responses, the pager, the layout rules."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import BadRequest
from django.http import Http404, QueryDict

from creators.domain import CreatorError
from marketing.console import Pager, user_message
from marketing.console.problems import CONFLICT, STALE
from marketing.dynamo import errors

ROOT = Path(__file__).resolve().parent.parent
APPS = ("stores", "creators", "matches", "campaigns", "marketing")


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (errors.ConcurrentModification("v2 != v3"), STALE),
        (errors.TransactionCanceled([None, "ConditionalCheckFailed"]), CONFLICT),
        (errors.ConditionFailed("x"), CONFLICT),
        (CreatorError("Unknown category “x”."), "Unknown category “x”."),
    ],
)
def test_reportable_errors_become_messages(error, expected):
    assert str(user_message(error)) == str(expected)


def test_missing_items_and_bad_cursors_become_404_and_400():
    with pytest.raises(Http404):
        user_message(errors.NotFound("gone"))
    with pytest.raises(BadRequest):
        user_message(errors.InvalidCursor("bad"))


@pytest.mark.parametrize(
    "error", [errors.EndpointUnavailable(None), errors.Throttled("busy"), RuntimeError("bug")]
)
def test_outages_and_bugs_are_raised_on(error):
    with pytest.raises(type(error)):
        user_message(error)


def test_views_can_word_the_stale_message_their_own_way():
    assert user_message(errors.ConcurrentModification("x"), stale="reload!") == "reload!"


def test_pager_keeps_the_filters_and_moves_the_cursor():
    first = Pager.for_page(QueryDict("category=국밥&city=서울"), "C1")
    assert first.first_url is None
    assert QueryDict(first.next_url[1:]).dict() == {
        "category": "국밥",
        "city": "서울",
        "cursor": "C1",
    }
    last = Pager.for_page(QueryDict("category=국밥&cursor=C1"), None)
    assert QueryDict(last.first_url[1:]).dict() == {"category": "국밥"}
    assert last.next_url is None


def _sources(pattern="*.py"):
    for app in APPS:
        yield from (p for p in (ROOT / app).rglob(pattern) if "migrations" not in p.parts)


def test_app_views_write_no_except_ladders():
    views = list(ROOT.glob("*/views.py"))
    assert len(views) >= 2
    clauses = sum(len(re.findall(r"^\s*except\b", p.read_text(), re.M)) for p in views)
    assert clauses <= 4


def test_only_repositories_and_the_core_build_conditions_and_keys():
    key = re.compile(
        r"""f?["'](STORE|CREATOR|PLATFORM|MATCH|CAMPAIGN|CATEGORY|LOCATION|PRICE|STATUS|SCORE|DATE|DIRECTORY|STATS|QUOTA|INFLUENCE\w*)#"""
    )
    offenders = []
    checked = 0
    for path in _sources():
        relative = path.relative_to(ROOT)
        if relative.parts[:2] in (("marketing", "dynamo"), ("marketing", "localdb")):
            continue
        checked += 1
        text = path.read_text()
        if path.name != "repository.py" and "Attr(" in text:
            offenders.append(f"{relative}: Attr(")
        if key.search(text):
            offenders.append(f"{relative}: key string")
    assert checked > 40
    assert offenders == []
