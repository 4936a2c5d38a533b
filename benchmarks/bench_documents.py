"""Accuracy, speed and memory of `xxgk extract` on the dev reports made into PDF, DOCX and scans.

    python benchmarks/bench_documents.py WORKDIR [--seeds 0,1] [--routes ROUTES]
                                         [--timing-scans N] [--big-pages 50] [--no-big-scan] [--reuse]

1. make   - `python -m training.documents WORKDIR/docs-s<seed> --formats pdf,docx,scan
            --routes pdf=typeset+chromium,docx=wordxml+libreoffice,scan=chromium --seed <seed>`
            for every seed (10 labelled dev reports x 5 files each);
2. extract- `xxgk extract WORKDIR/docs-s<seed> --out WORKDIR/pred-s<seed> -q` (wall time);
3. score  - training.score's score()/summarize() per format-route (the file-name
            suffix: __pdf-typeset, __scan-chromium, ...) over all seeds: lenient field
            accuracy, documents fully right, auto-accepted, wrong fields in auto-accepted,
            ECE;
4. speed  - in-process load + parse_document of the PDFs (after one warm-up file, so the
            models and the OCR engine are loaded): median ms per page of the text-layer
            PDFs and of the scans (OCR; the first --timing-scans scans only, OCR is slow);
5. memory - a 50-page text-layer PDF (a dev report with its narrative padded, printed by
            Chromium) and its scan, each extracted by `/usr/bin/time -v xxgk extract FILE`:
            peak RSS, wall time, and whether the fields are still right.

Writes WORKDIR/summary.json and prints a table. --reuse keeps documents and predictions
already in WORKDIR. Not a test: pytest only collects tests/.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
ROUTES = "pdf=typeset+chromium,docx=wordxml+libreoffice,scan=chromium"


def _xxgk() -> list[str]:
    exe = Path(sys.executable).with_name("xxgk")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "extractor.cli"]


def _score_module():
    from training import score

    return score


def _group(stem: str) -> str:
    return stem.split("__", 1)[1] if "__" in stem else "?"


# --- 1-3 ------------------------------------------------------------------------------------

def make_and_extract(work: Path, seeds: list[int], routes: str, reuse: bool) -> dict:
    walls = {}
    for s in seeds:
        docs, pred = work / f"docs-s{s}", work / f"pred-s{s}"
        if not (reuse and docs.is_dir() and any(docs.glob("*.labels.json"))):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "training.documents", str(docs), "--formats", "pdf,docx,scan",
                            "--routes", routes, "--seed", str(s)], cwd=REPO, check=True)
            print(f"seed {s}: made in {time.perf_counter() - t:.0f} s", flush=True)
        if not (reuse and pred.is_dir() and any(pred.glob("*.json"))):
            t = time.perf_counter()
            subprocess.run(_xxgk() + ["extract", str(docs), "--out", str(pred), "-q"], cwd=REPO, check=False)
            walls[s] = round(time.perf_counter() - t, 1)
            print(f"seed {s}: extracted in {walls[s]} s", flush=True)
    return walls


def score_groups(work: Path, seeds: list[int]) -> dict:
    sc = _score_module()
    docs = []
    for s in seeds:
        docs += sc.score(work / f"docs-s{s}", work / f"pred-s{s}")
    groups: dict[str, list] = {}
    for d in docs:
        groups.setdefault(_group(d["doc"]), []).append(d)
    out = {g: sc.summarize(v) for g, v in sorted(groups.items())}
    out["all"] = sc.summarize(docs)
    wrong = {}
    for d in docs:
        bad = [r["key"] for r in d["rows"] if not r["lenient"]]
        if bad:
            wrong[d["doc"]] = {"wrong": bad, "review_required": d["review_required"]}
    return {"groups": out, "wrong": wrong}


# --- 4 --------------------------------------------------------------------------------------

def timings(work: Path, seeds: list[int], scans: int) -> dict:
    from extractor.loaders import load_bytes
    from extractor.pipeline import parse_document

    def run(f: Path) -> tuple[float, int]:
        data = f.read_bytes()
        t = time.perf_counter()
        doc = load_bytes(data, f.name, str(f))
        parse_document(doc)
        return (time.perf_counter() - t) * 1000, int(doc.meta.get("pages") or 1)

    files = sorted(f for s in seeds for f in (work / f"docs-s{s}").glob("*.pdf"))
    text = [f for f in files if "__pdf-" in f.name]
    scan = [f for f in files if "__scan-" in f.name][:scans]
    out = {}
    for name, group in (("text_pdf", text), ("scan_ocr", scan)):
        if not group:
            continue
        run(group[0])  # warm-up: models, OCR engine
        per_page, per_doc, pages = [], [], 0
        for f in group:
            ms, n = run(f)
            per_page.append(ms / n)
            per_doc.append(ms)
            pages += n
            if name == "scan_ocr":
                print(f"  {f.name}: {n} pages, {ms / n:.0f} ms/page", flush=True)
        out[name] = {"files": len(group), "pages": pages, "median_ms_per_page": round(statistics.median(per_page), 1),
                     "max_ms_per_page": round(max(per_page), 1), "median_ms_per_doc": round(statistics.median(per_doc), 1)}
        print(f"{name}: {out[name]}", flush=True)
    return out


# --- 5 --------------------------------------------------------------------------------------

_FILLER = ("坚持以公开为常态、不公开为例外，围绕中心工作和群众关切，持续加大政府信息公开力度，"
           "不断提升政务公开的质量和实效，切实保障人民群众的知情权、参与权、表达权和监督权。"
           "进一步规范政府信息公开工作流程，健全政府信息公开保密审查机制，做到应公开尽公开。")


def big_pdf(pages: int, stem: str = "003") -> tuple[bytes, dict]:
    """A dev report whose narrative is padded until Chromium prints `pages` pages (the
    padding pages past that are deleted): (PDF, printed fields)."""
    import pymupdf

    from training import documents as D
    from training.render import render

    rep = dict(D.labelled_reports())[stem]
    r = render(rep, "html", random.Random("big"))
    m = re.search(r"<p[^>]*>(?:(?!</p>).)*二、", r.content, re.S)
    at = m.start() if m else 0

    def printed(n: int) -> bytes:
        pad = "".join(f"<p>（{i}）{_FILLER}</p>" for i in range(n))
        return D.to_pdf(r.content[:at] + pad + r.content[at:], random.Random("big-print"), "chromium")

    base = pymupdf.open(stream=printed(0), filetype="pdf").page_count
    probe = printed(60)
    per = max(1e-3, (pymupdf.open(stream=probe, filetype="pdf").page_count - base) / 60)
    n = int((pages - base) / per) + 10
    doc = pymupdf.open(stream=printed(n), filetype="pdf")
    if doc.page_count > pages:  # drop whole filler pages (those right after the first)
        doc.delete_pages(range(1, 1 + doc.page_count - pages))
    return doc.tobytes(garbage=3, deflate=True), r.fields


def time_v(cmd: list[str]) -> dict:
    res = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True, cwd=REPO)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", res.stderr)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", res.stderr)
    secs = None
    if wall:
        parts = [float(x) for x in wall.group(1).split(":")]
        secs = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    return {"rc": res.returncode, "peak_rss_mb": round(int(rss.group(1)) / 1024, 1) if rss else None, "wall_s": secs}


def memory(work: Path, pages: int, scan: bool) -> dict:
    from training import documents as D

    big = work / "big"
    big.mkdir(exist_ok=True)
    pdf, fields = big_pdf(pages)
    files = {"text_pdf": big / f"big{pages}.pdf"}
    files["text_pdf"].write_bytes(pdf)
    if scan:
        files["scan"] = big / f"big{pages}_scan.pdf"
        files["scan"].write_bytes(D.to_scan(pdf, random.Random("big-scan")))
    sc = _score_module()
    out = {}
    for kind, f in files.items():
        pred = big / f"pred-{kind}"
        r = time_v(_xxgk() + ["extract", str(f), "--out", str(pred), "-q"])
        got = json.loads((pred / f"{f.stem}.json").read_text(encoding="utf-8")).get("fields", {}) \
            if (pred / f"{f.stem}.json").exists() else {}
        right = sum(sc.norm((got.get(k) or {}).get("value"), True) == sc.norm(v, True) for k, v in fields.items())
        import pymupdf

        r.update(pages=pymupdf.open(f).page_count, mb=round(f.stat().st_size / 2 ** 20, 1),
                 fields_right=f"{right}/{len(fields)}")
        out[kind] = r
        print(f"{pages}-page {kind}: {r}", flush=True)
    return out


# --- main -----------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("work", type=Path)
    ap.add_argument("--seeds", default="0,1")
    ap.add_argument("--routes", default=ROUTES)
    ap.add_argument("--timing-scans", type=int, default=10, help="scans timed in-process (OCR is slow)")
    ap.add_argument("--big-pages", type=int, default=50)
    ap.add_argument("--no-big-scan", action="store_true", help="skip the OCR memory run of the big PDF")
    ap.add_argument("--reuse", action="store_true")
    ap.add_argument("--only", default="make,score,speed,memory", help="phases to run")
    a = ap.parse_args(argv)
    a.work.mkdir(parents=True, exist_ok=True)
    seeds = [int(s) for s in a.seeds.split(",") if s.strip()]
    phases = set(a.only.split(","))
    summ_path = a.work / "summary.json"
    summary = json.loads(summ_path.read_text()) if a.reuse and summ_path.exists() else {}
    summary["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    if "make" in phases:
        summary["extract_wall_s"] = make_and_extract(a.work, seeds, a.routes, a.reuse)
    if "score" in phases:
        summary["score"] = score_groups(a.work, seeds)
    if "speed" in phases:
        summary["speed"] = timings(a.work, seeds, a.timing_scans)
    if "memory" in phases and a.big_pages:
        summary["memory"] = memory(a.work, a.big_pages, not a.no_big_scan)
    summ_path.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    if "score" in summary:
        cols = ("field_accuracy_lenient", "documents_fully_right", "auto_accepted", "wrong_fields_in_auto_accepted",
                "confidence_ece")
        print(f"{'format':18}" + "".join(f"{c:>14}" for c in ("lenient acc", "fully right", "auto-accepted",
                                                               "wrong in auto-acc.", "ECE")))
        for g, s in summary["score"]["groups"].items():
            n = s["documents"]
            print(f"{g:18}" + "".join(f"{(str(s[c]) + (f'/{n}' if c in cols[1:3] else '')):>14}" for c in cols))
    print(f"wrote {summ_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
