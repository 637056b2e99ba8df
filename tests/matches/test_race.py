"""Twenty staff pressing the same button at once, against the embedded server (the real
HTTP path, one request at a time as it applies them): exactly one transition wins."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from marketing.dynamo import errors
from matches.domain import IllegalTransition, MatchStatus
from matches.repository import MatchRepository
from matches.services import match_transition
from tests.matches.factories import new_match

pytestmark = pytest.mark.integration

RACERS = 20


def _race(match, to_status, *, expected_version=None) -> list[str]:
    start = threading.Barrier(RACERS)

    def press(number: int) -> str:
        start.wait()
        try:
            match_transition(
                match_id=match.match_id,
                to_status=to_status,
                actor=f"staff-{number}",
                note=f"pressed by {number}",
                expected_version=expected_version,
            )
        except errors.ConditionFailed:  # ConcurrentModification: the version moved
            return "stale"
        except IllegalTransition:  # read after the winner wrote: already there
            return "illegal"
        return "won"

    with ThreadPoolExecutor(max_workers=RACERS) as pool:
        return list(pool.map(press, range(RACERS)))


@pytest.mark.parametrize("expected_version", [None, 1])
def test_twenty_threads_racing_one_transition_one_wins(live_dynamo, expected_version):
    match = MatchRepository().create(new_match(creator_id=str(uuid.uuid4())), actor="engine")
    outcomes = _race(match, "CONTACTED", expected_version=expected_version)
    assert outcomes.count("won") == 1, outcomes
    assert set(outcomes) <= {"won", "stale", "illegal"}
    after = MatchRepository().find(match.match_id, consistent=True)
    assert after.status is MatchStatus.CONTACTED and after.version == 2
    assert len(after.status_history) == 1  # no duplicate entry
    winner = outcomes.index("won")
    assert after.status_history[0].by == f"staff-{winner}"
    assert after.status_history[0].note == f"pressed by {winner}"
