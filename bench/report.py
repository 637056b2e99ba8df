"""Markdown for bench/RESULTS.md: one dated section per run, a table per tier, each
figure next to the issue's goal and whether it was met."""

import datetime as dt
import os
import platform
import sys
from importlib import metadata
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")
HEADER = """# Benchmark results

Appended by `python -m bench` (`make bench`), newest last. Every figure is a ratio or a
percentile against a baseline measured in the same run, interleaved: absolute times on
these shared machines mean little. Goals are issue 5's.
"""

# Goals for the client tier (p50 ratio to raw).
CLIENT_GOALS = {"get": 1.15, "put (versioned)": 1.15, "query 20": 1.30}
PER_ITEM_GOAL_US = 100.0
E2E_GOAL = 1.10
BATCH_GOAL = 5.0
# Goals of the scale tier (issue 14).
SCALE_GROWTH_GOAL = 1.5  # GSI page p50 at the largest size over p50 at the smallest
RESTART_GOAL_S = 10.0


def _ok(met: bool) -> str:
    return "met" if met else "**not met**"


def machine(command: str) -> list[str]:
    versions = ", ".join(
        f"{name} {_version(name)}" for name in ("boto3", "botocore", "moto", "pydantic", "pynamodb")
    )
    return [
        f"- machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} "
        f"{platform.release()}, load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"- Python {platform.python_version()}; {versions}",
        f"- command: `{command}`",
    ]


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def client_section(result: dict) -> tuple[list[str], list[bool]]:
    lines = [
        "",
        f"### Client side (canned responses; {result['samples']} samples per contender "
        f"after {result['warmup']} warm-up, interleaved)",
        "",
        "Times in µs. xraw = ratio of p50 (p99) to the raw client + hand decoding.",
        "",
        "| operation | contender | p50 | p90 | p99 | max | xraw p50 | xraw p99 | goal | |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    verdicts: list[bool] = []
    for op, contenders in result["ops"].items():
        raw = contenders["raw"]
        ours = contenders["repository"].p50
        for name, s in contenders.items():
            goal, verdict = "", ""
            if name == "repository":
                checks = []
                if op in CLIENT_GOALS:
                    limit = CLIENT_GOALS[op]
                    checks.append((f"≤ {limit:.2f}x", s.p50 / raw.p50 <= limit))
                others = [c for c in ("resource", "pynamodb") if c in contenders]
                checks.append(
                    ("below " + " and ".join(others), all(ours < contenders[c].p50 for c in others))
                )
                goal = "; ".join(text for text, _ in checks)
                verdict = ", ".join(_ok(met) for _, met in checks)
                verdicts += [met for _, met in checks]
            lines.append(
                f"| {op} | {name} | {s.p50:.0f} | {s.p90:.0f} | {s.p99:.0f} | {s.max:.0f} | "
                f"{s.p50 / raw.p50:.2f} | {s.p99 / raw.p99:.2f} | {goal} | {verdict} |"
            )
    lines += [
        "",
        "| operation | items | added by the repository per item (p50) | goal | |",
        "|---|---:|---:|---|---|",
    ]
    for op, count in result["items"].items():
        if count < 2:
            continue
        contenders = result["ops"][op]
        added = (contenders["repository"].p50 - contenders["raw"].p50) / count
        met = added <= PER_ITEM_GOAL_US
        verdicts.append(met)
        lines.append(f"| {op} | {count} | {added:.1f} µs | ≤ 100 µs | {_ok(met)} |")
    return lines, verdicts


def e2e_section(result: dict) -> tuple[list[str], list[bool]]:
    sizes = result["sizes"]
    verdicts: list[bool] = []
    lines = ["", "### End to end (servers in their own processes)", ""]
    for note in result["notes"]:
        lines.append(f"- {note}")
    lines += [
        "",
        "| server | items in table | operation | samples | raw p50 | repo p50 | xp50 | raw p99 | "
        "repo p99 | xp99 | goal ≤ 1.10x (p50) | |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for server in result["servers"]:
        for op, pair in server["ops"].items():
            raw, ours = pair["raw"], pair["repository"]
            met = ours.p50 / raw.p50 <= E2E_GOAL
            verdicts.append(met)
            lines.append(
                f"| {server['server']} | {server['items']} | {op} | {raw.samples} | "
                f"{raw.p50 / 1000:.2f} ms | {ours.p50 / 1000:.2f} ms | {ours.p50 / raw.p50:.2f} | "
                f"{raw.p99 / 1000:.2f} ms | {ours.p99 / 1000:.2f} ms | {ours.p99 / raw.p99:.2f} | "
                f"≤ 1.10x | {_ok(met)} |"
            )
    b = result["batch"]
    lines += [
        "",
        f"Batch write ({b['items']} new matches per mode in calls of {b['items'] // b['rounds']}, "
        f"{b['rounds']} rotating rounds after one untimed round of each). batch_write sends "
        f"up to {b['in_flight']} requests at once as shipped; 'one at a time' is in_flight=1. "
        "'Server alone' replays the same requests, built and signed beforehand, over one "
        "keep-alive connection: its ratio is the most any client could reach on that server. "
        "'Client alone' is batch_write (one at a time) answered by canned responses: our "
        "encoding and botocore's, with no server. 'Reachable' is the most batch_write could "
        "reach on that server: it encodes every item before its first request, so that time "
        "adds to the server's own, 1 / (1 / server alone + 1 / encoding alone), over "
        "sequential create.",
        "",
        "| server | batch_write | one at a time | sequential create | ratio | ratio, one "
        "at a time | server alone: batch | server alone: puts | server alone: ratio | "
        "client alone: batch | encoding alone | reachable | goal | |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for server, key, ceiling_key in (
        ("embedded (journal off)", "batch", "ceiling"),
        ("embedded (journal on, as shipped)", "batch_journaled", "ceiling_journaled"),
        ("dynalite", "batch_dynalite", "ceiling_dynalite"),
    ):
        if key not in result:
            continue
        batch, ceiling = result[key], result.get(ceiling_key)
        met = batch["ratio"] >= BATCH_GOAL
        verdicts.append(met)
        alone = "— | — | — | — | — | —"
        if ceiling:
            rates = ceiling["rates"]
            reachable = 1 / (1 / rates["batch"] + 1 / rates["encode_alone"])
            alone = (
                f"{rates['batch']:.0f} items/s | {rates['sequential']:.0f} items/s | "
                f"{ceiling['ratio']:.1f}x | {rates['client_alone']:.0f} items/s | "
                f"{rates['encode_alone']:.0f} items/s | "
                f"{reachable / batch['rates']['sequential']:.1f}x"
            )
        lines.append(
            f"| {server} | {batch['rates']['batch']:.0f} items/s | "
            f"{batch['rates']['batch_one']:.0f} items/s | "
            f"{batch['rates']['sequential']:.0f} items/s | {batch['ratio']:.1f}x | "
            f"{batch['ratio_one']:.1f}x | {alone} | ≥ 5x | {_ok(met)} |"
        )
    f = result["faults"]
    checks = [
        ("items lost", f"{f['lost']} of {f['items']} (read back: {f['found']})", f["lost"] == 0),
        (
            "attempts per 25-item chunk (most)",
            f"{f['max_attempts_per_chunk']} (limit {f['attempt_limit']})",
            f["max_attempts_per_chunk"] <= f["attempt_limit"],
        ),
        (
            "backoff delay, total",
            f"{f['waited']:.3f} s (ceiling for the retries made "
            f"{f['budget_for_retries_made']:.2f} s, "
            f"worst case {f['budget_worst_case']:.2f} s)",
            f["waited"] <= f["budget_for_retries_made"],
        ),
    ]
    verdicts += [ok for _, _, ok in checks]
    lines += [
        "",
        f"Batch write under injected faults ({f['backoff']}): {f['batch_calls']} batch calls, "
        f"{f['injected_unprocessed']} answered with half their items as UnprocessedItems, "
        f"{f['http_attempts']} HTTP attempts of which {f['throttled']} throttled "
        f"(retried by botocore), {f['seconds']:.1f} s in all.",
        "",
        "| check | figure | |",
        "|---|---|---|",
        *[f"| {name} | {figure} | {_ok(ok)} |" for name, figure, ok in checks],
    ]
    d = result["durability"]
    on, off = d["latency"][d["on"]], d["latency"][d["off"]]
    t_on, t_off = d["throughput"][d["on"]], d["throughput"][d["off"]]
    lines += [
        "",
        f"Durability of the embedded server ({on.samples} single puts each, interleaved; "
        f"throughput with 4 concurrent writers, {sizes.throughput_seconds:g} s x 2 each):",
        "",
        "| | write p50 | write p99 | throughput |",
        "|---|---:|---:|---:|",
        f"| journal off | {off.p50 / 1000:.2f} ms | {off.p99 / 1000:.2f} ms "
        f"| {t_off:.0f} writes/s |",
        f"| journal on | {on.p50 / 1000:.2f} ms | {on.p99 / 1000:.2f} ms | {t_on:.0f} writes/s |",
        f"| on ÷ off | {on.p50 / off.p50:.2f}x | {on.p99 / off.p99:.2f}x | {t_on / t_off:.2f}x |",
    ]
    return lines, verdicts


def cost_section(result: dict) -> list[str]:
    lines = [
        "",
        f"### Query cost ({result['items']} matches: {result['stores']} stores x "
        f"{result['per_store']}; calls counted by a botocore after-call hook)",
        "",
        "| access pattern | calls | operations | items returned per call | items read per call |",
        "|---|---:|---|---|---|",
    ]
    for row in result["rows"]:
        lines.append(
            f"| {row['pattern']} | {row['calls']} | {row['operations']} | "
            f"{_compact(row['returned'])} | {_compact(row['scanned'])} |"
        )
    return lines


def _ms(summary, pct: str = "p50") -> str:
    return "—" if summary is None else f"{getattr(summary, pct) / 1000:.2f}"


def _mb(value: int | None) -> str:
    return "—" if value is None else f"{value / (1 << 20):.0f} MB"


def scale_section(result: dict) -> tuple[list[str], list[bool]]:
    sizes = result["sizes"]
    steps = result["steps"]
    names = result["servers"]
    embedded = names[0]
    lines = [
        "",
        f"### Scale (issue 14): the same pages as the table grows ({sizes.samples} samples "
        "per operation and server, interleaved; raw boto3 client)",
        "",
    ]
    lines += [f"- {note}" for note in result["notes"]]
    lines += [
        f"- GSI page: 20 of a store's {sizes.per_store} matches on match-store-index, newest "
        f"first; creator page: 20 of a creator's {sizes.per_creator} on match-creator-index; "
        "base query: a match's own partition (PK = :p); put: an existing match written "
        "again; transact: TransactWriteItems with one conditional put of a new item (dynalite "
        "has no transactions).",
        "- times in ms (p50, and p99 for the GSI page); load: batch writes of 25, "
        f"{4} requests in flight.",
        "",
        "| items | server | GSI page p50 | GSI page p99 | creator page p50 | base query p50 | "
        "get p50 | put p50 | put p99 | transact p50 | transact p99 | RSS | load |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    previous = 0
    for step in steps:
        t = step["timings"]
        added, previous = step["items"] - previous, step["items"]
        for name in names:
            load = step["load_seconds"][name]
            cells = [
                _ms(t["gsi_page"][name]),
                _ms(t["gsi_page"][name], "p99"),
                _ms(t["creator_page"][name]),
                _ms(t["base_page"][name]),
                _ms(t["get"][name]),
                _ms(t["put"][name]),
                _ms(t["put"][name], "p99"),
                _ms(t["transact"].get(name)),
                _ms(t["transact"].get(name), "p99"),
                _mb(step["rss"][name]),
                f"{added / load:.0f} items/s",
            ]
            lines.append(f"| {step['items']} | {name} | " + " | ".join(cells) + " |")
    verdicts: list[bool] = []
    first, last = steps[0]["timings"], steps[-1]["timings"]
    growth = last["gsi_page"][embedded].p50 / first["gsi_page"][embedded].p50
    checks = [
        (
            f"{embedded}: GSI page p50 at {steps[-1]['items']} items over p50 at "
            f"{steps[0]['items']}",
            f"{growth:.2f}x",
            f"≤ {SCALE_GROWTH_GOAL:.1f}x",
            growth <= SCALE_GROWTH_GOAL,
        )
    ]
    if len(names) > 1:
        other = names[1]
        ours, theirs = last["gsi_page"][embedded].p50, last["gsi_page"][other].p50
        checks.append(
            (
                f"GSI page p50 at {steps[-1]['items']} items, {embedded} vs {other}",
                f"{ours / 1000:.2f} ms vs {theirs / 1000:.2f} ms ({ours / theirs:.2f}x)",
                f"≤ {other}",
                ours <= theirs,
            )
        )
    restart = result["restart"]
    back = restart["items_back"] == restart["expected"]
    checks.append(
        (
            f"restart after kill -9 at {restart['expected']} items (snapshot "
            f"{_mb(restart['snapshot_bytes'])}, journal {_mb(restart['journal_bytes'])})",
            f"{restart['seconds']:.1f} s, {restart['items_back']} items back",
            f"< {RESTART_GOAL_S:.0f} s, every item back",
            restart["seconds"] < RESTART_GOAL_S and back,
        )
    )
    lines += ["", "| check | figure | goal | |", "|---|---|---|---|"]
    for name, figure, goal, met in checks:
        verdicts.append(met)
        lines.append(f"| {name} | {figure} | {goal} | {_ok(met)} |")
    lines += [
        "",
        "Server CPU per request (ms; the CPU time the server's processes used while the "
        "samples ran, over the requests sent, warm-up included): what a request costs the "
        "server itself, whatever else the machine runs.",
        "",
        "| items | server | GSI page | creator page | base query | get | put | transact |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for step in steps:
        for name in names:
            cells = [
                f"{step['cpu'][op][name]:.2f}" if name in step["cpu"][op] else "—"
                for op in ("gsi_page", "creator_page", "base_page", "get", "put", "transact")
            ]
            lines.append(f"| {step['items']} | {name} | " + " | ".join(cells) + " |")
    if len(names) > 1:
        other = names[1]
        lines += ["", f"Embedded over {other}, p50 at each size (reported, no goal):", ""]
        lines += ["| items | GSI page | creator page | base query | get | put |"]
        lines += ["|---:|---:|---:|---:|---:|---:|"]
        for step in steps:
            t = step["timings"]
            ratios = [
                t[op][embedded].p50 / t[op][other].p50
                for op in ("gsi_page", "creator_page", "base_page", "get", "put")
            ]
            lines.append(f"| {step['items']} | " + " | ".join(f"{r:.2f}x" for r in ratios) + " |")
    first = ", ".join(f"{s * 1000:.0f} ms" for s in restart["first_pages"])
    lines += [
        "",
        f"Memory of the embedded server after the restart: {_mb(restart['rss_after'])} "
        f"(before the kill: {_mb(restart['rss_before'])}). The first three GSI pages "
        f"after it answered: {first} (it fills its query indexes beside requests once "
        "it answers; a query on an index not filled yet fills it).",
    ]
    return lines, verdicts


def _compact(numbers: list[int]) -> str:
    """[20, 1, 1, 1] → `20, 1 x3`."""
    parts: list[str] = []
    for n in numbers:
        if parts and parts[-1].split(" x")[0] == str(n):
            head, _, times = parts[-1].partition(" x")
            parts[-1] = f"{head} x{int(times or 1) + 1}"
        else:
            parts.append(str(n))
    return ", ".join(parts)


def section(command: str, tiers: dict, seconds: float) -> tuple[str, list[bool]]:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["", f"## {stamp}", "", *machine(command)]
    verdicts: list[bool] = []
    if "client" in tiers:
        more, ok = client_section(tiers["client"])
        lines += more
        verdicts += ok
    if "e2e" in tiers:
        more, ok = e2e_section(tiers["e2e"])
        lines += more
        verdicts += ok
    if "cost" in tiers:
        lines += cost_section(tiers["cost"])
    if "matching" in tiers:
        from bench import matching_tier

        more, ok = matching_tier.section(tiers["matching"])
        lines += more
        verdicts += ok
    if "scale" in tiers:
        more, ok = scale_section(tiers["scale"])
        lines += more
        verdicts += ok
    if "load" in tiers:
        from bench import load_tier

        more, ok = load_tier.section(tiers["load"])
        lines += more
        verdicts += ok
    lines += ["", f"Goals met: {sum(verdicts)} of {len(verdicts)}; run took {seconds:.0f} s.", ""]
    return "\n".join(lines), verdicts


def append(text: str) -> Path:
    if not RESULTS.exists():
        RESULTS.write_text(HEADER)
    with RESULTS.open("a") as out:
        out.write(text)
    return RESULTS


def command_line() -> str:
    return " ".join([Path(sys.executable).name, "-m", "bench", *sys.argv[1:]])
