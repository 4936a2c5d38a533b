"""`xxgk train`: build the training set, fit the block classifier, calibrate, write a model bundle.

Training data (all derived, reproducible from a seed):
  * annotations/*.json — real reports with their block labels (training.annotate);
  * every annotated report re-rendered in every layout the loaders read (training.render);
  * generated reports (training.generate) in random layouts, some with their row labels
    perturbed (typos, dropped characters) so the model learns to read past the wording.
Block labels of rendered/generated documents come from `annotate`, which keeps only the
labels the known field values confirm.

Then: a held-out evaluation (generated documents of other seeds, per layout), the field
confidence calibration (isotonic, fitted on held-out rendered documents, never on the
real dev reports), and block-classifier/MODEL_CARD.md with the measured numbers.

It writes a new model bundle (extractor.bundle: block-classifier/, calibration.json,
manifest.json) to the folder `--out` names, by default a new `xxgk-models/bundle-<time>/`;
use it with XXGK_MODELS_DIR=<that folder>. The shipped bundle (models/default) is
overwritten only with `--replace-shipped`, an existing folder only with `--force`.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from extractor.blockmodel import MODEL_DIR_NAME, BlockClassifier, block_features
from extractor.classify import RuleClassifier
from extractor.confidence import Calibration
from extractor.loaders import load_bytes
from extractor.model import Document
from extractor.pipeline import Pipeline

from .annotate import ANNOTATIONS, annotate, load_annotations
from .bundle import CALIBRATION, output_dir, trained_templates, write_manifest
from .generate import generate_report
from .render import LAYOUTS, render

# a label's perturbation keeps what a reader needs: drop or swap one character
_CONFUSABLE = {"公": "分", "开": "幵", "理": "埋", "请": "清", "处": "外", "政": "玫", "行": "彳", "信": "言"}


def _perturb(doc: Document, rng: random.Random, p: float = 0.25) -> None:
    for b in doc.blocks:
        if (b.label or "").startswith("row.") and len(b.text) > 4 and rng.random() < p:
            t = list(b.text)
            i = rng.randrange(1, len(t))
            if rng.random() < 0.5:
                del t[i]
            else:
                t[i] = _CONFUSABLE.get(t[i], t[i])
            b.text = "".join(t)


def labelled_doc(content: str, fmt: str, fields: dict, name: str) -> tuple[Document, list[bool]] | None:
    ext = {"text": "txt", "html": "html", "markdown": "md"}[fmt]
    doc = load_bytes(content.encode("utf-8"), f"{name}.{ext}")
    ann = annotate(doc, fields)
    if ann["field_accuracy"] < 0.9:
        return None  # the rules could not read it: its labels are not trustworthy
    return doc, [b["confirmed"] for b in ann["blocks"]]


def examples(doc: Document, confirmed: list[bool]) -> tuple[list[list[str]], list[str]]:
    rules = [b.label for b in doc.blocks]  # annotate() set the (verified) labels
    feats = block_features(doc)
    keep = [i for i, ok in enumerate(confirmed) if ok and rules[i] not in ("break", "blank")]
    return [feats[i] for i in keep], [rules[i] for i in keep]


def build_docs(seed: int, n_generated: int, layouts=LAYOUTS, perturb: bool = True, annotations: Path = ANNOTATIONS):
    """(doc, confirmed, layout, origin) for annotations, their renderings and generated reports."""
    from .annotate import doc_from_annotation

    rng = random.Random(seed)
    out = []
    for ann in load_annotations(annotations):
        doc = doc_from_annotation(ann, annotations)
        a = annotate(doc, ann["fields"])
        out.append((doc, [b["confirmed"] for b in a["blocks"]], "real", ann["doc"]))
        for layout in layouts:
            r = render(ann, layout, rng)
            got = labelled_doc(r.content, r.format, r.fields, f"{ann['doc']}__{layout}")
            if got:
                out.append((*got, layout, ann["doc"]))
    for i in range(n_generated):
        rep = generate_report(rng)
        layout = rng.choice(layouts)
        r = render(rep, layout, rng)
        got = labelled_doc(r.content, r.format, r.fields, f"gen{seed}_{i}")
        if got:
            doc, conf = got
            if perturb and rng.random() < 0.5:
                _perturb(doc, rng)
            out.append((doc, conf, layout, f"gen{seed}_{i}"))
    return out


# a reviewer's correction is rare and deliberate: it weighs like this many ordinary documents
REVIEW_WEIGHT = 20.0


def fit(docs) -> BlockClassifier:
    X, y, w = [], [], []
    for doc, conf, _layout, origin in docs:
        f, l = examples(doc, conf)
        X += f
        y += l
        w += [REVIEW_WEIGHT if str(origin).startswith("review-") else 1.0] * len(l)
    return BlockClassifier().fit(X, y, sample_weight=w)


def block_accuracy(model: BlockClassifier, docs) -> float:
    right = total = 0
    for doc, conf, _layout, _origin in docs:
        truth = [b.label for b in doc.blocks]
        pred = model.predict(doc)
        for ok, t, (p, _, _) in zip(conf, truth, pred):
            if ok:
                total += 1
                right += (t == p)
    return right / max(1, total)


def field_outcomes(docs_fields, classifier, per_doc: list | None = None,
                   not_found: list | None = None) -> list[tuple[float, bool]]:
    """(raw confidence score, value right) for every field of rendered documents; with
    `per_doc`, also appends (lowest raw score of the document, every field right).

    The documents go through extractor.pipeline.Pipeline up to its "confidence" stage: the
    raw scores the calibration is fitted on are those `xxgk extract` computes."""
    from .annotate import _same

    nlp = Pipeline(classifier)
    out = []
    for content, fmt, fields, name in docs_fields:
        all_right = True
        ext = {"text": "txt", "html": "html", "markdown": "md"}[fmt]
        state = nlp.run(load_bytes(content.encode("utf-8"), f"{name}.{ext}"), until="confidence")
        found = state.assembly.fields
        lowest = 1.0
        for k, truth in fields.items():
            fr = found.get(k)
            right = fr is not None and _same(fr.value, truth)
            all_right &= right
            score = fr.evidence["raw_score"] if fr is not None else 0.0
            lowest = min(lowest, score)
            if fr is not None and fr.evidence.get("found"):
                out.append((score, right))
            elif not_found is not None:  # cells never found: right only when truly blank
                not_found.append(right)
        if per_doc is not None:
            per_doc.append((lowest, all_right))
    return out


def rendered_reports(seed: int, n: int, prefix: str) -> list[tuple[str, str, dict, str]]:
    """(content, format, true fields, name) of n generated reports in random layouts."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        r = render(generate_report(rng), rng.choice(LAYOUTS), rng)
        out.append((r.content, r.format, r.fields, f"{prefix}{i}"))
    return out


def fit_calibration(outcomes: list[tuple[float, bool]]) -> Calibration:
    from sklearn.isotonic import IsotonicRegression

    x = np.array([s for s, _ in outcomes])
    y = np.array([float(ok) for _, ok in outcomes])
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(x, y)
    xs = [float(v) for v in iso.X_thresholds_]
    ys = [float(v) for v in iso.y_thresholds_]
    # never claim more certainty than the data shows: the top plateau gets Laplace's
    # estimate (right + 1) / (n + 2) instead of a bare 1.0
    if xs:
        first_top = next(i for i, v in enumerate(ys) if v == ys[-1])
        top = x >= xs[first_top]
        n_top, right_top = int(top.sum()), float(y[top].sum())
        cap = (right_top + 1) / (n_top + 2)
        floor = ys[first_top - 1] if first_top > 0 else 0.0
        ys = ys[:first_top] + [max(min(v, cap), floor) for v in ys[first_top:]]  # stays monotone
    return Calibration(xs or [0.0, 1.0], ys or [0.0, 1.0])


def ece(pairs: list[tuple[float, bool]], bins: int = 10) -> float:
    groups = defaultdict(list)
    for c, ok in pairs:
        groups[min(int(c * bins), bins - 1)].append((c, ok))
    n = len(pairs) or 1
    return sum(abs(np.mean([c for c, _ in g]) - np.mean([ok for _, ok in g])) * len(g) for g in groups.values()) / n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="xxgk train", description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--generated", type=int, default=240, help="generated reports in the training set")
    ap.add_argument("--out", type=Path, help="bundle folder to write (default: a new xxgk-models/bundle-<time>)")
    ap.add_argument("--force", action="store_true", help="overwrite the bundle in an existing --out folder")
    ap.add_argument("--replace-shipped", action="store_true",
                    help="overwrite the shipped bundle (models/default) instead of writing a new one")
    ap.add_argument("--annotations", type=Path, default=ANNOTATIONS, help="annotations folder to learn from")
    ap.add_argument("--quick", action="store_true", help="small run (tests): fewer documents, no held-out study")
    args = ap.parse_args(argv)
    try:  # before the minutes of training, not after
        out = output_dir(args.out, replace_shipped=args.replace_shipped, force=args.force)
    except ValueError as e:
        ap.error(str(e))
    t0 = time.time()
    n_gen = 30 if args.quick else args.generated
    docs = build_docs(args.seed, n_gen, annotations=args.annotations)
    print(f"training documents: {len(docs)} ({Counter(d[2] for d in docs)})")
    model = fit(docs)
    model.version = f"blocks-lr-seed{args.seed}-{time.strftime('%Y%m%d')}"
    train_s = time.time() - t0

    # held-out: generated reports of another seed, per layout
    held = build_docs(args.seed + 1000, 0 if args.quick else 70, perturb=True)
    held = [d for d in held if d[2] != "real"]
    per_layout = {}
    for layout in LAYOUTS:
        sub = [d for d in held if d[2] == layout]
        if sub:
            per_layout[layout] = (block_accuracy(model, sub), block_accuracy(RuleClassifier_wrapper(), sub))
    for layout, (m, r) in per_layout.items():
        print(f"held-out block accuracy {layout:15s} model {m:.4f}  rules {r:.4f}")

    # calibration on held-out rendered documents (not the real dev reports)
    cal_docs = rendered_reports(args.seed + 2000, 20 if args.quick else 240, "cal")
    doc_outcomes: list = []
    missing: list = []
    outcomes = field_outcomes(cal_docs, model, doc_outcomes, missing)
    not_found_conf = (sum(missing) + 1) / (len(missing) + 2)
    # a printed row whose cells could not be read gets no value: right only where the
    # truth is blank or 0, as often as cells of these tables are
    truths = [v for d in cal_docs for v in d[2].values()]
    unread_conf = (sum(v in (0, None) for v in truths) + 1) / (len(truths) + 2)
    calibration = fit_calibration(outcomes)
    doc_calibration = fit_calibration(doc_outcomes)
    # measured on reports the calibration never saw
    val_docs = rendered_reports(args.seed + 3000, 10 if args.quick else 60, "val")
    cal_ece = ece([(calibration(s), ok) for s, ok in field_outcomes(val_docs, model)])

    out_dir = out / MODEL_DIR_NAME
    model.meta = {"trained_on": dict(Counter(d[2] for d in docs)), "seed": args.seed,
                  "held_out_block_accuracy": {k: v[0] for k, v in per_layout.items()}}
    model.save(out_dir)
    # the calibration names the classifier it was fitted on: a bundle never pairs it with another
    (out / CALIBRATION).write_text(json.dumps(
        {"classifier": model.version,
         "x": calibration.x, "y": calibration.y, "fitted_on": f"{len(outcomes)} fields of {len(cal_docs)} held-out rendered reports",
         "not_found": not_found_conf,
         "unread": unread_conf,
         "document": {"x": doc_calibration.x, "y": doc_calibration.y,
                      "fitted_on": "lowest raw field score -> every field right, same reports"},
         "ece_held_out": cal_ece}, indent=0))
    size_kb = sum(p.stat().st_size for p in out_dir.iterdir()) / 1024
    write_card(out_dir, model, docs, per_layout, cal_ece, len(outcomes), train_s, size_kb)
    manifest = write_manifest(out, name=out.name, version=time.strftime("%Y.%m.%d.%H%M%S"),
                              created=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                              templates=trained_templates(),
                              training={"command": "xxgk train " + " ".join(argv if argv is not None else sys.argv[2:]),
                                        "seed": args.seed, "generated": n_gen, "quick": args.quick,
                                        "annotations": str(args.annotations),
                                        "documents": dict(Counter(d[2] for d in docs))})
    print(f"model {model.version}: {len(model.vocab)} features, {len(model.classes)} labels, "
          f"{size_kb:.0f} KB, trained in {train_s:.0f}s; calibration ECE (held-out) {cal_ece:.4f}")
    kept = f" (kept its neural model {manifest['neural']['version']})" if "neural" in manifest else ""
    print(f"wrote the model bundle {out}: {MODEL_DIR_NAME}/, {CALIBRATION}, manifest.json{kept}; "
          + ("it is the shipped bundle now" if args.replace_shipped else f"use it with XXGK_MODELS_DIR={out}"))
    return 0


class RuleClassifier_wrapper(RuleClassifier):  # noqa: N801 - the rules as a baseline estimator
    pass


def write_card(out_dir: Path, model, docs, per_layout, cal_ece, n_cal, train_s, size_kb) -> None:
    rows = "\n".join(f"| {k} | {m:.4f} | {r:.4f} |" for k, (m, r) in per_layout.items())
    origins = Counter(d[2] for d in docs)
    (out_dir / "MODEL_CARD.md").write_text(f"""# Block classifier — model card

* version: `{model.version}`
* kind: multinomial logistic regression (scikit-learn) over character 1–3-grams of the block
  (digits folded to 0), its neighbours' rule labels and shapes, and layout facts (cell/line,
  column, row length, blank). Stored as vocabulary + float16 weights (no pickle): {size_kb:.0f} KB.
* labels: {len(model.classes)} — part headings, every row of both templates, row groups,
  header, caption, value, blank, narrative, noise.
* trained on: {sum(origins.values())} documents — {dict(origins)} — the real annotated reports in
  `annotations/`, each re-rendered in every layout, and generated reports (half with perturbed row
  labels). Block labels are the template rules' labels confirmed by the known field values.
* training time: {train_s:.0f} s on 2 CPU cores; reproduce with `xxgk train --seed {model.meta.get('seed')} --out DIR`
  (`--replace-shipped` to overwrite the shipped bundle, models/default).

## Held-out block accuracy (generated reports of another seed, labels perturbed in half)

| layout | model | rules alone |
|---|---|---|
{rows}

## Confidence calibration

Isotonic map from the assembler's raw field score to probability (`calibration.json` next to this
folder, in the same bundle: it names this model's version), fitted on {n_cal} fields of
held-out rendered reports; ECE on other held-out rendered reports {cal_ece:.4f}. ECE on the real
dev set (never used for fitting) is reported by `python -m training.score` (see README).

## Limits

Trained on the wording of the 2019 and 2021 templates and on the layouts the loaders produce
from text, HTML and markdown. Labels come from rules confirmed by values, so a wording no rule
knows is learned only through perturbation and context.
""")


if __name__ == "__main__":
    raise SystemExit(main())
