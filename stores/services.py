"""Stores: writes and workflows. Views and commands call these, never the repository.

- store_add_by_url: the 7-day cache, else fetch (home page, then the menu page when the
  home page has no priced menus), analyse and save;
- store_import_html: the same from a page saved in a browser (no network);
- store_save_parsed: a new PROFILE item, the GSI keys moved to it and the superseded
  profile given a history ttl, all in one transaction;
- store_update: the fields staff may correct; store_delete: every item of a store.
"""

import datetime as dt
from collections.abc import Callable

from django.utils.translation import gettext

from creators.domain import CATEGORIES
from marketing.dynamo import errors, serde
from marketing.dynamo.backoff import Backoff
from marketing.dynamo.client import ClientMode
from marketing.dynamo.repository import transact_write
from marketing.errors import UserError
from matches.services.deleting import matches_release_store
from stores import aggregates, analysis, corrections, payload
from stores.domain import (
    CACHE_MAX_AGE,
    HISTORY_RETENTION,
    DirectoryEntry,
    ParsedPlace,
    ProfileSource,
    ScrapeOutcome,
    StoreProfile,
    store_id_for,
)
from stores.naver import fetcher as fetcher_module
from stores.naver import urls
from stores.naver.errors import Blocked, InvalidPlaceUrl, ParseError, SavedBlockPage
from stores.naver.fetcher import NaverFetcher
from stores.naver.parser import parse_place_page
from stores.repository import (
    CacheStatsRepository,
    DirectoryRepository,
    FacetRepository,
    StoreRepository,
)

MAX_IMPORT_BYTES = 8 * 1024 * 1024
# A save that loses a race with another save of the same store reads again and retries.
SAVE_RETRIES = Backoff(base=0.02, cap=0.5, max_attempts=8)

Clock = Callable[[], dt.datetime]


class StoreNotFound(errors.NotFound):
    """No store has this id."""


def store_add_by_url(
    *,
    url: str,
    actor: str,
    force: bool = False,
    fetcher: NaverFetcher | None = None,
    clock: Clock = serde.utcnow,
    mode: ClientMode = "interactive",
) -> ScrapeOutcome:
    """The store behind a pasted link: from the 7-day cache, or fetched from Naver."""
    ref = urls.parse_place_input(url)
    fetcher = fetcher or fetcher_module.default_fetcher()
    if isinstance(ref, urls.ShortLink):
        ref = fetcher.resolve_short_link(ref)
    repository = StoreRepository(mode=mode)
    store_id = store_id_for(ref.place_id)
    if not force:
        latest = repository.latest_profile(store_id)
        stats = CacheStatsRepository(mode=mode)
        fresh = latest is not None and latest.age(clock()) < CACHE_MAX_AGE
        stats.count(hit=fresh, actor=actor)
        if fresh:
            return ScrapeOutcome(profile=latest, cache_hit=True)
    place = _fetch_place(fetcher, ref)
    return store_save_parsed(
        place=place, actor=actor, source=ProfileSource.FETCH, clock=clock, mode=mode
    )


def _fetch_place(fetcher: NaverFetcher, ref: urls.PlaceRef) -> ParsedPlace:
    page = fetcher.fetch_page(urls.page_url(ref.place_id, ref.place_type))
    place = parse_place_page(page.text, expected_place_id=ref.place_id)
    _check_same_place(place, ref.place_id)
    if not place.has_priced_menus and not place.from_meta_only:
        kind = place.place_type or ref.place_type
        if kind in (None, "restaurant", "cafe", "place"):
            menu_page = fetcher.fetch_page(urls.page_url(ref.place_id, kind, "menu/list"))
            try:
                with_menus = parse_place_page(menu_page.text, expected_place_id=ref.place_id)
            except ParseError:
                with_menus = None
            if with_menus is not None and with_menus.menus:
                place = place.model_copy(
                    update={"menus": with_menus.menus, "menu_source": with_menus.menu_source}
                )
    return place


def _check_same_place(place: ParsedPlace, place_id: str) -> None:
    if place.place_id != place_id:
        raise ParseError(
            gettext("The page is about place %(found)s, not the place asked for (%(asked)s).")
            % {"found": place.place_id, "asked": place_id}
        )


def store_import_html(
    *,
    html: str | bytes,
    actor: str,
    url: str | None = None,
    clock: Clock = serde.utcnow,
    mode: ClientMode = "interactive",
) -> ScrapeOutcome:
    """Parse and store a page saved from a browser (for when Naver blocks fetching)."""
    if len(html) > MAX_IMPORT_BYTES:
        raise ParseError("The file is larger than the size limit and was not read.")
    expected = None
    if url:
        ref = urls.parse_place_input(url)
        if isinstance(ref, urls.ShortLink):
            raise InvalidPlaceUrl(
                "A short naver.me link cannot be checked offline; paste the place URL."
            )
        expected = ref.place_id
    try:
        place = parse_place_page(html, expected_place_id=expected)
    except Blocked as exc:
        raise SavedBlockPage() from exc
    if expected:
        _check_same_place(place, expected)
    return store_save_parsed(
        place=place, actor=actor, source=ProfileSource.IMPORT, clock=clock, mode=mode
    )


def build_profile(
    place: ParsedPlace, *, scraped_at: dt.datetime, source: ProfileSource
) -> StoreProfile:
    """The profile of a parsed place; its raw state kept compressed if it fits the item."""
    profile = StoreProfile(
        store_id=store_id_for(place.place_id),
        store_name=place.name,
        source_url=urls.canonical_url(place.place_id),
        naver_place_id=place.place_id,
        place_type=place.place_type,
        primary_category=analysis.primary_category(place.categories),
        categories=place.categories,
        location=analysis.build_location(place),
        price_analysis=analysis.analyse_prices(place.menus),
        sentiment=analysis.analyse_sentiment(place),
        menus=place.menus,
        menus_left_out=place.menus_left_out,
        source=source,
        scraped_at=scraped_at,
    )
    raw = payload.compress_state(place.raw_state, payload.room_for_payload(profile))
    left_out = place.raw_state is not None and raw is None
    return profile.model_copy(update={"raw_payload": raw, "raw_payload_left_out": left_out})


def raw_payload(profile: StoreProfile) -> dict | None:
    return payload.decompress_state(profile.raw_payload)


def store_save_parsed(
    *,
    place: ParsedPlace,
    actor: str,
    source: ProfileSource,
    clock: Clock = serde.utcnow,
    mode: ClientMode = "interactive",
) -> ScrapeOutcome:
    """A new latest profile; the GSI keys move to it from the previous one in one transaction.

    Two saves of the same place at once (a double click, two staff importing the same new
    place) both land: the one that loses the race reads the winner's profile and writes
    its own after it, so the store ends up with one history, never a second store.
    """
    repository = StoreRepository(mode=mode)
    directory = DirectoryRepository(mode=mode)
    retry = 0
    while True:
        try:
            return _save_profile(repository, directory, place, actor, source, clock())
        except errors.ConditionFailed:
            if retry + 1 >= SAVE_RETRIES.max_attempts:
                raise
            SAVE_RETRIES.wait(retry)
            retry += 1


def _save_profile(repository, directory, place, actor, source, now) -> ScrapeOutcome:
    new = build_profile(place, scraped_at=now, source=source)
    # The directory row first: every save rewrites it (version-checked) in its transaction,
    # so a save that lands between these two reads makes this one fail and read again,
    # instead of leaving two profiles that each think they are the latest.
    existing = directory.find(new.store_id, consistent=True)
    previous = repository.latest_profile(new.store_id, consistent=True)
    new = corrections.carry_over(new, previous)
    if previous is not None and previous.scraped_at >= now:
        # Two scrapes in the same microsecond (or a clock step back): keep keys increasing.
        new = new.model_copy(
            update={"scraped_at": previous.scraped_at + dt.timedelta(microseconds=1)}
        )
    actions = [repository.create_action(new, actor=actor)]
    if previous is not None:
        actions.append(
            repository.supersede_action(
                previous, expires_at=new.scraped_at + HISTORY_RETENTION, actor=actor
            )
        )
    entry = _directory_entry(new)
    if existing is None:
        actions.append(directory.create_action(entry, actor=actor))
    else:
        entry = entry.model_copy(
            update={
                "version": existing.version,
                "created_at": existing.created_at,
                "created_by": existing.created_by,
            }
        )
        actions.append(directory.put_action(entry, expected_version=existing.version, actor=actor))
    actions += FacetRepository(mode=repository.mode).shift_actions(previous, new, actor=actor)
    actions += aggregates.shift_actions(previous, new, actor=actor, mode=repository.mode)
    transact_write(actions, client=repository.client)
    written = actions[0].item
    return ScrapeOutcome(profile=written, cache_hit=False, created=previous is None)


def _directory_entry(profile: StoreProfile) -> DirectoryEntry:
    return DirectoryEntry(
        store_id=profile.store_id,
        store_name=profile.store_name,
        primary_category=profile.primary_category,
        location=profile.location,
        price_analysis=profile.price_analysis,
        sentiment=profile.sentiment,
        scraped_at=profile.scraped_at,
    )


def store_refetch(
    *,
    store_id: str,
    actor: str,
    fetcher: NaverFetcher | None = None,
    clock: Clock = serde.utcnow,
    mode: ClientMode = "interactive",
) -> ScrapeOutcome:
    """Fetch a known store again, whatever the cache says."""
    latest = StoreRepository(mode=mode).latest_profile(store_id)
    if latest is None:
        raise StoreNotFound(store_id)
    return store_add_by_url(
        url=latest.source_url, actor=actor, force=True, fetcher=fetcher, clock=clock, mode=mode
    )


EDITABLE_FIELDS = (
    "store_name",
    "primary_category",
    "city",
    "district",
    "phone",
    "status",
    "creator_category",
)
# What a staff edit can change on the stored profile (the index keys follow from them).
_EDITED_ATTRIBUTES = (
    "store_name",
    "primary_category",
    "location",
    "status",
    "creator_category",
    "corrections",
    "edits",
)


def store_update(
    *,
    store_id: str,
    expected_version: int,
    actor: str,
    changes: dict,
    clock: Clock = serde.utcnow,
    mode: ClientMode = "interactive",
) -> StoreProfile:
    """Correct the latest profile (name, category, area, phone, status), GSI keys included.

    A field set apart from Naver's value becomes a correction that later scrapes keep
    (stores.corrections); the edit is logged on the profile with who and when.
    ConcurrentModification when the profile changed (or was superseded) since it was read.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    changes = dict(changes)
    if "primary_category" in changes:
        changes["primary_category"] = analysis.normalise_category(changes["primary_category"])
    if "city" in changes:
        changes["city"] = analysis.normalise_city(changes["city"]) or changes["city"] or None
    if changes.get("creator_category") and changes["creator_category"] not in CATEGORIES:
        raise UserError(
            gettext("Unknown creator category “%(value)s”.")
            % {"value": changes["creator_category"]}
        )
    return _edit_latest(
        store_id,
        expected_version,
        lambda latest: corrections.edited(latest, changes, by=actor, at=clock())[0],
        actor=actor,
        mode=mode,
    )


def store_restore_naver_value(
    *,
    store_id: str,
    field: str,
    expected_version: int,
    actor: str,
    clock: Clock = serde.utcnow,
    mode: ClientMode = "interactive",
) -> StoreProfile:
    """Drop staff's correction of `field`: the store shows Naver's value again."""
    return _edit_latest(
        store_id,
        expected_version,
        lambda latest: corrections.restored(latest, field, by=actor, at=clock()),
        actor=actor,
        mode=mode,
    )


def _edit_latest(store_id, expected_version, edit, *, actor, mode) -> StoreProfile:
    """Apply `edit` to the latest profile as read at `expected_version`, its directory
    row and index keys in the same transaction."""
    repository = StoreRepository(mode=mode)
    directory = DirectoryRepository(mode=mode)
    latest = repository.latest_profile(store_id, consistent=True)
    if latest is None:
        raise StoreNotFound(store_id)
    if latest.version != expected_version:
        raise errors.ConcurrentModification(
            "The store was changed by someone else since it was read; reload and try again."
        )
    edited = edit(latest)
    update = {name: getattr(edited, name) for name in _EDITED_ATTRIBUTES}
    actions = [repository.reindex_action(latest, update, actor=actor)]
    existing = directory.find(store_id, consistent=True)
    if existing is not None:
        entry = _directory_entry(edited).model_copy(
            update={"created_at": existing.created_at, "created_by": existing.created_by}
        )
        actions.append(directory.put_action(entry, expected_version=existing.version, actor=actor))
    actions += FacetRepository(mode=mode).shift_actions(latest, edited, actor=actor)
    transact_write(actions, client=repository.client)
    return repository.latest_profile(store_id, consistent=True)


def store_delete(*, store_id: str, actor: str, mode: ClientMode = "interactive") -> int:
    """Every profile of the store and its directory row; the number of items deleted.

    Refused (MatchesInTheWay) while a match of the store is past PENDING; its PENDING
    matches are deleted first (matches.services.deleting).
    """
    matches_release_store(store_id=store_id, actor=actor, mode=mode)
    listed = DirectoryRepository(mode=mode).find(store_id, consistent=True)
    deleted = StoreRepository(mode=mode).delete_store(store_id, actor=actor)
    if not deleted:
        raise StoreNotFound(store_id)
    facets = FacetRepository(mode=mode)
    counts = facets.shift_actions(listed, None, actor=actor)
    counts += aggregates.shift_actions(listed, None, actor=actor, mode=mode)
    if counts:
        facets.apply(counts)
    return deleted
