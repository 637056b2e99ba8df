import pytest

from marketing.dynamo import errors
from marketing.dynamo.repository import transact_write
from tests.dynamo.sample import MatchRepository, make_match


@pytest.fixture
def repo(dynamo_tables):
    return MatchRepository()


def test_actions_commit_together(repo):
    repo.create(make_match(1), actor="a")
    repo.create(make_match(2), actor="a")
    new = repo.create_action(make_match(3), actor="a")

    transact_write(
        [
            # Move the sparse index attribute from one item to another.
            repo.update_action(
                *repo.key("m1"),
                remove=["GSI4PK", "GSI4SK"],
                set={"status": "OLD"},
                expected_version=1,
                actor="b",
            ),
            new,
            repo.delete_action(*repo.key("m2", creator_id="c2"), expected_version=1),
        ]
    )

    assert repo.get(*repo.key("m1")).version == 2
    assert repo.get(*repo.key("m3", creator_id="c3")) == new.item
    with pytest.raises(errors.NotFound):
        repo.get(*repo.key("m2", creator_id="c2"))


def test_stale_version_cancels_everything_as_concurrent_modification(repo):
    repo.create(make_match(1), actor="a")
    repo.update(*repo.key("m1"), set={"status": "B"}, expected_version=1, actor="a")

    with pytest.raises(errors.ConcurrentModification) as caught:
        repo.transact_write(
            [
                repo.create_action(make_match(3), actor="a"),
                repo.update_action(
                    *repo.key("m1"), set={"status": "C"}, expected_version=1, actor="b"
                ),
            ]
        )

    assert isinstance(caught.value.__cause__, errors.TransactionCanceled)
    assert caught.value.__cause__.reasons[1] == "ConditionalCheckFailed"
    assert repo.get(*repo.key("m1")).status == "B"
    with pytest.raises(errors.NotFound):
        repo.get(*repo.key("m3", creator_id="c3"))


def test_condition_check_on_missing_item_is_not_found(repo):
    repo.create(make_match(1), actor="a")
    with pytest.raises(errors.NotFound):
        repo.transact_write(
            [
                repo.condition_check_action(*repo.key("nope"), expected_version=1),
                repo.update_action(
                    *repo.key("m1"), set={"status": "C"}, expected_version=1, actor="b"
                ),
            ]
        )
    assert repo.get(*repo.key("m1")).status == "PENDING"


def test_create_of_existing_item_is_transaction_canceled(repo):
    repo.create(make_match(1), actor="a")
    with pytest.raises(errors.TransactionCanceled) as caught:
        repo.transact_write([repo.create_action(make_match(1), actor="a")])
    assert caught.value.reasons == ["ConditionalCheckFailed"]


def test_transaction_size_is_checked(repo):
    with pytest.raises(ValueError):
        transact_write([])
