"""`python -m bench [--quick] [--tier client|e2e|cost|matching|scale|load] [--no-write] ...`.

Runs the tiers of issues 5 and 14 and appends a dated section to bench/RESULTS.md. `--quick` is a
smoke run (few samples, small tables) that must exit 0; its figures are not for comparing,
so it only prints them unless `--write` is given.
"""

import argparse
import sys
import time

TIERS = ("client", "e2e", "cost", "matching", "scale", "load")


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a fast smoke run")
    parser.add_argument("--tier", choices=TIERS, action="append", help="repeatable; all by default")
    parser.add_argument("--no-dynalite", action="store_true", help="skip the dynalite server")
    parser.add_argument("--no-write", action="store_true", help="print, do not touch RESULTS.md")
    parser.add_argument("--write", action="store_true", help="append even a --quick run")
    parser.add_argument("--samples", type=int, help="client-side samples per contender")
    parser.add_argument(
        "--scale-steps",
        help="the scale tier's table sizes, comma-separated (default 1000,10000,100000)",
    )
    parser.add_argument("--scale-samples", type=int, help="the scale tier's samples per server")
    parser.add_argument(
        "--load-requests",
        type=int,
        help="the load tier's requests with think time (twice as many without; default 1300)",
    )
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    tiers = args.tier or list(TIERS)
    started = time.perf_counter()
    results: dict = {}

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if "client" in tiers:
        from bench import client_tier

        samples = args.samples or (200 if args.quick else 2000)
        results["client"] = client_tier.run(
            samples=samples, warmup=50 if args.quick else 300, log=log
        )
    if "e2e" in tiers:
        from bench import e2e_tier

        sizes = e2e_tier.QUICK if args.quick else e2e_tier.FULL
        results["e2e"] = e2e_tier.run(sizes, with_dynalite=not args.no_dynalite, log=log)
    if "cost" in tiers:
        from bench import cost

        sizes = {"stores": 4, "per_store": 30} if args.quick else {}
        results["cost"] = cost.run(**sizes, log=log)

    if "matching" in tiers:
        from bench import matching_tier

        sizes = matching_tier.QUICK if args.quick else matching_tier.FULL
        results["matching"] = matching_tier.run(sizes, log=log)

    if "scale" in tiers:
        from dataclasses import replace

        from bench import scale_tier

        sizes = scale_tier.QUICK if args.quick else scale_tier.FULL
        if args.scale_steps:
            sizes = replace(sizes, steps=tuple(int(n) for n in args.scale_steps.split(",")))
        if args.scale_samples:
            sizes = replace(sizes, samples=args.scale_samples)
        results["scale"] = scale_tier.run(sizes, with_dynalite=not args.no_dynalite, log=log)

    if "load" in tiers:
        from bench import load_tier

        sizes = load_tier.QUICK if args.quick else load_tier.FULL
        if args.load_requests:
            sizes = load_tier.with_requests(sizes, args.load_requests)
        results["load"] = load_tier.run(sizes, log=log)

    from bench import report

    command = report.command_line()
    text, _verdicts = report.section(command, results, time.perf_counter() - started)
    if args.quick:
        text = text.replace("\n## ", "\n## (quick smoke run) ", 1)
    print(text)
    if args.write or not (args.no_write or args.quick):
        log(f"appended to {report.append(text)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
