"""The match workflow: legal moves only, each one conditional write on status and version."""

import itertools

import pytest

from marketing.dynamo import errors
from matches.domain import TRANSITIONS, IllegalTransition, MatchStatus
from matches.repository import MatchRepository
from matches.services import match_transition
from tests.matches.factories import stored_match

pytestmark = pytest.mark.usefixtures("dynamo_tables")

PATH = ["CONTACTED", "RESPONDED", "NEGOTIATING", "ACCEPTED", "COMPLETED"]


def test_the_happy_path_records_every_step_and_drops_the_ttl():
    match = stored_match()
    assert match.ttl is not None
    for step in PATH:
        match = match_transition(match_id=match.match_id, to_status=step, actor="kim", note=step)
    assert match.status is MatchStatus.COMPLETED and match.ttl is None
    history = [(c.from_status, c.to, c.by, c.note) for c in match.status_history]
    assert history == [
        (MatchStatus(a), MatchStatus(b), "kim", b)
        for a, b in zip(["PENDING", *PATH], PATH, strict=False)
    ]
    assert MatchRepository().by_status("COMPLETED").items[0].match_id == match.match_id
    assert MatchRepository().by_status("PENDING").items == []


def test_every_illegal_transition_is_refused_and_writes_nothing():
    illegal = [
        (a, b) for a, b in itertools.product(MatchStatus, MatchStatus) if b not in TRANSITIONS[a]
    ]
    assert len(illegal) == 40
    for number, (start, target) in enumerate(illegal):
        match = stored_match(creator_id=f"c-{number}", status=start)
        with pytest.raises(IllegalTransition):
            match_transition(match_id=match.match_id, to_status=target, actor="kim")
        assert MatchRepository().find(match.match_id).version == match.version


def test_every_legal_transition_is_allowed():
    legal = [(a, b) for a in MatchStatus for b in TRANSITIONS[a]]
    assert len(legal) == 9
    for number, (start, target) in enumerate(legal):
        match = stored_match(creator_id=f"c-{number}", status=start)
        moved = match_transition(match_id=match.match_id, to_status=target, actor="kim")
        assert moved.status is target and moved.version == match.version + 1


def test_a_stale_page_never_overwrites():
    match = stored_match()
    match_transition(match_id=match.match_id, to_status="CONTACTED", actor="lee")
    with pytest.raises(errors.ConcurrentModification):
        match_transition(
            match_id=match.match_id,
            to_status="REJECTED",
            actor="kim",
            expected_version=match.version,
        )
    assert MatchRepository().find(match.match_id).status is MatchStatus.CONTACTED


def test_unknown_match_is_not_found():
    with pytest.raises(errors.NotFound):
        match_transition(match_id="nope", to_status="CONTACTED", actor="kim")
