"""Train the neural block classifier and compare it with the scikit-learn one, side by side.

    python -m training.neural [--quick] [--no-lolo] [--lolo-epochs N] [--json FILE]

1. Trains `extractor.neural.NeuralBlockClassifier` (a tiny BERT configured here, trained from
   scratch on CPU) on the same `training.train.build_docs` data as `xxgk train`, and saves it
   as block-neural/ (weights.safetensors + config.json + MODEL_CARD.md) of a model bundle
   (extractor.bundle): `--out DIR` (default: a new xxgk-models/neural-<time>, which starts
   with the classifier and calibration of the bundle in use); the shipped bundle
   (models/default) only with `--replace-shipped`, an existing folder only with `--force`.
2. Compares it with the bundle's scikit-learn model (block-classifier/) and with the
   rules alone on the same held-out renderings (generated reports of a seed never used in
   training, every layout): block accuracy on the clean renderings and on copies with a
   quarter of their row labels misspelt (training.train._perturb), and field accuracy of the
   whole pipeline (`extractor.pipeline.extract_bytes` / `parse_document`) with each classifier.
   Calibration error (ECE, the bundle's calibration.json map) of each.
3. Leave-one-layout-out: for each layout L both models are refitted on the training pool
   without L (the neural one with `--lolo-epochs`, fewer than the shipped recipe, to keep the
   study's cost down on CPU) and read the same held-out renderings of L.
4. Speed (classifier alone and whole pipeline, ms per document; cold load), size, training time.
5. Disagreement as evidence: the opt-in `ensemble` pipeline (classify.EnsembleClassifier +
   confidence.disagreement_evidence: scikit-learn labels, fields the neural model's labels
   read differently or rest on blocks it labels differently get a lower raw score) against
   the default pipeline: error rate of disagreeing and agreeing fields, AUROC of the raw field
   score before and after, wrong fields and documents routed to review, ECE.
6. The dev set (tests/data/corpus seeds + labelled real reports) scored with
   training.score for each classifier.

Everything is seeded; numbers go to block-neural/MODEL_CARD.md of the bundle and, with --json, to a
file. torch and transformers are needed (`pip install -e .[neural]`).
"""
from __future__ import annotations

import argparse
import copy
import json
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

from extractor.assemble import assemble
from extractor.blockmodel import load_default as load_sklearn
from extractor.bundle import default_bundle
from extractor.checks import check
from extractor.classify import EnsembleClassifier, RuleClassifier
from extractor.confidence import (BLOCK_DISAGREE_FACTOR, FIELD_REVIEW_BELOW, VALUE_DISAGREE_FACTOR,
                                  score_fields)
from extractor.neural import MODEL_DIR_NAME, NeuralBlockClassifier, block_tokens
from extractor.paths import SHIPPED_BUNDLE_DIR
from extractor.loaders import load_bytes
from extractor.pipeline import extract_bytes, extract_file, parse_document

from .annotate import _same
from .bundle import output_dir, start_bundle, write_manifest
from .corpus import DEV_CORPUS
from .evaluate import FIXED_LABELS, block_accuracy, block_pairs, labelled, score_doc, summarize
from .generate import generate_report
from .render import EXTENSIONS, LAYOUTS, render
from .train import _perturb, build_docs
from .train import fit as fit_sklearn

PERTURB = 0.25  # share of row labels misspelt in the "typos" copies (as in training and --lolo)
NAMES = ("rules", "sklearn", "neural")
FACTORS = {"value": VALUE_DISAGREE_FACTOR, "blocks": BLOCK_DISAGREE_FACTOR}

# the recipe of the shipped model (CPU, well under 5 minutes on 2 shared cores)
RECIPE = {"hidden": 96, "layers": 2, "heads": 3, "intermediate": 192, "epochs": 10, "batch": 64, "lr": 3e-3,
          "min_char_count": 2, "max_dup": 4, "dropout": 0.1, "threads": 1}
QUICK = {**RECIPE, "hidden": 64, "heads": 2, "intermediate": 128, "epochs": 2}
LOLO_EPOCHS = 4  # the leave-one-layout-out refits: same network, 4 epochs instead of 10 (7 fits on CPU)


def neural_examples(docs) -> tuple[list, list[str]]:
    """(token sequences, labels) of the confirmed blocks the classifier decides."""
    X, y = [], []
    for doc, conf, _layout, _origin in docs:
        seqs = block_tokens(doc)
        for i, ok in enumerate(conf):
            lab = doc.blocks[i].label
            if ok and lab not in FIXED_LABELS:
                X.append(seqs[i])
                y.append(lab)
    return X, y


def fit_neural(docs, recipe: dict, seed: int, log=None) -> NeuralBlockClassifier:
    X, y = neural_examples(docs)
    return NeuralBlockClassifier(**recipe, seed=seed).fit(X, y, log=log)


# --- the held-out renderings ------------------------------------------------------------------


def test_set(seed: int, n_per_layout: int, layouts=LAYOUTS) -> dict[str, list]:
    """Per layout: (rendering, name) of fresh generated reports (a seed never used in training)."""
    out = {}
    for li, layout in enumerate(layouts):
        rng = random.Random(seed + li)
        out[layout] = []
        for i in range(n_per_layout):
            r = render(generate_report(rng), layout, rng)
            out[layout].append((r, f"nt_{layout}_{i}"))
    return out


def _field_records(doc, out: dict, truth: dict, ambiguous) -> dict:
    """key -> (value, right, raw score, found, disagreement) of a parsed document. The raw
    score is the default evidence's (assembled again from the labels parse_document set), times
    the disagreement factor where the ensemble pipeline found one (doc.meta["disagreement"])."""
    asm = assemble(doc)  # the labels parse_document set: same assembly, with its evidence
    values = {k: f.value for k, f in asm.fields.items()}
    rv = asm.tables["requests"].version if "requests" in asm.tables else None
    score_fields(asm.fields, check(values, rv))
    dis = doc.meta.get("disagreement") or {}
    rec = {}
    for k, t in truth.items():
        if k in ambiguous:
            continue
        f = out["fields"].get(k)
        fr = asm.fields.get(k)
        raw = fr.evidence.get("raw_score", 0.0) if fr else 0.0
        rec[k] = {"value": f["value"] if f else None, "right": f is not None and _same(f["value"], t),
                  "raw_before": raw, "raw": raw * FACTORS.get(dis.get(k), 1.0), "dis": dis.get(k),
                  "found": bool(fr and fr.evidence.get("found"))}
    return rec


def read_doc(r, name: str, clfs: dict, prng: random.Random, variants=("clean", "typos")) -> dict:
    """Everything one held-out rendering tells about each classifier (see the module doc).
    The "ensemble" classifier labels blocks as its primary does: no block accuracy of its own."""
    res = {"pairs": {}, "scored": {}, "fields": {}, "review": {}}
    fname = f"{name}.{EXTENSIONS[r.format]}"
    lab = labelled(r.content, r.format, r.fields, name)
    doc0 = load_bytes(r.content.encode("utf-8"), fname)
    typo = None
    if lab is not None and "typos" in variants:
        tdoc, tconf = labelled(r.content, r.format, r.fields, name)
        _perturb(tdoc, prng, PERTURB)
        typo = (tdoc, tconf, [b.label for b in tdoc.blocks])
    for key, clf in clfs.items():
        for variant in variants:
            if variant == "clean":
                # extract_bytes(data, name, clf) is parse_document(load_bytes(data, name), clf): load
                # once, keep the parsed document (its labels, blocks) for the evidence study
                d = copy.deepcopy(doc0)
                out = parse_document(d, clf)
                if lab is not None and key != "ensemble":
                    res["pairs"][key, variant] = block_pairs(*lab, clf)
            else:
                if typo is None:
                    continue
                tdoc, tconf, truth = typo
                if key != "ensemble":
                    res["pairs"][key, variant] = block_pairs(tdoc, tconf, clf, truth)
                d = copy.deepcopy(tdoc)
                out = parse_document(d, clf)
            res["scored"][key, variant] = score_doc(out, r.fields, r.ambiguous)
            res["review"][key, variant] = out["review"]["required"]
            if key in ("sklearn", "ensemble"):
                res["fields"][key, variant] = _field_records(d, out, r.fields, r.ambiguous)
    return res


def summarise_reads(reads: list[dict], keys, variants=("clean", "typos")) -> dict:
    """Per classifier and variant ("both": clean and typos together): block accuracy, field
    accuracy, documents, review routing and ECE of the calibrated field confidence."""
    out = {}
    for key in keys:
        for v in (*variants, "both"):
            vs = variants if v == "both" else (v,)
            pairs = [p for rd in reads for w in vs for p in rd["pairs"].get((key, w), [])]
            scored = [rd["scored"][key, w] for rd in reads for w in vs if (key, w) in rd["scored"]]
            sm = summarize("", scored, quiet=True) if scored else None
            out[f"{key}/{v}"] = {
                "block_accuracy": block_accuracy(pairs),
                "blocks": sum(1 for t, _ in pairs if t not in FIXED_LABELS),
                "field_accuracy": sm["field_accuracy"] if sm else None,
                "fields": sm["fields"] if sm else 0,
                "ece": sm["ece"] if sm else None,
                "documents_fully_right": sm["documents_fully_right"] if sm else None,
                "documents": len(scored),
                "auto_accepted": sm["auto_accepted"] if sm else None,
                "wrong_documents": sm["wrong_documents"] if sm else None,
                "wrong_documents_auto_accepted": sm["wrong_documents_auto_accepted"] if sm else None,
            }
    return out


# --- disagreement as evidence -----------------------------------------------------------------


def auroc(scores: list[float], right: list[bool]) -> float | None:
    """P(score of a right field > score of a wrong one), ties counting half (Mann-Whitney)."""
    s = np.asarray(scores, dtype=float)
    y = np.asarray(right, dtype=bool)
    npos, nneg = int(y.sum()), int((~y).sum())
    if not npos or not nneg:
        return None
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s))
    sorted_s = s[order]
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and sorted_s[j + 1] == sorted_s[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[y].sum() - npos * (npos + 1) / 2) / (npos * nneg))




def evidence_records(reads: list[dict], variants=("clean", "typos")) -> tuple[list[dict], list[dict]]:
    """(fields, documents) of the ensemble pipeline: every field it found (right?, raw score
    before and after the disagreement evidence, which disagreement) and every document (wrong?,
    sent to review by the default and by the ensemble pipeline, any disagreement)."""
    recs, docs = [], []
    for di, rd in enumerate(reads):
        for v in variants:
            if ("ensemble", v) not in rd["fields"]:
                continue
            fs = rd["fields"]["ensemble", v]
            for k, f in fs.items():
                if f["found"]:
                    recs.append({"doc": di, "variant": v, "key": k, "right": f["right"], "raw": f["raw"],
                                 "raw_before": f["raw_before"], "dis": f["dis"]})
            sc = rd["scored"]["sklearn", v]
            docs.append({"doc": di, "variant": v, "wrong": bool(sc["wrong"] or sc["must_review"]),
                         "review_default": rd["review"]["sklearn", v], "review_ensemble": rd["review"]["ensemble", v],
                         "disagreement": any(f["dis"] for f in fs.values())})
    return recs, docs


def _rate(rs: list[dict]) -> dict:
    wrong = sum(1 for r in rs if not r["right"])
    return {"fields": len(rs), "wrong": wrong, "error_rate": wrong / len(rs) if rs else None}


def evidence_study(recs: list[dict], docs: list[dict]) -> dict:
    """Does the two classifiers' disagreement predict field errors, and what does the ensemble
    pipeline's use of it (confidence.disagreement_evidence) change? See the module doc."""
    if not recs:
        return {}
    right = [r["right"] for r in recs]
    wrong = [not x for x in right]
    before = [r["raw_before"] < FIELD_REVIEW_BELOW for r in recs]
    after = [r["raw"] < FIELD_REVIEW_BELOW for r in recs]
    dis = [r for r in recs if r["dis"]]
    agree = [r for r in recs if not r["dis"]]
    wrong_docs = [d for d in docs if d["wrong"]]
    return {
        "fields": len(recs), "wrong": sum(wrong),
        "disagree": _rate(dis), "agree": _rate(agree),
        "value": _rate([r for r in recs if r["dis"] == "value"]),
        "blocks": _rate([r for r in recs if r["dis"] == "blocks"]),
        "auroc_raw_default": auroc([r["raw_before"] for r in recs], right),
        "auroc_raw_ensemble": auroc([r["raw"] for r in recs], right),
        "wrong_flagged_default": sum(f and w for f, w in zip(before, wrong)),
        "wrong_flagged_ensemble": sum(f and w for f, w in zip(after, wrong)),
        "right_flagged_default": sum(f and not w for f, w in zip(before, wrong)),
        "right_flagged_ensemble": sum(f and not w for f, w in zip(after, wrong)),
        "documents": {
            "documents": len(docs), "wrong": len(wrong_docs),
            "with_disagreement": sum(1 for d in docs if d["disagreement"]),
            "wrong_with_disagreement": sum(1 for d in wrong_docs if d["disagreement"]),
            "auto_accepted_default": sum(1 for d in docs if not d["review_default"]),
            "auto_accepted_ensemble": sum(1 for d in docs if not d["review_ensemble"]),
            "wrong_auto_accepted_default": sum(1 for d in wrong_docs if not d["review_default"]),
            "wrong_auto_accepted_ensemble": sum(1 for d in wrong_docs if not d["review_ensemble"]),
        },
    }


def merge_evidence(studies: list[dict]) -> dict:
    """Counts summed over several studies (the leave-one-layout-out folds); rates recomputed."""
    studies = [s for s in studies if s]
    if not studies:
        return {}
    out: dict = {"fields": sum(s["fields"] for s in studies), "wrong": sum(s["wrong"] for s in studies)}
    for part in ("disagree", "agree", "value", "blocks"):
        n = sum(s[part]["fields"] for s in studies)
        w = sum(s[part]["wrong"] for s in studies)
        out[part] = {"fields": n, "wrong": w, "error_rate": w / n if n else None}
    for k in ("wrong_flagged_default", "wrong_flagged_ensemble", "right_flagged_default", "right_flagged_ensemble"):
        out[k] = sum(s[k] for s in studies)
    out["documents"] = {k: sum(s["documents"][k] for s in studies) for k in studies[0]["documents"]}
    return out


# --- speed, size ------------------------------------------------------------------------------


def speed(clfs: dict, sample: list, repeat: int = 1) -> dict:
    """ms per document: the classifier's predict alone, and the whole pipeline (best of
    `repeat` passes: the machine is shared, the best pass is the least disturbed)."""
    out = {}
    docs = []
    for r, name in sample:
        lab = labelled(r.content, r.format, r.fields, name)
        if lab is not None:
            docs.append(lab[0])
    for key, clf in clfs.items():
        clf.predict(docs[0])  # warm
        pred, pipe = [], []
        for _ in range(repeat):
            t = time.perf_counter()
            for d in docs:
                clf.predict(d)
            pred.append((time.perf_counter() - t) * 1000 / len(docs))
            t = time.perf_counter()
            for r, name in sample:
                extract_bytes(r.content.encode("utf-8"), f"{name}.{EXTENSIONS[r.format]}", classifier=clf)
            pipe.append((time.perf_counter() - t) * 1000 / len(sample))
        out[key] = {"predict_ms_per_doc": min(pred), "pipeline_ms_per_doc": min(pipe),
                    "blocks_per_doc": sum(len(d.blocks) for d in docs) / len(docs), "documents": len(sample)}
    return out


_COLD = {
    "sklearn": "from extractor.blockmodel import load_default; m = load_default()",
    "neural": "from extractor.neural import load_default; m = load_default()",
}


def cold_load_seconds(dirs: dict[str, Path]) -> dict:
    """Seconds to import the module and load a model, in a fresh interpreter (dirs: the
    model bundle holding each one)."""
    out = {}
    for key, code in _COLD.items():
        prog = (f"import os, time; os.environ['XXGK_MODELS_DIR'] = {str(dirs[key])!r}; t = time.perf_counter(); "
                f"{code}; assert m is not None; import sys; "
                f"print(time.perf_counter() - t, 'torch' in sys.modules)")
        r = subprocess.run([sys.executable, "-c", prog], capture_output=True, text=True)
        try:
            s, torch_loaded = r.stdout.split()
            out[key] = {"seconds": float(s), "imports_torch": torch_loaded == "True"}
        except ValueError:
            out[key] = {"error": (r.stderr or r.stdout)[-300:]}
    return out


def dir_kb(d: Path, skip=("MODEL_CARD.md",)) -> float:
    return sum(p.stat().st_size for p in d.iterdir() if p.is_file() and p.name not in skip) / 1024




# --- leave one layout out ---------------------------------------------------------------------


def lolo(pool, recipe: dict, seed: int, tests: dict, log=print) -> list[dict]:
    """Both models refitted without each layout, read on the held-out renderings of it."""
    rows = []
    rules = RuleClassifier()
    for li, layout in enumerate(tests):
        train_docs = [d for d in pool if d[2] != layout]
        t = time.time()
        sk = fit_sklearn(train_docs)
        sk_s = time.time() - t
        t = time.time()
        nn = fit_neural(train_docs, recipe, seed)
        nn_s = time.time() - t
        clfs = {"rules": rules, "sklearn": sk, "neural": nn, "ensemble": EnsembleClassifier(sk, nn)}
        prng = random.Random(777 + li)
        reads = [read_doc(r, name, clfs, prng) for r, name in tests[layout]]
        row = {"layout": layout, "train_documents": len(train_docs), "fit_seconds_sklearn": sk_s,
               "fit_seconds_neural": nn_s, **summarise_reads(reads, clfs),
               "evidence": evidence_study(*evidence_records(reads))}
        rows.append(row)
        log(f"lolo {layout:15s} " + _fmt_row(row) + f"  (fit sk {sk_s:.0f}s, nn {nn_s:.0f}s)")
    return rows


def _fmt(v) -> str:
    return "  n/a " if v is None else f"{v:.4f}"


def _fmt_row(row: dict) -> str:
    cells = []
    for what in ("block_accuracy", "field_accuracy"):
        for v in ("clean", "typos"):
            cells.append(" ".join(_fmt(row.get(f"{k}/{v}", {}).get(what)) for k in NAMES))
    cells.append(" ".join(_fmt(row.get(f"{k}/both", {}).get("ece")) for k in ("sklearn", "neural", "ensemble")))
    return " | ".join(cells)


HEAD = ("block acc clean (rules sk nn) | block acc typos | field acc clean | field acc typos | ECE (sk nn ens)")


# --- the dev set ------------------------------------------------------------------------------

def dev_documents(corpus: Path = DEV_CORPUS) -> list[tuple[Path, Path]]:
    """(document, labels) of the dev set: the seeds and the labelled real reports."""
    out = []
    for sub in ("seeds", "real"):
        for lf in sorted((corpus / sub).glob("*.labels.json")):
            stem = lf.name[: -len(".labels.json")]
            docs = [p for p in sorted(lf.parent.glob(stem + ".*")) if not p.name.endswith(".json")]
            if docs:
                out.append((docs[0], lf))
    return out


def dev_set(clfs: dict, corpus: Path = DEV_CORPUS) -> dict:
    """Each classifier's extraction of the dev set scored by training.score (as
    `xxgk extract DOCS --classifier NAME --out PRED; python -m training.score LABELS PRED` does)."""
    import shutil
    import tempfile

    from extractor.cli import dump_json

    from . import score

    pairs = dev_documents(corpus)
    if not pairs:
        return {}
    out = {}
    with tempfile.TemporaryDirectory() as td:
        labels = Path(td) / "labels"
        labels.mkdir()
        for _doc, lf in pairs:
            shutil.copy(lf, labels / lf.name)
        for key, clf in clfs.items():
            pred = Path(td) / key
            pred.mkdir()
            for doc, lf in pairs:
                (pred / (lf.name[: -len(".labels.json")] + ".json")).write_text(dump_json(extract_file(doc, clf)))
            docs = score.score(labels, pred)
            out[key] = {"summary": score.summarize(docs),
                        "wrong": {d["doc"]: [r["key"] for r in d["rows"] if not r["lenient"]] for d in docs
                                  if d["lenient"] < d["fields"]},
                        "review_required": {d["doc"]: d["review_required"] for d in docs}}
    return out


# --- main -------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.neural", description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=7, help="seed of the training set (as `xxgk train`)")
    ap.add_argument("--generated", type=int, default=240, help="generated reports in the training set")
    ap.add_argument("--test", type=int, default=20, help="held-out renderings per layout")
    ap.add_argument("--test-seed", type=int, default=24680)
    ap.add_argument("--epochs", type=int, help="override the recipe's epochs")
    ap.add_argument("--lolo-epochs", type=int, default=LOLO_EPOCHS,
                    help="epochs of the neural refits in the leave-one-layout-out study")
    ap.add_argument("--out", type=Path, help="model bundle to write block-neural/ in (default: a new "
                    "xxgk-models/neural-<time> with the classifier and calibration of the bundle in use)")
    ap.add_argument("--force", action="store_true", help="write into an existing --out folder")
    ap.add_argument("--replace-shipped", action="store_true",
                    help="write block-neural/ into the shipped bundle (models/default)")
    ap.add_argument("--no-lolo", action="store_true", help="skip the leave-one-layout-out study")
    ap.add_argument("--no-save", action="store_true", help="do not write the model")
    ap.add_argument("--no-dev", action="store_true", help="skip the dev set (tests/data/corpus)")
    ap.add_argument("--json", type=Path, help="write every number to this file")
    ap.add_argument("--quick", action="store_true", help="small run (tests): fewer documents, smaller model")
    ap.add_argument("--card-from", type=Path, metavar="JSON",
                    help="only rewrite the model card from the numbers of an earlier --json run")
    args = ap.parse_args(argv)
    if args.card_from:  # the card only (not part of the manifest's hashes)
        if not (args.out or args.replace_shipped):
            ap.error("--card-from: name the bundle with --out DIR (or --replace-shipped)")
        write_card((SHIPPED_BUNDLE_DIR if args.replace_shipped else args.out) / MODEL_DIR_NAME,
                   json.loads(args.card_from.read_text()))
        return 0
    out = None
    if not args.no_save:
        try:  # before the minutes of training, not after
            out = output_dir(args.out, replace_shipped=args.replace_shipped, force=args.force, stem="neural")
        except ValueError as e:
            ap.error(str(e))
    recipe = dict(QUICK if args.quick else RECIPE)
    if args.epochs:
        recipe["epochs"] = args.epochs
    lolo_recipe = {**recipe, "epochs": min(recipe["epochs"], args.lolo_epochs)}
    n_gen = 30 if args.quick else args.generated
    n_test = 3 if args.quick else args.test
    t0 = time.time()
    docs = build_docs(args.seed, n_gen)
    build_s = time.time() - t0
    print(f"training documents: {len(docs)} ({dict(Counter(d[2] for d in docs))}), built in {build_s:.0f}s", flush=True)
    t = time.time()
    nn = fit_neural(docs, recipe, seed=0, log=lambda m: print(m, flush=True))
    train_s = time.time() - t
    nn.version = f"blocks-bert-h{recipe['hidden']}l{recipe['layers']}-seed{args.seed}-{time.strftime('%Y%m%d')}"
    nn.meta.update({"trained_on": dict(Counter(d[2] for d in docs)), "seed": args.seed, "generated": n_gen,
                    "train_seconds": round(train_s, 1)})
    n_params = sum(p.numel() for p in nn.net.parameters())
    print(f"neural model: {len(nn.vocab)} tokens, {len(nn.classes)} labels, {n_params} parameters, "
          f"trained in {train_s:.0f}s", flush=True)
    # the bundle the neural model joins: its classifier is the one compared with
    bundle = start_bundle(out) if out is not None else default_bundle()
    out_dir = bundle.root / MODEL_DIR_NAME
    if out is not None:
        nn.save(out_dir)
        write_manifest(bundle.root)
        print(f"wrote {out_dir} into the model bundle {bundle.root} (manifest.json rewritten)", flush=True)
    # the scikit-learn model's training time on this machine, same documents (not saved:
    # the bundle's block-classifier is `xxgk train`'s)
    t = time.time()
    fit_sklearn(docs)
    sk_train_s = time.time() - t
    print(f"scikit-learn model refitted on the same documents in {sk_train_s:.0f}s (not saved)", flush=True)

    sk_dir = bundle.classifier_dir
    sk = load_sklearn(bundle)
    sk_meta = json.loads((sk_dir / "meta.json").read_text())
    ens = EnsembleClassifier(sk, nn)
    clfs = {"rules": RuleClassifier(), "sklearn": sk, "neural": nn, "ensemble": ens}

    tests = test_set(args.test_seed, n_test)
    t = time.time()
    prng = random.Random(args.test_seed + 1)
    reads_by_layout = {layout: [read_doc(r, name, clfs, prng) for r, name in items] for layout, items in tests.items()}
    held = {layout: summarise_reads(reads, clfs) for layout, reads in reads_by_layout.items()}
    all_reads = [rd for reads in reads_by_layout.values() for rd in reads]
    held["all"] = summarise_reads(all_reads, clfs)
    print(f"held-out ({n_test} renderings per layout, read in {time.time() - t:.0f}s)\n{'':22s}{HEAD}", flush=True)
    for layout, row in held.items():
        print(f"held-out {layout:13s} " + _fmt_row(row), flush=True)
    evidence = evidence_study(*evidence_records(all_reads))
    print("evidence (held-out, ensemble vs default pipeline):", json.dumps(evidence), flush=True)

    sample = [x for items in tests.values() for x in items[:max(2, n_test // 4)]]
    spd = speed({"sklearn": sk, "neural": nn, "ensemble": ens}, sample, repeat=1 if args.quick else 3)
    cold = cold_load_seconds({"sklearn": bundle.root, "neural": bundle.root}) if out is not None else {}
    sizes = {"sklearn": dir_kb(sk_dir), "neural": dir_kb(out_dir) if out_dir.exists() else None}
    print("speed:", json.dumps(spd), "cold load:", json.dumps(cold), "size KB:", json.dumps(sizes), flush=True)

    dev = {} if args.no_dev else dev_set({"default": sk, "rules": RuleClassifier(), "neural": nn, "ensemble": ens})
    for key, d in dev.items():
        print(f"dev set, {key}: {json.dumps(d['summary'])}", flush=True)

    lolo_rows = []
    if not args.no_lolo:
        print(f"leave-one-layout-out (pool: the training set, refitted without each layout; neural "
              f"{lolo_recipe['epochs']} epochs)\n{'':20s}{HEAD}", flush=True)
        lolo_rows = lolo(docs, lolo_recipe, 0, tests, log=lambda m: print(m, flush=True))
    report = {"recipe": recipe, "lolo_recipe": lolo_recipe, "seed": args.seed, "generated": n_gen,
              "test_per_layout": n_test, "test_seed": args.test_seed, "perturb": PERTURB,
              "factors": FACTORS, "train_seconds": train_s, "sklearn_train_seconds": sk_train_s,
              "build_seconds": build_s, "parameters": n_params, "vocab": len(nn.vocab),
              "neural_version": nn.version, "sklearn_version": sk.version,
              "sklearn_trained_on": sk_meta.get("trained_on"), "held_out": held, "evidence": evidence,
              "speed": spd, "cold_load": cold, "size_kb": sizes, "dev": dev, "lolo": lolo_rows,
              "lolo_evidence": merge_evidence([r["evidence"] for r in lolo_rows]),
              "seconds": time.time() - t0}
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False, default=str))
    if out is not None:
        write_card(out_dir, report)
    print(f"done in {time.time() - t0:.0f}s", flush=True)
    return 0


def _table(rows: dict | list, first: str) -> str:
    lines = [f"| {first} | block clean: rules / sklearn / neural | block typos: rules / sklearn / neural "
             f"| field clean: sklearn / neural | field typos: sklearn / neural | ECE: sklearn / neural / ensemble |",
             "|---|---|---|---|---|---|"]
    items = rows.items() if isinstance(rows, dict) else [(r["layout"], r) for r in rows]
    for name, row in items:
        g = lambda k, v, w: _fmt(row.get(f"{k}/{v}", {}).get(w))  # noqa: E731
        lines.append(f"| {name} | {g('rules', 'clean', 'block_accuracy')} / {g('sklearn', 'clean', 'block_accuracy')} / "
                     f"{g('neural', 'clean', 'block_accuracy')} | {g('rules', 'typos', 'block_accuracy')} / "
                     f"{g('sklearn', 'typos', 'block_accuracy')} / {g('neural', 'typos', 'block_accuracy')} | "
                     f"{g('sklearn', 'clean', 'field_accuracy')} / {g('neural', 'clean', 'field_accuracy')} | "
                     f"{g('sklearn', 'typos', 'field_accuracy')} / {g('neural', 'typos', 'field_accuracy')} | "
                     f"{g('sklearn', 'both', 'ece')} / {g('neural', 'both', 'ece')} / {g('ensemble', 'both', 'ece')} |")
    return "\n".join(lines)


SPEED_FACTOR = 2.0  # "acceptable speed": the whole pipeline at most this many times slower
CORE_TARGET_MS = 20  # the core's target per text/HTML report


def _mean(rows: list[dict], key: str, what: str) -> float | None:
    vals = [r[key][what] for r in rows if r.get(key, {}).get(what) is not None]
    return sum(vals) / len(vals) if vals else None


def decide(rep: dict) -> tuple[bool, str]:
    """Whether the neural model should be the default: it must win on the held-out layouts
    (leave-one-layout-out means of field accuracy clean and with typos and of block accuracy
    with typos: never worse, better on at least one) and keep the pipeline within SPEED_FACTOR
    of the scikit-learn one."""
    rows = rep["lolo"] or [v for k, v in rep["held_out"].items() if k != "all"]
    where = "leave-one-layout-out" if rep["lolo"] else "held-out (no --lolo run)"
    parts, wins = [], []
    for what, variant in (("field_accuracy", "clean"), ("field_accuracy", "typos"), ("block_accuracy", "typos"),
                          ("block_accuracy", "clean")):
        sk, nn = _mean(rows, f"sklearn/{variant}", what), _mean(rows, f"neural/{variant}", what)
        parts.append(f"{what.replace('_', ' ')} ({variant}) sklearn {_fmt(sk)} vs neural {_fmt(nn)}")
        if what == "field_accuracy" or variant == "typos":
            wins.append(None if sk is None or nn is None else (nn > sk) - (nn < sk))
    spd = rep["speed"]
    ratio = spd["neural"]["pipeline_ms_per_doc"] / spd["sklearn"]["pipeline_ms_per_doc"]
    fast = ratio <= SPEED_FACTOR
    better = None not in wins and min(wins) >= 0 and max(wins) > 0  # never worse, better somewhere
    text = (f"Mean over layouts, {where}: " + "; ".join(parts) + ". "
            f"Pipeline {spd['sklearn']['pipeline_ms_per_doc']:.0f} ms vs {spd['neural']['pipeline_ms_per_doc']:.0f} ms "
            f"per generated document ({ratio:.1f}× slower; acceptable is ≤ {SPEED_FACTOR:.0f}×, and the core's target "
            f"is ≤ {CORE_TARGET_MS} ms per text/HTML report), classifier alone "
            f"{spd['sklearn']['predict_ms_per_doc']:.1f} vs {spd['neural']['predict_ms_per_doc']:.1f} ms. "
            f"Wins on held-out layouts: {'yes' if better else 'no'}; acceptable speed: {'yes' if fast else 'no'}.")
    return better and fast, text


def _dev_table(dev: dict) -> str:
    if not dev:
        return "(not run: `--no-dev`)"
    lines = ["| classifier | field accuracy (lenient / strict) | fully right | auto-accepted | wrong fields auto-accepted "
             "| wrong documents flagged | ECE | wrong fields |", "|---|---|---|---|---|---|---|---|"]
    for key, d in dev.items():
        s = d["summary"]
        wrong = "; ".join(f"{doc}: {', '.join(ks[:4])}{' …' if len(ks) > 4 else ''}" for doc, ks in d["wrong"].items())
        lines.append(f"| {key} | {s['field_accuracy_lenient']:.4f} / {s['field_accuracy_strict']:.4f} | "
                     f"{s['documents_fully_right']} / {s['documents']} | {s['auto_accepted']} | "
                     f"{s['wrong_fields_in_auto_accepted']} | {s['wrong_documents_flagged_for_review']} | "
                     f"{s['confidence_ece']} | {wrong or '—'} |")
    return "\n".join(lines)


def _evidence_text(ev: dict) -> str:
    if not ev:
        return "(no fields)"
    dd = ev["documents"]
    return (f"{ev['disagree']['fields']} of {ev['fields']} found fields have a disagreement "
            f"({ev['value']['fields']} read differently, {ev['blocks']['fields']} same value on differently labelled "
            f"blocks); error rate where they disagree {_fmt(ev['disagree']['error_rate'])} "
            f"({ev['disagree']['wrong']} of the {ev['wrong']} wrong fields), where they agree "
            f"{_fmt(ev['agree']['error_rate'])} ({ev['agree']['wrong']}). "
            + (f"AUROC of the raw field score (right vs wrong) {_fmt(ev.get('auroc_raw_default'))} default, "
               f"{_fmt(ev.get('auroc_raw_ensemble'))} ensemble. " if "auroc_raw_default" in ev else "")
            + f"Wrong fields below the routing threshold: {ev['wrong_flagged_default']} default → "
            f"{ev['wrong_flagged_ensemble']} ensemble; right fields below it: {ev['right_flagged_default']} → "
            f"{ev['right_flagged_ensemble']}. Documents: {dd['documents']}, {dd['wrong']} wrong or ambiguous, "
            f"{dd['with_disagreement']} with a disagreement ({dd['wrong_with_disagreement']} of them wrong or ambiguous); "
            f"auto-accepted {dd['auto_accepted_default']} → {dd['auto_accepted_ensemble']}, wrong but auto-accepted "
            f"{dd['wrong_auto_accepted_default']} → {dd['wrong_auto_accepted_ensemble']}.")


def _evidence_verdict(held: dict, lolo_ev: dict) -> str:
    parts = []
    for name, ev in (("held-out", held), ("leave-one-layout-out", lolo_ev)):
        if not ev:
            continue
        d, a = ev["disagree"]["error_rate"], ev["agree"]["error_rate"]
        ratio = "n/a" if d is None or not a else f"{d / a:.1f}×"
        caught = ev["wrong_flagged_ensemble"] - ev["wrong_flagged_default"]
        extra = ev["documents"]["auto_accepted_default"] - ev["documents"]["auto_accepted_ensemble"]
        parts.append(f"{name}: a disagreeing field is wrong {ratio} as often as an agreeing one; the ensemble "
                     f"routes {caught} more wrong field(s) and {extra} more document(s) to review")
    caught_any = any(ev and ev["wrong_flagged_ensemble"] > ev["wrong_flagged_default"] for ev in (held, lolo_ev))
    tail = ("It catches wrong fields the default evidence misses, at the review cost above; it stays opt-in "
            "(`--classifier ensemble`)." if caught_any else
            "Every wrong field it touches was already below the routing threshold: the disagreement catches "
            "nothing the default evidence misses, and only adds review work; it stays an opt-in second "
            "opinion (`--classifier ensemble`), not a default.")
    return ("Verdict — " + "; ".join(parts) + ". " + tail) if parts else ""


def write_card(out_dir: Path, rep: dict) -> None:
    r = rep["recipe"]
    lr = rep.get("lolo_recipe", r)
    spd, cold, size = rep["speed"], rep["cold_load"], rep["size_kb"]
    lolo_part = _table(rep["lolo"], "left-out layout") if rep["lolo"] else "(not run: `--no-lolo`)"
    fit_times = ", ".join(f"{x['layout']} {x['fit_seconds_sklearn']:.0f} / {x['fit_seconds_neural']:.0f}"
                          for x in rep["lolo"])
    default, why = decide(rep)
    verdict = ("**Make it the default** (it wins on held-out layouts at acceptable speed)." if default else
               "**The scikit-learn model stays the default.**")
    f = rep.get("factors", FACTORS)
    held_all = rep["held_out"]["all"]
    cold_s = lambda k: cold.get(k, {}).get("seconds", float("nan"))  # noqa: E731
    (out_dir / "MODEL_CARD.md").write_text(f"""# Neural block classifier — model card

* version: `{rep['neural_version']}` ({'proposed default' if default else 'optional, not the default'}: see "Decision")
* kind: `transformers` `BertForSequenceClassification` configured here and trained from scratch
  (no pretrained weights, nothing downloaded): hidden {r['hidden']}, {r['layers']} layers, {r['heads']} heads,
  feed-forward {r['intermediate']}, {rep['parameters']:,} parameters, vocabulary of {rep['vocab']} tokens (characters seen
  at least {r['min_char_count']}× in training, [PAD]/[UNK]/[CLS]/[SEP], layout tokens).
* input per block: the template rule's label (in the [CLS] slot), kind, column, row length, blank `[SEP]`
  the block's normalised text (digit runs → 0, ≤32 characters, head + tail) `[SEP]` previous block's
  rule label + text (≤16) `[SEP]` next block's rule label + text (≤16); token types tell the parts apart.
* trained on: the same `training.train.build_docs(seed={rep['seed']}, n_generated={rep['generated']})` documents as the
  scikit-learn model ({rep.get('sklearn_trained_on')}: the real annotated reports of `annotations/`,
  each re-rendered in every layout, and generated reports, half with perturbed row labels); identical
  (input, label) pairs kept at most {r['max_dup']}×; {r['epochs']} epochs, AdamW lr {r['lr']}, batch {r['batch']},
  {r['threads']} CPU thread, seeded. No GPU was lent to this run: CPU only.
* training time: {rep['train_seconds']:.0f} s (the scikit-learn model, refitted on the same documents in the same run:
  {rep.get('sklearn_train_seconds', float('nan')):.0f} s). 2 CPU cores shared with other work: timings are noisy.
* files: `weights.safetensors` + `config.json`: {size['neural']:.0f} KB (the scikit-learn model: {size['sklearn']:.0f} KB).
* reproduce: `python -m training.neural` (torch and transformers: `pip install -e .[neural]`); every
  number below comes from that one run (`--json FILE` keeps them all).
* use: `xxgk extract --classifier neural` or `--classifier ensemble` (see "Disagreement"), or
  `extract_file(path, classifier="neural")`; torch and transformers are imported only then.

## Held-out block and field accuracy, calibration (same renderings for every classifier)

{rep['test_per_layout']} fresh generated reports per layout (seed {rep['test_seed']}); "typos": copies with
{rep['perturb']:.0%} of the row labels misspelt. Block accuracy over the blocks a classifier decides (blank
cells and row breaks left out); field accuracy of the whole pipeline; ECE of the calibrated field
confidence (the bundle's `calibration.json`, fitted on the scikit-learn model's outputs; 10 bins, clean
and typos together).

{_table(rep['held_out'], 'layout')}

All layouts, clean + typos ({held_all['sklearn/both']['documents']} documents): ECE sklearn {_fmt(held_all['sklearn/both']['ece'])}, neural {_fmt(held_all['neural/both']['ece'])}, ensemble {_fmt(held_all['ensemble/both']['ece'])}
(required: ≤ 0.03; worst layout {max(v[k + '/both']['ece'] for n, v in rep['held_out'].items() for k in ('sklearn', 'neural', 'ensemble')):.4f}).
Wrong (or ambiguous) documents auto-accepted: sklearn {held_all['sklearn/both']['wrong_documents_auto_accepted']} of {held_all['sklearn/both']['wrong_documents']},
neural {held_all['neural/both']['wrong_documents_auto_accepted']} of {held_all['neural/both']['wrong_documents']}, ensemble {held_all['ensemble/both']['wrong_documents_auto_accepted']} of {held_all['ensemble/both']['wrong_documents']}.

## Leave one layout out (both models refitted without the layout, same test renderings)

The scikit-learn model with its `xxgk train` recipe; the neural one with the same network but
{lr['epochs']} epochs instead of {r['epochs']} (7 refits on 2 CPU cores; the shipped model is the {r['epochs']}-epoch one).
Fit seconds (sklearn / neural): {fit_times or '—'}.

{lolo_part}

## Speed and size (2 shared CPU cores; best of 3 passes)

{spd['sklearn']['documents']} held-out generated reports (all layouts, about {spd['sklearn']['blocks_per_doc']:.0f} blocks each).

| | sklearn (default) | neural | ensemble (both + second assembly) |
|---|---|---|---|
| classify, ms per document | {spd['sklearn']['predict_ms_per_doc']:.1f} | {spd['neural']['predict_ms_per_doc']:.1f} | {spd['ensemble']['predict_ms_per_doc']:.1f} |
| whole pipeline, ms per document | {spd['sklearn']['pipeline_ms_per_doc']:.1f} | {spd['neural']['pipeline_ms_per_doc']:.1f} | {spd['ensemble']['pipeline_ms_per_doc']:.1f} |
| cold import + load, s | {cold_s('sklearn'):.2f} | {cold_s('neural'):.2f} (torch, transformers) | — |
| size on disk, KB | {size['sklearn']:.0f} | {size['neural']:.0f} | — |
| training time, s | {rep.get('sklearn_train_seconds', float('nan')):.0f} | {rep['train_seconds']:.0f} | — |

## Dev set (`training.score`: the 5 seeds and the labelled real reports)

The real reports are also in `annotations/`, which both models train on: not held out for either.

{_dev_table(rep.get('dev') or {})}

## Disagreement of the two models as evidence for confidence

`xxgk extract --classifier ensemble` labels blocks with the scikit-learn model, asks the neural model
too, assembles the tables a second time from its labels and lowers a field's raw score where the two
disagree (`confidence.disagreement_evidence`): × {f['value']} where the second reading gives the field
another value (or none), × {f['blocks']} where the value is the same but its value cell or its row label is
labelled differently. A field pushed below the routing threshold ({FIELD_REVIEW_BELOW}) adds a review reason.

* Held-out renderings (clean + typos): {_evidence_text(rep['evidence'])}
* Leave one layout out (all folds, models that never saw the layout): {_evidence_text(rep.get('lolo_evidence') or {})}

{_evidence_verdict(rep['evidence'], rep.get('lolo_evidence') or {})}

## Decision

{verdict} {why}

The neural model is loaded only on request (`--classifier neural|ensemble`,
`extractor.neural.load_default()`); torch and transformers are never imported on the default path.
""")


if __name__ == "__main__":
    raise SystemExit(main())
