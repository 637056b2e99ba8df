"""Every change the embedded server makes to moto, installed together in its process.

Each module holds one change and a test holding it to moto's own behaviour:
- fast_requests: request bodies parsed by compiled per-shape plans;
- fast_results: item results written as plain JSON;
- fast_dispatch: moto's per-request routine without work that cannot change an answer;
- fast_cast: attribute values compared without testing for every other type first;
- fast_reads: Query and GetItem answered by moto's action without moto's routine around it;
- fast_images: items copied out in one walk, without deep copies first;
- item_size: one size check per item built, not one per attribute;
- projection: ProjectionExpression converts the attributes it names, not the whole item;
- untracked: moto's dashboard list of every model object ever made is not kept;
- stream_retention: stream records dropped after 24 hours;
- fast_streams: GetRecords written in one json.dumps, not by moto's serializer walk;
- query_index: queries answered from sorted partitions, not by reading every item;
- transactions: a failed transaction undone item by item, not from a copy of each table.
"""

from __future__ import annotations

from collections.abc import Callable

from . import (
    fast_cast,
    fast_dispatch,
    fast_images,
    fast_reads,
    fast_requests,
    fast_results,
    fast_streams,
    item_size,
    projection,
    query_index,
    stream_retention,
    transactions,
    untracked,
)
from .moto_version import require_tested

MODULES = (
    fast_requests,
    fast_results,
    fast_dispatch,
    fast_cast,
    fast_reads,
    fast_images,
    item_size,
    projection,
    untracked,
    stream_retention,
    fast_streams,
    query_index,
    transactions,
)


def install_all() -> Callable[[], None]:
    """Install every change; returns a function that undoes them all.

    Raises UntestedMotoVersion, having changed nothing, on a moto they were not tested against.
    """
    require_tested()
    undo = [module.install() for module in MODULES]

    def uninstall() -> None:
        for uninstall_one in reversed(undo):
            uninstall_one()

    return uninstall
