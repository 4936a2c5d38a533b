"""Annotations: documents with block labels and field values (see annotations/README.md).

`annotate(doc, fields)` (extractor.annotation) derives block labels for a document whose
field values are known: the template's rules label every block, the assembler reads the
tables, and every block that fed a field whose value matches the known one is confirmed;
blocks of rows that came out wrong are marked unconfirmed so training can leave them out.

    python -m training.annotate SRC_DIR...   # labelled reports (<stem>.labels.json beside)
    python -m training.annotate --refresh    # re-derive blocks of the annotations in annotations/
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from extractor.annotation import (  # noqa: F401 - re-exported: training's names for them
    _row_template, _score, _table, _table_rows, align_rows, annotate, same_value)
from extractor.annotation import annotation_from_review as _annotation_from_review
from extractor.loaders import load, load_bytes
from extractor.model import Document

ANNOTATIONS = Path(__file__).resolve().parents[1] / "annotations"


# the labelling itself lives in extractor.annotation (the review service writes annotations too)
_same = same_value


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


def annotation_from_review(source: Path, fields: dict, out_dir: Path = ANNOTATIONS,
                           reviewer: str | None = None) -> dict:
    """extractor.annotation.annotation_from_review into annotations/ by default."""
    return _annotation_from_review(source, fields, out_dir, reviewer)


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
