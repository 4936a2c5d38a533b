"""CPU time of `extract_file` per document of a folder, warm, in-process.

    python benchmarks/bench_extract.py [FOLDER] [--repeat N] [--against CHECKOUT]

FOLDER defaults to tests/data/corpus (the public reports copied into the repository). Every
document is extracted once to warm up (imports, the model bundle; the first call is reported
separately, cold), then N more times (default 3); a document's cost is the least CPU time
(time.process_time: the box is shared, wall time is not a measure) of its N runs. Prints the
median (and max) ms per document for each format, for text/HTML/markdown together (the
README's "CPU per document") and overall, ms per page of the PDFs (`pdf/page`: each PDF's
time over its page count; issue 11 asks <= 8 ms), and the files that failed.

`--against CHECKOUT` measures another checkout of xxgk (e.g. `git worktree add /tmp/old REV`)
on the same documents, each checkout in its own fresh process, alternately (`--rounds`, each
document's least time counts: a shared box's load drifts), and prints the two side by side: compare code on one machine in one run, never against a number
measured at another time. Exit status 1 only when extract_file crashed (a LoadError is an
expected outcome). Not a test: pytest only collects tests/.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FOLDER = REPO / "tests" / "data" / "corpus"
TEXT_LIKE = ("text", "html", "markdown")  # the formats of the README's per-document figure


def measure(repo: Path, docs: list[Path], repeat: int) -> dict:
    """Run in the process that imports `repo`'s extractor: {"cold_ms", "docs": {path: {format,
    ms}}, "failed": {path: message}, "bugs": n}."""
    sys.path.insert(0, str(repo))
    from extractor.model import LoadError
    from extractor.pipeline import extract_file

    formats: dict[str, str] = {}
    failed: dict[str, str] = {}
    bugs = 0
    cold_ms = None
    for d in docs:  # warm-up pass; also learns each document's format
        t = time.process_time()
        try:
            out = extract_file(d)
            formats[str(d)] = (out.get("source") or {}).get("format") or d.suffix.lstrip(".").lower() or "none"
        except LoadError as e:
            failed[str(d)] = f"LoadError: {e}"
        except Exception as e:  # a bug: report it, time the rest
            failed[str(d)] = f"{type(e).__name__}: {e}"
            bugs += 1
        if cold_ms is None:
            cold_ms = (time.process_time() - t) * 1000
    per_doc = {}
    for d, fmt in formats.items():
        runs = []
        for _ in range(max(1, repeat)):
            t = time.process_time()
            extract_file(d)
            runs.append((time.process_time() - t) * 1000)
        per_doc[d] = {"format": fmt, "ms": min(runs)}
    return {"repo": str(repo), "cold_ms": cold_ms, "docs": per_doc, "failed": failed, "bugs": bugs}


def in_child(repo: Path, docs: list[Path], repeat: int) -> dict:
    """`measure` in a fresh interpreter that imports `repo` (nothing of this process is shared)."""
    r = subprocess.run([sys.executable, __file__, "--child", str(repo), "--repeat", str(repeat)],
                       input=json.dumps([str(d) for d in docs]), capture_output=True, text=True, cwd=repo)
    if r.returncode != 0:
        raise SystemExit(f"measuring {repo} failed:\n{r.stderr[-2000:]}")
    return json.loads(r.stdout)


def least(a: dict, b: dict) -> dict:
    """Two measurements of one checkout merged: each document's least time."""
    if not a:
        return b
    for d, v in b["docs"].items():
        if d in a["docs"]:
            a["docs"][d]["ms"] = min(a["docs"][d]["ms"], v["ms"])
    return a


def pdf_pages(result: dict) -> dict[str, int]:
    """The page count of each PDF measured (read here, in the parent: not timed)."""
    try:
        import pymupdf
    except ImportError:
        return {}
    pages = {}
    for d, v in result["docs"].items():
        if v["format"] == "pdf":
            try:
                with pymupdf.open(d) as doc:
                    pages[d] = doc.page_count
            except Exception:  # an unreadable PDF has no per-page cost
                pass
    return pages


def summary(result: dict, pages: dict[str, int] | None = None) -> dict[str, tuple[int, float, float]]:
    """format -> (documents, median ms, max ms), plus text/HTML/markdown together, overall,
    and `pdf/page` (each PDF's ms over its pages) when `pages` are given."""
    by: dict[str, list[float]] = {}
    for d in result["docs"].values():
        by.setdefault(d["format"], []).append(d["ms"])
    groups = {fmt: v for fmt, v in sorted(by.items())}
    groups["text+html+md"] = [d["ms"] for d in result["docs"].values() if d["format"] in TEXT_LIKE]
    groups["overall"] = [d["ms"] for d in result["docs"].values()]
    groups["pdf/page"] = [v["ms"] / pages[d] for d, v in result["docs"].items() if (pages or {}).get(d)]
    return {k: (len(v), statistics.median(v), max(v)) for k, v in groups.items() if v}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per document, the least counts (default 3)")
    ap.add_argument("--against", type=Path, help="another checkout of xxgk, measured side by side")
    ap.add_argument("--rounds", type=int, default=2,
                    help="with --against: measure the checkouts alternately this many times (default 2)")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)  # internal: measure this checkout
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child, [Path(p) for p in json.load(sys.stdin)], args.repeat)))
        return 0
    if not args.folder.is_dir():
        ap.error(f"{args.folder} is not a folder")
    if args.against and not (args.against / "extractor" / "pipeline.py").is_file():
        ap.error(f"{args.against} is not a checkout of xxgk")

    sys.path.insert(0, str(REPO))
    from extractor.files import iter_documents

    docs = [p.resolve() for p in iter_documents(args.folder)]
    if not docs:
        ap.error(f"no documents under {args.folder}")
    t0 = time.perf_counter()
    repos = [REPO] + ([args.against.resolve()] if args.against else [])
    results: list[dict] = [{}] * len(repos)
    for _ in range(max(1, args.rounds) if args.against else 1):  # alternating: the box's load drifts
        for i, repo in enumerate(repos):
            results[i] = least(results[i], in_child(repo, docs, args.repeat))
    pages = pdf_pages(results[0])
    sums = [summary(r, pages) for r in results]

    rounds = max(1, args.rounds) if args.against else 1
    print(f"{len(docs)} documents under {args.folder}, CPU ms per document (least of {args.repeat * rounds} "
          f"warm runs{f' in {rounds} alternating rounds' if rounds > 1 else ''})")
    head = f"{'format':<13} {'docs':>5}" + "".join(f" {'median':>8} {'max':>7}" for _ in results)
    print(head + ("   (this checkout | " + str(args.against) + ")" if args.against else ""))
    for k in sums[0]:
        n = sums[0][k][0]
        print(f"{k:<13} {n:>5}" + "".join(f" {s[k][1]:>8.1f} {s[k][2]:>7.1f}" if k in s else f" {'-':>8} {'-':>7}"
                                          for s in sums))
    print("first call, cold: " + " | ".join(f"{r['cold_ms']:.0f} ms" for r in results))
    for r in results:
        for d, msg in r["failed"].items():
            print(f"failed ({r['repo']}): {d}: {msg}")
    print(f"total wall time {time.perf_counter() - t0:.1f} s")
    return 1 if any(r["bugs"] for r in results) else 0  # unreadable input (LoadError) is expected


if __name__ == "__main__":
    sys.exit(main())
