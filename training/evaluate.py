"""`xxgk evaluate`: field accuracy, review routing and calibration, per layout and template.

Two sets: the real annotated reports (annotations/, as published) and generated reports
rendered in every layout (a fresh seed, never seen in training). Prints the headline
numbers; `--json FILE` writes them all; `--show-errors` lists every wrong field.
"""
from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path

from extractor.pipeline import extract_bytes, extract_file

from .annotate import ANNOTATIONS, _same, load_annotations
from .generate import generate_report
from .render import LAYOUTS, render


def score_doc(out: dict, truth: dict, ambiguous=()) -> dict:
    rows = []
    for k, t in truth.items():
        if k in ambiguous:
            continue
        f = out["fields"].get(k)
        ok = f is not None and _same(f["value"], t)
        rows.append((k, ok, f["confidence"] if f else 0.0, t, f["value"] if f else None))
    wrong = [r for r in rows if not r[1]]
    return {"n": len(rows), "right": len(rows) - len(wrong), "wrong": wrong,
            "review": out["review"]["required"], "template": out["template"],
            "must_review": bool(ambiguous), "conf": [(r[2], r[1]) for r in rows]}


def summarize(name: str, results: list[dict]) -> dict:
    n = sum(r["n"] for r in results) or 1
    right = sum(r["right"] for r in results)
    bad = [r for r in results if r["wrong"] or r["must_review"]]
    slipped = [r for r in bad if not r["review"]]
    accepted = [r for r in results if not r["review"]]
    pairs = [p for r in results for p in r["conf"]]
    bins = defaultdict(list)
    for c, ok in pairs:
        bins[min(int(c * 10), 9)].append((c, ok))
    ece = sum(abs(sum(c for c, _ in v) / len(v) - sum(ok for _, ok in v) / len(v)) * len(v)
              for v in bins.values()) / (len(pairs) or 1)
    s = {"set": name, "documents": len(results), "field_accuracy": right / n,
         "documents_fully_right": sum(1 for r in results if not r["wrong"]),
         "auto_accepted": len(accepted), "wrong_documents": len(bad),
         "wrong_documents_auto_accepted": len(slipped), "ece": ece}
    print(f"{name:28s} docs {s['documents']:4d}  field acc {s['field_accuracy']:.4f}  fully right "
          f"{s['documents_fully_right']:4d}  auto-accepted {s['auto_accepted']:4d}  wrong-but-accepted "
          f"{s['wrong_documents_auto_accepted']}  ECE {ece:.3f}")
    return s


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="xxgk evaluate", description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=12345)
    ap.add_argument("--generated", type=int, default=20, help="generated reports per layout")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args(argv)
    report = {}
    real = []
    for ann in load_annotations():
        out = extract_file(ANNOTATIONS / ann["source"])
        real.append(score_doc(out, ann["fields"], ann.get("ambiguous") or []))
        if args.show_errors:
            for w in real[-1]["wrong"]:
                print(f"  {ann['doc']}: {w[0]} truth {w[3]} got {w[4]} (conf {w[2]:.2f})")
    report["real"] = summarize("real annotated (as published)", real)
    rng = random.Random(args.seed)
    by_layout: dict[str, list] = defaultdict(list)
    by_template: dict[str, list] = defaultdict(list)
    for layout in LAYOUTS:
        for i in range(args.generated):
            rep = generate_report(rng)
            r = render(rep, layout, rng)
            ext = {"text": "txt", "html": "html", "markdown": "md"}[r.format]
            out = extract_bytes(r.content.encode("utf-8"), f"gen_{layout}_{i}.{ext}")
            res = score_doc(out, r.fields, r.ambiguous)
            by_layout[layout].append(res)
            by_template[rep["template"]].append(res)
            if args.show_errors:
                for w in res["wrong"]:
                    print(f"  gen {layout} #{i}: {w[0]} truth {w[3]} got {w[4]} (conf {w[2]:.2f})")
    report["layouts"] = {k: summarize(f"generated · {k}", v) for k, v in by_layout.items()}
    report["templates"] = {k: summarize(f"generated · template {k}", v) for k, v in by_template.items()}
    report["generated"] = summarize("generated · all", [r for v in by_layout.values() for r in v])
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
