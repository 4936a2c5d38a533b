"""Annotations: documents with block labels and field values (see annotations/README.md).

`annotate(doc, fields)` derives block labels for a document whose field values are known:
the template's rules label every block, the assembler reads the tables, and every block
that fed a field whose value matches the known one is confirmed; blocks of rows that came
out wrong are marked unconfirmed so training can leave them out.

    python -m training.annotate SRC_DIR...   # labelled reports (<stem>.labels.json beside)
    python -m training.annotate --refresh    # re-derive blocks of the annotations in annotations/
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from extractor.assemble import assemble
from extractor.classify import RuleClassifier, classify
from extractor.loaders import load, load_bytes
from extractor.model import Document
from extractor.segment import split_runs

ANNOTATIONS = Path(__file__).resolve().parents[1] / "annotations"


def _same(a, b) -> bool:
    if isinstance(a, dict) or isinstance(b, dict):
        a = a.get("yuan") if isinstance(a, dict) else a
        b = b.get("yuan") if isinstance(b, dict) else b
        return round(float(a or 0), 2) == round(float(b or 0), 2)
    return (a or 0) == (b or 0)


def annotate(doc: Document, fields: dict) -> dict:
    """Block labels of a loaded document whose true field values are `fields`."""
    split_runs(doc)
    classify(doc, RuleClassifier())
    assembly = assemble(doc)
    wrong_rows = set()
    right = 0
    for key, truth in fields.items():
        fr = assembly.fields.get(key)
        if fr is not None and _same(fr.value, truth):
            right += 1
        else:
            wrong_rows.add(key.rsplit(".", 1)[0])
    blocks = []
    index = {id(b): i for i, b in enumerate(doc.blocks)}
    unconfirmed = set()
    for key, fr in assembly.fields.items():
        if key.rsplit(".", 1)[0] in wrong_rows and fr.block is not None:
            unconfirmed.add(index.get(id(fr.block)))
    for i, b in enumerate(doc.blocks):
        blocks.append({"text": b.text, "kind": b.kind, "row": b.row, "col": b.col, "blank": b.blank,
                       "label": b.label, "confirmed": i not in unconfirmed})
    return {"blocks": blocks, "field_accuracy": right / max(1, len(fields)), "wrong_rows": sorted(wrong_rows)}


def doc_from_annotation(ann: dict, root: Path = ANNOTATIONS) -> Document:
    return load(root / ann["source"])


def annotate_file(src: Path, labels: dict, out_dir: Path = ANNOTATIONS) -> dict:
    """Copy a labelled source into annotations/sources and write its annotation."""
    (out_dir / "sources").mkdir(parents=True, exist_ok=True)
    dest = out_dir / "sources" / src.name
    if src.resolve() != dest.resolve():
        shutil.copyfile(src, dest)
    doc = load(dest)
    derived = annotate(doc, labels["fields"])
    ann = {
        "doc": src.name, "source": f"sources/{src.name}", "origin": "labelled",
        "template": labels.get("template"), "year": labels.get("year"), "agency": labels.get("agency"),
        "fields": labels["fields"], "ambiguous": labels.get("ambiguous") or [],
        **derived,
    }
    stem = src.name.rsplit(".", 1)[0]
    (out_dir / f"{stem}.json").write_text(json.dumps(ann, ensure_ascii=False, indent=0))
    return ann


def load_annotations(root: Path = ANNOTATIONS) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted(root.glob("*.json"))]


def refresh(root: Path = ANNOTATIONS) -> None:
    """Re-derive the blocks of every annotation (after a loader or rule change)."""
    for p in sorted(root.glob("*.json")):
        ann = json.loads(p.read_text())
        ann.update(annotate(load(root / ann["source"]), ann["fields"]))
        p.write_text(json.dumps(ann, ensure_ascii=False, indent=0))
        print(f"{ann['doc']}: {len(ann['blocks'])} blocks, fields reproduced {ann['field_accuracy']:.1%}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--refresh"]:
        refresh()
        return 0
    for d in argv:
        for lab in sorted(Path(d).glob("*.labels.json")):
            stem = lab.name[: -len(".labels.json")]
            srcs = [p for p in lab.parent.glob(stem + ".*") if not p.name.endswith(".labels.json")]
            if not srcs:
                continue
            ann = annotate_file(srcs[0], json.loads(lab.read_text()))
            print(f"{srcs[0].name}: {len(ann['blocks'])} blocks, rule labels reproduce "
                  f"{ann['field_accuracy']:.1%} of fields; unconfirmed rows: {ann['wrong_rows'] or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = ["annotate", "annotate_file", "load_annotations", "doc_from_annotation", "load_bytes"]
