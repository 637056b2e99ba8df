"""The query-cost report: per repository access pattern, the DynamoDB calls it makes and
the items each call reads, counted by a botocore `after-call` hook on the client. An N+1
pattern shows up as N+1 calls; a selective filter as items read far above items kept."""

import contextlib
from collections import Counter
from dataclasses import dataclass, field

from bench import servers
from bench.models import MatchRepository, make_match
from marketing.dynamo import errors
from marketing.dynamo.client import get_client


@dataclass
class CallLog:
    calls: list[tuple[str, int, int]] = field(default_factory=list)  # op, returned, scanned

    def hook(self, event_name: str, parsed: dict, **_):
        operation = event_name.rsplit(".", 1)[-1]
        if "Responses" in parsed:
            returned = sum(len(v) for v in parsed["Responses"].values())
            scanned = returned
        elif "Items" in parsed:
            returned = len(parsed["Items"])
            scanned = parsed.get("ScannedCount", returned)
        else:
            returned = scanned = 1 if parsed.get("Item") or parsed.get("Attributes") else 0
        self.calls.append((operation, returned, scanned))

    def take(self) -> list[tuple[str, int, int]]:
        calls, self.calls = self.calls, []
        return calls


def run(*, stores: int = 10, per_store: int = 50, log=print) -> dict:
    with servers.embedded(journal=False) as server:
        server.use()
        servers.create_table(server)
        items = servers.dataset(stores, per_store)
        servers.seed(server, items)
        count = servers.item_count(server)
        calls = CallLog()
        get_client().meta.events.register("after-call.dynamodb", calls.hook)
        repo = MatchRepository()
        first = items[0]
        keys = [MatchRepository.key(m) for m in items[:100]]

        def rows_then_gets():
            page = repo.rows_for_store("s0001")
            by_id = {m.match_id: m for m in items}
            for row in page.items:
                repo.get(*MatchRepository.key(by_id[row.match_id]))

        def rows_then_batch():
            page = repo.rows_for_store("s0001")
            by_id = {m.match_id: m for m in items}
            repo.batch_get([MatchRepository.key(by_id[r.match_id]) for r in page.items])

        def walk_store():
            page = repo.for_store("s0002", limit=20)
            while page.next_cursor:
                page = repo.for_store("s0002", limit=20, cursor=page.next_cursor)

        def get_one():
            return repo.match(first.match_id, "s0000", first.creator_id)

        def day_page():
            return repo.on_day(first.created_at.date(), min_score=80)

        def filtered_queue():
            return repo.work_queue("PENDING", min_score=95)

        def stale_put():
            with contextlib.suppress(errors.ConcurrentModification):
                repo.put(first, expected_version=first.version - 1 or 99, actor="bench")

        def create_conflict():
            with contextlib.suppress(errors.ConditionFailed):
                repo.create(first, actor="bench")

        patterns = [
            ("get a match (primary key)", get_one),
            ("a store's matches, best first (GSI4, page 20)", lambda: repo.for_store("s0003")),
            ("a store's rows, projected (GSI4, page 20)", lambda: repo.rows_for_store("s0003")),
            (f"every page of a store ({per_store} matches, pages of 20)", walk_store),
            ("a creator's matches (GSI5)", lambda: repo.for_creator(first.creator_id)),
            ("work queue per status (GSI2, page 20)", lambda: repo.work_queue("PENDING")),
            ("work queue, score >= 95 filter (GSI2)", filtered_queue),
            ("matches in a score band (GSI1, page 20)", lambda: repo.by_score_band(70)),
            ("a day's matches, score >= 80 (GSI3)", day_page),
            ("batch get 100 (primary keys)", lambda: repo.batch_get(keys)),
            ("list rows then one get per row (N+1)", rows_then_gets),
            ("list rows then one batch get", rows_then_batch),
            (
                "versioned update of one attribute",
                lambda: repo.update(
                    *MatchRepository.key(items[5]),
                    set={"priority": 2},
                    expected_version=items[5].version,
                    actor="bench",
                ),
            ),
            ("put with a stale version (conflict)", stale_put),
            ("create over an existing key (refused)", create_conflict),
            (
                "batch write 60 new matches",
                lambda: repo.batch_write(
                    put_items=[
                        make_match(900_000 + n).model_copy(update={"version": 0}) for n in range(60)
                    ],
                    actor="system:bench",
                ),
            ),
        ]
        rows = []
        for name, action in patterns:
            calls.take()
            action()
            made = calls.take()
            ops = Counter(op for op, _, _ in made)
            rows.append(
                {
                    "pattern": name,
                    "calls": len(made),
                    "operations": ", ".join(f"{n}x {op}" for op, n in ops.items()),
                    "returned": [r for _, r, _ in made],
                    "scanned": [s for _, _, s in made],
                }
            )
        log(f"  cost: {len(rows)} access patterns over {count} items")
        return {"items": count, "stores": stores, "per_store": per_store, "rows": rows}
