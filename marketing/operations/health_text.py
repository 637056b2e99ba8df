"""The health report in lines of text, in the console's language (the command's output)."""

import math

from django.utils.translation import gettext as _

from marketing.operations.health import HealthReport, LatencyCheck


def ms_text(value: float | None) -> str:
    if value is None:
        return "-"
    if math.isinf(value):
        return _("over 5 s")
    return _("≤ %(ms)s ms") % {"ms": f"{value:g}"}


def verdict(meets: bool | None) -> str:
    if meets is None:
        return _("no calls")
    return _("OK") if meets else _("MISSED")


def state_text(value: str | None) -> str:
    return _("not supported here") if value is None else value


def _latency_line(label: str, check: LatencyCheck | None) -> str:
    if check is None:
        return f"{label}: -"
    return _(
        "%(label)s: %(calls)s calls, p50 %(p50)s, p95 %(p95)s, p99 %(p99)s "
        "(target p99 < %(target)s ms): %(verdict)s"
    ) % {
        "label": label,
        "calls": check.calls,
        "p50": ms_text(check.p50_ms),
        "p95": ms_text(check.p95_ms),
        "p99": ms_text(check.p99_ms),
        "target": check.target_ms,
        "verdict": verdict(check.meets_target),
    }


def report_lines(report: HealthReport) -> list[str]:
    lines = [_("DynamoDB at %(endpoint)s") % {"endpoint": report.endpoint}]
    if not report.reachable:
        return [*lines, _("Unreachable.")]
    for table in report.tables:
        lines.append(
            _(
                "Table %(name)s: %(status)s, about %(items)s items; TTL %(ttl)s, "
                "stream %(stream)s, PITR %(pitr)s"
            )
            % {
                "name": table.name,
                "status": table.status,
                "items": "-" if table.item_count is None else table.item_count,
                "ttl": state_text(table.ttl),
                "stream": state_text(table.stream),
                "pitr": state_text(table.point_in_time_recovery),
            }
        )
        for index in table.indexes:
            lines.append(
                _("  index %(name)s: %(status)s, about %(items)s items")
                % {
                    "name": index.name,
                    "status": index.status,
                    "items": "-" if index.item_count is None else index.item_count,
                }
            )
        for name in table.missing_indexes:
            lines.append(_("  index %(name)s: MISSING") % {"name": name})
    lines.append(_("Calls of the last %(minutes)s minutes:") % {"minutes": report.window_minutes})
    lines.append(_latency_line(_("Reads"), report.read_latency))
    lines.append(_latency_line(_("Writes"), report.write_latency))
    if report.errors is not None:
        figures = report.errors.figures
        rate = report.errors.rate_percent
        lines.append(
            _(
                "Errors: %(errors)s of %(calls)s calls (%(rate)s, target < %(target)s %%): "
                "%(verdict)s; throttled %(throttles)s, retries %(retries)s, "
                "condition failures %(conditions)s, %(capacity)s capacity units"
            )
            % {
                "errors": figures.errors,
                "calls": figures.calls,
                "rate": "-" if rate is None else f"{rate:.2f} %",
                "target": report.errors.target_percent,
                "verdict": verdict(report.errors.meets_target),
                "throttles": figures.throttles,
                "retries": figures.retries,
                "conditions": figures.condition_failures,
                "capacity": f"{figures.capacity_units:g}",
            }
        )
    if report.consumer is None:
        lines.append(_("Stream consumer: no consumer"))
    else:
        lines.append(
            _("Stream consumer: %(seconds)s s behind, %(shards)s shards")
            % {"seconds": round(report.consumer_lag_seconds), "shards": report.consumer.shards}
        )
    for label, rate in (
        (_("Scrape cache hit rate"), report.cache),
        (_("Stores scraped within 7 days"), report.stores_fresh),
        (_("Creator channels synced within a day"), report.creators_fresh),
    ):
        if rate is not None:
            percent = "-" if rate.percent is None else f"{rate.percent} %"
            lines.append(f"{label}: {percent} ({rate.part}/{rate.whole})")
    if report.sample_size:
        lines.append(
            _("Hot partitions (a sample of up to %(size)s items a table): %(count)s")
            % {"size": report.sample_size, "count": len(report.hot_partitions)}
        )
        for hot in report.hot_partitions:
            lines.append(
                _("  %(table)s %(index)s %(key)s: %(share)s %% of %(items)s sampled items")
                % {
                    "table": hot.table,
                    "index": hot.index,
                    "key": hot.key,
                    "share": f"{hot.share_percent:.0f}",
                    "items": hot.index_items,
                }
            )
    return lines
