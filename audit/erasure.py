"""Erasing a creator (개인정보보호법: the right to be forgotten).

Every personal value of the creator — channel names, handles and ids, channel and content
URLs, contacts — goes from every table, whatever its matches' status:

1. the creator's e-mail addresses (channel contacts, addresses its matches and outbox
   messages were sent to) go on the do-not-contact list, as keyed HMACs only, *before*
   any contact is wiped: they are never contacted again;
2. its matches: `creatorName`, the sealed address, and any text naming the creator
   (message subjects, notes) become `[erased]`; its outbox messages and consent record
   likewise;
3. campaigns it took part in: its member entry's `creatorName`, content URLs and content
   checks;
4. the audit trail, redacted in place: every entry naming the creator (found through the
   `MENTIONS#CREATOR#<id>` pointers the consumer writes), any value holding one of its
   personal strings, and the changed item's sort key when it holds one;
5. the creator itself: every channel, area entry and channel-owner link is deleted (their
   keys hold the handle), in that order last, so an erasure interrupted midway is resumed
   by running it again: the personal strings are still there to look for.

An `ERASURE#CREATOR#<id>` record in the audit table is written first: the consumer redacts
any change naming an erased creator as it records it, so the erasure's own writes (and any
change still in a stream) leave no personal value in the trail. Every write is
version-checked; the creator id (a UUID) stays, so the matches keep their shape.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from audit.domain import ERASED, AuditEntry, ErasureRecord
from audit.recording import personal_strings
from audit.repository import AuditEntryRepository, AuditMentionRepository, ErasureRepository
from creators import crypto
from creators.domain import CreatorChannel
from creators.repository import AreaRepository, ChannelLinkRepository, CreatorRepository
from marketing.dynamo import errors as dynamo_errors
from marketing.dynamo.serde import utcnow
from marketing.errors import UserError

log = logging.getLogger(__name__)

# Attributes (camelCase, as stored) holding a creator's personal values outright.
PERSONAL_ATTRIBUTES = frozenset(
    {
        "channelName",
        "channelId",
        "channelUrl",
        "handle",
        "creatorName",
        "contentUrls",
        "contents",
        "contact",
        "email",
        "phone",
        "communication",
    }
)
STEPS = ("do_not_contact", "matches", "campaigns", "audit", "creators")


class ErasureError(UserError):
    pass


@dataclass
class ErasurePlan:
    """What an erasure finds (dry run) or did (for real)."""

    creator_id: str
    channels: int = 0
    addresses: int = 0  # e-mail addresses for the do-not-contact list
    matches: list[str] = field(default_factory=list)
    outbox_messages: int = 0
    consent_record: bool = False
    campaigns: list[str] = field(default_factory=list)
    audit_entries: int = 0
    already_erased: bool = False
    personal: list[str] = field(default_factory=list, repr=False)  # never printed

    def lines(self) -> list[str]:
        return [
            _("channels to delete (with their area entries and owner links): %(n)d")
            % {"n": self.channels},
            _("e-mail addresses to put on the do-not-contact list: %(n)d") % {"n": self.addresses},
            _("matches to redact: %(n)d") % {"n": len(self.matches)},
            _("outbox messages to redact: %(n)d") % {"n": self.outbox_messages},
            _("consent record to redact: %(n)d") % {"n": int(self.consent_record)},
            _("campaigns to redact: %(n)d") % {"n": len(self.campaigns)},
            _("audit entries to redact: %(n)d") % {"n": self.audit_entries},
        ]


# --- finding ------------------------------------------------------------------------------


class _Found:
    def __init__(self, creator_id: str):
        from campaigns.repository import CampaignRepository
        from matches.outreach.repository import ConsentRepository, OutboxRepository
        from matches.repository import MatchRepository

        self.creator_id = creator_id
        self.channels: list[CreatorChannel] = CreatorRepository(mode="batch").channels_of(
            creator_id, consistent=True
        )
        # Expired suggestions too: DynamoDB's TTL may leave them for a day or two.
        match_repo = MatchRepository(mode="batch", clock=lambda: 0)
        self.matches = [
            match
            for row in _all_pages(lambda cursor: match_repo.by_creator(creator_id, cursor=cursor))
            if (match := match_repo.find(row.match_id, consistent=True)) is not None
        ]
        outbox = OutboxRepository(mode="batch")
        self.outbox = [m for match in self.matches for m in outbox.of_match(match.match_id)]
        self.consent = ConsentRepository(mode="batch").find(creator_id)
        mentions = AuditMentionRepository(mode="batch")
        self.mentions = list(
            _all_pages(lambda cursor: mentions.of_creator(creator_id, cursor=cursor))
        )
        entries = AuditEntryRepository(mode="batch")
        self.entries: list[AuditEntry] = []
        for mention in self.mentions:
            try:
                self.entries.append(entries.get(mention.entry_pk, mention.entry_sk))
            except dynamo_errors.NotFound:
                continue  # expired by its ttl
        campaign_repo = CampaignRepository(mode="batch")
        campaign_ids = {
            entry.entity_id for entry in self.entries if entry.table.value == "campaigns"
        }
        for store_id in {match.store_id for match in self.matches}:
            for row in _all_pages(
                lambda cursor, s=store_id: campaign_repo.by_store(s, cursor=cursor)
            ):
                campaign_ids.add(row.campaign_id)
        self.campaigns = [
            campaign
            for campaign_id in sorted(campaign_ids)
            if (campaign := campaign_repo.find(campaign_id, consistent=True)) is not None
            and any(member.creator_id == creator_id for member in campaign.creators)
        ]

    def addresses(self) -> set[str]:
        sealed = [(c.contact or {}).get("email") for c in self.channels]
        sealed += [match.communication.email for match in self.matches]
        sealed += [message.email for message in self.outbox]
        found = set()
        for token in sealed:
            if not token or token == ERASED:
                continue
            opened = crypto.open_contact({"email": token}, creator_id=self.creator_id)["email"]
            if isinstance(opened, str) and "@" in opened:
                found.add(opened.strip())
        return found

    def personal_strings(self) -> list[str]:
        values: list[str] = []
        for channel in self.channels:
            values += [channel.channel_name, channel.channel_id, channel.channel_url or ""]
            if channel.handle:
                values += [channel.handle, channel.handle.lstrip("@")]
            opened = crypto.open_contact(channel.contact or {}, creator_id=self.creator_id)
            for value in opened.values():
                if isinstance(value, str):
                    values += [value, "".join(ch for ch in value if ch.isdigit())]
        values += [m.creator_name for m in self.matches if m.creator_name != ERASED]
        values += self.addresses()
        for campaign in self.campaigns:
            for member in campaign.creators:
                if member.creator_id == self.creator_id:
                    values += [member.creator_name, *member.content_urls]
        for entry in self.entries:
            if entry.table.value != "creators":
                continue
            for change in entry.changes:
                if change.attribute in ("channelName", "channelId", "channelUrl", "handle"):
                    values += [v for v in (change.old, change.new) if v and v != ERASED]
        return personal_strings(v for v in values if v and v != ERASED)


def _all_pages(read: Callable[[str | None], Any]) -> Iterable[Any]:
    cursor = None
    while True:
        page = read(cursor)
        yield from page.items
        if not page.next_cursor:
            return
        cursor = page.next_cursor


# --- redacting ----------------------------------------------------------------------------


def redact_text(value: str, personal: list[str]) -> str:
    folded = value.casefold()
    return ERASED if any(p.casefold() in folded for p in personal) else value


def redact_value(value: Any, personal: list[str]) -> Any:
    """Every string inside `value` that holds a personal string becomes `[erased]`."""
    if isinstance(value, str):
        return redact_text(value, personal)
    if isinstance(value, dict):
        return {k: redact_value(v, personal) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_value(v, personal) for v in value]
    return value


def redacted_entry(entry: AuditEntry, personal: list[str]) -> AuditEntry:
    changes = []
    for change in entry.changes:
        outright = change.attribute in PERSONAL_ATTRIBUTES
        changes.append(
            change.model_copy(
                update={
                    "old": _redact_rendered(change.old, outright, personal),
                    "new": _redact_rendered(change.new, outright, personal),
                }
            )
        )
    item_sk = entry.item_sk
    if entry.table.value == "creators" or redact_text(item_sk, personal) == ERASED:
        item_sk = ERASED  # a channel's sort key holds its channel id
    return entry.model_copy(update={"changes": changes, "item_sk": item_sk, "erased": True})


def _redact_rendered(value: str | None, outright: bool, personal: list[str]) -> str | None:
    if value is None:
        return None
    return ERASED if outright else redact_text(value, personal)


def redact_model(model: Any, personal: list[str], **overrides: Any) -> Any:
    data = redact_value(model.model_dump(), personal)
    data.update(overrides)
    return type(model).model_validate(data)


# --- the erasure ---------------------------------------------------------------------------


def creator_erasure_plan(*, creator_id: str) -> ErasurePlan:
    record = ErasureRepository(mode="batch").find(creator_id)
    found = _Found(creator_id)
    plan = _plan(found)
    plan.already_erased = bool(record and record.finished)
    return plan


def _plan(found: _Found) -> ErasurePlan:
    return ErasurePlan(
        creator_id=found.creator_id,
        channels=len(found.channels),
        addresses=len(found.addresses()),
        matches=[m.match_id for m in found.matches],
        outbox_messages=len(found.outbox),
        consent_record=found.consent is not None,
        campaigns=[c.campaign_id for c in found.campaigns],
        audit_entries=len(found.entries),
        personal=found.personal_strings(),
    )


def creator_erase(*, creator_id: str, actor: str) -> ErasurePlan:
    """Erase the creator's personal data everywhere (see the module docstring); resumable."""
    erasures = ErasureRepository(mode="batch")
    record = erasures.find(creator_id) or erasures.save(
        ErasureRecord(creator_id=creator_id), actor=actor
    )
    found = _Found(creator_id)
    plan = _plan(found)
    if not found.channels and not found.matches and not found.entries and record.finished:
        plan.already_erased = True
        return plan
    if not plan.personal and not found.channels and not found.matches and not found.entries:
        raise ErasureError(_("There is no creator %(id)s to erase.") % {"id": creator_id})
    personal = plan.personal
    _block_addresses(found, actor)
    record = _done(erasures, record, "do_not_contact", actor)
    _redact_matches(found, personal, actor)
    record = _done(erasures, record, "matches", actor)
    _redact_campaigns(found, personal, actor)
    record = _done(erasures, record, "campaigns", actor)
    _redact_audit(found, personal, actor)
    record = _done(erasures, record, "audit", actor)
    _delete_creator(found, actor)
    record = _done(erasures, record, "creators", actor)

    erasures.save(
        record.model_copy(update={"finished": True, "finished_at": utcnow()}), actor=actor
    )
    log.info("creator %s erased by %s", creator_id, actor)
    return plan


def _done(erasures: ErasureRepository, record: ErasureRecord, step: str, actor: str):
    if step in record.steps_done:
        return record
    return erasures.save(
        record.model_copy(update={"steps_done": [*record.steps_done, step]}), actor=actor
    )


def _block_addresses(found: _Found, actor: str) -> None:
    from matches.outreach.do_not_contact import do_not_contact_add

    for address in sorted(found.addresses()):
        do_not_contact_add(
            address=address,
            note=_("Erased at the creator's request"),
            actor=actor,
            creator_id=found.creator_id,
        )


def _redact_matches(found: _Found, personal: list[str], actor: str) -> None:
    from matches.outreach.repository import ConsentRepository, OutboxRepository
    from matches.repository import MatchRepository

    matches = MatchRepository(mode="batch", clock=lambda: 0)
    for match in found.matches:
        communication = redact_value(match.communication.model_dump(), personal)
        communication["email"] = None
        erased = redact_model(match, personal, creator_name=ERASED, communication=communication)
        if erased != match:
            matches.put(erased, expected_version=match.version, actor=actor)
    outbox = OutboxRepository(mode="batch")
    for message in found.outbox:
        erased = redact_model(message, personal, email=ERASED)
        if erased != message:
            outbox.put(erased, expected_version=message.version, actor=actor)
    if found.consent is not None:
        erased = redact_model(found.consent, personal)
        if erased != found.consent:
            ConsentRepository(mode="batch").put(
                erased, expected_version=found.consent.version, actor=actor
            )


def _redact_campaigns(found: _Found, personal: list[str], actor: str) -> None:
    from campaigns.repository import CampaignRepository

    campaigns = CampaignRepository(mode="batch")
    for campaign in found.campaigns:
        members = []
        for member in campaign.creators:
            if member.creator_id == found.creator_id:
                member = member.model_copy(
                    update={"creator_name": ERASED, "content_urls": [], "contents": []}
                )
            members.append(member)
        erased = redact_model(campaign.model_copy(update={"creators": members}), personal)
        if erased != campaign:
            campaigns.put(erased, expected_version=campaign.version, actor=actor)


def _redact_audit(found: _Found, personal: list[str], actor: str) -> None:
    entries = AuditEntryRepository(mode="batch")
    for entry in found.entries:
        erased = redacted_entry(entry, personal)
        if erased != entry:
            entries.put(erased, expected_version=entry.version, actor=actor)


def _delete_creator(found: _Found, actor: str) -> None:
    from creators import aggregates

    repo = CreatorRepository(mode="batch")
    links = ChannelLinkRepository(mode="batch")
    areas = AreaRepository(mode="batch")
    for entry in areas.entries_of(found.creator_id, consistent=True):
        areas.delete(*areas.key_of(entry), expected_version=entry.version)
    for channel in found.channels:
        link = links.find_owner(channel.platform, channel.channel_id)
        if link is not None and link.creator_id == found.creator_id:
            links.delete(
                *links.key_of(channel.platform, channel.channel_id), expected_version=link.version
            )
        actions = [repo.delete_action(*repo.key(channel), expected_version=channel.version)]
        actions += aggregates.deleted_actions([channel], actor=actor, mode="batch")
        repo.transact_write(actions)


def fully_redacted(entry: AuditEntry) -> AuditEntry:
    """An entry naming an erased creator, as the consumer records it: names only."""
    changes = [
        change.model_copy(
            update={
                "old": None if change.old is None else ERASED,
                "new": None if change.new is None else ERASED,
            }
        )
        for change in entry.changes
    ]
    return entry.model_copy(update={"changes": changes, "item_sk": ERASED, "erased": True})
