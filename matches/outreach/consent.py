"""Consent records: the basis on which a creator may be sent advertising e-mail.

정보통신망법 Art. 50(1) asks for the recipient's prior consent; each record says on what
basis, since when, where it was given and who wrote it down, and whether the creator also
agreed to messages at night (Art. 50(3)). A record older than two years is flagged for
reconfirmation (Art. 50(8)). Recording again keeps the replaced record in its history.
"""

import datetime as dt

from django.utils.translation import gettext as _

from creators.domain import has_control_characters
from matches.outreach import clock
from matches.outreach.domain import (
    MAX_NOTE_LENGTH,
    SEOUL,
    ConsentBasis,
    ConsentFacts,
    ConsentRecord,
    OutreachError,
)
from matches.outreach.repository import ConsentRepository

MAX_HISTORY = 20


def creator_consent(creator_id: str) -> ConsentRecord | None:
    return ConsentRepository().find(str(creator_id))


def creator_consent_record(
    *,
    creator_id: str,
    basis: ConsentBasis | str,
    consented_on: dt.date,
    source: str,
    night_time_agreed: bool,
    actor: str,
    expected_version: int | None = None,
) -> ConsentRecord:
    """Record (or replace) the creator's consent; a stale page gets ConcurrentModification."""
    today = clock.now().astimezone(SEOUL).date()
    source = (source or "").strip()
    try:
        basis = ConsentBasis(basis)
    except ValueError:
        raise OutreachError(_("Choose the basis of the consent.")) from None
    if consented_on > today:
        raise OutreachError(_("The consent date cannot be in the future."))
    if not source or len(source) > MAX_NOTE_LENGTH or has_control_characters(source):
        raise OutreachError(
            _("Say where the consent was given, in one line of up to %(n)d characters.")
            % {"n": MAX_NOTE_LENGTH}
        )
    repository = ConsentRepository()
    current = repository.find(str(creator_id))
    facts = {
        "basis": basis,
        "consented_on": consented_on,
        "source": source,
        "recorded_by": actor,
        "recorded_at": clock.now(),
        "night_time_agreed": night_time_agreed,
    }
    if current is None:
        return repository.create(ConsentRecord(creator_id=str(creator_id), **facts), actor=actor)
    earlier = ConsentFacts.model_validate(
        current.model_dump(include=set(ConsentFacts.model_fields))
    )
    return repository.put(
        current.model_copy(update={**facts, "history": [*current.history, earlier][-MAX_HISTORY:]}),
        expected_version=current.version if expected_version is None else expected_version,
        actor=actor,
    )
