"""Score `xxgk extract` outputs against labelled reports.

    python -m training.score LABELS_DIR PRED_DIR [--json]

LABELS_DIR holds `<stem>.labels.json` (tests/data/README.md: `template`, `fields`, `ambiguous`);
PRED_DIR the outputs `<stem>.json` (docs/spec/output.md). Per document: how many labelled
fields are right, strictly (blank and 0 differ) and leniently (blank counts as 0; the headline
"field accuracy"), whether the template is right and whether the report was sent to review.
Overall: field accuracy, documents fully right, what was auto-accepted and how many wrong
fields slipped through that way, whether every wrong document was flagged, and the ECE of the
field confidences (ten equal-width bins). Keys listed as `ambiguous` are not scored; a
document that has any must be reviewed. Stdlib only: it reads JSON files, nothing else.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

BINS = 10


def comparable(value, blank_is_zero: bool):
    """A label or output value in the form compared: money by its yuan to the fen, whole
    floats as ints, and (lenient) blank as 0."""
    if isinstance(value, dict):  # money: {"text": …, "yuan": …}
        value = value.get("yuan")
        if isinstance(value, (int, float)):
            value = round(float(value), 2)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if value is None and blank_is_zero:
        return 0
    return value


@dataclass
class FieldScore:
    key: str
    strict: bool
    lenient: bool
    confidence: float | None


@dataclass
class DocScore:
    doc: str
    predicted: bool
    template_ok: bool
    review_required: bool | None
    must_review: bool
    fields: list[FieldScore] = field(default_factory=list)

    @property
    def right(self) -> int:
        return sum(f.lenient for f in self.fields)

    @property
    def wrong(self) -> list[str]:
        return [f.key for f in self.fields if not f.lenient]


def score_document(stem: str, label: dict, pred: dict | None) -> DocScore:
    got = (pred or {}).get("fields") or {}
    ambiguous = set(label.get("ambiguous") or ())
    scores = []
    for key, truth in label["fields"].items():
        if key in ambiguous:
            continue
        out = got.get(key) if isinstance(got.get(key), dict) else None
        value = out.get("value") if out else None
        scores.append(FieldScore(
            key,
            strict=out is not None and comparable(value, False) == comparable(truth, False),
            lenient=out is not None and comparable(value, True) == comparable(truth, True),
            confidence=out.get("confidence") if out else None))
    return DocScore(
        doc=stem, predicted=pred is not None,
        template_ok=pred is not None and str(pred.get("template")) == str(label.get("template")),
        review_required=((pred or {}).get("review") or {}).get("required"),
        must_review=bool(ambiguous), fields=scores)


def score(labels_dir: str | Path, pred_dir: str | Path) -> list[DocScore]:
    """One DocScore per labels file; a missing output scores every field wrong."""
    docs = []
    for lf in sorted(Path(labels_dir).glob("*.labels.json")):
        stem = lf.name[: -len(".labels.json")]
        pf = Path(pred_dir) / f"{stem}.json"
        pred = json.loads(pf.read_text(encoding="utf-8")) if pf.exists() else None
        docs.append(score_document(stem, json.loads(lf.read_text(encoding="utf-8")), pred))
    return docs


def ece(pairs: list[tuple[float, bool]], bins: int = BINS) -> float | None:
    """Expected calibration error: |mean confidence - accuracy| per bin, weighted by size."""
    if not pairs:
        return None
    groups: dict[int, list[tuple[float, bool]]] = {}
    for c, ok in pairs:
        groups.setdefault(min(int(c * bins), bins - 1), []).append((c, ok))
    return sum(abs(sum(c for c, _ in g) - sum(ok for _, ok in g)) for g in groups.values()) / len(pairs)


def summarize(docs: list[DocScore]) -> dict:
    n = sum(len(d.fields) for d in docs)
    accepted = [d for d in docs if d.review_required is False]
    accepted_fields = sum(len(d.fields) for d in accepted)
    accepted_wrong = sum(len(d.wrong) for d in accepted)
    bad = [d for d in docs if d.wrong or d.must_review]
    confs = [(f.confidence, f.lenient) for d in docs for f in d.fields
             if isinstance(f.confidence, (int, float))]
    e = ece(confs)
    return {
        "documents": len(docs),
        "predicted": sum(d.predicted for d in docs),
        "template_ok": sum(d.template_ok for d in docs),
        "field_accuracy_strict": round(sum(f.strict for d in docs for f in d.fields) / (n or 1), 4),
        "field_accuracy_lenient": round(sum(d.right for d in docs) / (n or 1), 4),
        "documents_fully_right": sum(not d.wrong for d in docs),
        "auto_accepted": len(accepted),
        "wrong_fields_in_auto_accepted": accepted_wrong,
        "error_rate_in_auto_accepted": round(accepted_wrong / accepted_fields, 5) if accepted_fields else None,
        "wrong_documents_flagged_for_review": f"{sum(d.review_required is not False for d in bad)}/{len(bad)}",
        "confidence_ece": round(e, 4) if e is not None else None,
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = [a for a in args if not a.startswith("--")]
    if len(paths) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    docs = score(*paths)
    summary = summarize(docs)
    if "--json" in args:
        per_doc = [{"doc": d.doc, "predicted": d.predicted, "template_ok": d.template_ok,
                    "fields": len(d.fields), "strict": sum(f.strict for f in d.fields), "lenient": d.right,
                    "review_required": d.review_required, "must_review": d.must_review} for d in docs]
        print(json.dumps({"summary": summary, "documents": per_doc}, ensure_ascii=False, indent=1))
        return 0
    for d in docs:
        wrong = d.wrong
        print(f"{d.doc}: {d.right}/{len(d.fields)} right (strict {sum(f.strict for f in d.fields)}), "
              f"template_ok={d.template_ok}, review_required={d.review_required}"
              + (f", wrong: {', '.join(wrong[:8])}{' …' if len(wrong) > 8 else ''}" if wrong else ""))
    for k, v in summary.items():
        print(f"{k}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
