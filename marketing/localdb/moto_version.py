"""Refuse to patch a moto the patches were not tested against.

The patches (see ``patches``) replace moto internals, which can change in any moto
release, even a patch release, without failing loudly: a replaced method may simply stop
being called, or be called with new arguments. So the server only patches a moto version
the differential tests in tests/localdb passed on; requirements.lock pins that version.
"""

from __future__ import annotations

from importlib.metadata import version

# moto versions every test in tests/localdb passed on. To move to another one: pin it in
# requirements.lock (`make lock-upgrade` or `make lock`), `make install`, run tests/localdb
# (its patch tests do not go through this check), and add the version here once they pass.
TESTED_MOTO_VERSIONS = frozenset({"5.2.5"})


class UntestedMotoVersion(RuntimeError):
    pass


def installed_moto_version() -> str:
    return version("moto")


def check(installed: str, tested: frozenset[str] = TESTED_MOTO_VERSIONS) -> None:
    """Raise UntestedMotoVersion, saying what to do, unless ``installed`` is in ``tested``."""
    if installed in tested:
        return
    raise UntestedMotoVersion(
        f"moto {installed} is installed but marketing/localdb was tested against "
        f"{', '.join(sorted(tested))}; run `make install` to install the locked version, "
        "or re-run the differential tests in tests/localdb and add the version to "
        "TESTED_MOTO_VERSIONS in marketing/localdb/moto_version.py"
    )


def require_tested() -> None:
    check(installed_moto_version())
