"""`xxgk evaluate`: field accuracy, review routing and calibration, per layout and template.

Two sets: the real annotated reports (annotations/, as published) and generated reports
rendered in every layout (a fresh seed, never seen in training). Prints the headline
numbers; `--json FILE` writes them all; `--show-errors` lists every wrong field;
`--report DIR` writes DIR/index.html (training.report: tables, plots, the confusion of
block labels, the reliability diagram and every wrong field).

`--lolo` adds a leave-one-layout-out study: for each layout L a block classifier is
trained (training.train.build_docs/fit, `--lolo-generated` generated reports) on every
document except those of layout L (the real annotations stay in), and tested on
`--lolo-test` fresh renderings in layout L: block accuracy of that model, of the rules
alone and of a model trained on the same pool *with* L, and field accuracy of the
pipeline with each. It shows whether the classifier generalises to a layout it never saw.

`--converters [ROUTES]` scores instead the labelled dev reports (`--set generated`: that many
generated ones) as third-party converters leave them (training.converters: pdftotext,
pdftohtml, text browsers, pandoc, LibreOffice, Chromium print, markdown converters, page
images ...; "all" or a comma list of routes and families; missing tools are skipped and
named). Per route, model vs rules (`--classifiers default,rules`): field accuracy, documents
fully right, auto-accepted, wrong fields in auto-accepted documents, wrong fields with
confidence >= 0.9, ECE, and the labelled values the converter's output still prints (how
we know a converter lost content). A markdown table (stdout, `--report DIR`/converters.md)
and JSON (`--report DIR`/converters.json, `--json FILE`). `--positions` adds whether each
route kept WHERE the values stand (training.twins: two different tables with every identity
holding that print the same prove it lost; per document in converters.json).
"""
from __future__ import annotations

import argparse
import copy
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from extractor.classify import RuleClassifier, default_classifier
from extractor.pipeline import extract_bytes, extract_file

from .annotate import ANNOTATIONS, _same, load_annotations
from .generate import generate_report
from .render import EXTENSIONS, LAYOUTS, render

BINS = 10
# blocks whose label is fixed by layout, not decided by the classifier
FIXED_LABELS = ("break", "blank")
FAMILIES = ("heading", "row.active", "row.requests", "group", "header", "caption", "value", "blank",
            "narrative", "noise")


def family(label: str | None) -> str:
    """The readable family of a block label (heading.*, row.active.*, group.* …)."""
    label = label or "noise"
    for p in ("row.active", "row.requests"):
        if label.startswith(p + "."):
            return p
    head = label.split(".", 1)[0]
    if head in ("heading", "group"):
        return head
    return label if label in FAMILIES else "noise"


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
            "doc_confidence": out["review"].get("confidence"),
            "must_review": bool(ambiguous), "conf": [(r[2], r[1]) for r in rows]}


def reliability(pairs: list[tuple[float, bool]], bins: int = BINS) -> dict:
    """Equal-width confidence bins: count, mean confidence and accuracy of each; the ECE."""
    groups: dict[int, list] = defaultdict(list)
    for c, ok in pairs:
        groups[min(max(int(c * bins), 0), bins - 1)].append((c, ok))
    out, ece = [], 0.0
    for i in range(bins):
        g = groups.get(i, [])
        mc = sum(c for c, _ in g) / len(g) if g else None
        acc = sum(ok for _, ok in g) / len(g) if g else None
        if g:
            ece += abs(mc - acc) * len(g)
        out.append({"lo": i / bins, "hi": (i + 1) / bins, "n": len(g), "mean_confidence": mc, "accuracy": acc})
    return {"bins": out, "ece": ece / (len(pairs) or 1), "fields": len(pairs)}


def reliability_report(pairs: list[tuple[float, bool]]) -> dict:
    """reliability() plus the share of the ECE owed to the cells never found (they get the
    fixed NOT_FOUND_CONFIDENCE and are right whenever the truth is blank)."""
    from extractor.confidence import NOT_FOUND_CONFIDENCE

    rel = reliability(pairs)
    nf = [ok for c, ok in pairs if c == NOT_FOUND_CONFIDENCE]
    rel["not_found"] = {"confidence": NOT_FOUND_CONFIDENCE, "fields": len(nf),
                        "accuracy": sum(nf) / len(nf) if nf else None}
    rel["ece_found_only"] = reliability([p for p in pairs if p[0] != NOT_FOUND_CONFIDENCE])["ece"]
    return rel


def summarize(name: str, results: list[dict], quiet: bool = False) -> dict:
    n = sum(r["n"] for r in results) or 1
    right = sum(r["right"] for r in results)
    bad = [r for r in results if r["wrong"] or r["must_review"]]
    slipped = [r for r in bad if not r["review"]]
    accepted = [r for r in results if not r["review"]]
    ece = reliability([p for r in results for p in r["conf"]])["ece"]
    s = {"set": name, "documents": len(results), "field_accuracy": right / n, "fields": n,
         "documents_fully_right": sum(1 for r in results if not r["wrong"]),
         "auto_accepted": len(accepted), "wrong_documents": len(bad),
         "wrong_documents_auto_accepted": len(slipped), "ece": ece}
    if not quiet:
        print(f"{name:28s} docs {s['documents']:4d}  field acc {s['field_accuracy']:.4f}  fully right "
              f"{s['documents_fully_right']:4d}  auto-accepted {s['auto_accepted']:4d}  wrong-but-accepted "
              f"{s['wrong_documents_auto_accepted']}  ECE {ece:.3f}")
    return s


# --- block labels: the classifier against the annotation labels --------------------------


def labelled(content: str, fmt: str, fields: dict, name: str):
    """(doc, confirmed) with annotation labels, or None when the rules cannot read it."""
    from .train import labelled_doc  # sklearn-free, but keeps train's import cost out of plain runs

    return labelled_doc(content, fmt, fields, name)


def block_pairs(doc, confirmed: list[bool], classifier, truth: list[str] | None = None) -> list[tuple[str, str]]:
    """(annotation label, predicted label) of every confirmed block but row breaks (blank cells
    are kept for the confusion matrix; accuracies leave them out, see block_accuracy)."""
    truth = truth if truth is not None else [b.label for b in doc.blocks]
    pred = classifier.predict(doc)
    return [(t, p) for ok, t, (p, _, _) in zip(confirmed, truth, pred) if ok and t != "break"]


def confusion(pairs: list[tuple[str, str]], top: int = 25) -> dict:
    """Family confusion matrix (rows: annotation, columns: prediction) and the most confused
    full labels."""
    fams = list(FAMILIES)
    idx = {f: i for i, f in enumerate(fams)}
    m = [[0] * len(fams) for _ in fams]
    for t, p in pairs:
        m[idx[family(t)]][idx[family(p)]] += 1
    per_truth = Counter(t for t, _ in pairs)
    wrong = Counter((t, p) for t, p in pairs if t != p)
    decided = [(t, p) for t, p in pairs if t not in FIXED_LABELS]
    return {"families": fams, "matrix": m, "blocks": len(pairs), "blocks_decided": len(decided),
            "block_accuracy": block_accuracy(decided),
            "family_accuracy": (sum(1 for t, p in decided if family(t) == family(p)) / len(decided)) if decided else None,
            "confused_pairs": [{"truth": t, "predicted": p, "count": c, "share_of_truth": c / per_truth[t]}
                               for (t, p), c in wrong.most_common(top)]}


def block_accuracy(pairs: list[tuple[str, str]]) -> float | None:
    """Share of right labels among the blocks the classifier decides (blank cells, whose
    label the layout fixes, left out)."""
    pairs = [(t, p) for t, p in pairs if t not in FIXED_LABELS]
    return sum(1 for t, p in pairs if t == p) / len(pairs) if pairs else None


# --- leave one layout out ----------------------------------------------------------------


LOLO_PERTURB = 0.25  # share of row labels given a typo in the perturbed test copies (as in training)
_VARIANTS = (("model", "model without L"), ("rules", "rules alone"), ("with_layout", "model with L"))


def lolo(seed: int = 7, n_generated: int = 80, n_test: int = 10, layouts=LAYOUTS, test_seed: int = 54321,
         quiet: bool = False) -> dict:
    """Train without each layout, test on fresh renderings of it (see the module doc).

    Each test rendering is read twice: as rendered ("clean"), and as a copy with a quarter
    of its row labels given a typo (training.train._perturb, "typos"). On clean renderings
    the annotation labels are the rules' own labels, so the rules score 1.0 by construction;
    the typo copies show what the classifier adds where the wording is unfamiliar."""
    from extractor.pipeline import parse_document

    from .train import _perturb, build_docs, fit

    t0 = time.time()
    pool = build_docs(seed, n_generated)  # one pool; each fold drops the documents of its layout
    build_s = time.time() - t0
    t = time.time()
    full = fit(pool)
    full_s = time.time() - t
    rules = RuleClassifier()
    fmt = lambda v: "  n/a" if v is None else f"{v:.3f}"  # noqa: E731
    if not quiet:
        print(f"leave-one-layout-out: pool of {len(pool)} training documents "
              f"({dict(Counter(d[2] for d in pool))}) built in {build_s:.1f}s; "
              f"model on all layouts fitted in {full_s:.1f}s")
        heads = ("block acc, clean", "block acc, typos", "field acc, clean", "field acc, typos")
        print(f"{'':21s} | " + " | ".join(f"{h:^17s}" for h in heads) + " |")
        print(f"{'left out':15s} train | " + " | ".join(["model rules  w/ L"] * 4) + " | time")
    rows = []
    for li, layout in enumerate(layouts):
        t = time.time()
        train_docs = [d for d in pool if d[2] != layout]
        model = fit(train_docs)
        fit_s = time.time() - t
        clfs = {"model": model, "rules": rules, "with_layout": full}
        rng = random.Random(test_seed + li)
        prng = random.Random(test_seed + 100 + li)
        pairs = {(k, v): [] for k in clfs for v in ("clean", "typos")}
        scored = {(k, v): [] for k in clfs for v in ("clean", "typos")}
        skipped = 0
        for i in range(n_test):
            rep = generate_report(rng)
            r = render(rep, layout, rng)
            name = f"lolo_{layout}_{i}"
            for key, clf in clfs.items():
                out = extract_bytes(r.content.encode("utf-8"), f"{name}.{EXTENSIONS[r.format]}", classifier=clf)
                scored[key, "clean"].append(score_doc(out, r.fields, r.ambiguous))
            lab = labelled(r.content, r.format, r.fields, name)
            if lab is None:  # the rules cannot read it: no trustworthy block labels
                skipped += 1
                continue
            for key, clf in clfs.items():
                pairs[key, "clean"] += block_pairs(*lab, clf)
            typo_doc, confirmed = labelled(r.content, r.format, r.fields, name)
            _perturb(typo_doc, prng, LOLO_PERTURB)
            truth = [b.label for b in typo_doc.blocks]
            for key, clf in clfs.items():
                doc = copy.deepcopy(typo_doc)  # parse_document re-segments and relabels in place
                pairs[key, "typos"] += block_pairs(doc, confirmed, clf, truth)
                scored[key, "typos"].append(score_doc(parse_document(doc, clf), r.fields, r.ambiguous))
        row = {"layout": layout, "train_documents": len(train_docs), "test_documents": n_test,
               "test_documents_unlabelled": skipped,
               "blocks": sum(1 for t, _ in pairs["model", "clean"] if t not in FIXED_LABELS),
               "fit_seconds": fit_s}
        for (key, variant), v in pairs.items():
            row[f"block_accuracy_{key}_{variant}"] = block_accuracy(v)
        for (key, variant), v in scored.items():
            sm = summarize("", v, quiet=True) if v else None
            row[f"field_accuracy_{key}_{variant}"] = sm["field_accuracy"] if sm else None
            row[f"fully_right_{key}_{variant}"] = sm["documents_fully_right"] if sm else None
        row["seconds"] = time.time() - t
        rows.append(row)
        if not quiet:
            cells = []
            for what in ("block_accuracy", "field_accuracy"):
                for variant in ("clean", "typos"):
                    cells.append(" ".join(fmt(row[f"{what}_{k}_{variant}"]) for k in clfs))
            print(f"{layout:15s} {len(train_docs):5d} | " + " | ".join(cells) + f" | {row['seconds']:4.1f}s")
    total = time.time() - t0
    if not quiet:
        print(f"leave-one-layout-out done in {total:.0f}s (block acc 'typos': {LOLO_PERTURB:.0%} of row labels "
              f"misspelt; w/ L: trained on the same pool including L)")
    return {"seed": seed, "generated": n_generated, "test_per_layout": n_test, "test_seed": test_seed,
            "perturb": LOLO_PERTURB, "pool": dict(Counter(d[2] for d in pool)), "build_seconds": build_s,
            "full_fit_seconds": full_s, "seconds": total, "rows": rows}


# --- the evaluation ------------------------------------------------------------------------


def evaluate(seed: int = 12345, n_generated: int = 20, show_errors: bool = False, quiet: bool = False) -> dict:
    """Everything `xxgk evaluate` prints, writes as JSON and puts in the HTML report."""
    t0 = time.time()
    report: dict = {}
    clf = default_classifier()
    wrong_fields: list[dict] = []

    def keep_wrong(set_name, doc, layout, template, res):
        for k, _ok, conf, truth, got in res["wrong"]:
            wrong_fields.append({"set": set_name, "doc": doc, "layout": layout, "template": template,
                                 "key": k, "truth": truth, "got": got, "confidence": conf,
                                 "document_auto_accepted": not res["review"]})
            if show_errors:
                print(f"  {doc}: {k} truth {truth} got {got} (conf {conf:.2f})")

    real, real_docs = [], []
    for ann in load_annotations():
        out = extract_file(ANNOTATIONS / ann["source"])
        res = score_doc(out, ann["fields"], ann.get("ambiguous") or [])
        real.append(res)
        real_docs.append({"doc": ann["doc"], "template": out["template"], "fields": res["n"],
                          "field_accuracy": res["right"] / (res["n"] or 1), "wrong": len(res["wrong"]),
                          "review": res["review"], "document_confidence": res["doc_confidence"],
                          "must_review": res["must_review"]})
        keep_wrong("real", ann["doc"], "as published", out["template"], res)
    report["real"] = summarize("real annotated (as published)", real, quiet)
    report["real_documents"] = real_docs

    rng = random.Random(seed)
    by_layout: dict[str, list] = defaultdict(list)
    by_template: dict[str, list] = defaultdict(list)
    pairs_by_layout: dict[str, list] = defaultdict(list)
    unlabelled = Counter()
    for layout in LAYOUTS:
        for i in range(n_generated):
            rep = generate_report(rng)
            r = render(rep, layout, rng)
            name = f"gen_{layout}_{i}"
            out = extract_bytes(r.content.encode("utf-8"), f"{name}.{EXTENSIONS[r.format]}")
            res = score_doc(out, r.fields, r.ambiguous)
            by_layout[layout].append(res)
            by_template[rep["template"]].append(res)
            keep_wrong("generated", name, layout, rep["template"], res)
            lab = labelled(r.content, r.format, r.fields, name)
            if lab is None:
                unlabelled[layout] += 1
            else:
                pairs_by_layout[layout] += block_pairs(*lab, clf)
    report["layouts"] = {k: summarize(f"generated · {k}", v, quiet) for k, v in by_layout.items()}
    for k, s in report["layouts"].items():
        s["block_accuracy"] = block_accuracy(pairs_by_layout[k])
        s["documents_without_labels"] = unlabelled[k]
    report["templates"] = {k: summarize(f"generated · template {k}", v, quiet) for k, v in sorted(by_template.items())}
    gen_all = [r for v in by_layout.values() for r in v]
    report["generated"] = summarize("generated · all", gen_all, quiet)
    all_pairs = [p for v in pairs_by_layout.values() for p in v]
    report["confusion"] = {"classifier": getattr(clf, "version", clf.__class__.__name__),
                           "documents": sum(len(v) for v in by_layout.values()) - sum(unlabelled.values()),
                           "documents_without_labels": sum(unlabelled.values()), **confusion(all_pairs)}
    report["generated"]["block_accuracy"] = report["confusion"]["block_accuracy"]
    report["reliability"] = {"generated": reliability_report([p for r in gen_all for p in r["conf"]]),
                             "real": reliability_report([p for r in real for p in r["conf"]])}
    report["wrong_fields"] = wrong_fields
    report["meta"] = {"seed": seed, "generated_per_layout": n_generated, "classifier": report["confusion"]["classifier"],
                      "layouts": list(LAYOUTS), "seconds": time.time() - t0,
                      "date": time.strftime("%Y-%m-%d %H:%M")}
    if not quiet:
        c = report["confusion"]
        ba = "n/a" if c["block_accuracy"] is None else f"{c['block_accuracy']:.4f}"
        print(f"block labels ({c['classifier']}) vs annotations on {c['documents']} held-out renderings: "
              f"accuracy {ba} over {c['blocks_decided']} blocks (blank cells left out)")
    return report


# --- converters: the labelled reports as third-party tools leave them --------------------------

HIGH_CONFIDENCE = 0.9  # a wrong field at or above it is one the review page would not point at


def _route_summary(docs: list, kept: list, errors: Counter, cpu: float) -> dict:
    """training.score's summary of one route and classifier, plus the confident errors."""
    from .score import summarize as score_summary

    s = score_summary(docs)
    wrong = [f for d in docs if d.predicted for f in d.fields if not f.lenient]  # of the documents read
    confident = [f for f in wrong if isinstance(f.confidence, (int, float)) and f.confidence >= HIGH_CONFIDENCE]
    s["fields"] = sum(len(d.fields) for d in docs)
    s["wrong_fields"] = len(wrong)
    s["wrong_fields_confident"] = len(confident)
    s["wrong_fields_confident_share"] = round(len(confident) / len(wrong), 4) if wrong else None
    s["unreadable"] = sum(n for k, n in errors.items() if k.startswith("unreadable"))
    s["crashed"] = sum(n for k, n in errors.items() if k.startswith("crashed"))
    s["errors"] = dict(errors)
    measured = [k for k in kept if k is not None]
    s["values_kept"] = sum(k for k, _ in measured) if measured else None
    s["values_labelled"] = sum(t for _, t in measured) if measured else None
    s["documents_losing_values"] = sum(1 for k, t in measured if k < t) if measured else None
    s["cpu_ms_per_document"] = round(1000 * cpu / (len(docs) or 1), 1)
    return s


def _positions_summary(docs: list, kept: list, pos: list) -> dict:
    """Documents whose places of values the route kept / lost / could not tell (training.
    twins), and the auto-accepted among those whose values and places were both kept."""
    verdicts = [(p or {}).get("positions") for p in pos]
    whole = [d for d, k, v in zip(docs, kept, verdicts)
             if v == "kept" and (k is None or k[0] == k[1])]
    # issue 10's bar ("lenient >= 99 % wherever the converter kept the content") is scored on
    # the documents whose loss is not proven: no labelled value missing from the output and
    # no twin printed alike ("kept" and "not known" both count: only a proof takes one out)
    open_ = [d for d, k, v in zip(docs, kept, verdicts) if v != "lost" and (k is None or k[0] == k[1])]
    n = sum(len(d.fields) for d in open_)
    return {"positions_kept": verdicts.count("kept"), "positions_lost": verdicts.count("lost"),
            "positions_measured": sum(v is not None for v in verdicts),
            "kept_documents": len(whole), "kept_auto_accepted": sum(1 for d in whole if not d.review_required),
            "not_lost_documents": len(open_),
            "not_lost_lenient": round(sum(d.right for d in open_) / n, 4) if n else None,
            "not_lost_wrong": [d.doc for d in open_ if d.wrong]}


def _why_failed(e: Exception, name: str) -> str:
    """The error's message without the document's name (so failures group by cause)."""
    msg = str(e)
    if msg.startswith(name):
        msg = msg[len(name):].lstrip(": ")
    return msg[:100]


def evaluate_converters(routes=None, set_name: str = "dev", classifiers=("default", "rules"), seed: int = 0,
                        n_generated: int = 20, quiet: bool = False, limit: int | None = None,
                        positions: bool = False) -> dict:
    """Every report of the set (the labelled dev reports, or `n_generated` generated ones)
    through every installed converter route (training.converters; missing tools are skipped
    with a note), extracted by the Pipeline with each classifier and scored with
    training.score. Per route and classifier: field accuracy (lenient, strict), documents
    fully right, auto-accepted, wrong fields in auto-accepted documents, wrong fields with
    confidence >= 0.9, ECE; per route: the labelled values the converter's output still
    prints ("content kept", training.converters.content_kept), conversion failures. With
    `positions`, also whether each route kept where the values stand (training.twins: two
    different tables that print the same prove the places lost), and the auto-accept rate
    of the documents whose values and positions were both kept."""
    from extractor.loaders import load_bytes
    from extractor.model import LoadError
    from extractor.pipeline import Pipeline

    from . import converters as C
    from .score import score_document

    t0 = time.time()
    order = list(C.ROUTES)
    names = sorted(C.installed(C.parse_routes(routes, tuple(C.ROUTES)), quiet=quiet), key=order.index)
    if set_name == "dev":
        items = C.dev_items()
    elif set_name == "generated":
        items = C.generated_items(seed, n_generated)
    else:
        raise ValueError(f"unknown set {set_name!r} (dev or generated)")
    items = items[:limit] if limit else items
    pipes = {c: Pipeline(None if c == "default" else c) for c in classifiers}
    docs = {(r, c): [] for r in names for c in classifiers}
    kept: dict[str, list] = defaultdict(list)
    errors = {(r, c): Counter() for r in names for c in classifiers}
    cpu = Counter()
    failed: dict[str, list] = defaultdict(list)
    per_document = []
    stems: dict[str, list] = defaultdict(list)  # aligned with kept[route] and docs[route, c]
    pos: dict = {}
    if positions:
        from .twins import positions as twin_positions

        t = time.process_time()
        pos = {it.stem: twin_positions(it, names, seed) for it in items}
        cpu["positions"] = time.process_time() - t
    for conv in C.converted(items, names, seed):
        label = {"template": conv.report.get("template"), "fields": conv.fields, "ambiguous": conv.ambiguous}
        if conv.content is None:
            failed[conv.route].append(f"{conv.stem}: {conv.error}")
            if not quiet:
                print(f"  {conv.name}: conversion failed: {conv.error}", file=sys.stderr)
            continue
        k = C.content_kept(conv.content, conv.name.rsplit(".", 1)[-1], conv.fields, conv.ambiguous)
        kept[conv.route].append(k)
        stems[conv.route].append(conv.stem)
        p = pos.get(conv.stem, {}).get(conv.route) or {}
        # loaded once (an image's OCR is the slow part), each classifier runs on its own copy
        t = time.process_time()
        doc, load_error = None, None
        try:
            doc = load_bytes(conv.content, conv.name)
        except LoadError as e:
            load_error = f"unreadable: {_why_failed(e, conv.name)}"
        except Exception as e:  # a bug on this input: counted, never stops the table
            load_error = f"crashed: {type(e).__name__}: {_why_failed(e, conv.name)}"
        load_cpu = time.process_time() - t
        for c, nlp in pipes.items():
            t = time.process_time()
            out = None
            if doc is None:
                errors[conv.route, c][load_error] += 1
            else:
                try:
                    out = nlp.run(copy.deepcopy(doc) if len(pipes) > 1 else doc)
                except Exception as e:
                    errors[conv.route, c][f"crashed: {type(e).__name__}: {_why_failed(e, conv.name)}"] += 1
            cpu[conv.route, c] += load_cpu + time.process_time() - t
            ds = score_document(conv.name, label, out)
            docs[conv.route, c].append(ds)
            per_document.append({"doc": conv.name, "route": conv.route, "classifier": c, "fields": len(ds.fields),
                                 "right": ds.right, "wrong": ds.wrong, "review_required": ds.review_required,
                                 "wrong_confident": [f.key for f in ds.fields if not f.lenient and
                                                     (f.confidence or 0) >= HIGH_CONFIDENCE],
                                 "values_kept": list(k) if k else None,
                                 **({"positions": p.get("positions"), "positions_twin": p.get("twin")}
                                    if positions else {})})
    rows = []
    for r in names:
        row = {"route": r, "family": C.ROUTES[r].family, "what": C.ROUTES[r].what,
               "conversions_failed": failed.get(r, [])}
        for c in classifiers:
            row[c] = _route_summary(docs[r, c], kept[r], errors[r, c], cpu[r, c])
            if positions:
                row[c].update(_positions_summary(docs[r, c], kept[r], [pos[s].get(r) for s in stems[r]]))
        rows.append(row)
    totals = {}
    conv_routes = [r for r in names if r not in C.REFERENCES]
    for c in classifiers:
        all_docs = [d for r in conv_routes for d in docs[r, c]]
        totals[c] = _route_summary(all_docs, [k for r in conv_routes for k in kept[r]],
                                   sum((errors[r, c] for r in conv_routes), Counter()),
                                   sum(cpu[r, c] for r in conv_routes))
    families = {}
    for fam in dict.fromkeys(C.ROUTES[r].family for r in names):
        members = [r for r in names if C.ROUTES[r].family == fam]
        families[fam] = {"routes": members, **{c: _route_summary(
            [d for r in members for d in docs[r, c]], [k for r in members for k in kept[r]],
            sum((errors[r, c] for r in members), Counter()), sum(cpu[r, c] for r in members))
            for c in classifiers}}
    return {"set": set_name, "seed": seed, "documents": len(items), "classifiers": list(classifiers),
            "routes": rows, "families": families, "all_converters": totals, "per_document": per_document,
            **({"positions_cpu_seconds": round(cpu["positions"], 1)} if positions else {}),
            "skipped_routes": [r for r in C.parse_routes(routes, tuple(C.ROUTES)) if r not in names],
            "seconds": round(time.time() - t0, 1), "date": time.strftime("%Y-%m-%d %H:%M")}


def converters_markdown(res: dict) -> str:
    """The converter table as markdown: one row per route, each cell "model / rules" (the
    classifiers in the order asked)."""
    cl = res["classifiers"]

    def pct(v):
        return "–" if v is None else f"{100 * v:.1f}"

    def cell(row, key, f=str):
        return " / ".join(f(row[c][key]) if row[c][key] is not None else "–" for c in cl)

    def _failed(s):
        return f"{s['unreadable']}" + (f"+{s['crashed']}" if s["crashed"] else "")

    def kept(s):
        return "n/a" if s["values_kept"] is None else f"{s['values_kept']}/{s['values_labelled']}"

    def confident(s):
        share = s["wrong_fields_confident_share"]
        return f"{s['wrong_fields_confident']}" + (f" ({100 * share:.0f} %)" if share is not None else "")

    head = ("| route | family | docs | values kept | lenient % | strict % | fully right | auto-accepted | "
            "wrong in auto-acc. | wrong ≥ 0.9 | ECE | unreadable / crashed |")
    lines = [f"Set: {res['set']} ({res['documents']} reports), classifiers: {' / '.join(cl)}; "
             f"{res['date']}, {res['seconds']:.0f} s.", "", head, "|" + "---|" * 12]
    for row in res["routes"]:
        s0 = row[cl[0]]
        lines.append(f"| {row['route']} | {row['family']} | {s0['documents']}"
                     + (f" (+{len(row['conversions_failed'])} failed)" if row["conversions_failed"] else "")
                     + f" | {kept(s0)} | {cell(row, 'field_accuracy_lenient', pct)} | "
                     f"{cell(row, 'field_accuracy_strict', pct)} | {cell(row, 'documents_fully_right')} | "
                     f"{cell(row, 'auto_accepted')} | {cell(row, 'wrong_fields_in_auto_accepted')} | "
                     f"{' / '.join(confident(row[c]) for c in cl)} | {cell(row, 'confidence_ece', lambda v: f'{v:.3f}')} | "
                     f"{' / '.join(_failed(row[c]) for c in cl)} |")
    t = res["all_converters"]
    lines.append(f"| **all converters** | | {t[cl[0]]['documents']} | {kept(t[cl[0]])} | "
                 + " | ".join(" / ".join(f(t[c][k]) if t[c][k] is not None else "–" for c in cl) for k, f in (
                     ("field_accuracy_lenient", pct), ("field_accuracy_strict", pct), ("documents_fully_right", str),
                     ("auto_accepted", str), ("wrong_fields_in_auto_accepted", str)))
                 + f" | {' / '.join(confident(t[c]) for c in cl)} | "
                 + " / ".join(f"{t[c]['confidence_ece']:.3f}" if t[c]['confidence_ece'] is not None else "–" for c in cl)
                 + f" | {' / '.join(_failed(t[c]) for c in cl)} |")
    if res["skipped_routes"]:
        lines += ["", f"Not installed here (skipped): {', '.join(res['skipped_routes'])}."]
    if "positions_cpu_seconds" in res:
        from .twins import positions_markdown

        lines += ["", positions_markdown(res)]
    return "\n".join(lines) + "\n"


def _jsonable(o):
    if isinstance(o, tuple):
        return list(o)
    raise TypeError(f"not JSON: {type(o).__name__}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="xxgk evaluate", description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=12345)
    ap.add_argument("--generated", type=int, default=20, help="generated reports per layout")
    ap.add_argument("--json", type=Path, help="write every number to this file")
    ap.add_argument("--report", type=Path, metavar="DIR", help="write an HTML report to DIR/index.html")
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--lolo", action="store_true", help="leave-one-layout-out study of the block classifier")
    ap.add_argument("--lolo-generated", type=int, default=100, help="generated reports in the training pool")
    ap.add_argument("--lolo-test", type=int, default=20, help="test renderings per left-out layout")
    ap.add_argument("--lolo-layouts", default=",".join(LAYOUTS), help="comma-separated layouts to leave out")
    ap.add_argument("--lolo-seed", type=int, default=7, help="seed of the training pool")
    ap.add_argument("--converters", nargs="?", const="all", metavar="ROUTES",
                    help="score the set through third-party converters instead (training.converters): "
                         "'all' (default) or a comma list of routes / families; writes a markdown table "
                         "(and JSON) to --report DIR, else prints it")
    ap.add_argument("--set", choices=("dev", "generated"), default="dev",
                    help="with --converters: the labelled dev reports or --generated generated ones")
    ap.add_argument("--limit", type=int, default=None, help="with --converters: only the first N reports of the set")
    ap.add_argument("--positions", action="store_true",
                    help="with --converters: also whether each route keeps where values stand "
                         "(training.twins: twin tables rendered and converted; ~10-20 renderings a report)")
    ap.add_argument("--classifiers", default="default,rules",
                    help="with --converters: classifiers compared per route (default,rules)")
    args = ap.parse_args(argv)
    if args.converters is not None:
        return _converters_main(ap, args)
    layouts = [x.strip() for x in args.lolo_layouts.split(",") if x.strip()]
    unknown = [x for x in layouts if x not in LAYOUTS]
    if unknown:
        ap.error(f"unknown layout(s) {', '.join(unknown)}; known: {', '.join(LAYOUTS)}")

    report = evaluate(args.seed, args.generated, args.show_errors)
    if args.lolo:
        report["lolo"] = lolo(args.lolo_seed, args.lolo_generated, args.lolo_test, layouts,
                              test_seed=args.seed + 5000)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False, default=_jsonable))
    if args.report:
        from .report import write_report

        path = write_report(report, args.report)
        print(f"report: {path}")
    return 0


def _converters_main(ap, args) -> int:
    from .converters import parse_routes

    try:
        parse_routes(args.converters)
    except ValueError as e:
        ap.error(str(e))
    classifiers = [c.strip() for c in args.classifiers.split(",") if c.strip()]
    res = evaluate_converters(args.converters, args.set, classifiers, seed=args.seed if args.set == "generated" else 0,
                              n_generated=args.generated, quiet=False, limit=args.limit,
                              positions=args.positions)
    table = converters_markdown(res)
    print(table)
    if args.report:
        args.report.mkdir(parents=True, exist_ok=True)
        (args.report / "converters.md").write_text(table, encoding="utf-8")
        (args.report / "converters.json").write_text(json.dumps(res, indent=1, ensure_ascii=False,
                                                                default=_jsonable), encoding="utf-8")
        print(f"report: {args.report / 'converters.md'}, {args.report / 'converters.json'}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(res, indent=1, ensure_ascii=False, default=_jsonable), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
