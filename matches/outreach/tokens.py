"""The signed token of an opt-out link: which address, under which HMAC key, for which
match. Signed with the site's secret (django.core.signing, its own salt), so it cannot be
forged or altered; it never expires, since an opt-out link must keep working."""

from dataclasses import dataclass

from django.core import signing

SALT = "matches.outreach.opt-out"


@dataclass(frozen=True)
class OptOutClaim:
    match_id: str
    creator_id: str
    digests: tuple[tuple[str, str], ...]  # (HMAC key id, hex digest) of the address


def make_token(claim: OptOutClaim) -> str:
    payload = {"m": claim.match_id, "c": claim.creator_id, "d": [list(d) for d in claim.digests]}
    return signing.dumps(payload, salt=SALT, compress=True)


def read_token(token: str) -> OptOutClaim | None:
    """The claim of a genuine token; None for a forged, altered or malformed one."""
    try:
        payload = signing.loads(token, salt=SALT)
        return OptOutClaim(
            match_id=str(payload["m"]),
            creator_id=str(payload["c"]),
            digests=tuple((str(k), str(d)) for k, d in payload["d"]),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
