"""Adding and updating creators: one upsert path for the add form, the CSV import and the
YouTube syncs.

A channel is found by its owner link (platform + channel id) before it is written, so
adding, re-syncing or re-importing a channel updates the creator that owns it and never
makes a second one. Whatever a save changes — the channel, and the creator-level fields
(categories, region, status, contact) that every channel of the creator carries — is
written all or none, in one transaction with each item version-checked.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from creators import aggregates, crypto
from creators.domain import (
    CONTACT_FIELDS,
    MAX_CHANNELS_PER_CREATOR,
    ActivityArea,
    ChannelExists,
    ChannelLink,
    CreatorChannel,
    CreatorError,
    CreatorStatus,
    Platform,
    Statistics,
    creator_id_for,
    validate_categories,
    validate_channel_id,
    validate_channel_name,
    validate_channel_url,
    validate_engagement_rate,
    validate_phone,
    validate_region,
    validate_status,
    with_derived_fields,
)
from creators.repository import AreaRepository, ChannelLinkRepository, CreatorRepository
from creators.services.youtube import channel_from_youtube, youtube_session
from creators.youtube.client import YouTubeClient
from marketing.dynamo import errors as dynamo_errors
from marketing.dynamo.client import ClientMode
from marketing.dynamo.serde import utcnow
from marketing.dynamo.transactions import TRANSACTION_SIZE

CREATOR_LEVEL_FIELDS = ("categories", "region", "area", "status", "contact")
NO_UPDATE_PERMISSION = gettext_lazy(
    "This channel is already in the catalogue; updating it needs the permission to change creators."
)
# A save re-reads and retries this often when another writer got there first.
SAVE_ATTEMPTS = 3
# What saving a channel that is already in the catalogue does:
# - update: save the new channel data and the creator-level fields given (CSV import, syncs);
# - refresh: save the new channel data only, the creator's fields stay (YouTube re-add);
# - refuse: write nothing, raise ChannelExists (a channel typed in by hand).
IfExists = Literal["update", "refresh", "refuse"]
FIGURES = ("subscribers", "avg_views", "avg_likes", "avg_comments", "engagement_rate")


@dataclass(frozen=True)
class CreatorFields:
    """Creator-level values a save sets; a None (or a contact with every field blank)
    leaves the stored value as it is."""

    categories: tuple[str, ...] | None = None
    region: str | None = None
    area: ActivityArea | None = None  # validated by creators.area.validate_area
    status: CreatorStatus | None = None
    contact: dict[str, str] | None = None  # plaintext; sealed for the creator on write

    @classmethod
    def given(
        cls,
        *,
        categories: Iterable[str] | None = (),
        region: str | None = None,
        area: ActivityArea | None = None,
        status: CreatorStatus | str | None = None,
        contact: dict[str, str] | None = None,
    ) -> "CreatorFields":
        categories = validate_categories(list(categories or []))
        blank_contact = contact is None or not any((v or "").strip() for v in contact.values())
        if not blank_contact:
            validate_phone(contact.get("phone"))
        return cls(
            categories=tuple(categories) or None,
            region=validate_region(region),
            area=area,
            status=validate_status(status) if status else None,
            contact=None if blank_contact else contact,
        )

    def __bool__(self) -> bool:
        return any(getattr(self, name) is not None for name in CREATOR_LEVEL_FIELDS)

    def update_for(self, creator_id: str, previous: dict[str, str] | None = None) -> dict:
        """The model update these values make on a channel of `creator_id` whose stored
        contact is `previous` (a stored field that cannot be decrypted is kept)."""
        update = {
            name: getattr(self, name)
            for name in ("categories", "region", "area", "status")
            if getattr(self, name) is not None
        }
        if "categories" in update:
            update["categories"] = list(update["categories"])
        if self.contact is not None:
            update["contact"] = seal(self.contact, creator_id, previous or {})
        return update


def seal(contact: dict[str, str], creator_id: str, previous: dict[str, str]) -> dict[str, str]:
    """The contact to store: the given fields sealed for the creator; a stored field that
    cannot be decrypted (a key not configured) is kept as stored, never cleared or
    rewritten."""
    cleaned = {name: (contact.get(name) or "").strip() for name in CONTACT_FIELDS}
    return crypto.reseal_contact(cleaned, previous=previous, creator_id=creator_id)


# --- the entry points ---------------------------------------------------------------------


def creator_add_youtube(
    *,
    query: str,
    actor: str,
    categories: Iterable[str] = (),
    region: str | None = None,
    area: ActivityArea | None = None,
    contact: dict[str, str] | None = None,
    link_to: str | None = None,
    may_update: bool = True,
    if_exists: IfExists = "update",
    client: YouTubeClient | None = None,
    recent_videos: int | None = None,
    mode: ClientMode = "interactive",
) -> CreatorChannel:
    """Fetch a YouTube channel (id, @handle or URL) and store it; re-adding updates it
    (see IfExists: the add form refreshes the channel only).

    Raises YouTubeError subclasses (their message is for the user) and CreatorError.
    """
    from django.conf import settings

    with youtube_session(client, actor=actor, mode=mode) as youtube:
        data = youtube.resolve(query)
        report = youtube.report(data, recent_videos or settings.YOUTUBE_RECENT_VIDEOS)
    return creator_save_channel(
        channel=channel_from_youtube(report, synced_at=utcnow()),
        actor=actor,
        categories=categories,
        region=region,
        area=area,
        contact=contact,
        link_to=link_to,
        may_update=may_update,
        if_exists=if_exists,
        mode=mode,
    )


def creator_add_manual(
    *,
    platform: Platform | str,
    channel_id: str,
    channel_name: str,
    actor: str,
    channel_url: str = "",
    statistics: Statistics | None = None,
    categories: Iterable[str] = (),
    region: str | None = None,
    area: ActivityArea | None = None,
    country: str | None = None,
    status: CreatorStatus | str | None = None,
    contact: dict[str, str] | None = None,
    link_to: str | None = None,
    may_update: bool = True,
    if_exists: IfExists = "update",
    mode: ClientMode = "interactive",
) -> CreatorChannel:
    """Enter an Instagram or TikTok channel (or any platform) by hand, with its statistics.
    The add form refuses a channel already in the catalogue (`if_exists="refuse"`)."""
    return creator_save_channel(
        channel=manual_channel(
            platform=platform,
            channel_id=channel_id,
            channel_name=channel_name,
            channel_url=channel_url,
            statistics=statistics,
            country=country,
        ),
        actor=actor,
        categories=categories,
        region=region,
        area=area,
        status=status,
        contact=contact,
        link_to=link_to,
        may_update=may_update,
        if_exists=if_exists,
        mode=mode,
    )


def manual_channel(
    *,
    platform: Platform | str,
    channel_id: str,
    channel_name: str,
    channel_url: str = "",
    statistics: Statistics | None = None,
    country: str | None = None,
) -> CreatorChannel:
    """A channel entered by hand (the add form, a CSV row), validated, not yet stored."""
    platform = Platform(platform)
    channel_id = validate_channel_id(channel_id)
    statistics = statistics or Statistics()
    validate_engagement_rate(statistics.engagement_rate)
    channel_url = validate_channel_url(platform, channel_url) or default_url(platform, channel_id)
    return CreatorChannel(
        creator_id=creator_id_for(platform, channel_id),
        platform=platform,
        channel_id=channel_id,
        channel_name=validate_channel_name(channel_name),
        channel_url=channel_url,
        handle="@" + channel_id if platform is not Platform.YOUTUBE else None,
        country=(country or "").strip().upper() or None,
        statistics=statistics,
        synced_at=utcnow(),
    )


def default_url(platform: Platform, channel_id: str) -> str:
    if platform is Platform.INSTAGRAM:
        return f"https://www.instagram.com/{channel_id}/"
    if platform is Platform.TIKTOK:
        return f"https://www.tiktok.com/@{channel_id}"
    return f"https://www.youtube.com/channel/{channel_id}"


def creator_save_channel(
    *,
    channel: CreatorChannel,
    actor: str,
    categories: Iterable[str] = (),
    region: str | None = None,
    area: ActivityArea | None = None,
    status: CreatorStatus | str | None = None,
    contact: dict[str, str] | None = None,
    link_to: str | None = None,
    may_update: bool = True,
    may_create: bool = True,
    if_exists: IfExists = "update",
    expected_version: int | None = None,
    mode: ClientMode = "interactive",
) -> CreatorChannel:
    """Create the channel, or update it where it already exists (found by platform + id).

    Given categories, region, status and contact replace the creator's, on every one of
    its channels; left out (or a contact with every field blank), the stored ones stay.
    `link_to` adds the channel to an existing creator. With `may_update` false (staff who
    may add creators but not change them) a channel that already exists raises
    CreatorError instead of being updated; with `may_create` false (re-syncs) one that no
    longer exists does, so a sync never brings back a creator deleted while it ran.
    `if_exists` says what an existing channel gets (IfExists); with `expected_version`,
    an existing channel must still have that version (else ConcurrentModification).
    """
    fields = CreatorFields.given(
        categories=categories, region=region, area=area, status=status, contact=contact
    )
    saver = _ChannelSaver(mode=mode, actor=actor)
    for _attempt in range(SAVE_ATTEMPTS):
        owner = saver.links.find_owner(channel.platform, channel.channel_id)
        try:
            if owner is not None:
                if if_exists == "refuse":
                    raise saver.exists(owner)
                if not may_update:
                    raise CreatorError(NO_UPDATE_PERMISSION)
                if link_to and link_to != owner.creator_id:
                    raise CreatorError(
                        _("This channel already belongs to another creator (%(id)s).")
                        % {"id": owner.creator_id}
                    )
                kept = CreatorFields() if if_exists == "refresh" else fields
                return saver.update(owner, channel, kept, expected_version=expected_version)
            if not may_create:
                raise CreatorError(_("This channel was deleted meanwhile."))
            return saver.create(channel, fields, link_to)
        except dynamo_errors.ConditionFailed:
            if expected_version is not None:
                raise  # the version the user saw is gone: theirs to look at again
            continue  # another writer got there first: read again and save over theirs
    raise CreatorError(_("The channel was changed by someone else; try again."))


class _ChannelSaver:
    """The writes of one save: each builds every action it needs and applies them at once."""

    def __init__(self, *, mode: ClientMode, actor: str):
        self.repo = CreatorRepository(mode=mode)
        self.links = ChannelLinkRepository(mode=mode)
        self.areas = AreaRepository(mode=mode)
        self.actor = actor
        self.mode = mode

    def update(
        self,
        owner: ChannelLink,
        incoming: CreatorChannel,
        fields,
        *,
        expected_version: int | None = None,
    ) -> CreatorChannel:
        channels = self.repo.channels_of(owner.creator_id, consistent=True)
        existing = _find(channels, incoming)
        if existing is None:
            if expected_version is not None:
                raise dynamo_errors.NotFound(f"{incoming.platform}/{incoming.channel_id}")
            # The link points at a creator that does not hold the channel: mend the link.
            return self.create(incoming, fields, owner.creator_id, stale_link=owner)
        if expected_version is not None and existing.version != expected_version:
            raise dynamo_errors.ConcurrentModification(
                f"version {expected_version} was read, {existing.version} is stored"
            )
        return self._save_over(existing, channels, incoming, fields)

    def exists(self, owner: ChannelLink) -> ChannelExists:
        """The error for adding a channel the catalogue has (named after the owner)."""
        channels = self.repo.channels_of(owner.creator_id)
        name = channels[0].channel_name if channels else owner.creator_id
        return ChannelExists(
            _(
                "This channel is already in the catalogue, as “%(name)s”; nothing was saved. "
                "Update its figures or change the creator on its page."
            )
            % {"name": name},
            creator_id=owner.creator_id,
        )

    def create(
        self,
        incoming: CreatorChannel,
        fields: CreatorFields,
        link_to: str | None,
        *,
        stale_link: ChannelLink | None = None,
    ) -> CreatorChannel:
        siblings: list[CreatorChannel] = []
        new = incoming
        if link_to:
            siblings = self.repo.channels_of(link_to, consistent=True)
            if not siblings and stale_link is None:
                raise CreatorError(_("There is no creator %(id)s to link to.") % {"id": link_to})
            _check_room(len(siblings) + 1)
            if siblings:
                kept = {name: getattr(siblings[0], name) for name in CREATOR_LEVEL_FIELDS}
                new = new.model_copy(update={**kept, "creator_id": link_to, "primary": False})
            else:
                new = new.model_copy(update={"creator_id": link_to})
        update = fields.update_for(new.creator_id, new.contact)
        new = with_derived_fields(new.model_copy(update=update))
        link = ChannelLink(
            platform=new.platform, channel_id=new.channel_id, creator_id=new.creator_id
        )
        if stale_link is not None:
            claim = self.links.put_action(
                link, expected_version=stale_link.version, actor=self.actor
            )
        else:
            claim = self.links.claim_action(link, actor=self.actor)
        create = self.repo.create_action(new, actor=self.actor)
        primary = siblings[0] if siblings else new
        actions = [create, claim, *self._sibling_actions(siblings, new, fields)]
        actions += self._area_actions(new.creator_id, primary, fields)
        actions += aggregates.shift_actions(None, create.item, actor=self.actor, mode=self.mode)
        try:
            self.repo.apply(actions)
        except dynamo_errors.TransactionCanceled as exc:
            if _failed_alone(exc.reasons, 0) and not link_to:
                # The channel is stored (under its own creator id) but has lost its owner
                # link: this save puts the link back instead of failing every time.
                return self._relink(new, fields)
            raise
        return create.item

    def _relink(self, incoming: CreatorChannel, fields: CreatorFields) -> CreatorChannel:
        channels = self.repo.channels_of(incoming.creator_id, consistent=True)
        existing = _find(channels, incoming)
        if existing is None:
            raise dynamo_errors.ConditionFailed("the channel went away meanwhile")
        link = ChannelLink(
            platform=existing.platform,
            channel_id=existing.channel_id,
            creator_id=existing.creator_id,
        )
        return self._save_over(
            existing, channels, incoming, fields, [self.links.claim_action(link, actor=self.actor)]
        )

    def _save_over(self, existing, channels, incoming, fields, extra=()) -> CreatorChannel:
        updated = merged(existing, incoming, fields)
        put = self.repo.put_action(updated, expected_version=existing.version, actor=self.actor)
        siblings = [c for c in channels if c is not existing]
        primary = next((c for c in channels if c.primary), existing)
        counters = aggregates.shift_actions(existing, put.item, actor=self.actor, mode=self.mode)
        self.repo.apply(
            [
                put,
                *extra,
                *self._sibling_actions(siblings, updated, fields),
                *self._area_actions(existing.creator_id, primary, fields),
                *counters,
            ]
        )
        return put.item

    def _area_actions(self, creator_id: str, primary, fields: CreatorFields) -> list:
        """The activity-area entries a save that sets the area adds and removes."""
        if fields.area is None:
            return []
        before = self.areas.entries_of(creator_id, consistent=True)
        return self.areas.change_actions(creator_id, primary, before, fields.area, actor=self.actor)

    def _sibling_actions(self, siblings, source: CreatorChannel, fields: CreatorFields):
        """Version-checked puts giving the creator's other channels `source`'s creator-level
        fields, for those whose fields differ (none when the save sets no such field)."""
        if not fields:
            return []
        level = {name: getattr(source, name) for name in CREATOR_LEVEL_FIELDS}
        return [
            self.repo.put_action(
                sibling.model_copy(update=level),
                expected_version=sibling.version,
                actor=self.actor,
            )
            for sibling in siblings
            if any(getattr(sibling, name) != value for name, value in level.items())
        ]


def merged(
    existing: CreatorChannel, incoming: CreatorChannel, fields: CreatorFields
) -> CreatorChannel:
    """The stored channel with fresh channel data; the creator-level fields kept unless
    `fields` sets them."""
    keep = {name: getattr(existing, name) for name in (*CREATOR_LEVEL_FIELDS, "primary")}
    data = incoming.model_dump()
    data.update(keep, creator_id=existing.creator_id)
    for name in ("version", "created_at", "created_by", "updated_at", "updated_by"):
        data[name] = getattr(existing, name)
    if not incoming.country:
        data["country"] = existing.country
    channel = CreatorChannel.model_validate(data)
    update = fields.update_for(existing.creator_id, existing.contact)
    return with_derived_fields(channel.model_copy(update=update))


def _find(channels: list[CreatorChannel], wanted: CreatorChannel) -> CreatorChannel | None:
    return next(
        (c for c in channels if (c.platform, c.channel_id) == (wanted.platform, wanted.channel_id)),
        None,
    )


def _failed_alone(reasons: list, position: int) -> bool:
    """Whether a cancelled transaction failed on the condition of action `position` only."""
    return [r not in (None, "None") for r in reasons] == [
        i == position for i in range(len(reasons))
    ] and reasons[position] == "ConditionalCheckFailed"


def _check_room(channels: int) -> None:
    if channels > MAX_CHANNELS_PER_CREATOR:
        raise CreatorError(
            _("A creator can have at most %(n)d channels.") % {"n": MAX_CHANNELS_PER_CREATOR}
        )


# --- the change form ----------------------------------------------------------------------

KEEP_AREA = object()  # creator_update: leave the activity area as it is


def creator_update(
    *,
    creator_id: str,
    expected_version: int,
    actor: str,
    categories: Iterable[str],
    region: str | None,
    status: CreatorStatus | str,
    contact: dict[str, str] | None = None,
    area: object = KEEP_AREA,  # an ActivityArea, None (none), or KEEP_AREA
    mode: ClientMode = "interactive",
) -> CreatorChannel:
    """Edit the creator-level fields; `expected_version` is the primary channel's as read.

    All the creator's channels change in one transaction (each version-checked), so a
    concurrent edit makes the whole edit fail with ConcurrentModification. A channel that
    has lost its owner link gets it back in the same transaction. An `area` given (None
    clears it) moves the creator's activity-area entries in that transaction too.
    """
    repo = CreatorRepository(mode=mode)
    links = ChannelLinkRepository(mode=mode)
    channels = repo.channels_of(creator_id, consistent=True)
    if not channels:
        raise dynamo_errors.NotFound(f"creator {creator_id} does not exist")
    _check_room(len(channels))
    update = {
        "categories": validate_categories(list(categories)),
        "region": validate_region(region),
        "status": validate_status(status) or CreatorStatus.ACTIVE,
    }
    if contact is not None:
        validate_phone(contact.get("phone"))
        update["contact"] = seal(contact, creator_id, channels[0].contact)
    if area is not KEEP_AREA:
        update["area"] = area
    actions = [
        repo.put_action(
            channel.model_copy(update=update),
            expected_version=expected_version if index == 0 else channel.version,
            actor=actor,
        )
        for index, channel in enumerate(channels)
    ]
    owners = links.owners_of((c.platform, c.channel_id) for c in channels)
    actions += [
        links.claim_action(
            ChannelLink(platform=c.platform, channel_id=c.channel_id, creator_id=creator_id),
            actor=actor,
        )
        for c in channels
        if (c.platform.value, c.channel_id) not in owners
    ]
    if area is not KEEP_AREA:
        areas = AreaRepository(mode=mode)
        before = areas.entries_of(creator_id, consistent=True)
        actions += areas.change_actions(creator_id, channels[0], before, area, actor=actor)
    _check_transaction(len(actions))
    repo.apply(actions)
    return actions[0].item


def _check_transaction(size: int) -> None:
    if size > TRANSACTION_SIZE:
        raise CreatorError(
            _(
                "This change touches too many items at once (%(n)d, at most %(max)d): save "
                "fewer districts, or the channels' links first."
            )
            % {"n": size, "max": TRANSACTION_SIZE}
        )


# --- update figures (Instagram, TikTok) ------------------------------------------------------


def creator_update_figures(
    *,
    platform: Platform | str,
    channel_id: str,
    expected_version: int,
    actor: str,
    channel_name: str | None = None,
    channel_url: str | None = None,
    figures: dict[str, int | Decimal | None] | None = None,
    mode: ClientMode = "interactive",
) -> CreatorChannel:
    """New figures for a channel entered by hand; what is None (left empty) keeps the
    stored value. The creator-level fields never change here. The channel must still have
    `expected_version` (else ConcurrentModification); a channel not in the catalogue is
    NotFound. Saved through the one upsert path."""
    platform = Platform(platform)
    if platform is Platform.YOUTUBE:
        raise CreatorError(_("YouTube figures are fetched from YouTube, not entered by hand."))
    links = ChannelLinkRepository(mode=mode)
    owner = links.owner_of(platform, validate_channel_id(channel_id))
    stored = CreatorRepository(mode=mode).get_channel(
        owner.creator_id, platform, owner.channel_id, consistent=True
    )
    given = {name: value for name, value in (figures or {}).items() if value is not None}
    unknown = set(given) - set(FIGURES)
    if unknown:
        raise ValueError(f"not figures: {sorted(unknown)}")
    validate_engagement_rate(given.get("engagement_rate"))
    changes: dict = {
        "synced_at": utcnow(),
        "statistics": stored.statistics.model_copy(update=given),
    }
    if (channel_name or "").strip():
        changes["channel_name"] = validate_channel_name(channel_name)
    if (channel_url or "").strip():
        changes["channel_url"] = validate_channel_url(platform, channel_url)
    return creator_save_channel(
        channel=stored.model_copy(update=changes),
        actor=actor,
        may_create=False,
        expected_version=expected_version,
        mode=mode,
    )


def creator_contact(channel: CreatorChannel) -> dict[str, str | crypto.Undecryptable]:
    """The plaintext contact; a field that cannot be decrypted is an `Undecryptable`,
    which says why. Callers check `creators.change_creator` first."""
    return crypto.open_contact(channel.contact, creator_id=channel.creator_id)


def creator_unreadable_contact(channel: CreatorChannel) -> dict[str, crypto.Undecryptable]:
    """The contact fields stored with a key that is not configured (or damaged): they are
    kept as stored by every save, and the change form leaves them locked."""
    return crypto.undecryptable_fields(channel.contact, creator_id=channel.creator_id)
