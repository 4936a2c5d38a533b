"""Fuzz the extractor long: N mutated reports through the CLI, then each one timed alone.

    python benchmarks/fuzz_extract.py N [--seed 1] [--work DIR] [--jobs 2] [--cpu-budget 10]

The mutations are those of tests/fuzzing.py (what tests/test_fuzz.py runs briefly in CI),
drawn over every seed: the corpus reports, the DOCX fixtures and the inputs that once broke
xxgk (tests/data/reliability). Two passes:

1. one folder run, `xxgk extract DIR/in --out DIR/out --jobs J`: every input must end as a
   JSON, an errors.jsonl line or a duplicates.csv line (a mutation that changed nothing
   gives bytes another input has: parsed once) — `lost` counts those that did none of these; `tracebacks` counts
   the failures that are bugs (`parse_failed`, `worker_crashed`, any line with a
   traceback), `killed` the documents the CLI stopped for their budget (`timeout`,
   `too_large`), `empty_json` JSON files of 0 bytes;
2. each input extracted in this process, its CPU time measured with resource.getrusage:
   `over_budget` counts those above --cpu-budget seconds (default 60: half the CLI's 120 s
   --timeout, CPU never exceeding wall time; a runaway is interrupted at three times the
   budget by a profiling timer, and counted), `over_10s` those above 10 s (a PDF whose
   mutated fonts left no text layer is read by OCR, seconds a page).

Prints one JSON object (counts, by mutation kind where something went wrong, the slowest
inputs). The target is 0 tracebacks, 0 lost, 0 over budget. Not a test.
"""
from __future__ import annotations

import argparse
import collections
import csv
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from fuzzing import KINDS, mutate, seeds  # noqa: E402

BUG_CODES = {"parse_failed", "worker_crashed"}
BUDGET_CODES = {"timeout", "too_large"}


def make_inputs(n: int, seed: int, folder: Path) -> dict[str, tuple[str, str, int]]:
    """N mutants written to `folder`; name -> (seed file, kind, random seed)."""
    rng = random.Random(seed)
    pool = seeds()
    made = {}
    for i in range(n):
        src = rng.choice(pool)
        kind = rng.choice(KINDS)
        r = rng.randrange(2 ** 32)
        name = f"m{i:04d}_{kind}_{src.stem[:24]}{src.suffix}"
        (folder / name).write_bytes(mutate(src.read_bytes(), kind, random.Random(r)))
        made[name] = (str(src.relative_to(REPO)), kind, r)
    return made


def cli_pass(inp: Path, out: Path, jobs: int, timeout: float) -> dict:
    cmd = [str(Path(sys.executable).with_name("xxgk")), "extract", str(inp), "--out", str(out),
           "--jobs", str(jobs), "--quiet"]
    if timeout:
        cmd += ["--timeout", str(timeout)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"exit": proc.returncode, "wall_s": round(time.monotonic() - t0, 1), "cpu_s": round(cpu, 1),
            "stderr_tail": proc.stderr[-2000:] if proc.returncode not in (0, 1) else ""}


def check_outputs(made: dict, out: Path) -> dict:
    errors = {}
    path = out / "errors.jsonl"
    if path.exists():
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            rec = json.loads(line)
            errors[Path(rec["file"]).name] = rec
    dups = set()
    path = out / "duplicates.csv"
    if path.exists():
        with path.open(encoding="utf-8-sig", newline="") as f:
            dups = {Path(r["file"]).name for r in csv.DictReader(f)}
    lost, empty, bugs, killed, unreadable, ok = [], [], [], [], 0, 0
    for name in made:
        js = out / (Path(name).stem + ".json")
        rec = errors.get(name)
        if rec is not None:
            if rec["error"] in BUG_CODES or "traceback" in rec:
                bugs.append(name)
            elif rec["error"] in BUDGET_CODES:
                killed.append(name)
            else:
                unreadable += 1
        elif js.exists():
            if js.stat().st_size == 0:
                empty.append(name)
            else:
                ok += 1
        elif name not in dups:
            lost.append(name)
    return {"extracted": ok, "refused": unreadable, "duplicates": len(dups), "tracebacks": bugs, "lost": lost, "killed": killed,
            "empty_json": empty, "error_codes": dict(collections.Counter(r["error"] for r in errors.values()))}


class _Runaway(Exception):
    pass


def _alarm(signum, frame):
    raise _Runaway()


def cpu_pass(made: dict, inp: Path, budget: float) -> dict:
    """Each input extracted here, alone; its CPU time (user + system) from getrusage."""
    from extractor.model import LoadError
    from extractor.pipeline import extract_bytes

    try:  # MuPDF's complaints about mutated PDFs go to stdout, where the report goes
        import pymupdf
        pymupdf.TOOLS.mupdf_display_errors(False)
        pymupdf.TOOLS.mupdf_display_warnings(False)
    except (ImportError, AttributeError):
        pass
    extract_bytes((REPO / "samples" / "005.txt").read_bytes(), "warm.txt")  # models loaded once
    signal.signal(signal.SIGPROF, _alarm)
    times, over, bugs = [], [], []
    for name in made:
        data = (inp / name).read_bytes()
        r0 = resource.getrusage(resource.RUSAGE_SELF)
        signal.setitimer(signal.ITIMER_PROF, budget * 3)
        try:
            extract_bytes(data, name)
        except LoadError:
            pass
        except _Runaway:
            over.append(name)
        except Exception as e:  # a bug: the CLI pass reports it too
            bugs.append(f"{name}: {type(e).__name__}: {e}"[:300])
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
        r1 = resource.getrusage(resource.RUSAGE_SELF)
        cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        times.append((cpu, name))
        if cpu > budget and name not in over:
            over.append(name)
    times.sort(reverse=True)
    cpus = sorted(t for t, _ in times)
    return {"over_budget": over, "over_10s": [n for t, n in times if t > 10], "exceptions": bugs,
            "cpu_s_total": round(sum(cpus), 1),
            "cpu_s_p50": round(cpus[len(cpus) // 2], 3) if cpus else 0,
            "cpu_s_p99": round(cpus[int(len(cpus) * 0.99)], 3) if cpus else 0,
            "cpu_s_max": round(cpus[-1], 3) if cpus else 0,
            "slowest": [(round(t, 2), n) for t, n in times[:8]]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int, nargs="?", default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", type=Path, default=None, help="folder for inputs and outputs (default: a temp one)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=120.0, help="the CLI's per-document --timeout")
    ap.add_argument("--cpu-budget", type=float, default=60.0, help="CPU seconds one document may take")
    ap.add_argument("--skip-cpu", action="store_true", help="only the CLI pass")
    args = ap.parse_args()
    work = args.work or Path(os.environ.get("TMPDIR", "/tmp")) / f"xxgk-fuzz-{os.getpid()}"
    inp, out = work / "in", work / "out"
    shutil.rmtree(work, ignore_errors=True)
    inp.mkdir(parents=True)
    made = make_inputs(args.n, args.seed, inp)
    report = {"inputs": len(made), "seed": args.seed, "kinds": dict(collections.Counter(k for _, k, _ in made.values()))}
    report["cli"] = cli_pass(inp, out, args.jobs, args.timeout)
    report["cli"].update(check_outputs(made, out))
    if not args.skip_cpu:
        report["cpu"] = cpu_pass(made, inp, args.cpu_budget)
    bad = set(report["cli"]["tracebacks"]) | set(report["cli"]["lost"]) | set(report.get("cpu", {}).get("over_budget", []))
    report["summary"] = {"tracebacks": len(report["cli"]["tracebacks"]), "lost": len(report["cli"]["lost"]),
                         "over_budget": len(report.get("cpu", {}).get("over_budget", [])) + len(report["cli"]["killed"]),
                         "empty_json": len(report["cli"]["empty_json"])}
    report["reproduce"] = {name: made[name] for name in sorted(bad)[:20]}
    report["work"] = str(work)
    text = json.dumps(report, ensure_ascii=False, indent=1)
    (work / "report.json").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
