"""Benchmarks of the DynamoDB core (issue 5): `python -m bench` (see bench/__main__.py).

Not part of `make test`. Every figure is a ratio or percentile against a baseline measured
in the same run, interleaved; results are appended to bench/RESULTS.md.
"""
