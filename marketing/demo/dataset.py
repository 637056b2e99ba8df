"""How big the demo is, and how its stores, creators, matches and campaigns fit together.

Each campaign takes a store and one to four creators; their matches are ACCEPTED before it
was made (COMPLETED with it when it completed). The other matches pair stores with
creators, mostly ones whose category fits; the first seven end in every status. Item
number N is the same whatever the sizes (each draws from its own stream), so a larger
demo keeps a smaller one's stores and creators.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from campaigns.domain import CampaignStatus
from marketing.demo import ids
from marketing.demo.campaigns import DemoCampaign, build_campaign
from marketing.demo.creators import DemoCreator, build_creators
from marketing.demo.matches import STATUS_WEIGHTS, Scorer, build_match, staff, steps_to
from marketing.demo.stores import DemoStore, build_stores
from marketing.errors import UserError
from matches.domain import Match, MatchStatus
from stores.category_map import profile_mapping

# Caps: the scale issue's sizes (#14); defaults: small enough for `make run`.
CAPS = {"stores": 2_000, "creators": 10_000, "matches": 20_000, "campaigns": 500}
DEFAULTS = {"stores": 12, "creators": 40, "matches": 60, "campaigns": 6}
MAX_MEMBERS = 4
FITTING_SHARE = 0.75  # matches whose creator's main category fits the store


class DemoSizeError(UserError):
    """Sizes that cannot make a demo; the message says why."""


@dataclass(frozen=True)
class Sizes:
    stores: int = DEFAULTS["stores"]
    creators: int = DEFAULTS["creators"]
    matches: int = DEFAULTS["matches"]
    campaigns: int = DEFAULTS["campaigns"]

    def check(self) -> None:
        """DemoSizeError naming every size that does not fit with the others."""
        problems = []
        for name, cap in CAPS.items():
            value = getattr(self, name)
            if not 0 <= value <= cap:
                problems.append(
                    _("--%(name)s must be between 0 and %(cap)s.")
                    % {"name": name, "cap": f"{cap:,}"}
                )
        if self.matches and not (self.stores and self.creators):
            problems.append(
                _("Matches need at least one store and one creator (--stores, --creators).")
            )
        if self.campaigns > self.matches:
            problems.append(
                _("--matches must be at least --campaigns: each campaign needs an accepted match.")
            )
        if problems:
            raise DemoSizeError(" ".join(problems))


@dataclass(frozen=True)
class DemoSet:
    stores: list[DemoStore]
    creators: list[DemoCreator]
    matches: list[Match]  # the campaigns' members' matches included
    campaigns: list[DemoCampaign]


def build_dataset(seed: int, sizes: Sizes, now: dt.datetime) -> DemoSet:
    sizes.check()
    stores = build_stores(seed, sizes.stores, now)
    creators = build_creators(seed, sizes.creators, now)
    pairs = _Pairs(seed, stores, creators)
    if sizes.matches > pairs.available:
        raise DemoSizeError(
            _(
                "%(matches)s matches need as many store-creator pairs; %(stores)d open stores "
                "and %(creators)d active creators make %(pairs)s."
            )
            % {
                "matches": f"{sizes.matches:,}",
                "stores": len(pairs.stores),
                "creators": len(pairs.creators),
                "pairs": f"{pairs.available:,}",
            }
        )
    scorer = Scorer(creators, now)
    campaigns = _campaigns(seed, sizes, pairs, scorer, now)
    matches = [m for c in campaigns for m in c.matches]
    for number in range(sizes.matches - len(matches)):
        matches.append(_match(seed, number, pairs, scorer, now))
    return DemoSet(stores, creators, matches, campaigns)


class _Pairs:
    """Store-creator pairs still free, drawn mostly where the categories fit."""

    def __init__(self, seed: int, stores: list[DemoStore], creators: list[DemoCreator]):
        self.seed = seed
        self.stores = [s for s in stores if s.open]
        self.creators = [c for c in creators if c.active]
        self.available = len(self.stores) * len(self.creators)
        self.taken: set[tuple[int, int]] = set()
        self.by_category: dict[str, list[DemoCreator]] = {}
        for creator in self.creators:
            self.by_category.setdefault(creator.primary.categories[0], []).append(creator)
        self.fitting = {
            s.store_id: [
                c
                for code in profile_mapping(s.latest).codes
                for c in self.by_category.get(code, [])
            ]
            for s in self.stores
        }

    def draw(self, rng, store: DemoStore | None = None) -> tuple[DemoStore, DemoCreator]:
        """A free pair (with `store`, when given and it has a free creator)."""
        for _attempt in range(30):
            shop = store or rng.choice(self.stores)
            fitting = self.fitting[shop.store_id]
            pool = fitting if fitting and rng.random() < FITTING_SHARE else self.creators
            creator = rng.choice(pool)
            if self._take(shop, creator):
                return shop, creator
        for shop in [store] if store else self.stores:
            for creator in self.creators:
                if self._take(shop, creator):
                    return shop, creator
        raise LookupError("no free pair")

    def free_for(self, store: DemoStore) -> int:
        return len(self.creators) - sum(1 for s, _c in self.taken if s == store.number)

    def _take(self, store: DemoStore, creator: DemoCreator) -> bool:
        pair = (store.number, creator.number)
        if pair in self.taken:
            return False
        self.taken.add(pair)
        return True


def _campaigns(seed, sizes: Sizes, pairs: _Pairs, scorer, now) -> list[DemoCampaign]:
    # Leave room for the seven standalone matches that show every status.
    room = max(sizes.matches - len(MatchStatus), sizes.campaigns)
    made = []
    for number in range(sizes.campaigns):
        rng = ids.stream(seed, "campaign-plan", number)
        store = rng.choice(pairs.stores)
        # What the later campaigns need, one match each, stays free.
        spare = room - sum(len(c.matches) for c in made) - (sizes.campaigns - number - 1)
        wanted = min(rng.randint(1, MAX_MEMBERS), max(spare, 1), pairs.free_for(store))
        if wanted < 1:
            store = next(s for s in pairs.stores if pairs.free_for(s))
            wanted = 1
        members = [pairs.draw(rng, store)[1] for _ in range(wanted)]
        made.append(build_campaign(seed, number, store, members, scorer, now))
    return made


def _match(seed: int, number: int, pairs: _Pairs, scorer, now: dt.datetime) -> Match:
    rng = ids.stream(seed, "match", number)
    statuses = list(MatchStatus)
    final = (
        statuses[number]
        if number < len(statuses)
        else rng.choices(statuses, weights=[STATUS_WEIGHTS[s] for s in statuses])[0]
    )
    store, creator = pairs.draw(rng)
    steps = steps_to(final, rng)
    if steps:
        until = now - dt.timedelta(days=rng.uniform(0.05, 10))
        made_at = until - dt.timedelta(days=rng.uniform(2, 60))
    else:
        made_at = until = now - dt.timedelta(days=rng.uniform(0.1, 6))
    return build_match(
        store,
        creator,
        scorer.score(store, creator),
        steps,
        made_at=made_at,
        until=until,
        rng=rng,
        owner=staff(rng),
    )


def status_counts(dataset: DemoSet) -> tuple[dict, dict]:
    """(matches per status, campaigns per status): what the demo holds."""
    matches = {s: 0 for s in MatchStatus}
    for match in dataset.matches:
        matches[match.status] += 1
    campaigns = {s: 0 for s in CampaignStatus}
    for item in dataset.campaigns:
        campaigns[item.campaign.status] += 1
    return matches, campaigns
