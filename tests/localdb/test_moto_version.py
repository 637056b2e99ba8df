"""The embedded server patches only a moto version its patches were tested against."""

import pytest
from django.core.management import CommandError, call_command

from marketing.localdb import __main__ as standalone
from marketing.localdb import moto_version, patches, server


def test_a_tested_version_passes():
    moto_version.check("5.2.5", frozenset({"5.2.4", "5.2.5"}))


def test_an_untested_version_is_refused_saying_what_to_do():
    with pytest.raises(moto_version.UntestedMotoVersion) as refused:
        moto_version.check("5.3.0", frozenset({"5.2.5"}))

    assert str(refused.value) == (
        "moto 5.3.0 is installed but marketing/localdb was tested against 5.2.5; run "
        "`make install` to install the locked version, or re-run the differential tests in "
        "tests/localdb and add the version to TESTED_MOTO_VERSIONS in "
        "marketing/localdb/moto_version.py"
    )


def test_the_installed_moto_is_a_tested_one():
    moto_version.require_tested()


@pytest.fixture
def untested_moto(monkeypatch):
    """moto reports 4.0.0; returns the patch modules whose install() got called (none, we hope).

    install() only records the call, and the store cannot be built, so a start-up that got
    past the check changes nothing in this process and stops instead of serving.
    """
    monkeypatch.setattr(moto_version, "installed_moto_version", lambda: "4.0.0")
    installed = []
    for module in patches.MODULES:
        monkeypatch.setattr(module, "install", lambda module=module: installed.append(module))

    def no_store(*args, **kwargs):
        raise AssertionError("the server went on past the version check")

    monkeypatch.setattr(server, "Store", no_store)
    return installed


def test_localdynamo_command_refuses_an_untested_moto_and_patches_nothing(untested_moto, tmp_path):
    with pytest.raises(CommandError, match=r"^moto 4\.0\.0 is installed but marketing/localdb"):
        call_command("localdynamo", "--port", "8999", "--data-dir", str(tmp_path / "data"))

    assert untested_moto == []
    assert not (tmp_path / "data").exists()


def test_standalone_server_exits_2_on_an_untested_moto(untested_moto, tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        standalone.main(["--port", "8999", "--data-dir", str(tmp_path / "data")])

    assert exited.value.code == 2
    assert capsys.readouterr().err.startswith(
        "localdb: cannot start: moto 4.0.0 is installed but marketing/localdb was tested against"
    )
    assert untested_moto == []
