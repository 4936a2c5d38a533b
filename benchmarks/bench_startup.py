"""Start-up cost of the command line, in CPU seconds (user+sys of the whole process and its
children: resource.getrusage(RUSAGE_CHILDREN)), run on demand — not a test.

    .venv/bin/python benchmarks/bench_startup.py [--runs 6] [--base /path/to/other/checkout] [FILE]

Cases: `xxgk --version`; `xxgk extract FILE` (the summary on stdout); `xxgk extract FILE --out DIR`
into a fresh folder (parse + dataset export) and again into the same folder (resumed: nothing to
parse, the dataset tables rewritten). Each case runs --runs times, alternating between this checkout
and --base (same interpreter) when given, after one warm-up run that writes the bytecode caches
(PYTHONDONTWRITEBYTECODE is cleared for the child). Reported: the mean of the best 3 runs and
every run, and the load average (2 shared cores: the best runs are the ones least disturbed).
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cpu_of(cmd: list[str], cwd: Path, env: dict) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode not in (0, 1):  # 1: the report was flagged or failed; still a full run
        raise SystemExit(f"{' '.join(cmd)} (in {cwd}) exited {r.returncode}: {r.stderr[-2000:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", nargs="?", default=str(ROOT / "samples" / "005.txt"))
    ap.add_argument("--runs", type=int, default=6)
    ap.add_argument("--base", type=Path, help="another checkout to run side by side (same interpreter)")
    ap.add_argument("--cases", default="version,print,fresh,resumed")
    a = ap.parse_args(argv)
    file = str(Path(a.file).resolve())
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    trees = [("this", ROOT)] + ([("base", a.base.resolve())] if a.base else [])
    tmp = Path(tempfile.mkdtemp(prefix="xxgk-startup-"))
    py = [sys.executable, "-m", "extractor.cli"]
    cases = {
        "version": lambda out: py + ["--version"],
        "print": lambda out: py + ["extract", file],
        "fresh": lambda out: py + ["extract", file, "--quiet", "--out", str(out)],
        "resumed": lambda out: py + ["extract", file, "--quiet", "--out", str(out)],
    }
    print(f"{file}; {a.runs} runs per case; load average before {os.getloadavg()}")
    try:
        for case in a.cases.split(","):
            times: dict[str, list[float]] = {name: [] for name, _ in trees}
            for name, cwd in trees:  # warm-up: bytecode caches, and the folder a resumed run finds
                cpu_of(cases[case](tmp / f"{name}-{case}"), cwd, env)
            for _ in range(a.runs):
                for name, cwd in trees:
                    out = tmp / f"{name}-{case}"
                    if case == "fresh":
                        shutil.rmtree(out, ignore_errors=True)
                    times[name].append(cpu_of(cases[case](out), cwd, env))
            for name, _ in trees:
                t = sorted(times[name])
                print(f"  {case:8s} {name:5s} best 3 {sum(t[:3]) / 3:.3f} s   runs "
                      + " ".join(f"{x:.2f}" for x in times[name]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"load average after {os.getloadavg()}")


if __name__ == "__main__":
    main()
