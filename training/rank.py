"""`xxgk rank`: order unreviewed reports by how much labelling them would teach the model.

    xxgk rank FILE_OR_DIR... [--top N] [--json]

The score is extractor.uncertainty's (documented there): every document goes through the
pipeline and `score_document` says how much labelling it would teach (uncertainty sampling).
`rank_documents(paths)` returns the ranked list of dicts.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from extractor.files import expand
from extractor.loaders import load
from extractor.model import LoadError
from extractor.uncertainty import (  # noqa: F401 - the score's parts, re-exported
    FIELD_SCALE, LEAST_SURE, LOW_MARGIN, OLD_FORMAT_WEIGHT, W_BLOCKS, W_DOC, W_FIELDS,
    score_document)


def rank_documents(paths: Iterable[str | Path], classifier=None) -> list[dict]:
    """Score every document (folders are walked) and return them best-to-label first.

    Each dict: rank, file, score, why, components, … (see score_document); a file that
    cannot be read comes last with score None and its error. Ties keep the input order."""
    scored = []
    for p in expand(paths):
        try:
            r = score_document(load(p), classifier, str(p))
        except LoadError as e:
            r = {"file": str(p), "score": None, "why": f"cannot be read: {e}", "error": str(e)}
        except Exception as e:  # noqa: BLE001 - one bad file must not lose the ranking
            r = {"file": str(p), "score": None, "why": f"failed: {type(e).__name__}: {e}",
                 "error": f"{type(e).__name__}: {e}"}
        scored.append(r)
    ranked = sorted(scored, key=lambda r: (r["score"] is None, -(r["score"] or 0.0)))  # stable
    return [{"rank": i, **r} for i, r in enumerate(ranked, 1)]


def format_table(ranked: list[dict]) -> str:
    width = min(60, max([4] + [len(r["file"]) for r in ranked]))
    lines = [f"{'rank':>4s}  {'score':>6s}  {'file':{width}s}  why"]
    for r in ranked:
        f = r["file"] if len(r["file"]) <= width else "…" + r["file"][-(width - 1):]
        s = "     -" if r["score"] is None else f"{r['score']:6.3f}"
        lines.append(f"{r['rank']:4d}  {s}  {f:{width}s}  {r['why']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="xxgk rank", description=__doc__.splitlines()[0],
                                 epilog="score = 0.4·(1 − document confidence) + 0.3·(1 − exp(−expected wrong "
                                        "cells / 2)) + 0.3·mean(1 − classifier margin) over the 5 least certain "
                                        "row labels; see training/rank.py")
    ap.add_argument("inputs", nargs="+", metavar="FILE_OR_DIR")
    ap.add_argument("--top", type=int, default=None, metavar="N", help="show the N best to label")
    ap.add_argument("--json", action="store_true", help="print the ranking as JSON")
    args = ap.parse_args(argv)
    ranked = rank_documents(args.inputs)
    if not ranked:
        print("xxgk rank: no documents found", file=sys.stderr)
        return 2
    shown = ranked[: args.top] if args.top else ranked
    if args.json:
        print(json.dumps(shown, ensure_ascii=False, indent=1))
    else:
        print(format_table(shown))
    return 1 if any(r["score"] is None for r in ranked) else 0


if __name__ == "__main__":
    raise SystemExit(main())
