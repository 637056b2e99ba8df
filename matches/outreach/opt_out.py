"""Opting out through the link in a message: the address goes on the do-not-contact list.

The link's signed token names the address by its HMACs (under the keys configured when
the message was sent). The match's sealed address, when it is that same address, adds
its HMACs under every key configured now, so the opt-out also holds for keys added since.
"""

from matches.outreach import address_hmac
from matches.outreach.do_not_contact import block_digests
from matches.outreach.domain import DoNotContactSource, OutreachError
from matches.outreach.tokens import OptOutClaim, read_token
from matches.repository import MatchRepository

ACTOR = "system:opt-out"


class InvalidOptOutLink(OutreachError):
    pass


def is_valid(token: str) -> bool:
    claim = read_token(token)
    return bool(claim and claim.digests)


def opt_out_claim(token: str) -> OptOutClaim:
    claim = read_token(token)
    if claim is None or not claim.digests:
        raise InvalidOptOutLink("invalid opt-out token")
    return claim


def opt_out(token: str) -> None:
    """Put the link's address on the do-not-contact list (again: no change)."""
    claim = opt_out_claim(token)
    digests = list(claim.digests)
    for address in _sealed_address(claim):
        current = address_hmac.digests(address)
        if set(current) & set(digests):
            digests += current
    block_digests(
        digests,
        source=DoNotContactSource.OPT_OUT_LINK,
        actor=ACTOR,
        creator_id=claim.creator_id,
        match_id=claim.match_id,
    )


def _sealed_address(claim: OptOutClaim) -> list[str]:
    from creators import crypto

    match = MatchRepository().find(claim.match_id, consistent=True)
    if match is None or not match.communication.email:
        return []
    opened = crypto.open_contact({"email": match.communication.email}, creator_id=match.creator_id)
    return [value for value in opened.values() if isinstance(value, str)]
