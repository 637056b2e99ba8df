"""Items copied out in one walk equal moto's deep copies, and share no container with them."""

from moto.dynamodb.models.dynamo_type import DynamoType, Item

from marketing.localdb import fast_images, fast_requests
from tests.localdb.test_fast_requests import SERVICE, Generator, same
from tests.localdb.test_fast_results import EVERY_TYPE


def _items(count: int) -> list[Item]:
    attribute_value = SERVICE.shape_for("AttributeValue")
    parse = fast_requests.compile_shape(attribute_value)
    generator = Generator(seed=23, odd=0.0)
    items = [Item(DynamoType(EVERY_TYPE["PK"]), None, EVERY_TYPE)]
    items.append(Item(DynamoType({"S": "b"}), None, {"PK": {"S": "b"}, "text": {"B": "AAE="}}))
    while len(items) < count:
        attrs = {"PK": {"S": "k"}}
        for n in range(generator.rng.randint(0, 6)):
            try:
                attrs[f"a{n}"] = parse(generator.value(attribute_value))
                DynamoType(attrs[f"a{n}"])
            except Exception:
                attrs.pop(f"a{n}", None)  # no type, or broken base64: never stored
        items.append(Item(DynamoType(attrs["PK"]), None, attrs))
    return items


def _containers(value, found: set[int]) -> set[int]:
    if isinstance(value, DynamoType):
        return _containers(value.value, found)
    if isinstance(value, dict | list):
        found.add(id(value))
        for child in value.values() if isinstance(value, dict) else value:
            _containers(child, found)
    return found


def test_item_json_is_moto_s_copy():
    for item in _items(600):
        ours = fast_images.item_json(item, "Item")
        assert same(ours, item.to_json("Item"))
        for value in item.attrs.values():
            assert same(fast_images.regular_json(value), value.to_regular_json())


def test_the_copy_shares_no_dict_or_list_with_the_stored_item():
    for item in _items(200):
        stored = set().union(*(_containers(v, set()) for v in item.attrs.values()))
        copied = fast_images.item_json(item)  # held, so no id is reused while comparing
        assert not stored & _containers(copied, set())


def test_install_undoes_itself():
    originals = (Item.to_json, DynamoType.to_regular_json)
    uninstall = fast_images.install()
    assert Item.to_json is fast_images.item_json
    uninstall()
    assert (Item.to_json, DynamoType.to_regular_json) == originals
