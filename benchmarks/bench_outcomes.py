"""How well extraction doubt and source inconsistency are told apart (extractor/outcomes.py).

    python benchmarks/bench_outcomes.py [--n 20] [--seed 7] [--json OUT.json]

1. labelled - the dev set (tests/data/corpus seeds + labelled real reports, as published): every
   broken identity and prose contradiction, its verdict (source / doubt), and whether it is a
   misread (a cell of it differs from the labels, blank = 0, the labels' ambiguous keys left
   out) or the publisher's own (every cell right). A misread judged "source" must not happen.
   Also the routing: auto-accepted, wrong fields in auto-accepted, moved to "source inconsistent".
2. unlabelled - the other real reports (real/, real-pdf/): verdicts and routing only.
3. publisher errors - generated reports (training.generate) with one count changed so an
   identity breaks (generate._typo), rendered in every layout (training.render): the truth is
   what is printed, so a break with every cell right is the publisher's; how many are
   recognised (judged source) per layout.
4. misreads - generated reports whose identities all hold, rendered, then one cell of table
   三/四 lost the way converters lose them: `drop` (a cell and its separator removed: the row
   shifts), `merge` (the separator between two adjacent cells removed: 12|3 -> 123), `swap`
   (two adjacent cells exchanged). The truth is the report before the mutation, so every
   break with a wrong cell is a misread: the rate judged source, and wrong fields in
   documents that were not routed to a person.

Not a test (pytest collects tests/ only); numbers go to README "Accuracy".
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from extractor.loaders import load, load_bytes  # noqa: E402
from extractor.outcomes import doubtful_keys, judge, layout_doubts  # noqa: E402
from extractor.pipeline import Pipeline  # noqa: E402
from training.generate import _typo, check_identities, generate_report  # noqa: E402
from training.render import LAYOUTS, render  # noqa: E402
from training.score import comparable  # noqa: E402

CORPUS = REPO / "tests" / "data" / "corpus"
NLP = Pipeline()


def run(doc):
    """The Parse after every stage (p.report is the output)."""
    p = NLP.run(doc, until="output")
    return p


def wrong_keys(report: dict, truth: dict, ambiguous=()) -> set[str]:
    out = set()
    for k, v in truth.items():
        if k in ambiguous:
            continue
        got = (report["fields"].get(k) or {}).get("value")
        if comparable(got, True) != comparable(v, True):
            out.add(k)
    return out


def breaks(p) -> list:
    """(check, verdict) of every broken identity and prose contradiction."""
    out = [(v.check, v) for v in p.verdicts]
    out += [(c, judge(c, p.assembly.fields, doubtful_keys(p.verdicts), layout_doubts(p.assembly.fields)))
            for c in p.prose if c.status == "broken"]
    return out


def tally(p, truth: dict | None, ambiguous=(), stats=None) -> dict:
    """One document's breaks and routing into `stats` (a Counter)."""
    rv = p.report["review"]
    wrong = wrong_keys(p.report, truth, ambiguous) if truth is not None else set()
    for c, v in breaks(p):
        misread = bool(set(c.keys) & wrong)
        kind = "misread" if misread else "publisher"
        stats[f"breaks_{kind}"] += 1
        stats[f"breaks_{kind}_judged_{'source' if v.source else 'doubt'}"] += 1
    stats["documents"] += 1
    if not rv["required"]:
        stats["auto_accepted"] += 1
        stats["wrong_fields_in_auto_accepted"] += len(wrong)
        stats["wrong_documents_auto_accepted"] += bool(wrong)
        if rv.get("source_inconsistent"):
            stats["auto_accepted_source_inconsistent"] += 1
            # accepted only because its breaks were judged the report's own
            stats["wrong_documents_auto_accepted_as_source"] += bool(wrong)
    if wrong:
        stats["wrong_documents"] += 1
    return {"required": rv["required"], "source_inconsistent": rv.get("source_inconsistent"), "wrong": sorted(wrong)}


def labelled(stats: Counter) -> dict:
    rows = {}
    labs = sorted(CORPUS.glob("seeds/*.labels.json")) + sorted(CORPUS.glob("real/*.labels.json"))
    for lab_path in labs:
        lab = json.loads(lab_path.read_text("utf-8"))
        src = lab_path.parent / lab["doc"]
        p = run(load(src))
        rows[src.name] = tally(p, lab["fields"], lab.get("ambiguous") or (), stats)
    return rows


def unlabelled(stats: Counter) -> dict:
    rows = {}
    labelled_docs = {json.loads(p.read_text("utf-8"))["doc"] for p in CORPUS.glob("real/*.labels.json")}
    for src in sorted(CORPUS.glob("real/*")) + sorted(CORPUS.glob("real-pdf/*.pdf")):
        if src.name in labelled_docs or src.suffix in (".json", ".tsv"):
            continue
        p = run(load(src))
        rows[src.name] = tally(p, None, (), stats)
    return rows


# --- mutations of a rendered document ---------------------------------------------------------

# text between two cells of a row: whitespace, pipes, cell markup - nothing printed
_SEP = re.compile(r"^(?:\s|\||</?t[dh][^>]*>|</?p[^>]*>|</?span[^>]*>)+$")
_NUM = re.compile(r"(?<![\d.])\d{1,9}(?![\d.])")


def _cell_pairs(text: str) -> list[tuple[re.Match, re.Match]]:
    start = text.find("收到和处理政府信息公开申请情况")
    nums = [m for m in _NUM.finditer(text) if m.start() > start >= 0]
    return [(a, b) for a, b in zip(nums, nums[1:]) if _SEP.match(text[a.end():b.start()])]


def mutate(text: str, how: str, rng: random.Random) -> str | None:
    pairs = _cell_pairs(text)
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    if how == "drop":
        return text[:a.start()] + text[b.start():]
    if how == "merge":
        return text[:a.end()] + text[b.start():]
    if how == "swap":
        if a.group() == b.group():
            return None
        return text[:a.start()] + b.group() + text[a.end():b.start()] + a.group() + text[b.end():]
    raise ValueError(how)


def synthetic(n: int, seed: int, stats_typo: dict, stats_mut: dict) -> None:
    rng = random.Random(seed)
    for layout in LAYOUTS:
        made = 0
        while made < n:
            report = generate_report(rng)
            fields = dict(report["fields"])
            if check_identities(fields):
                continue  # start from a report whose identities hold
            made += 1
            # publisher error: one printed count changed, the truth is what is printed
            typo = dict(fields)
            if _typo(rng, typo):
                r = render({**report, "fields": typo}, layout, rng)
                p = run(load_bytes(r.content.encode("utf-8"), f"t.{r.extension}"))
                tally(p, r.fields, r.ambiguous, stats_typo[layout])
            # misreads: the printed report is right, the document lost a cell
            r = render({**report, "fields": fields}, layout, rng)
            for how in ("drop", "merge", "swap"):
                text = mutate(r.content, how, rng)
                if text is None:
                    continue
                p = run(load_bytes(text.encode("utf-8"), f"m.{r.extension}"))
                tally(p, r.fields, r.ambiguous, stats_mut[layout])
                tally(p, r.fields, r.ambiguous, stats_mut[f"by_mutation:{how}"])
                stats_mut[layout][f"mutated_{how}"] += 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=20, help="generated reports per layout")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", help="write the numbers here")
    a = ap.parse_args()
    lab, unl = Counter(), Counter()
    lab_rows = labelled(lab)
    unl_rows = unlabelled(unl)
    typo, mut = defaultdict(Counter), defaultdict(Counter)
    synthetic(a.n, a.seed, typo, mut)
    out = {"labelled": dict(lab), "labelled_documents": lab_rows, "unlabelled": dict(unl),
           "unlabelled_documents": unl_rows, "publisher_errors": {k: dict(v) for k, v in typo.items()},
           "misreads": {k: dict(v) for k, v in mut.items()}}
    for name in ("publisher_errors", "misreads"):
        tot = Counter()
        for k, v in out[name].items():
            if not k.startswith("by_"):
                tot.update(v)
        out[name]["all"] = dict(tot)
    print("labelled (seeds + labelled real):", json.dumps(dict(lab), ensure_ascii=False))
    for k, v in lab_rows.items():
        print(f"  {k:28} required={v['required']!s:5} source={v['source_inconsistent']!s:5} wrong={v['wrong']}")
    print("unlabelled real:", json.dumps(dict(unl), ensure_ascii=False))
    for k, v in unl_rows.items():
        print(f"  {k:28} required={v['required']!s:5} source={v['source_inconsistent']!s:5}")
    for name in ("publisher_errors", "misreads"):
        print(name)
        for layout, v in out[name].items():
            pub, mis = v.get("breaks_publisher", 0), v.get("breaks_misread", 0)
            print(f"  {layout:15} docs={v.get('documents', 0):3} publisher breaks={pub:3} "
                  f"judged source={v.get('breaks_publisher_judged_source', 0):3} | misread breaks={mis:3} "
                  f"judged source={v.get('breaks_misread_judged_source', 0):3} | auto-accepted={v.get('auto_accepted', 0):3} "
                  f"wrong docs auto-accepted={v.get('wrong_documents_auto_accepted', 0)} "
                  f"(as source: {v.get('wrong_documents_auto_accepted_as_source', 0)})")
    if a.json:
        Path(a.json).write_text(json.dumps(out, ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main()
