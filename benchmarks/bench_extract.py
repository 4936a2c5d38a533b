"""Time `extract_file` over every document of a folder.

    python benchmarks/bench_extract.py [FOLDER] [--repeat N]

FOLDER defaults to tests/data/corpus (the public reports copied into the repository). Every document is
extracted once to warm up (model loading, imports; reported separately as the cold
first call), then N more times; a document's time is the median of its N runs. Prints
the median (and max) ms per document for each format and overall, and the files that
failed. Exit status 1 only when extract_file crashed (a LoadError is an expected outcome).
Not a test: pytest only collects tests/.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run from a checkout without installing

from extractor.files import iter_documents  # noqa: E402

DEFAULT_FOLDER = REPO / "tests" / "data" / "corpus"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per document (default 3)")
    args = ap.parse_args(argv)
    if not args.folder.is_dir():
        ap.error(f"{args.folder} is not a folder")

    from extractor.model import LoadError
    from extractor.pipeline import extract_file

    docs = list(iter_documents(args.folder))
    if not docs:
        ap.error(f"no documents under {args.folder}")

    t0 = time.perf_counter()
    formats: dict[Path, str] = {}
    failed: dict[Path, str] = {}
    bugs = 0
    cold_ms = None
    for d in docs:  # warm-up pass; also learns each document's format
        t = time.perf_counter()
        try:
            out = extract_file(d)
            formats[d] = (out.get("source") or {}).get("format") or d.suffix.lstrip(".").lower() or "none"
        except LoadError as e:
            failed[d] = f"LoadError: {e}"
        except Exception as e:  # a bug: report it, time the rest
            failed[d] = f"{type(e).__name__}: {e}"
            bugs += 1
        if cold_ms is None:
            cold_ms = (time.perf_counter() - t) * 1000

    per_doc: dict[Path, float] = {}
    for d in formats:
        runs = []
        for _ in range(max(1, args.repeat)):
            t = time.perf_counter()
            extract_file(d)
            runs.append((time.perf_counter() - t) * 1000)
        per_doc[d] = statistics.median(runs)

    by_format: dict[str, list[float]] = {}
    for d, ms in per_doc.items():
        by_format.setdefault(formats[d], []).append(ms)

    print(f"{len(docs)} documents under {args.folder}, {args.repeat} timed runs each "
          f"(first call, cold: {cold_ms:.1f} ms)")
    print(f"{'format':<10} {'docs':>5} {'median ms':>10} {'max ms':>9}")
    for fmt in sorted(by_format):
        v = by_format[fmt]
        print(f"{fmt:<10} {len(v):>5} {statistics.median(v):>10.1f} {max(v):>9.1f}")
    if per_doc:
        v = list(per_doc.values())
        print(f"{'overall':<10} {len(v):>5} {statistics.median(v):>10.1f} {max(v):>9.1f}")
    for d, msg in failed.items():
        print(f"failed: {d}: {msg}")
    print(f"total wall time {time.perf_counter() - t0:.1f} s")
    return 1 if bugs else 0  # unreadable input (LoadError) is expected, a crash is not


if __name__ == "__main__":
    sys.exit(main())
