"""Make "scanned" (image-only) PDFs of reports, and measure the OCR path on them.

    python -m training.scan make OUTDIR [--seed N] [--engine story|chromium] [--real] [--clean]
    python -m training.scan eval OUTDIR [--limit N]
    python -m training.scan errors OUTDIR

make
    Renders every labelled dev report (training.render.dev_reports) as HTML
    (`render(report, "html", Random(seed))`), prints it to a text-layer PDF (PyMuPDF's
    fitz.Story with its built-in CJK fonts, or headless Chromium with --engine chromium),
    then "scans" it: every page rasterised at 150-200 dpi, rotated by 0.3-1.5 degrees either
    way, grey paper and ink, Gaussian noise, a little blur, specks, and JPEG artefacts, and
    rebuilt as an image-only PDF (one JPEG per page, no text layer). Writes
    OUTDIR/src/<stem>.pdf (text layer), OUTDIR/<stem>.pdf (scanned) and
    OUTDIR/<stem>.labels.json (the printed fields, as training.render.write does), with
    stem = <report>__scan. --real also scans tests/data/corpus/real-pdf/*.pdf into
    OUTDIR/real/ (no labels). --clean adds OUTDIR/<stem>_clean.pdf variants: rasterised
    only (no rotation or noise), to tell layout errors from image-quality errors.

eval
    OCRs every OUTDIR/*.pdf page (extractor.loaders.ocr.read_page on the page rendered at
    its image's resolution), assembles a Document (Source(name, sha256, "pdf")), runs
    extractor.pipeline.parse_document, writes OUTDIR/pred/<stem>.json and the blocks
    (OUTDIR/pred/<stem>.blocks.tsv, with OCR confidences) and prints ms per page; score
    with `python -m training.score OUTDIR OUTDIR/pred`.

errors
    Tallies OCR errors by kind (digit lost/added/substituted, number read as text, label
    characters, structure) by aligning eval's OCR cells with the text-layer source's
    cells (extractor.loaders.pdf on OUTDIR/src/<stem>.pdf), with the mean OCR confidence
    of right and of wrong cells.

Needs pymupdf, numpy, opencv-python (the ocr extra brings the last two), and for eval
rapidocr-onnxruntime.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import pathlib
import random
import re
import sys
import zlib

from training.paper import _pymupdf, degrade, fit_page, scan_pdf  # noqa: F401 (degrade: this module's API too)

_FONTS = ("china-s", "china-ss")  # PyMuPDF's built-in CJK fonts (sans, serif)


# =========================================================================================
# HTML -> text-layer PDF
# =========================================================================================

def html_to_pdf_story(html: str, rng: random.Random) -> bytes:
    """Print HTML to PDF with PyMuPDF's Story (no browser), in a CJK font."""
    pm = _pymupdf()
    html = fit_page(html)
    font = rng.choice(_FONTS)
    size = rng.choice((10, 10.5, 11, 12))
    pad = rng.choice((2, 3, 4))
    width = rng.choice(("", "table {width: 100%;}"))
    css = (f"* {{font-family: {font}; font-size: {size}pt;}} h1, h2, h3 {{font-size: {size * 1.5:.0f}pt;}} "
           f"table {{border-collapse: collapse;}} {width} "
           f"td, th {{border: 1px solid black; padding: {pad}px;}} p {{margin: 4pt 0;}}")
    story = pm.Story(html=html, user_css=css)
    buf = io.BytesIO()
    writer = pm.DocumentWriter(buf)
    page = pm.paper_rect("a4")
    m = rng.choice((48, 60, 72))
    where = page + (m, m, -m, -m)
    more = 1
    pages = 0
    while more and pages < 60:
        dev = writer.begin_page(page)
        more, _ = story.place(where)
        story.draw(dev)
        writer.end_page()
        pages += 1
    writer.close()
    return buf.getvalue()


# =========================================================================================
# make
# =========================================================================================

def make(outdir, seed: int = 0, engine: str = "story", real: bool = False, clean: bool = False,
         corpus=None) -> int:
    from training.render import dev_reports, render

    out = pathlib.Path(outdir)
    (out / "src").mkdir(parents=True, exist_ok=True)
    if engine == "chromium":
        from training.documents import html_to_pdf_chromium as to_pdf  # the test documents' printer
    else:
        to_pdf = html_to_pdf_story
    n = 0
    for stem, rep in dev_reports(corpus):
        rng = random.Random(f"{seed}:{stem}:scan:{zlib.crc32(stem.encode())}")
        r = render(rep, "html", rng)
        pdf = to_pdf(r.content, rng)
        name = f"{stem}__scan"
        (out / "src" / f"{name}.pdf").write_bytes(pdf)
        variants = [(name, False)] + ([(f"{name}_clean", True)] if clean else [])
        for vname, vclean in variants:
            scanned, notes = scan_pdf(pdf, rng, clean=vclean)
            (out / f"{vname}.pdf").write_bytes(scanned)
            label = {"doc": f"{vname}.pdf", "template": rep.get("template"), "year": rep.get("year"),
                     "agency": rep.get("agency"), "layout": "scan", "engine": engine, "pages": notes,
                     "fields": r.fields}
            if r.ambiguous:
                label["ambiguous"] = r.ambiguous
            (out / f"{vname}.labels.json").write_text(json.dumps(label, ensure_ascii=False, indent=1),
                                                      encoding="utf-8")
            n += 1
    if real:
        from .corpus import DEV_CORPUS

        base = pathlib.Path(corpus) if corpus else DEV_CORPUS
        (out / "real").mkdir(exist_ok=True)
        for p in sorted((base / "real-pdf").glob("*.pdf")):
            rng = random.Random(f"{seed}:{p.name}:scan")
            scanned, notes = scan_pdf(p.read_bytes(), rng)
            (out / "real" / f"{p.stem}__scan.pdf").write_bytes(scanned)
            (out / "real" / f"{p.stem}__scan.notes.json").write_text(json.dumps(notes), encoding="utf-8")
            n += 1
    print(f"wrote {n} scanned PDFs to {out}")
    return n


# =========================================================================================
# eval
# =========================================================================================

def ocr_document(pdf_bytes: bytes, name: str):
    """(Document, OCR confidences, (wall ms, CPU ms) per page, skews) of an image-only PDF,
    read as `xxgk extract` reads it (extractor.loaders.pdf: the OCR module page by page)."""
    from extractor.loaders import pdf
    from extractor.model import Source

    doc = pdf.parse(pdf_bytes, Source(name, hashlib.sha256(pdf_bytes).hexdigest(), "pdf"))
    stats = doc.meta.get("ocr_page_stats", [])
    conf = [1.0 if b.text_confidence is None else b.text_confidence for b in doc.blocks]
    return doc, conf, [(s["ms"], s["cpu_ms"]) for s in stats], [s["skew"] for s in stats]


def evaluate(outdir, limit: int | None = None, pattern: str = "*.pdf") -> dict:
    from extractor.loaders import ocr
    from extractor.pipeline import parse_document

    out = pathlib.Path(outdir)
    pred = out / "pred"
    pred.mkdir(exist_ok=True)
    ocr._engine()  # load once, outside the timings
    all_ms: list[float] = []
    all_cpu: list[float] = []
    files = sorted(out.glob(pattern))[:limit]
    for f in files:
        data = f.read_bytes()
        doc, conf, ms, skews = ocr_document(data, f.name)
        all_ms.extend(w for w, _ in ms)
        all_cpu.extend(c for _, c in ms)
        blocks = list(doc.blocks)  # as loaded: parse_document splits run-together blocks
        result = parse_document(doc)
        (pred / f"{f.stem}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        with open(pred / f"{f.stem}.blocks.tsv", "w", encoding="utf-8") as fh:
            for b, c in zip(blocks, conf):
                fh.write(f"{b.page}\t{b.row}\t{b.kind}\t{b.table if b.table is not None else ''}\t{b.col}\t"
                         f"{b.rowspan}x{b.colspan}\t{c:.3f}\t{b.label or ''}\t{b.text}\n")
        rv = result.get("review") or {}
        print(f"{f.stem}: {len(ms)} pages, {sum(w for w, _ in ms) / max(1, len(ms)):.0f} ms/page "
              f"({sum(c for _, c in ms) / max(1, len(ms)):.0f} CPU ms), skew {skews}, "
              f"review.required={rv.get('required')}", flush=True)
    summary = {"pages": len(all_ms), "ms_per_page": round(sum(all_ms) / max(1, len(all_ms))),
               "ms_max": round(max(all_ms, default=0)),
               "cpu_ms_per_page": round(sum(all_cpu) / max(1, len(all_cpu)))}
    print(json.dumps(summary))
    return summary


def errors(outdir) -> dict:
    """OCR errors by kind: the cells of each scanned PDF as OCR read them (pred/<stem>
    .blocks.tsv from eval) aligned with the cells of its text-layer source (src/<stem>.pdf
    through extractor.loaders.pdf), and every differing pair tallied."""
    import collections
    import difflib

    from extractor.loaders import load

    out = pathlib.Path(outdir)
    pairs: collections.Counter = collections.Counter()
    kinds: collections.Counter = collections.Counter()
    conf_by_kind: dict[str, list[float]] = collections.defaultdict(list)
    n_cells = 0
    for tsv in sorted((out / "pred").glob("*.blocks.tsv")):
        stem = tsv.name[: -len(".blocks.tsv")]
        src = out / "src" / f"{stem}.pdf"
        if not src.exists():
            continue
        truth = [b.text for b in load(src).blocks if b.kind == "cell"]
        got, conf = [], []
        for line in tsv.read_text(encoding="utf-8").splitlines():
            f = line.split("\t")
            if f[2] == "cell":
                got.append(f[8] if len(f) > 8 else "")
                conf.append(float(f[6]))
        n_cells += len(truth)
        sm = difflib.SequenceMatcher(a=truth, b=got, autojunk=False)
        for op, a0, a1, b0, b1 in sm.get_opcodes():
            if op == "equal":
                for j in range(b0, b1):
                    conf_by_kind["right"].append(conf[j])
                continue
            if op == "replace" and a1 - a0 == b1 - b0:
                for t, g, c in zip(truth[a0:a1], got[b0:b1], conf[b0:b1]):
                    kind = _error_kind(t, g)
                    kinds[kind] += 1
                    pairs[(t, g)] += 1
                    conf_by_kind[kind].append(c)
            else:
                kinds[f"structure:{op}"] += max(a1 - a0, b1 - b0)
    summary = {"cells": n_cells, "kinds": dict(kinds.most_common()),
               "pairs": [f"{t!r}->{g!r} x{n}" for (t, g), n in pairs.most_common(40)],
               "mean_conf": {k: round(sum(v) / len(v), 3) for k, v in conf_by_kind.items() if v}}
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return summary


def _error_kind(truth: str, got: str) -> str:
    num = re.compile(r"^[0-9.,%-]+$")
    if not got:
        return "number dropped" if num.match(truth) else "text dropped"
    if not truth:
        return "spurious text in blank cell"
    if num.match(truth):
        if num.match(got):
            if len(got) < len(truth):
                return "number: digit lost"
            if len(got) > len(truth):
                return "number: digit added"
            return "number: digit substituted"
        return "number read as non-number"
    if re.sub(r"[\s（）()：:，,、.．]", "", truth.translate(_FOLD)) == re.sub(r"[\s（）()：:，,、.．]", "", got.translate(_FOLD)):
        return "label: punctuation/width only"
    return "label: characters differ"


_FOLD = {0xFF08: 0x28, 0xFF09: 0x29, 0xFF1A: 0x3A, 0xFF0C: 0x2C}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("make")
    m.add_argument("outdir")
    m.add_argument("--seed", type=int, default=0)
    m.add_argument("--engine", choices=("story", "chromium"), default="story")
    m.add_argument("--real", action="store_true")
    m.add_argument("--clean", action="store_true")
    m.add_argument("--corpus", default=None)
    e = sub.add_parser("eval")
    e.add_argument("outdir")
    e.add_argument("--limit", type=int, default=None)
    e.add_argument("--glob", default="*.pdf")
    r = sub.add_parser("errors")
    r.add_argument("outdir")
    a = ap.parse_args(argv)
    if a.cmd == "make":
        make(a.outdir, a.seed, a.engine, a.real, a.clean, a.corpus)
    elif a.cmd == "errors":
        errors(a.outdir)
    else:
        evaluate(a.outdir, a.limit, a.glob)
    return 0


if __name__ == "__main__":
    sys.exit(main())
