"""The matching engine: which creators fit a store, how well, and why.

- candidates: which creators a store is scored against (index queries only);
- scoring: the weighted components, findings, confidence and priority (no I/O);
- weights: MATCH_WEIGHTS, validated;
- history: our own workflow history with a creator;
- writing: conditional creates and version-checked re-scores;
- run: one run over some stores, with its caches and counts.
"""
