"""ProjectionExpression on an item answers exactly as moto's own projection does."""

import random

import pytest
from moto.dynamodb.models.dynamo_type import DynamoType, Item, deserializer

from marketing.localdb import fast_requests, projection
from tests.localdb.test_fast_requests import SERVICE, Generator
from tests.localdb.test_fast_results import EVERY_TYPE

# Paths as moto's expression parser hands them over: a list of names, list elements
# written `name[i]` at any level.
PATHS = [
    ["PK"],
    ["text"],
    ["missing"],
    ["numbers"],
    ["nested"],
    ["nested", "map"],
    ["nested", "map", "deep"],
    ["nested", "list[0]"],
    ["nested", "list[3]"],
    ["nested", "list[9]"],
    ["nested", "nope", "deeper"],
    ["text", "not-a-map"],
    ["strings[0]"],
    ["list[1]"],
    ["list[1]", "a"],
    ["a"],
    ["a", "PK"],
    ["상점"],
]


def _items(count: int) -> list[Item]:
    attribute_value = SERVICE.shape_for("AttributeValue")
    parse = fast_requests.compile_shape(attribute_value)
    generator = Generator(seed=5, odd=0.0)
    items = [Item(DynamoType(EVERY_TYPE["PK"]), None, EVERY_TYPE)]
    while len(items) < count:
        attrs = {"PK": {"S": f"k{len(items)}"}}
        for name in ("a", "list", "상점", "text", "nested"):
            try:
                attrs[name] = parse(generator.value(attribute_value))
                DynamoType(attrs[name])
            except Exception:
                attrs.pop(name, None)
        items.append(Item(DynamoType(attrs["PK"]), None, attrs))
    return items


def _unconvertible(item: Item) -> set[str]:
    """Attributes moto cannot turn into plain Python (a binary set stored from JSON)."""
    failing = set()
    for name, value in item.attrs.items():
        try:
            deserializer.deserialize(value.to_regular_json())
        except TypeError:
            failing.add(name)
    return failing


def _expected(item: Item, paths: list[list[str]]):
    """moto's answer. Where moto fails on an attribute the paths do not name (it converts
    every attribute for every path), the answer is moto's for the item without it."""
    failing = _unconvertible(item)
    named = {name for path in paths if path for name in projection._names_read(path[0])}
    if failing and not failing & named:
        attrs = {k: v.to_json() for k, v in item.attrs.items() if k not in failing}
        item = Item(item.hash_key, item.range_key, attrs)
    return _projected(item, paths, ours=False)


def _projected(item: Item, paths: list[list[str]], *, ours: bool):
    uninstall = projection.install() if ours else (lambda: None)
    try:
        return item.project(paths).to_json()
    except Exception as exc:  # the same failure counts as the same answer
        return ("raised", type(exc).__name__)
    finally:
        uninstall()


def test_projections_equal_moto_s_over_generated_items_and_paths():
    rng = random.Random(14)
    compared = moto_answered = 0
    for item in _items(300):
        moto_answered += 6 * (not _unconvertible(item))
        for _ in range(6):
            paths = rng.sample(PATHS, rng.randint(1, 5))
            assert _projected(item, paths, ours=True) == _expected(item, paths), (
                item.to_json(),
                paths,
            )
            compared += 1
    assert compared == 1800
    # Most of them moto answers itself (no binary set to trip on).
    assert moto_answered > 1000, moto_answered


@pytest.mark.parametrize(
    "paths",
    [
        [["nested", "map"], ["nested", "list[1]"], ["nested", "map", "deep"]],
        [["nested"], ["nested", "map"]],
        [["numbers"], ["blobs"], ["nothing"], ["flag"], ["fraction"], ["whole"]],
        [["numbers"], ["nothing"], ["flag"], ["fraction"], ["whole"], ["blob"]],
        [[]],
    ],
)
def test_overlapping_and_odd_paths_project_as_moto_does(paths):
    item = Item(DynamoType(EVERY_TYPE["PK"]), None, EVERY_TYPE)
    assert _projected(item, paths, ours=True) == _expected(item, paths)


def test_the_item_projected_is_left_as_it_was():
    item = Item(DynamoType(EVERY_TYPE["PK"]), None, EVERY_TYPE)
    before = item.to_json()
    _projected(item, [["nested", "map"], ["nested", "map", "deep"], ["strings"]], ours=True)
    assert item.to_json() == before
