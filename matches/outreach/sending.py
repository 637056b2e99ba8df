"""Sending outreach e-mail the lawful way, once.

Before anything is sent: the match must be in a status that allows the message (a first
message from PENDING or CONTACTED, a follow-up only while CONTACTED), the creator needs a
readable contact e-mail that is not on the do-not-contact list and a consent record, and
the template must exist. Any of those missing is a clear error and nothing is written.

Then the outbox item `OUTBOX#<matchId>` / `MESSAGE#<key>` is created conditionally: the
key is `first` for the first message and `follow-up-<n>` for the n-th follow-up, so a
double click, a retry or a second staff member finds it and sends nothing. Between 21:00
and 08:00 in Seoul (unless the creator agreed to night-time messages) it is created
`queued`, with a queue item that send_outreach_queue reads after 08:00. Otherwise it is
created `sending`, the message goes out, and the match records it (subject, time,
Message-ID, the sealed address) in the same conditional write that moves a PENDING match
to CONTACTED; the outbox item becomes `sent`.

A server that refused the message leaves the item `failed` (nothing went out: a new
attempt may send it). A server that stopped answering mid-send leaves it `unknown`: the
message may have gone out, so it is never sent again automatically; staff look and say
which it was (outbox_resolve).
"""

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from creators import crypto
from creators.repository import CreatorRepository
from marketing.dynamo import errors
from matches.domain import Communication, Match, MatchStatus, SentMessage
from matches.outreach import address_hmac, clock, mail
from matches.outreach.consent import creator_consent
from matches.outreach.do_not_contact import address_blocked
from matches.outreach.domain import (
    FIRST_KEY,
    SEOUL,
    ConsentRecord,
    MessageKind,
    OutboxMessage,
    OutboxState,
    OutreachError,
    OutreachTemplate,
    QueuedSend,
    follow_up_key,
    in_quiet_hours,
    quiet_hours_end,
)
from matches.outreach.repository import OutboxRepository, QueueRepository
from matches.outreach.templating import RenderedMessage, outreach_template, render, validated_offer
from matches.outreach.tokens import OptOutClaim, make_token
from matches.repository import MatchRepository
from matches.services.workflow import match_transition

NO_LONGER_QUEUED = gettext_lazy("no longer queued (sent, resolved or taken by another run)")
RECORD_ATTEMPTS = 5  # a sent message is recorded even if the match changes meanwhile
STALE_SENDING = dt.timedelta(minutes=10)  # a `sending` item this old was interrupted


class Outcome(StrEnum):
    SENT = "sent"
    QUEUED = "queued"
    ALREADY_SENT = "already_sent"
    ALREADY_QUEUED = "already_queued"

    @property
    def label(self):
        return OUTCOME_LABELS[self]


OUTCOME_LABELS = {
    Outcome.SENT: gettext_lazy("Sent"),
    Outcome.QUEUED: gettext_lazy("Queued until 08:00"),
    Outcome.ALREADY_SENT: gettext_lazy("Already sent; not sent again"),
    Outcome.ALREADY_QUEUED: gettext_lazy("Already queued; not queued again"),
}


@dataclass(frozen=True)
class Recipient:
    address: str
    consent: ConsentRecord


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    match_id: str
    outbox: OutboxMessage
    consent: ConsentRecord | None = None
    file_path: str | None = None  # development: the file under var/mail/ it went to


@dataclass(frozen=True)
class Preview:
    match: Match
    kind: MessageKind
    template: OutreachTemplate
    recipient: Recipient
    message: RenderedMessage
    opt_out_url: str
    queued_until: dt.datetime | None  # set when quiet hours would hold the message


@dataclass
class Readiness:
    """What the send page says before anything is chosen."""

    address: str | None = None
    consent: ConsentRecord | None = None
    consent_needs_reconfirmation: bool = False
    problems: list[str] = field(default_factory=list)
    quiet_hours_until: dt.datetime | None = None
    outbox: list[OutboxMessage] = field(default_factory=list)


# --- what the pages and the queue command call ----------------------------------------------


def match_send_outreach(
    *,
    match_id: str,
    template_id: str,
    actor: str,
    expected_version: int | None = None,
    kind: MessageKind | str = MessageKind.FIRST,
    offer: str = "",
    sender_name: str | None = None,
) -> SendResult:
    """Send (or queue for 08:00) one outreach message of a match; see the module doc."""
    preview = outreach_preview(
        match_id=match_id,
        template_id=template_id,
        kind=kind,
        offer=offer,
        sender_name=sender_name or actor,
        expected_version=expected_version,
    )
    match, recipient = preview.match, preview.recipient
    repository = OutboxRepository()
    key = _idempotency_key(match, preview.kind)
    existing = repository.find(match.match_id, key)
    if existing is not None and existing.state is not OutboxState.FAILED:
        return _already(existing, match, recipient.consent)
    message_id = mail.new_message_id()
    outbox = OutboxMessage(
        match_id=match.match_id,
        idempotency_key=key,
        kind=preview.kind,
        state=OutboxState.QUEUED if preview.queued_until else OutboxState.SENDING,
        template_id=preview.template.template_id,
        template_version=preview.template.version,
        subject=preview.message.subject,
        body=preview.message.body,
        message_id=message_id,
        opt_out_url=preview.opt_out_url,
        email=crypto.encrypt(recipient.address, creator_id=match.creator_id, field="email"),
        consent_basis=recipient.consent.basis,
        requested_by=actor,
        due_at=preview.queued_until,
        attempts=0 if preview.queued_until else 1,
    )
    claimed = _claim(repository, outbox, existing, actor)
    if claimed is None:  # someone else got there first
        return _already(repository.find(match.match_id, key), match, recipient.consent)
    if claimed.state is OutboxState.QUEUED:
        return SendResult(Outcome.QUEUED, match.match_id, claimed, recipient.consent)
    return _deliver(claimed, recipient, actor)


def match_send_outreach_bulk(
    *,
    match_ids: list[str],
    template_id: str,
    actor: str,
    offer: str = "",
    sender_name: str | None = None,
) -> list[tuple[str, SendResult | None, str]]:
    """Send the first message of each match; per match (id, result or None, what happened)."""
    report = []
    for match_id in dict.fromkeys(str(m) for m in match_ids):
        try:
            result = match_send_outreach(
                match_id=match_id,
                template_id=template_id,
                actor=actor,
                offer=offer,
                sender_name=sender_name,
            )
        except errors.NotFound:
            report.append((match_id, None, _("There is no such match.")))
        except errors.ConditionFailed:
            report.append((match_id, None, _("Changed by someone else meanwhile; try again.")))
        except OutreachError as exc:
            report.append((match_id, None, str(exc)))
        else:
            report.append((match_id, result, str(result.outcome.label)))
    return report


def outreach_preview(
    *,
    match_id: str,
    template_id: str,
    kind: MessageKind | str = MessageKind.FIRST,
    offer: str = "",
    sender_name: str,
    expected_version: int | None = None,
) -> Preview:
    """The message a send would put in the mail, after every check a send makes."""
    match = _match(match_id, expected_version)
    kind = MessageKind(kind)
    _check_status(match, kind)
    recipient = _recipient(match)
    template = outreach_template(str(template_id))
    if template is None:
        raise OutreachError(_("There is no such template; pick another one."))
    page = opt_out_url(match, recipient.address)
    message = render(
        template,
        values=_merge_values(match, offer=validated_offer(offer), sender_name=sender_name),
        opt_out_url=page,
    )
    return Preview(match, kind, template, recipient, message, page, _held_until(recipient.consent))


def outreach_readiness(*, match: Match) -> Readiness:
    """Who would receive a message, on which consent, and what stands in the way."""
    readiness = Readiness(outbox=OutboxRepository().of_match(match.match_id))
    try:
        address, _name = _contact_address(match)
        readiness.address = address
        entry = address_blocked(address)
        if entry is not None:
            readiness.problems.append(str(_blocked_message(entry)))
    except OutreachError as exc:
        readiness.problems.append(str(exc))
    readiness.consent = creator_consent(match.creator_id)
    if readiness.consent is None:
        readiness.problems.append(str(_no_consent_message()))
    else:
        today = clock.now().astimezone(SEOUL).date()
        readiness.consent_needs_reconfirmation = readiness.consent.needs_reconfirmation(today)
    readiness.quiet_hours_until = _held_until(readiness.consent) if readiness.consent else None
    return readiness


@dataclass(frozen=True)
class QueueOutcome:
    item: QueuedSend
    result: SendResult | None  # None: not sent
    note: str
    failed: bool  # a due message that could not be sent (not one that was no longer queued)


def send_outreach_queue(*, actor: str = "system:send_outreach_queue", limit: int = 100):
    """Send the queued messages that are due, oldest first; yields a QueueOutcome each."""
    moment = clock.now()
    for item in QueueRepository().due(moment, limit=limit):
        result, note = _send_queued(item, actor)
        skipped = result is None and note is NO_LONGER_QUEUED
        yield QueueOutcome(item, result, str(note), failed=result is None and not skipped)


def outbox_resolve(*, match_id: str, idempotency_key: str, went_out: bool, actor: str):
    """Staff say what became of a message whose outcome is unknown: recorded as sent, or
    marked not sent (a new attempt may then send it)."""
    repository = OutboxRepository()
    outbox = repository.find(str(match_id), idempotency_key)
    if outbox is None:
        raise errors.NotFound(f"no outbox message {idempotency_key} for match {match_id}")
    interrupted = outbox.state is OutboxState.SENDING and (
        clock.now() - (outbox.updated_at or clock.now()) > STALE_SENDING
    )
    if outbox.state is not OutboxState.UNKNOWN and not interrupted:
        raise OutreachError(_("Only a message whose outcome is unknown can be resolved."))
    if not went_out:
        return repository.put(
            outbox.model_copy(update={"state": OutboxState.FAILED}),
            expected_version=outbox.version,
            actor=actor,
            condition=repository.state_is(outbox.state),
        )
    match = MatchRepository().find(outbox.match_id, consistent=True)
    if match is None:
        raise errors.NotFound(f"match {outbox.match_id} does not exist")
    _record(match, outbox, actor, at=outbox.updated_at or clock.now())
    return _mark(repository, outbox, OutboxState.SENT, actor, sent_at=outbox.updated_at)


def opt_out_url(match: Match, address: str) -> str:
    """The public opt-out page for this address; the one-click URL adds `one-click/`."""
    claim = OptOutClaim(
        match_id=match.match_id,
        creator_id=match.creator_id,
        digests=tuple(address_hmac.digests(address)),
    )
    path = reverse("outreach_opt_out", kwargs={"token": make_token(claim)})
    return settings.OUTREACH_PUBLIC_BASE_URL + path


def one_click_url(opt_out_page_url: str) -> str:
    return opt_out_page_url + "one-click/"


# --- checks -------------------------------------------------------------------------------


def _match(match_id: str, expected_version: int | None) -> Match:
    match = MatchRepository().find(str(match_id), consistent=True)
    if match is None:
        raise errors.NotFound(f"match {match_id} does not exist")
    if expected_version is not None and match.version != expected_version:
        raise errors.ConcurrentModification(
            f"match {match_id} is at version {match.version}, not {expected_version}"
        )
    return match


def _check_status(match: Match, kind: MessageKind) -> None:
    if kind is MessageKind.FIRST and match.status not in (
        MatchStatus.PENDING,
        MatchStatus.CONTACTED,
    ):
        raise OutreachError(
            _("A first message goes only to a suggested or contacted match; this one is “%(s)s”.")
            % {"s": match.status.label}
        )
    if kind is MessageKind.FOLLOW_UP and match.status is not MatchStatus.CONTACTED:
        raise OutreachError(
            _("Follow-ups stop once a match is past “Contacted”; this one is “%(s)s”.")
            % {"s": match.status.label}
        )


def _contact_address(match: Match) -> tuple[str, str]:
    """(the creator's contact e-mail, the channel name); OutreachError when there is none."""
    channels = CreatorRepository().channels_of(match.creator_id, consistent=True)
    if not channels:
        raise OutreachError(_("The creator of this match no longer exists."))
    primary = channels[0]
    if "email" not in primary.contact:
        raise OutreachError(
            _("%(name)s has no contact e-mail; add one on the creator's page first.")
            % {"name": primary.channel_name}
        )
    opened = crypto.open_contact(
        {"email": primary.contact["email"]}, creator_id=primary.creator_id
    )["email"]
    if isinstance(opened, crypto.Undecryptable):
        raise OutreachError(
            _("The contact e-mail of %(name)s cannot be read, so nothing can be sent: %(why)s")
            % {"name": primary.channel_name, "why": opened}
        )
    return opened, primary.channel_name


def _recipient(match: Match, address: str | None = None) -> Recipient:
    """The creator's contact address (or `address`), checked against the do-not-contact
    list, with the consent a send relies on."""
    if address is None:
        address, _name = _contact_address(match)
    entry = address_blocked(address)
    if entry is not None:
        raise OutreachError(_blocked_message(entry))
    consent = creator_consent(match.creator_id)
    if consent is None:
        raise OutreachError(_no_consent_message())
    return Recipient(address=address, consent=consent)


def _blocked_message(entry) -> str:
    return _(
        "This address is on the do-not-contact list (%(source)s, %(when)s): no message may "
        "be sent to it."
    ) % {
        "source": entry.source.label,
        "when": entry.created_at.astimezone(SEOUL).date() if entry.created_at else "—",
    }


def _no_consent_message() -> str:
    return _(
        "There is no consent record for this creator. An advertising e-mail needs one: "
        "record on what basis they agreed first."
    )


def _held_until(consent: ConsentRecord) -> dt.datetime | None:
    moment = clock.now()
    if consent.night_time_agreed or not in_quiet_hours(moment):
        return None
    return quiet_hours_end(moment)


def _idempotency_key(match: Match, kind: MessageKind) -> str:
    if kind is MessageKind.FIRST:
        return FIRST_KEY
    sent = sum(1 for m in match.communication.messages if m.kind == MessageKind.FOLLOW_UP)
    return follow_up_key(sent + 1)


def _merge_values(match: Match, *, offer: str, sender_name: str) -> dict[str, str]:
    from stores.selectors import store_profile

    store = store_profile(store_id=match.store_id)
    location = store.location if store else None
    return {
        "store_name": store.store_name if store else match.store_name,
        "store_category": (store.primary_category or "") if store else "",
        "store_address": (location.road_address or location.address or "") if location else "",
        "creator_name": match.creator_name,
        "offer": offer,
        "sender_name": sender_name,
        "sender_company": settings.OUTREACH_SENDER_NAME,
        "sender_contact": settings.OUTREACH_SENDER_CONTACT,
    }


# --- the outbox ---------------------------------------------------------------------------


def _claim(repository, outbox: OutboxMessage, existing, actor) -> OutboxMessage | None:
    """Write the outbox item (and its queue item) only if nobody else has; None if lost."""
    queue = QueueRepository()
    actions = []
    if existing is None:
        action = repository.create_action(outbox, actor=actor)
    else:  # a failed attempt: try again, if nobody else is doing so
        outbox = outbox.model_copy(
            update={"attempts": existing.attempts + (0 if outbox.due_at else 1)}
        )
        action = repository.put_action(
            outbox.model_copy(update={"created_at": existing.created_at}),
            expected_version=existing.version,
            actor=actor,
            condition=repository.state_is(OutboxState.FAILED),
        )
    actions.append(action)
    if outbox.due_at is not None:
        queued = QueuedSend(
            match_id=outbox.match_id, idempotency_key=outbox.idempotency_key, due_at=outbox.due_at
        )
        actions.append(queue.create_action(queued, actor=actor))
    try:
        repository.apply(actions)
    except errors.ConditionFailed:
        return None
    return action.item


def _already(outbox: OutboxMessage | None, match: Match, consent) -> SendResult:
    if outbox is None or outbox.state is OutboxState.FAILED:
        raise errors.ConditionFailed(f"outbox of match {match.match_id} changed meanwhile")
    if outbox.state is OutboxState.SENT:
        return SendResult(Outcome.ALREADY_SENT, match.match_id, outbox, consent)
    if outbox.state is OutboxState.QUEUED:
        return SendResult(Outcome.ALREADY_QUEUED, match.match_id, outbox, consent)
    if outbox.state is OutboxState.UNKNOWN:
        raise OutreachError(
            _(
                "This message was handed to the mail server at %(when)s, which stopped "
                "answering: it may have gone out, so it is not sent again. Check the mail "
                "server, then say below whether it went out."
            )
            % {"when": _local(outbox.updated_at)}
        )
    raise OutreachError(
        _("This message is being sent right now (started %(when)s); it is not sent twice.")
        % {"when": _local(outbox.updated_at)}
    )


def _deliver(outbox: OutboxMessage, recipient: Recipient, actor: str) -> SendResult:
    repository = OutboxRepository()
    message = mail.outreach_message(
        subject=outbox.subject,
        body=outbox.body,
        to=recipient.address,
        message_id=outbox.message_id,
        one_click_url=one_click_url(outbox.opt_out_url),
    )
    try:
        delivered = mail.deliver(message)
    except mail.NotSent as exc:
        _mark(repository, outbox, OutboxState.FAILED, actor, problem=str(exc))
        raise OutreachError(
            _("The mail server did not take the message (%(why)s). Nothing was sent; try again.")
            % {"why": exc}
        ) from exc
    except mail.MaybeSent as exc:
        _mark(repository, outbox, OutboxState.UNKNOWN, actor, problem=str(exc))
        raise OutreachError(
            _(
                "The mail server stopped answering while taking the message (%(why)s): it "
                "may have gone out, so it will not be sent again automatically. Check the "
                "mail server, then say on the match's outreach page whether it went out."
            )
            % {"why": exc}
        ) from exc
    at = clock.now()
    match = MatchRepository().find(outbox.match_id, consistent=True)
    if match is not None:  # deleted meanwhile: the message went out all the same
        _record(match, outbox, actor, at=at)
    sent = _mark(repository, outbox, OutboxState.SENT, actor, sent_at=at)
    return SendResult(
        Outcome.SENT, outbox.match_id, sent, recipient.consent, file_path=delivered.file_path
    )


def _mark(repository, outbox: OutboxMessage, state: OutboxState, actor: str, **changes):
    return repository.put(
        outbox.model_copy(update={"state": state, **changes}),
        expected_version=outbox.version,
        actor=actor,
    )


def _record(match: Match, outbox: OutboxMessage, actor: str, *, at: dt.datetime) -> Match:
    """The sent message on the match, and PENDING → CONTACTED, in one conditional write;
    re-read and written again if the match changed meanwhile (the message did go out)."""
    for _attempt in range(RECORD_ATTEMPTS):
        if any(m.idempotency_key == outbox.idempotency_key for m in match.communication.messages):
            return match
        communication = Communication(
            email=outbox.email,
            messages=[
                *match.communication.messages,
                SentMessage(
                    subject=outbox.subject,
                    at=at,
                    message_id=outbox.message_id,
                    kind=outbox.kind.value,
                    idempotency_key=outbox.idempotency_key,
                ),
            ],
            last_contact_at=at,
        )
        try:
            if match.status is MatchStatus.PENDING:
                return match_transition(
                    match_id=match.match_id,
                    to_status=MatchStatus.CONTACTED,
                    actor=actor,
                    note=str(_("E-mail sent")),
                    expected_version=match.version,
                    update={"communication": communication},
                )
            repository = MatchRepository()
            return repository.put(
                match.model_copy(update={"communication": communication}),
                expected_version=match.version,
                actor=actor,
                condition=repository.where(status=match.status.value),
            )
        except errors.ConditionFailed:
            match = MatchRepository().find(match.match_id, consistent=True)
    raise errors.ConcurrentModification(f"match {match.match_id} kept changing")


def _send_queued(item: QueuedSend, actor: str) -> tuple[SendResult | None, str]:
    repository, queue = OutboxRepository(), QueueRepository()
    outbox = repository.find(item.match_id, item.idempotency_key)
    if outbox is None or outbox.state is not OutboxState.QUEUED:
        queue.delete(*queue.key(item))
        return None, NO_LONGER_QUEUED
    match = MatchRepository().find(item.match_id, consistent=True)
    try:
        if match is None:
            raise OutreachError(_("There is no such match."))
        _check_status(match, outbox.kind)
        recipient = _recipient(match, _queued_address(outbox, match))
    except OutreachError as exc:
        failed = outbox.model_copy(update={"state": OutboxState.FAILED, "problem": str(exc)})
        repository.apply(
            [
                repository.put_action(failed, expected_version=outbox.version, actor=actor),
                queue.delete_action(*queue.key(item)),
            ]
        )
        return None, str(exc)
    claimed = outbox.model_copy(update={"state": OutboxState.SENDING, "attempts": 1})
    action = repository.put_action(claimed, expected_version=outbox.version, actor=actor)
    try:
        repository.apply([action, queue.delete_action(*queue.key(item))])
    except errors.ConditionFailed:
        return None, NO_LONGER_QUEUED  # another run took it
    try:
        result = _deliver(action.item, recipient, actor)
    except OutreachError as exc:
        return None, str(exc)
    return result, str(result.outcome.label)


def _queued_address(outbox: OutboxMessage, match: Match) -> str:
    """The address the queued message was written for (sealed in the outbox item)."""
    opened = crypto.open_contact({"email": outbox.email}, creator_id=match.creator_id)
    if isinstance(opened["email"], crypto.Undecryptable):
        raise OutreachError(
            _("The address of this message cannot be read, so it is not sent: %(why)s")
            % {"why": opened["email"]}
        )
    return opened["email"]


def _local(moment: dt.datetime | None) -> str:
    return moment.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M") if moment else "—"
