"""Every id and every random stream of the demo, derived from the seed.

Ids are uuid5 in the demo's own namespace (or, where the apps derive an id themselves,
made from values that are), and each item draws from its own `random.Random` seeded with
the seed, its kind and its number, so item N is the same whatever the sizes asked for.

Naver place ids are 15 digits beginning with 99999: Naver's own are about ten digits, so
a demo store can never take a real place's id (the stores code accepts 4 to 15 digits).
Channel ids and handles begin with `demo`.
"""

import random
import uuid

DEMO_NAMESPACE = uuid.UUID("5d3e8a41-7c2b-5f90-8e6d-1a4b9c7d2e58")
PLACE_ID_PREFIX = "99999"


def demo_uuid(seed: int, kind: str, number: int | str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, f"{seed}:{kind}:{number}")


def stream(seed: int, kind: str, number: int | str = 0) -> random.Random:
    """The random numbers of one item (or one decision) of the demo."""
    return random.Random(f"dot-marketing-demo:{seed}:{kind}:{number}")


def seed_tag(seed: int) -> str:
    """Four hex digits of the seed, in channel ids: two seeds' demos rarely share one."""
    return demo_uuid(seed, "tag", 0).hex[:4]


def place_id(seed: int, number: int) -> str:
    """`99999` + five digits of the seed + the store's number: 15 digits, unique per seed."""
    of_seed = demo_uuid(seed, "place", 0).int % 100_000
    return f"{PLACE_ID_PREFIX}{of_seed:05d}{number:05d}"


def campaign_id(seed: int, number: int) -> str:
    return str(demo_uuid(seed, "campaign", number))


def token(rng: random.Random, length: int) -> str:
    """Letters and digits for a content URL's post id."""
    alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(rng.choice(alphabet) for _ in range(length))
