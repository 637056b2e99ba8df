"""CAMPAIGN_EMV_VALUES from the environment: read, or refused at start-up with the reason."""

import pytest

from campaigns.emv_values import DEFAULT, BadEmvValues, parse_emv_values
from tests.manage_process import run_manage


def test_values_are_read_per_platform():
    assert parse_emv_values("youtube=40/600, default=5/100") == {
        "youtube": {"view": 40, "engagement": 600},
        "default": {"view": 5, "engagement": 100},
    }
    assert parse_emv_values("") == parse_emv_values(DEFAULT)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("youtube=30/500", "needs a default"),
        ("youtube=30,default=1/1", "'youtube=30' is not platform=per view/per engagement"),
        ("default=1.5/2", "is not platform"),
        ("default=1/1,default=2/2", "default is given twice"),
    ],
)
def test_bad_values_are_refused_with_the_reason(text, message):
    with pytest.raises(BadEmvValues, match=message):
        parse_emv_values(text)


def test_the_console_refuses_to_start_with_bad_values():
    result = run_manage("check", CAMPAIGN_EMV_VALUES="youtube=30/500")
    assert result.returncode != 0
    assert "CAMPAIGN_EMV_VALUES needs a default" in result.stderr
