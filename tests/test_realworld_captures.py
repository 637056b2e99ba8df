"""The capture tests cannot pass having checked nothing (tests/realworld.py)."""

import pytest

from tests import realworld


def test_a_missing_capture_folder_fails_under_ci(tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="may not skip under CI=true"):
        realworld.capture_dir("naver", root=tmp_path)


def test_a_missing_capture_folder_skips_outside_ci(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        realworld.capture_dir("naver", root=tmp_path)


def test_an_empty_or_renamed_folder_fails_instead_of_checking_nothing(tmp_path):
    (tmp_path / "naver").mkdir()
    (tmp_path / "naver" / "renamed_home.htm").write_text("x")
    with pytest.raises(AssertionError, match="expected 1 capture"):
        realworld.captures("naver", "*_mplace_home.html", expected=1, root=tmp_path)


def test_the_expected_captures_are_found(tmp_path):
    (tmp_path / "youtube").mkdir()
    (tmp_path / "youtube" / "youtube_error_400_x.json").write_text("{}")
    found = realworld.captures("youtube", "youtube_error_400*.json", expected=1, root=tmp_path)
    assert [p.name for p in found] == ["youtube_error_400_x.json"]
