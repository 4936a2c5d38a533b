"""In-process metrics for GET /metrics (Prometheus text format, or JSON).

Counters run from the start of this process; the stored-document gauges are read from
the database at scrape time. Request latency is kept per route template (never per raw
path, so ids do not blow up the series).
"""
from __future__ import annotations

import threading
import time

BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)


class Histogram:
    def __init__(self) -> None:
        self.counts = [0] * (len(BUCKETS) + 1)
        self.sum = 0.0
        self.n = 0

    def observe(self, x: float) -> None:
        self.n += 1
        self.sum += x
        for i, b in enumerate(BUCKETS):
            if x <= b:
                self.counts[i] += 1
                return
        self.counts[-1] += 1

    def quantile(self, q: float) -> float | None:
        if not self.n:
            return None
        want, acc = q * self.n, 0
        for i, c in enumerate(self.counts):
            acc += c
            if acc >= want:
                return BUCKETS[i] if i < len(BUCKETS) else float("inf")
        return float("inf")


class Metrics:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.started = time.time()
        self.processed = {"ok": 0, "failed": 0, "reused": 0}  # documents through the pipeline
        self.review_required = 0
        self.rejected = 0  # uploads refused before parsing (empty, too large, wrong type, bad name)
        self.parse_seconds = Histogram()
        self.requests: dict[tuple[str, str, int], int] = {}
        self.request_seconds: dict[tuple[str, str], Histogram] = {}

    def parsed(self, ok: bool, seconds: float | None = None, review: bool = False, reused: bool = False) -> None:
        with self.lock:
            if reused:
                self.processed["reused"] += 1
            else:
                self.processed["ok" if ok else "failed"] += 1
            if ok and review:
                self.review_required += 1
            if seconds is not None and not reused:
                self.parse_seconds.observe(seconds)

    def reject(self) -> None:
        with self.lock:
            self.rejected += 1

    def request(self, method: str, route: str, status: int, seconds: float) -> None:
        with self.lock:
            k = (method, route, status)
            self.requests[k] = self.requests.get(k, 0) + 1
            self.request_seconds.setdefault((method, route), Histogram()).observe(seconds)

    def snapshot(self, stored: dict) -> dict:
        with self.lock:
            ok = self.processed["ok"] + self.processed["reused"]
            h = self.parse_seconds
            return {
                "uptime_seconds": round(time.time() - self.started, 1),
                "documents_processed": dict(self.processed),
                "review_rate": round(self.review_required / ok, 4) if ok else None,
                "uploads_rejected": self.rejected,
                "parse_seconds": {"count": h.n, "sum": round(h.sum, 4),
                                  "mean": round(h.sum / h.n, 4) if h.n else None,
                                  "p50_le": h.quantile(0.5), "p95_le": h.quantile(0.95)},
                "requests": [{"method": m, "route": r, "status": s, "count": c}
                             for (m, r, s), c in sorted(self.requests.items())],
                "request_seconds": [{"method": m, "route": r, "count": hh.n, "sum": round(hh.sum, 4),
                                     "p95_le": hh.quantile(0.95)}
                                    for (m, r), hh in sorted(self.request_seconds.items())],
                "stored": stored,
            }

    def prometheus(self, stored: dict) -> str:
        out: list[str] = []

        def metric(name: str, kind: str, help_: str, samples: list[tuple[str, float]]) -> None:
            out.append(f"# HELP {name} {help_}")
            out.append(f"# TYPE {name} {kind}")
            for labels, v in samples:
                out.append(f"{name}{labels} {v}")

        def hist(name: str, help_: str, series: list[tuple[dict, Histogram]]) -> None:
            out.append(f"# HELP {name} {help_}")
            out.append(f"# TYPE {name} histogram")
            for labels, h in series:
                acc = 0
                for b, c in zip([*BUCKETS, float("inf")], h.counts):
                    acc += c
                    le = "+Inf" if b == float("inf") else repr(b)
                    out.append(f"{name}_bucket{_labels({**labels, 'le': le})} {acc}")
                out.append(f"{name}_sum{_labels(labels)} {round(h.sum, 6)}")
                out.append(f"{name}_count{_labels(labels)} {h.n}")

        with self.lock:
            metric("xxgk_documents_processed_total", "counter",
                   "Documents through the extractor since start (outcome: ok, failed, reused = stored parse returned)",
                   [(_labels({"outcome": k}), v) for k, v in self.processed.items()])
            metric("xxgk_documents_review_required_total", "counter",
                   "Processed documents whose parse asks for review", [("", self.review_required)])
            ok = self.processed["ok"] + self.processed["reused"]
            metric("xxgk_review_rate", "gauge", "Share of processed documents that need review (since start)",
                   [("", round(self.review_required / ok, 6) if ok else 0.0)])
            metric("xxgk_uploads_rejected_total", "counter",
                   "Uploads refused before parsing (empty, too large, wrong type, unsafe name)", [("", self.rejected)])
            hist("xxgk_parse_seconds", "Time to load, parse and rank one document", [({}, self.parse_seconds)])
            metric("xxgk_http_requests_total", "counter", "HTTP requests by route and status",
                   [(_labels({"method": m, "route": r, "status": str(s)}), c)
                    for (m, r, s), c in sorted(self.requests.items())])
            hist("xxgk_http_request_seconds", "HTTP request latency by route",
                 [({"method": m, "route": r}, h) for (m, r), h in sorted(self.request_seconds.items())])
            metric("xxgk_uptime_seconds", "gauge", "Seconds since the service started",
                   [("", round(time.time() - self.started, 1))])
        metric("xxgk_documents_stored", "gauge", "Stored documents by review status",
               [(_labels({"status": k}), v) for k, v in sorted((stored.get("by_status") or {}).items())])
        metric("xxgk_review_queue", "gauge", "Stored documents waiting for review", [("", stored.get("queue", 0))])
        metric("xxgk_stored_review_rate", "gauge", "Share of stored documents whose current parse asks for review",
               [("", stored.get("review_rate") or 0.0)])
        metric("xxgk_jobs", "gauge", "Batch jobs by status",
               [(_labels({"status": k}), v) for k, v in sorted((stored.get("jobs") or {}).items())])
        return "\n".join(out) + "\n"


def _labels(d: dict) -> str:
    if not d:
        return ""
    esc = lambda v: str(v).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')  # noqa: E731
    return "{" + ",".join(f'{k}="{esc(v)}"' for k, v in d.items()) + "}"
