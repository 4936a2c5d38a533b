"""Fuzz folder runs through the CLI: N mutated reports, one `xxgk extract DIR --out OUT` run.

    python benchmarks/fuzz_cli.py WORKDIR [-n 1000] [--seed 1] [--jobs 2] [--timeout 30] [--max-memory 2048]

Mutations of the corpus' text, markdown and HTML reports and of the reliability inputs
(tests/data/reliability): byte flips, a stray \\xff, a cut multi-byte character, truncation,
deleted and duplicated spans, shuffled lines, run-together digits, huge numbers, negative
counts, deep HTML nesting, NUL bytes, odd names (non-UTF-8 bytes, 255-byte, newline). Checks
that every input ends as a JSON or an errors.jsonl line (0 lost), counts tracebacks
(`parse_failed`: bugs), `timeout`/`too_large` (the budget doing its job), `worker_crashed`,
and that no JSON is empty. Prints one JSON object. Not a test.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "data" / "corpus"
RELIABILITY = REPO / "tests" / "data" / "reliability"


def seeds() -> list[Path]:
    out = [p for p in CORPUS.rglob("*") if p.is_file() and p.suffix in (".txt", ".md", ".html")]
    out += [p for p in RELIABILITY.rglob("*") if p.is_file() and p.suffix in (".txt", ".md", ".html")]
    return sorted(out)


def mutate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    kind = rng.choice(["flip", "ff", "cut_char", "truncate", "delete", "duplicate", "shuffle", "digits",
                       "huge", "negative", "nest", "nul", "none"])
    b = bytearray(data)
    n = len(b)
    if kind == "flip" and n:
        for _ in range(rng.randint(1, 20)):
            b[rng.randrange(n)] = rng.randrange(256)
    elif kind == "ff":
        b.insert(rng.randrange(n + 1), 0xFF)
    elif kind == "cut_char" and n:
        i = rng.randrange(n)
        while i < n and b[i] < 0x80:
            i += 1
        del b[i:i + 1]
    elif kind == "truncate":
        b = b[: rng.randrange(n + 1)]
    elif kind == "delete" and n:
        i = rng.randrange(n)
        del b[i:i + rng.randint(1, 2000)]
    elif kind == "duplicate" and n:
        i = rng.randrange(n)
        b[i:i] = b[i:i + rng.randint(1, 3000)]
    elif kind == "shuffle":
        lines = bytes(b).split(b"\n")
        i = rng.randrange(len(lines))
        j = min(len(lines), i + rng.randint(2, 60))
        part = lines[i:j]
        rng.shuffle(part)
        b = bytearray(b"\n".join(lines[:i] + part + lines[j:]))
    elif kind == "digits":
        text = bytes(b)
        i = rng.randrange(len(text) + 1)
        b = bytearray(text[:i] + "".join(rng.choice("0123456789") for _ in range(rng.randint(10, 40))).encode() + text[i:])
    elif kind == "huge":
        b += f"\n本年新收政府信息公开申请数量 {'9' * rng.randint(20, 80)} 件\n".encode()
    elif kind == "negative":
        b = bytearray(bytes(b).replace(b" 0 ", b" -26 ", 3).replace(b"\t0\t", b"\t-26\t", 3))
    elif kind == "nest":
        d = rng.randint(1000, 20000)
        b = bytearray(b"<html><body>" + b"<div>" * d + bytes(b) + b"</div>" * d + b"</body></html>")
    elif kind == "nul":
        for _ in range(rng.randint(1, 10)):
            b.insert(rng.randrange(len(b) + 1), 0)
    return kind, bytes(b)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("workdir", type=Path)
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=30)
    ap.add_argument("--max-memory", type=int, default=2048)
    a = ap.parse_args(argv)
    rng = random.Random(a.seed)
    src, out = a.workdir / "in", a.workdir / "out"
    shutil.rmtree(a.workdir, ignore_errors=True)
    src.mkdir(parents=True)
    kinds = collections.Counter()
    pool = seeds()
    for i in range(a.n):
        p = rng.choice(pool)
        kind, data = mutate(p.read_bytes(), rng)
        kinds[kind] += 1
        name = f"{i:05d}_{kind}{p.suffix}"
        if i % 50 == 1:
            name = os.fsdecode(f"{i:05d}_".encode() + "年度报告".encode("gbk") + p.suffix.encode())
        elif i % 50 == 2:
            name = f"{i:05d}" + "名" * 81 + p.suffix  # 250+ bytes
        elif i % 50 == 3:
            name = f"{i:05d}\nnewline{p.suffix}"
        (src / f"d{i // 100:02d}").mkdir(exist_ok=True)
        with open(os.fsencode(src / f"d{i // 100:02d}") + b"/" + os.fsencode(name), "wb") as f:
            f.write(data)
    t0 = time.monotonic()
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = subprocess.run([sys.executable, "-m", "extractor.cli", "extract", str(src), "--out", str(out), "-q",
                        "-j", str(a.jobs), "--timeout", str(a.timeout), "--max-memory", str(a.max_memory)],
                       cwd=REPO, capture_output=True)
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    import csv

    from extractor.dataset.names import display

    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()] \
        if (out / "errors.jsonl").exists() else []
    jsons = [p for p in out.rglob("*.json")]
    with open(out / "fields.csv", encoding="utf-8-sig", newline="") as f:
        reports = [row[0] for row in list(csv.reader(f))[1:]]
    with open(out / "duplicates.csv", encoding="utf-8-sig", newline="") as f:
        dups = [row[0] for row in list(csv.reader(f))[1:]]
    inputs = {display(os.path.join(d, n)) for d, _, names in os.walk(src) for n in names}
    accounted = set(reports) | {e["file"] for e in errors} | set(dups)
    dup = len(dups)
    codes = collections.Counter(e["error"] for e in errors)
    report = {
        "inputs": a.n, "mutations": dict(kinds), "exit_status": r.returncode,
        "json": len(jsons), "empty_json": sum(1 for p in jsons if p.stat().st_size == 0),
        "rows_in_tables": len(reports), "error_lines": len(errors), "duplicates": dup,
        "lost": len(inputs - accounted), "stderr_tail": r.stderr.decode("utf-8", "replace").strip().splitlines()[-2:],
        "errors_by_code": dict(codes), "tracebacks_on_stderr": r.stderr.count(b"Traceback"),
        "bugs": [e["message"][:200] for e in errors if e["error"] in ("parse_failed", "worker_crashed")][:20],
        "wall_s": round(time.monotonic() - t0, 1),
        "cpu_s": round(ru1.ru_utime + ru1.ru_stime - ru0.ru_utime - ru0.ru_stime, 1),
    }
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0 if report["lost"] == 0 and report["empty_json"] == 0 and not report["tracebacks_on_stderr"] else 1


if __name__ == "__main__":
    sys.exit(main())
