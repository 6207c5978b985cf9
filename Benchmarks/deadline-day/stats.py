"""What the load test measured: every request's kind, class, start, latency and outcome, and the
server's RSS over time; turned into the report's table and the targets' verdicts."""
import math
import time

# Classes the latency target applies to (pages people wait on, and the API's pages).
LATENCY_CLASSES = ("page", "api")


def percentile(sorted_values, fraction):
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, math.ceil(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


class Recorder:
    def __init__(self):
        self.origin = time.monotonic()
        self.samples = []      # (kind, class, start offset s, latency s, status or None)
        self.failures = []     # (kind, offset, message): time-outs, resets, refused connections
        self.transfers = []    # (direction, start offset, end offset, bytes)
        self.rss = []          # (offset, pid, kB)

    def now(self):
        return time.monotonic() - self.origin

    def record(self, kind, klass, started, response):
        self.samples.append((kind, klass, started - self.origin, response.elapsed, response.status))

    def fail(self, kind, started, message):
        self.failures.append((kind, started - self.origin, message))

    def transfer(self, direction, started, ended, count):
        self.transfers.append((direction, started - self.origin, ended - self.origin, count))

    # --- summaries -----------------------------------------------------------------------------
    def table(self, start=None, end=None):
        """Per kind: count, rate, p50/p95/p99 in ms, 5xx and other errors, within [start, end)."""
        chosen = [s for s in self.samples if (start is None or s[2] >= start) and (end is None or s[2] < end)]
        span = ((end if end is not None else self.now()) - (start or 0)) or 1
        rows = {}
        for kind, klass, _, latency, status in chosen:
            row = rows.setdefault(kind, {"class": klass, "latencies": [], "5xx": 0, "4xx": 0})
            row["latencies"].append(latency)
            if status >= 500:
                row["5xx"] += 1
            elif status >= 400:
                row["4xx"] += 1
        result = {}
        for kind, row in sorted(rows.items()):
            values = sorted(row["latencies"])
            result[kind] = {"class": row["class"], "count": len(values), "per_second": len(values) / span,
                            "p50_ms": percentile(values, 0.50) * 1000, "p95_ms": percentile(values, 0.95) * 1000,
                            "p99_ms": percentile(values, 0.99) * 1000, "5xx": row["5xx"], "4xx": row["4xx"],
                            "failures": sum(1 for f in self.failures if f[0] == kind
                                            and (start is None or f[1] >= start) and (end is None or f[1] < end))}
        return result

    def busy_throughput(self, direction):
        """Bytes per second while at least one transfer of `direction` was in progress (the union of
        their intervals), so idle gaps between uploads do not dilute the figure."""
        spans = sorted((s, e, n) for d, s, e, n in self.transfers if d == direction)
        if not spans:
            return 0.0, 0, 0.0
        total = sum(n for _, _, n in spans)
        busy, current_start, current_end = 0.0, spans[0][0], spans[0][1]
        for s, e, _ in spans[1:]:
            if s > current_end:
                busy += current_end - current_start
                current_start, current_end = s, e
            else:
                current_end = max(current_end, e)
        busy += current_end - current_start
        return (total / busy if busy > 0 else 0.0), total, busy

    def peak_rss_mb(self):
        return max((kb for _, _, kb in self.rss), default=0) / 1024


def format_table(table):
    lines = [f"{'request':34} {'class':8} {'count':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'5xx':>5} {'4xx':>5} {'fail':>5}"]
    for kind, row in table.items():
        lines.append(f"{kind:34} {row['class']:8} {row['count']:7d} {row['per_second']:8.1f} {row['p50_ms']:8.1f} "
                     f"{row['p95_ms']:8.1f} {row['p99_ms']:8.1f} {row['5xx']:5d} {row['4xx']:5d} {row['failures']:5d}")
    return "\n".join(lines)
