"""Bulk runs: resume after SIGTERM, parent memory and CPU, CPU per document by format.

    python benchmarks/bench_bulk.py WORKDIR [--docs 2000] [--big 5000] [--small 500] [--jobs N] [--code REV]

1. Makes WORKDIR/in-N: N mixed documents copied from tests/data/corpus and altered so that
   every file has different bytes (text, markdown, HTML: a line appended; PDF: a comment after
   %%EOF), about 10 % PDFs, in sub-folders of 100.
2. Reference: `xxgk extract in --out ref` uninterrupted.
3. Kill and resume: the same into `out`, SIGTERM when ~40 % is written; checks that no worker
   outlives it; reruns; checks that the rerun parsed only the rest and that every output (JSON,
   Parquet, CSV, errors, checks) is byte-identical to the reference.
4. Parent RSS (peak) and parent CPU per document at --small and --big documents (the parent
   is sampled from /proc; workers are not counted), and at the margin: (CPU at --big − CPU
   at --small) / (big − small), the parent's serial cost of one more document; the same for
   the process that writes the tables while the run goes on (`xxgk-tables`, follow.py),
   which runs beside the parent.
5. CPU ms per document by format (in-process, warm; PDFs also per page).
Prints one JSON object with every number. Not a test (pytest collects tests/ only).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CORPUS = REPO / "tests" / "data" / "corpus"
XXGK = [sys.executable, "-m", "extractor.cli"]
TICK = os.sysconf("SC_CLK_TCK")


def sources() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix in (".txt", ".md", ".html", ".pdf"))


def make(dst: Path, n: int, pdf: bool = True) -> Path:
    if dst.exists() and sum(1 for p in dst.rglob("*") if p.is_file()) == n:
        return dst
    shutil.rmtree(dst, ignore_errors=True)
    src = sources()
    texts = [p for p in src if p.suffix != ".pdf"]
    pdfs = [p for p in src if p.suffix == ".pdf"]
    for i in range(n):
        p = pdfs[i // 10 % len(pdfs)] if pdf and i % 10 == 9 else texts[i % len(texts)]
        data = p.read_bytes()
        tag = f"{i:06d}"
        if p.suffix == ".pdf":
            data += f"\n% copy {tag}\n".encode()
        elif p.suffix == ".html":
            data += f"\n<!-- copy {tag} -->\n".encode()
        else:
            data += f"\n\n（副本 {tag}）\n".encode()
        q = dst / f"d{i // 100:03d}" / f"{tag}{p.suffix}"
        q.parent.mkdir(parents=True, exist_ok=True)
        q.write_bytes(data)
    return dst


def proc_stat(pid: int) -> tuple[float, int] | None:
    """(CPU seconds, RSS bytes) of one process."""
    try:
        f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        rss = int(f[21]) * os.sysconf("SC_PAGE_SIZE")
        return (int(f[11]) + int(f[12])) / TICK, rss
    except (OSError, IndexError, ValueError):
        return None


def children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if int((d / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(d.name))
            except (OSError, IndexError, ValueError):
                pass
    return out


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


CODE: Path | None = None  # a snapshot of extractor/ and models/ (other work in the checkout must not change outputs mid-run)


def snapshot(w: Path, rev: str | None = None) -> Path:
    """extractor/ and models/ of the working tree, or of git revision `rev` (a before/after
    comparison in one session: `--code REV`)."""
    code = w / "code"
    shutil.rmtree(code, ignore_errors=True)
    code.mkdir(parents=True)
    if rev:
        tar = subprocess.run(["git", "archive", rev, "extractor", "models"], cwd=REPO, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(code)], input=tar.stdout, check=True)
        return code
    for d in ("extractor", "models"):
        shutil.copytree(REPO / d, code / d, ignore=shutil.ignore_patterns("__pycache__"))
    return code


def xxgk(src: Path, out: Path, jobs: int, stop_at: float | None = None, total: int = 0) -> dict:
    """Run `xxgk extract`, sampling the parent; with stop_at, SIGTERM when that share is written."""
    t0 = time.monotonic()
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.Popen(XXGK + ["extract", str(src), "--out", str(out), "-j", str(jobs)], cwd=CODE or REPO,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    cpu = peak = 0.0
    workers: set[int] = set()
    tables: dict[int, float] = {}  # the tables process (follow.py): its CPU as last seen
    killed = False
    n_check = 0
    while p.poll() is None:
        s = proc_stat(p.pid)
        if s:
            cpu, peak = s[0], max(peak, s[1])
        if n_check % 3 == 0 or tables:
            for c in children(p.pid) if not tables else list(tables):
                try:
                    if c in tables or Path(f"/proc/{c}/comm").read_text().strip() == "xxgk-tables":
                        tables[c] = proc_stat(c)[0]
                except (OSError, TypeError):
                    pass
        n_check += 1
        if stop_at is not None and not killed and n_check % 5 == 0:
            workers.update(children(p.pid))
            if sum(1 for _ in out.rglob("*.json")) >= stop_at * total:
                p.send_signal(signal.SIGTERM)
                killed = True
        time.sleep(0.1)
    err = p.stderr.read()
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"rc": p.returncode, "wall_s": round(time.monotonic() - t0, 1), "parent_cpu_s": cpu,
            "tables_process_cpu_s": round(sum(tables.values()), 2),  # (sampled every 0.1 s: a little low)
            "parent_peak_rss_mb": round(peak / 2**20, 1),
            "all_cpu_s": round(ru1.ru_utime + ru1.ru_stime - ru0.ru_utime - ru0.ru_stime, 1),
            "workers": sorted(workers), "stderr_tail": err.strip().splitlines()[-3:]}


def outputs(out: Path) -> dict[str, bytes]:
    got = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.json")}
    for t in ("wide.parquet", "long.parquet", "fields.csv", "errors.jsonl", "dataset_checks.csv", "duplicates.csv"):
        got[t] = (out / t).read_bytes()
    return got


def per_format(repeat: int = 3) -> dict:
    from extractor.pipeline import extract_file

    res: dict[str, list[float]] = {}
    pages: dict[str, int] = {}
    for p in sources():
        fmt = p.suffix.lstrip(".")
        extract_file(p)  # warm
        ts = []
        for _ in range(repeat):
            t = time.process_time()
            extract_file(p)
            ts.append(time.process_time() - t)
        res.setdefault(fmt, []).append(statistics.median(ts) * 1000)
        if fmt == "pdf":
            import pymupdf

            with pymupdf.open(p) as d:
                pages[p.name] = d.page_count
    out = {f: {"docs": len(v), "median_cpu_ms": round(statistics.median(v), 1), "max_cpu_ms": round(max(v), 1)}
           for f, v in res.items()}
    if pages:
        per_page = [ms / pages[p.name] for p, ms in zip([p for p in sources() if p.suffix == ".pdf"], res["pdf"])]
        out["pdf"]["median_cpu_ms_per_page"] = round(statistics.median(per_page), 1)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("workdir", type=Path)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--small", type=int, default=500)
    ap.add_argument("--big", type=int, default=5000)
    ap.add_argument("--jobs", type=int, default=max(1, len(os.sched_getaffinity(0))))
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: resume,rss,format")
    ap.add_argument("--code", metavar="REV", help="measure git revision REV's extractor/ and models/ (default: "
                                                  "the working tree)")
    ap.add_argument("--rss-text-only", action="store_true",
                    help="the RSS runs read text/HTML/markdown only (the parent's cost does not depend on the "
                         "format; PDFs only make the run longer)")
    a = ap.parse_args(argv)
    skip = set(filter(None, a.skip.split(",")))
    global CODE
    w = a.workdir.resolve()
    w.mkdir(parents=True, exist_ok=True)
    CODE = snapshot(w, a.code)
    report: dict = {"jobs": a.jobs, "code": a.code or "working tree"}
    if "resume" not in skip:
        src = make(w / f"in-{a.docs}", a.docs)
        for d in ("ref", "out"):
            shutil.rmtree(w / d, ignore_errors=True)
        ref = xxgk(src, w / "ref", a.jobs)
        killed = xxgk(src, w / "out", a.jobs, stop_at=0.4, total=a.docs)
        time.sleep(0.5)
        orphans = [pid for pid in killed["workers"] if alive(pid)]
        written = sum(1 for _ in (w / "out").rglob("*.json"))
        rerun = xxgk(src, w / "out", a.jobs)
        same = outputs(w / "out") == outputs(w / "ref")
        report["resume"] = {"docs": a.docs, "reference": ref, "killed": {**killed, "json_written": written},
                            "orphans": orphans, "rerun": rerun, "outputs_identical": same,
                            "parent_cpu_ms_per_doc": round(ref["parent_cpu_s"] * 1000 / a.docs, 3),
                            "all_cpu_ms_per_doc": round(ref["all_cpu_s"] * 1000 / a.docs, 1)}
        for k in ("reference", "killed", "rerun"):
            report["resume"][k].pop("workers", None)
    if "rss" not in skip:
        for n in (a.small, a.big):
            src = make(w / (f"text-{n}" if a.rss_text_only else f"in-{n}"), n, pdf=not a.rss_text_only)
            shutil.rmtree(w / f"rss-{n}", ignore_errors=True)
            r = xxgk(src, w / f"rss-{n}", a.jobs)
            r.pop("workers", None)
            report[f"run_{n}"] = {**r, "parent_cpu_ms_per_doc": round(r["parent_cpu_s"] * 1000 / n, 3),
                                  "all_cpu_ms_per_doc": round(r["all_cpu_s"] * 1000 / n, 1)}
        small, big = report[f"run_{a.small}"], report[f"run_{a.big}"]
        # what one more document costs the parent (start-up and imports cancel out)
        report["parent_margin"] = {
            "cpu_ms_per_doc": round((big["parent_cpu_s"] - small["parent_cpu_s"]) * 1000 / (a.big - a.small), 3),
            "tables_process_cpu_ms_per_doc": round(
                (big["tables_process_cpu_s"] - small["tables_process_cpu_s"]) * 1000 / (a.big - a.small), 3),
            "peak_rss_change_pct": round(100 * (big["parent_peak_rss_mb"] / small["parent_peak_rss_mb"] - 1), 1)}
    if "format" not in skip:
        report["per_format"] = per_format()
    print(json.dumps(report, ensure_ascii=False, indent=1))
    ok = report.get("resume", {}).get("outputs_identical", True) and not report.get("resume", {}).get("orphans")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
