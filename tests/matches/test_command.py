"""`python manage.py match_transition MATCH_ID STATUS [--note] [--expect-version] [--json]`."""

import io
import itertools
import json
import uuid

import pytest
from django.core.management import CommandError, call_command

from matches.domain import TRANSITIONS, MatchStatus
from matches.repository import MatchRepository
from matches.services import match_transition
from tests.manage_process import run_manage
from tests.matches.factories import new_match, stored_match


def run(*args) -> tuple[int, str]:
    """(exit status, stdout) of the command called in this process."""
    out = io.StringIO()
    try:
        call_command("match_transition", *args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def make(status=MatchStatus.PENDING):
    return stored_match(creator_id=str(uuid.uuid4()), status=status)


@pytest.mark.usefixtures("dynamo_tables", "english")
class TestInProcess:
    def test_every_legal_transition_exits_0_and_prints_the_match(self):
        legal = [(a, b) for a in MatchStatus for b in TRANSITIONS[a]]
        assert len(legal) == 9
        for start, target in legal:
            match = make(start)
            code, out = run(match.match_id, target.value, "--note", "DM", "--json")
            assert code == 0
            lines = out.splitlines()
            assert len(lines) == 1
            printed = json.loads(lines[0])
            assert printed["matchId"] == match.match_id
            assert printed["status"] == target.value
            assert printed["version"] == match.version + 1
            assert printed["statusHistory"][-1]["from"] == start.value
            assert printed["statusHistory"][-1]["to"] == target.value
            assert printed["statusHistory"][-1]["by"] == "system:match_transition"
            assert printed["statusHistory"][-1]["note"] == "DM"

    def test_every_illegal_transition_exits_1_with_a_reason_and_writes_nothing(self):
        illegal = [
            (a, b)
            for a, b in itertools.product(MatchStatus, MatchStatus)
            if b not in TRANSITIONS[a]
        ]
        assert len(illegal) == 40
        for start, target in illegal:
            match = make(start)
            code, out = run(match.match_id, target.value, "--note", "DM", "--json")
            assert code == 1
            assert json.loads(out) == {
                "error": f"A match cannot go from “{start.label}” to “{target.label}”.",
                "matchId": match.match_id,
            }
            with pytest.raises(CommandError, match="cannot go from"):
                call_command("match_transition", match.match_id, target.value, "--note", "x")
            assert MatchRepository().find(match.match_id).version == match.version

    def test_json_numbers_and_codes(self):
        from decimal import Decimal

        from matches.domain import Confidence, Finding, ScoreComponent

        match = MatchRepository().create(
            new_match(
                creator_id=str(uuid.uuid4()),
                score=81,
                confidence=Confidence.HIGH,
                score_breakdown={
                    "location": ScoreComponent(value=Decimal("0.75"), weight=Decimal("0.2")),
                },
                strengths=[Finding(code="hand_entered", params={"days": 94})],
            ),
            actor="engine",
        )
        code, out = run(match.match_id, "rejected", "--json")
        printed = json.loads(out)
        assert code == 0
        assert printed["status"] == "REJECTED"  # upper case whatever was typed
        assert printed["matchScore"] == 81 and printed["confidence"] == "high"
        assert printed["scoreBreakdown"]["location"] == {
            "value": 0.75,
            "weight": 0.2,
            "reason": "",
        }
        assert printed["strengths"] == [{"code": "hand_entered", "params": {"days": 94}}]
        assert printed["ttl"] is None
        assert "email" not in printed["communication"]

    def test_a_stale_version_is_refused(self):
        match = make()
        match_transition(match_id=match.match_id, to_status="CONTACTED", actor="kim")
        code, out = run(match.match_id, "RESPONDED", "--expect-version", "1", "--json")
        assert code == 1
        assert json.loads(out)["error"] == (
            f"Match {match.match_id} is no longer at version 1: someone changed it; "
            "look at it again."
        )
        code, _out = run(match.match_id, "RESPONDED", "--expect-version", "2")
        assert code == 0

    @pytest.mark.parametrize(
        "match_id", ["0b9e7f2a-6c1d-4e3b-8a5f-7d2c4e6b9a10", "not-an-id", "a#b"]
    )
    def test_an_unknown_match_is_refused(self, match_id):
        code, out = run(match_id, "CONTACTED", "--note", "DM", "--json")
        assert code == 1
        assert json.loads(out) == {"error": f"There is no match {match_id}.", "matchId": match_id}
        with pytest.raises(CommandError, match="There is no match"):
            call_command("match_transition", match_id, "CONTACTED", "--note", "DM")

    def test_a_contact_by_hand_needs_a_note_and_an_unknown_status_is_refused(self):
        match = make()
        with pytest.raises(CommandError, match="Say in the note how"):
            call_command("match_transition", match.match_id, "CONTACTED")
        with pytest.raises(CommandError, match="“SHIPPED” is not a match status"):
            call_command("match_transition", match.match_id, "shipped")
        assert MatchRepository().find(match.match_id).version == match.version

    def test_without_json_it_says_what_changed(self):
        match = make()
        out = io.StringIO()
        call_command("match_transition", match.match_id, "CONTACTED", "--note", "DM", stdout=out)
        assert out.getvalue().strip() == (
            f"Match {match.match_id}: Suggested → Contacted (version 2)."
        )


@pytest.mark.integration
def test_exit_codes_and_korean_from_a_real_process(live_dynamo):
    match = MatchRepository().create(new_match(creator_id=str(uuid.uuid4())), actor="engine")
    env = {
        "DYNAMODB_ENDPOINT_URL": live_dynamo.endpoint_url,
        "DYNAMODB_TABLE_PREFIX": "live-",
    }
    moved = run_manage(
        "match_transition", match.match_id, "CONTACTED", "--note", "전화", "--json", **env
    )
    assert moved.returncode == 0, moved.stderr
    assert json.loads(moved.stdout)["status"] == "CONTACTED"

    refused = run_manage("match_transition", match.match_id, "COMPLETED", **env)
    assert refused.returncode == 1
    assert refused.stdout == ""
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "매칭은 “연락함”에서 “완료”(으)로 바꿀 수 없습니다." in refused.stderr

    stale = run_manage(
        "match_transition", match.match_id, "RESPONDED", "--expect-version", "1", "--json", **env
    )
    assert stale.returncode == 1
    assert "error" in json.loads(stale.stdout)
