"""The Korean catalogue ships complete and compiled, and covers every marked string."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "ko" / "LC_MESSAGES"


def test_every_korean_entry_is_translated():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert po.obsolete_entries() == []


def test_compiled_catalogue_matches_its_source():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    mo = polib.mofile(str(CATALOGUE / "django.mo"))
    assert {e.msgid: e.msgstr for e in po} == {e.msgid: e.msgstr for e in mo}


def test_catalogue_covers_every_marked_string(tmp_path):
    if shutil.which("xgettext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext is not installed (apt-get install gettext)")
        pytest.skip("GNU gettext is not installed")
    work = tmp_path / "tree"
    shutil.copytree(
        ROOT,
        work,
        ignore=shutil.ignore_patterns(".venv", "var", ".git", "tests", "bench", "__pycache__"),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "ko", "--no-obsolete"],
        cwd=work,
        check=True,
        capture_output=True,
    )
    fresh = polib.pofile(str(work / "locale" / "ko" / "LC_MESSAGES" / "django.po"))
    new = sorted(e.msgid for e in fresh.untranslated_entries() + fresh.fuzzy_entries())
    assert new == [], "run `make messages` and translate these"


@pytest.mark.django_db
def test_pages_render_in_korean_unless_english_is_picked(client_as, dynamo_tables):
    from django.urls import reverse

    client = client_as("viewer")
    body = client.get(reverse("admin:index")).content.decode()
    assert "상점" in body
    client.cookies["django_language"] = "en"
    body = client.get(reverse("admin:index")).content.decode()
    assert ">Stores<" in body
    assert "상점" not in body


def test_translation_functions_are_imported_under_names_makemessages_extracts():
    """makemessages finds _() and the gettext functions by name; any other alias is lost."""
    import re

    alias = re.compile(r"import .*\b(n?p?gettext(?:_lazy|_noop)?) as (\w+)")
    misnamed = []
    for app in ("marketing", "stores", "creators", "matches", "campaigns"):
        for path in (ROOT / app).rglob("*.py"):
            for line in path.read_text(encoding="utf-8").splitlines():
                for function, name in alias.findall(line):
                    if name != "_":
                        misnamed.append(f"{path.relative_to(ROOT)}: {function} as {name}")
    assert misnamed == []
