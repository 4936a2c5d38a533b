"""The HTML report of `xxgk evaluate --report DIR`: one self-contained DIR/index.html.

`write_report(report, out_dir)` takes the dict `training.evaluate.evaluate` returns (plus
"lolo" when the leave-one-layout-out study ran) and writes tables and plots: field
accuracy per layout and template, document outcomes (fully right / auto-accepted /
wrong-but-accepted), the confusion of block-label families with the most confused full
labels, the reliability diagram of field confidence with its ECE, the leave-one-layout-out
table, and every wrong field. Plots are PNGs drawn with matplotlib and inlined as base64;
without matplotlib the report keeps every table and says how to get the plots.
"""
from __future__ import annotations

import base64
import html
import io
import math
from pathlib import Path

try:  # plots are optional: every number is also in a table
    from matplotlib.figure import Figure

    HAVE_MPL = True
except ImportError:  # pragma: no cover - depends on the environment
    Figure = None
    HAVE_MPL = False

SECTIONS = (("summary", "Summary"), ("accuracy", "Field accuracy per layout and template"),
            ("documents", "Document outcomes"), ("real", "Real annotated reports"),
            ("confusion", "Block labels: confusion"), ("reliability", "Reliability of field confidence"),
            ("lolo", "Leave one layout out"), ("wrong-fields", "Wrong fields"))

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC",sans-serif;margin:2em auto;
max-width:1100px;color:#222;line-height:1.4;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em} h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.8em 0;font-size:.92em} th,td{border:1px solid #ccc;padding:.25em .6em}
th{background:#f3f3f3;text-align:left} td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.bad td{background:#fde2e2} .warn{color:#b00020;font-weight:600} .muted{color:#666;font-size:.9em}
table{display:block;overflow-x:auto;max-width:100%} img{max-width:100%;height:auto;border:1px solid #eee} nav a{margin-right:1em}
code{background:#f5f5f5;padding:0 .2em}
table.compact{font-size:.8em} table.compact td,table.compact th{padding:.2em .35em}
"""

MAX_WRONG_ROWS = 500

_GREEN, _LIGHT, _ORANGE, _RED, _BLUE, _GREY = "#2e7d32", "#a5d6a7", "#fb8c00", "#d32f2f", "#1565c0", "#9e9e9e"


# --- small helpers ------------------------------------------------------------------------


def _e(x) -> str:
    return html.escape(str(x))


def _num(v, digits: int = 4) -> str:
    if v is None:
        return "n/a"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return _e(v)


def _table(headers: list[str], rows: list[list], bad_rows: set[int] | None = None, numeric_from: int = 1) -> str:
    bad_rows = bad_rows or set()
    out = ["<table><tr>" + "".join(f"<th>{_e(h)}</th>" for h in headers) + "</tr>"]
    for i, r in enumerate(rows):
        cells = "".join(f'<td class="n">{_num(c)}</td>' if j >= numeric_from and not isinstance(c, str)
                        else f"<td>{_e(c)}</td>" for j, c in enumerate(r))
        out.append(f'<tr{" class=bad" if i in bad_rows else ""}>{cells}</tr>')
    out.append("</table>")
    return "\n".join(out)


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'<img alt="plot" src="data:image/png;base64,{data}">'


def _plot(fn, *args) -> str:
    if not HAVE_MPL:
        return '<p class="muted">(plots need matplotlib: <code>pip install matplotlib</code>; the table holds every number)</p>'
    return _png(fn(*args))


def _sets(report: dict) -> list[tuple[str, str, dict]]:
    """(group, name, summary) of every set, in display order."""
    out = [("real", "real (as published)", report["real"]), ("generated", "generated · all", report["generated"])]
    out += [("layout", k, v) for k, v in report["layouts"].items()]
    out += [("template", f"template {k}", v) for k, v in report["templates"].items()]
    return out


# --- plots --------------------------------------------------------------------------------


def fig_accuracy(report: dict):
    sets = _sets(report)
    colors = {"real": _GREY, "generated": _BLUE, "layout": "#64b5f6", "template": "#9575cd"}
    names = [n for _, n, _ in sets][::-1]
    accs = [s["field_accuracy"] for _, _, s in sets][::-1]
    cols = [colors[g] for g, _, _ in sets][::-1]
    lo = min([0.9] + [a - 0.01 for a in accs])
    fig = Figure(figsize=(8, 0.32 * len(names) + 1.2))
    ax = fig.add_subplot()
    ax.barh(names, accs, color=cols)
    for i, a in enumerate(accs):
        ax.text(min(a, 1.0) - (1 - lo) * 0.005, i, f"{a:.4f}", va="center", ha="right", fontsize=8, color="white")
    ax.set_xlim(lo, 1.0)
    ax.set_xlabel(f"field accuracy (axis starts at {lo:.2f})")
    ax.set_title("Field accuracy: real reports, generated per layout and per template")
    ax.grid(axis="x", alpha=0.3)
    return fig


def _outcomes(s: dict) -> tuple[int, int, int, int]:
    """(right & accepted, right & reviewed, wrong & reviewed, wrong & accepted)."""
    wa = s["wrong_documents_auto_accepted"]
    ra = s["auto_accepted"] - wa
    wr = s["wrong_documents"] - wa
    rr = s["documents"] - ra - wr - wa
    return ra, rr, wr, wa


def fig_documents(report: dict):
    sets = _sets(report)[::-1]
    names = [f"{n} (n={s['documents']})" for _, n, s in sets]
    parts = [_outcomes(s) for _, _, s in sets]
    fig = Figure(figsize=(8, 0.32 * len(names) + 1.5))
    ax = fig.add_subplot()
    left = [0.0] * len(names)
    labels = ("fully right, auto-accepted", "fully right, sent to review",
              "wrong or ambiguous, sent to review", "wrong, AUTO-ACCEPTED")
    for j, (lab, col) in enumerate(zip(labels, (_GREEN, _LIGHT, _ORANGE, _RED))):
        w = [p[j] / max(1, sum(p)) for p in parts]
        ax.barh(names, w, left=left, color=col, label=lab)
        left = [a + b for a, b in zip(left, w)]
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of documents")
    ax.set_title("Document outcomes and review routing")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12 - 0.4 / len(names)), ncol=2, fontsize=8, frameon=False)
    return fig


def fig_confusion(conf: dict):
    fams = conf["families"]
    m = conf["matrix"]
    fig = Figure(figsize=(7.2, 6.2))
    ax = fig.add_subplot()
    norm = [[c / max(1, sum(row)) for c in row] for row in m]
    im = ax.imshow(norm, cmap="Blues", vmin=0, vmax=1)
    for i, row in enumerate(m):
        for j, c in enumerate(row):
            if c:
                ax.text(j, i, str(c), ha="center", va="center", fontsize=7,
                        color="white" if norm[i][j] > 0.6 else ("#b00020" if i != j else "black"))
    ax.set_xticks(range(len(fams)), fams, rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(len(fams)), fams, fontsize=8)
    ax.set_xlabel("predicted by the classifier")
    ax.set_ylabel("annotation label")
    ax.set_title("Block-label families (row-normalised colour, counts in cells)", fontsize=10)
    fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04, label="share of the annotation label's blocks")
    return fig


def fig_reliability(rel: dict, not_found: float | None = None):
    names = [k for k in ("generated", "real") if k in rel]
    fig = Figure(figsize=(5.2 * len(names), 6.6))
    gs = fig.add_gridspec(2, len(names), height_ratios=[3, 1], hspace=0.08, top=0.9)
    for col, name in enumerate(names):
        r = rel[name]
        ax = fig.add_subplot(gs[0, col])
        axc = fig.add_subplot(gs[1, col], sharex=ax)
        centers = [(b["lo"] + b["hi"]) / 2 for b in r["bins"]]
        ax.plot([0, 1], [0, 1], "--", color=_GREY, lw=1, label="perfect calibration")
        for c, b in zip(centers, r["bins"]):
            if b["n"]:
                ax.bar(c, b["accuracy"], width=0.09, color=_BLUE, alpha=0.75, edgecolor="white")
                gap = b["mean_confidence"] - b["accuracy"]
                ax.plot([b["mean_confidence"]] * 2, [b["accuracy"], b["accuracy"] + gap], color=_RED, lw=1)
        pts = [(b["mean_confidence"], b["accuracy"]) for b in r["bins"] if b["n"]]
        if pts:
            ax.plot(*zip(*pts), "o", color=_RED, ms=4, label="mean confidence vs accuracy")
        ax.bar([], [], color=_BLUE, alpha=0.75, label="accuracy of the bin")
        ax.set_ylim(0, 1.05)
        ax.set_xlim(0, 1)
        ax.set_title(f"{name}: ECE {r['ece']:.4f} over {r['fields']} fields", fontsize=10, pad=4)
        ax.set_ylabel("accuracy")
        ax.tick_params(labelbottom=False)
        ax.grid(alpha=0.3)
        if col == 0:
            fig.legend(*ax.get_legend_handles_labels(), loc="upper center", ncol=3, fontsize=8, frameon=False,
                       bbox_to_anchor=(0.5, 1.0))
        counts = [b["n"] for b in r["bins"]]
        axc.bar(centers, [max(c, 0) for c in counts], width=0.09, color=_GREY)
        if any(counts):
            axc.set_yscale("log")
            axc.set_ylim(0.8, max(counts) * 4)
        for c, n in zip(centers, counts):
            if n:
                axc.text(c, n, str(n), ha="center", va="bottom", fontsize=7)
        axc.set_xlabel("field confidence (10 bins)")
        axc.set_ylabel("fields")
        axc.set_xticks([i / 10 for i in range(11)])
        if not_found is not None:
            axc.axvline(not_found, color=_ORANGE, lw=1, ls=":")
    return fig


def fig_lolo(lolo: dict):
    rows = lolo["rows"]
    names = [r["layout"] for r in rows]
    fig = Figure(figsize=(11, 7.2))
    series = (("model without L", "model", _BLUE), ("rules alone", "rules", _GREY),
              ("model with L", "with_layout", "#81c784"))
    panels = (("block_accuracy", "typos", "Block accuracy, row labels with typos"),
              ("block_accuracy", "clean", "Block accuracy, as rendered"),
              ("field_accuracy", "typos", "Field accuracy, row labels with typos"),
              ("field_accuracy", "clean", "Field accuracy, as rendered"))
    for k, (what, variant, title) in enumerate(panels):
        ax = fig.add_subplot(2, 2, k + 1)
        vals_all = []
        for j, (lab, key, col) in enumerate(series):
            vals = [r.get(f"{what}_{key}_{variant}") for r in rows]
            vals_all += [v for v in vals if v is not None]
            ax.bar([i + (j - 1) * 0.27 for i in range(len(rows))], [v or 0.0 for v in vals], width=0.27,
                   color=col, label=lab)
        lo = max(0.0, min([0.98] + [math.floor((v - 0.005) * 100) / 100 for v in vals_all]))
        ax.set_ylim(lo, 1.0)
        ax.set_xticks(range(len(rows)), names, rotation=30, ha="right", fontsize=8)
        ax.set_title(title, fontsize=10)
        ax.set_ylabel(f"accuracy (from {lo:.2f})", fontsize=8)
        ax.grid(axis="y", alpha=0.3)
    fig.legend(*fig.axes[0].get_legend_handles_labels(), loc="upper center", ncol=3, fontsize=9, frameon=False)
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    return fig


# --- the page -----------------------------------------------------------------------------


def _summary_rows(report: dict) -> tuple[list[list], set[int]]:
    rows, bad = [], set()
    for i, (_g, name, s) in enumerate(_sets(report)):
        rows.append([name, s["documents"], s["field_accuracy"], s["documents_fully_right"], s["auto_accepted"],
                     s["wrong_documents"], s["wrong_documents_auto_accepted"], s["ece"], s.get("block_accuracy")])
        if s["wrong_documents_auto_accepted"]:
            bad.add(i)
    return rows, bad


def render_html(report: dict) -> str:
    from extractor.confidence import NOT_FOUND_CONFIDENCE

    meta = report.get("meta", {})
    parts = [f"<!doctype html><html lang=en><head><meta charset=utf-8><title>xxgk evaluation</title>"
             f"<style>{_CSS}</style></head><body>",
             "<h1>xxgk evaluation report</h1>",
             f'<p class="muted">{_e(meta.get("date", ""))} · classifier <code>{_e(meta.get("classifier"))}</code> · '
             f'seed {_e(meta.get("seed"))} · {_e(meta.get("generated_per_layout"))} generated reports per layout '
             f'(a fresh seed, never seen in training) · evaluated in {meta.get("seconds", 0):.0f}s</p>',
             "<nav>" + "".join(f'<a href="#{k}">{_e(t)}</a>' for k, t in SECTIONS
                               if k != "lolo" or "lolo" in report) + "</nav>"]
    # summary
    g, r = report["generated"], report["real"]
    slipped = g["wrong_documents_auto_accepted"] + r["wrong_documents_auto_accepted"]
    parts.append('<h2 id="summary">Summary</h2><ul>')
    parts.append(f"<li>real annotated reports: field accuracy <b>{r['field_accuracy']:.4f}</b>, "
                 f"{r['documents_fully_right']}/{r['documents']} fully right, {r['auto_accepted']} auto-accepted, "
                 f"ECE {r['ece']:.4f}</li>")
    parts.append(f"<li>generated reports ({g['documents']} in {len(report['layouts'])} layouts): field accuracy "
                 f"<b>{g['field_accuracy']:.4f}</b>, {g['documents_fully_right']}/{g['documents']} fully right, "
                 f"{g['auto_accepted']} auto-accepted, ECE {g['ece']:.4f}</li>")
    parts.append(f'<li{" class=warn" if slipped else ""}>wrong documents that were auto-accepted: {slipped}</li>')
    c = report.get("confusion") or {}
    if c.get("block_accuracy") is not None:
        parts.append(f"<li>block labels vs annotations on held-out renderings: accuracy {c['block_accuracy']:.4f} "
                     f"over {c['blocks_decided']} blocks</li>")
    if "lolo" in report:
        worst = min(report["lolo"]["rows"], key=lambda x: x["block_accuracy_model_typos"] or 0.0, default=None)
        if worst:
            parts.append(f"<li>leave-one-layout-out: weakest layout <b>{_e(worst['layout'])}</b>, block accuracy "
                         f"(row labels with typos) {_num(worst['block_accuracy_model_typos'])} without it vs "
                         f"{_num(worst['block_accuracy_with_layout_typos'])} with it, "
                         f"{_num(worst['block_accuracy_rules_typos'])} for the rules alone</li>")
    parts.append("</ul>")

    # accuracy and documents
    rows, bad = _summary_rows(report)
    headers = ["set", "docs", "field acc", "fully right", "auto-accepted", "wrong docs", "wrong but accepted",
               "ECE", "block acc"]
    parts.append('<h2 id="accuracy">Field accuracy per layout and template</h2>')
    parts.append(_table(headers, rows, bad))
    parts.append('<p class="muted">wrong docs: a wrong field, or a document whose true values the text cannot '
                 'settle (ambiguous run-together digits) and which must be reviewed. block acc: the shipped '
                 'classifier against the annotation labels of the same renderings (blank cells and row breaks, '
                 'fixed by layout, left out).</p>')
    parts.append(_plot(fig_accuracy, report))
    parts.append('<h2 id="documents">Document outcomes</h2>')
    parts.append(_table(["set", "docs", "fully right, auto-accepted", "fully right, sent to review",
                         "wrong or ambiguous, sent to review", "wrong, auto-accepted"],
                        [[n, s["documents"], *_outcomes(s)] for _, n, s in _sets(report)], bad))
    parts.append(_plot(fig_documents, report))

    # real documents
    parts.append('<h2 id="real">Real annotated reports</h2>')
    rd = report.get("real_documents") or []
    parts.append(_table(["doc", "template", "fields", "field acc", "wrong fields", "review", "document confidence",
                         "ambiguous (must review)"],
                        [[d["doc"], str(d["template"]), d["fields"], d["field_accuracy"], d["wrong"],
                          "required" if d["review"] else "auto-accepted", d["document_confidence"], d["must_review"]]
                         for d in rd],
                        {i for i, d in enumerate(rd) if d["wrong"] and not d["review"]}, numeric_from=2))

    # confusion
    parts.append('<h2 id="confusion">Block labels: confusion</h2>')
    if c:
        parts.append(f"<p>Classifier <code>{_e(c.get('classifier'))}</code> against the annotation labels (the "
                     f"template rules' labels confirmed by the known field values, training.annotate) on "
                     f"{c.get('documents')} held-out renderings ({c.get('documents_without_labels')} left out: the "
                     f"rules could not read them, so their labels are not trustworthy). {c.get('blocks')} blocks "
                     f"(row breaks left out); accuracy over the {c.get('blocks_decided')} the classifier decides "
                     f"(blank cells, fixed by layout, left out): {_num(c.get('block_accuracy'))} on the full "
                     f"labels, {_num(c.get('family_accuracy'))} on the families.</p>")
        parts.append(_plot(fig_confusion, c))
        fams = c["families"]
        parts.append(_table(["annotation \\ predicted", *fams], [[f, *row] for f, row in zip(fams, c["matrix"])]))
        pairs = c.get("confused_pairs") or []
        parts.append("<h3>Most confused full labels</h3>")
        if pairs:
            parts.append(_table(["annotation label", "predicted", "blocks", "share of the annotation label"],
                                [[p["truth"], p["predicted"], p["count"], p["share_of_truth"]] for p in pairs],
                                numeric_from=2))
        else:
            parts.append("<p>No block was given another label.</p>")

    # reliability
    parts.append('<h2 id="reliability">Reliability of field confidence</h2>')
    rel = report.get("reliability") or {}
    parts.append(f"<p>10 equal-width bins of the calibrated field confidence: the mean confidence against the share "
                 f"of fields that are right, with the number of fields per bin (log scale, below). ECE = the "
                 f"count-weighted mean gap. Cells the assembler never found get the fixed confidence "
                 f"{NOT_FOUND_CONFIDENCE} (dotted line), right only when the truth happens to be blank.</p>")
    parts.append(_plot(fig_reliability, rel, NOT_FOUND_CONFIDENCE))
    for name, r_ in rel.items():
        parts.append(f"<h3>{_e(name)}: ECE {r_['ece']:.4f} over {r_['fields']} fields</h3>")
        nf = r_.get("not_found") or {}
        if nf.get("fields"):
            parts.append(f"<p>{nf['fields']} fields never found (confidence {nf['confidence']}), of which "
                         f"{nf['accuracy']:.1%} are right; ECE without them "
                         f"<b>{r_['ece_found_only']:.4f}</b>.</p>")
        parts.append(_table(["bin", "fields", "mean confidence", "accuracy", "gap"],
                            [[f"[{b['lo']:.1f}, {b['hi']:.1f})", b["n"], b["mean_confidence"], b["accuracy"],
                              None if b["n"] == 0 else b["mean_confidence"] - b["accuracy"]] for b in r_["bins"]]))

    # lolo
    if "lolo" in report:
        lo = report["lolo"]
        parts.append('<h2 id="lolo">Leave one layout out</h2>')
        parts.append(f"<p>For each layout L, a block classifier is trained on a pool of {sum(lo['pool'].values())} "
                     f"documents ({_e(', '.join(f'{k} {v}' for k, v in lo['pool'].items()))}; {lo['generated']} generated reports, seed {lo['seed']}) less "
                     f"those of layout L — the real annotated reports stay in, whatever their layout — and tested "
                     f"on {lo['test_per_layout']} fresh renderings in L (seed {lo['test_seed']}+), each read as "
                     f"rendered (<i>clean</i>) and as a copy with {lo['perturb']:.0%} of its row labels misspelt "
                     f"(<i>typos</i>, training.train._perturb). On clean renderings the annotation labels are the "
                     f"rules' own, so the rules score 1.0 by construction; the typo copies show what the classifier "
                     f"adds. <i>with L</i>: the same pool, L included — the in-distribution reference. Block "
                     f"accuracy over confirmed blocks the classifier decides (blank cells and row breaks left out). "
                     f"Total {lo['seconds']:.0f}s.</p>")
        rows = []
        for r_ in lo["rows"]:
            rows.append([r_["layout"], r_["train_documents"], r_["test_documents"], r_["blocks"],
                         *[r_[f"{w}_{k}_{v}"] for w, v in (("block_accuracy", "typos"), ("block_accuracy", "clean"),
                                                           ("field_accuracy", "typos"), ("field_accuracy", "clean"))
                           for k in ("model", "rules", "with_layout")],
                         f"{r_['seconds']:.1f}s"])
        worse = {i for i, r_ in enumerate(lo["rows"])
                 if (r_["block_accuracy_model_typos"] or 0) < (r_["block_accuracy_rules_typos"] or 0)}
        groups = ("block accuracy, typos", "block accuracy, clean", "field accuracy, typos", "field accuracy, clean")
        table = _table(["left out", "train docs", "test docs", "test blocks", *["model", "rules", "with L"] * 4,
                        "time"], rows, worse)
        top = ("<tr>" + '<th colspan=4></th>' + "".join(f"<th colspan=3 style='text-align:center'>{_e(g)}</th>"
                                                         for g in groups) + "<th></th></tr>")
        parts.append(table.replace("<table>", "<table class=compact>" + top, 1))
        parts.append('<p class="muted">Highlighted: on the typo copies the model without L is less accurate than '
                     'the rules alone.</p>')
        parts.append(_plot(fig_lolo, lo))

    # wrong fields
    wf = report.get("wrong_fields") or []
    parts.append(f'<h2 id="wrong-fields">Wrong fields ({len(wf)})</h2>')
    if len(wf) > MAX_WRONG_ROWS:
        parts.append(f'<p class="muted">the first {MAX_WRONG_ROWS} (auto-accepted documents first); all are in '
                     f'the JSON (--json)</p>')
        wf = sorted(wf, key=lambda w: not w["document_auto_accepted"])[:MAX_WRONG_ROWS]
    if wf:
        parts.append(_table(["set", "doc", "layout", "template", "field", "truth", "got", "confidence",
                             "document"],
                            [[w["set"], w["doc"], w["layout"], str(w["template"]), w["key"], _value(w["truth"]),
                              _value(w["got"]), w["confidence"],
                              "AUTO-ACCEPTED" if w["document_auto_accepted"] else "sent to review"] for w in wf],
                            {i for i, w in enumerate(wf) if w["document_auto_accepted"]}, numeric_from=7))
    else:
        parts.append("<p>None.</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _value(v) -> str:
    if isinstance(v, dict):
        return v.get("text") or str(v.get("yuan"))
    return "∅" if v is None else str(v)


def write_report(report: dict, out_dir: Path) -> Path:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "index.html"
    path.write_text(render_html(report), encoding="utf-8")
    return path
