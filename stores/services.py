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

from marketing.dynamo import errors, serde
from marketing.dynamo.repository import transact_write
from stores import analysis, payload
from stores.domain import (
    CACHE_MAX_AGE,
    HISTORY_RETENTION,
    DirectoryEntry,
    Location,
    ParsedPlace,
    ProfileSource,
    ScrapeOutcome,
    StoreProfile,
    store_id_for,
)
from stores.naver import fetcher as fetcher_module
from stores.naver import urls
from stores.naver.errors import InvalidPlaceUrl, ParseError
from stores.naver.fetcher import NaverFetcher
from stores.naver.parser import parse_place_page
from stores.repository import CacheStatsRepository, DirectoryRepository, StoreRepository

MAX_IMPORT_BYTES = 8 * 1024 * 1024

Clock = Callable[[], dt.datetime]


class StoreNotFound(Exception):
    pass


def store_add_by_url(
    *,
    url: str,
    actor: str,
    force: bool = False,
    fetcher: NaverFetcher | None = None,
    clock: Clock = serde.utcnow,
    profile: str = "interactive",
) -> ScrapeOutcome:
    """The store behind a pasted link: from the 7-day cache, or fetched from Naver."""
    ref = urls.parse_place_input(url)
    fetcher = fetcher or fetcher_module.default_fetcher()
    if isinstance(ref, urls.ShortLink):
        ref = fetcher.resolve_short_link(ref)
    repository = StoreRepository(profile=profile)
    store_id = store_id_for(ref.place_id)
    if not force:
        latest = repository.latest_profile(store_id)
        stats = CacheStatsRepository(profile=profile)
        fresh = latest is not None and latest.age(clock()) < CACHE_MAX_AGE
        stats.count(hit=fresh, actor=actor)
        if fresh:
            return ScrapeOutcome(profile=latest, cache_hit=True)
    place = _fetch_place(fetcher, ref)
    return store_save_parsed(
        place=place, actor=actor, source=ProfileSource.FETCH, clock=clock, profile=profile
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
            f"The page is about place {place.place_id}, not the place asked for ({place_id})."
        )


def store_import_html(
    *,
    html: str | bytes,
    actor: str,
    url: str | None = None,
    clock: Clock = serde.utcnow,
    profile: str = "interactive",
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
    place = parse_place_page(html, expected_place_id=expected)
    if expected:
        _check_same_place(place, expected)
    return store_save_parsed(
        place=place, actor=actor, source=ProfileSource.IMPORT, clock=clock, profile=profile
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
    profile: str = "interactive",
) -> ScrapeOutcome:
    """A new latest profile; the GSI keys move to it from the previous one in one transaction."""
    repository = StoreRepository(profile=profile)
    directory = DirectoryRepository(profile=profile)
    now = clock()
    new = build_profile(place, scraped_at=now, source=source)
    previous = repository.latest_profile(new.store_id, consistent=True)
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
    existing = directory.find(new.store_id, consistent=True)
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
    *, store_id: str, actor: str, fetcher: NaverFetcher | None = None, clock: Clock = serde.utcnow
) -> ScrapeOutcome:
    """Fetch a known store again, whatever the cache says."""
    latest = StoreRepository().latest_profile(store_id)
    if latest is None:
        raise StoreNotFound(store_id)
    return store_add_by_url(
        url=latest.source_url, actor=actor, force=True, fetcher=fetcher, clock=clock
    )


EDITABLE_FIELDS = ("store_name", "primary_category", "city", "district", "phone", "status")


def store_update(
    *, store_id: str, expected_version: int, actor: str, changes: dict
) -> StoreProfile:
    """Correct the latest profile (name, category, area, phone, status), GSI keys included.

    ConcurrentModification when the profile changed (or was superseded) since it was read.
    """
    repository = StoreRepository()
    directory = DirectoryRepository()
    latest = repository.latest_profile(store_id, consistent=True)
    if latest is None:
        raise StoreNotFound(store_id)
    if latest.version != expected_version:
        raise errors.ConcurrentModification(
            "The store was changed by someone else since it was read; reload and try again."
        )
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    location = latest.location.model_copy(
        update={k: changes[k] for k in ("city", "district", "phone") if k in changes}
    )
    update = {k: changes[k] for k in ("store_name", "primary_category", "status") if k in changes}
    if "primary_category" in update:
        update["primary_category"] = analysis.normalise_category(update["primary_category"])
    if "city" in changes:
        location = location.model_copy(
            update={"city": analysis.normalise_city(changes["city"]) or changes["city"] or None}
        )
    update["location"] = Location.model_validate(location.model_dump())
    action = repository.reindex_action(latest, update, actor=actor)
    edited = latest.model_copy(update=update)
    actions = [action]
    existing = directory.find(store_id, consistent=True)
    if existing is not None:
        entry = _directory_entry(edited).model_copy(
            update={"created_at": existing.created_at, "created_by": existing.created_by}
        )
        actions.append(directory.put_action(entry, expected_version=existing.version, actor=actor))
    transact_write(actions, client=repository.client)
    return repository.latest_profile(store_id, consistent=True)


def store_delete(*, store_id: str, actor: str) -> int:
    """Every profile of the store and its directory row; the number of items deleted."""
    repository = StoreRepository()
    directory = DirectoryRepository()
    doomed = list(repository.all_profile_keys(store_id))
    if not doomed and directory.find(store_id) is None:
        raise StoreNotFound(store_id)
    doomed.append(directory.key(store_id))
    return repository.batch_write(delete_keys=doomed, actor=actor)
