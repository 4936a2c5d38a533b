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

from extractor import templates as T
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


def _score(assembly, fields: dict) -> tuple[int, set[str]]:
    wrong_rows = set()
    right = 0
    for key, truth in fields.items():
        fr = assembly.fields.get(key)
        if fr is not None and _same(fr.value, truth):
            right += 1
        else:
            wrong_rows.add(key.rsplit(".", 1)[0])
    return right, wrong_rows


def _row_template(row_key: str, fields: dict):
    """(table name, template Row) of a 'table.row' key, for the versions `fields` uses."""
    table, key = row_key.split(".", 1)
    return table, next(r for r in _table_rows(table, fields) if r.key == key)


def _table(table: str, fields: dict) -> T.Table:
    """The template table in the revision the labelled fields use (the oldest when they
    name none)."""
    return T.get(table, T.version_of_keys(table, fields) or T.versions(table)[0])


def _table_rows(table: str, fields: dict):
    """The template rows of a table, in the version the labelled fields use."""
    return _table(table, fields).rows


def align_rows(doc: Document, fields: dict, wrong_rows: set[str]) -> int:
    """Label the text block whose following values read as a wrong row's true values.

    This is how a wording no rule knows (a reviewer corrected its values) becomes a
    training label: the values tie the label to its row. Rows whose true values are all
    0/blank are skipped: they would match any empty row. Returns how many were labelled."""
    from extractor.assemble import row_spec
    from extractor.solve import Token, candidates

    fixed = 0
    blocks = doc.blocks
    for row_key in sorted(wrong_rows):
        if row_key.startswith("review."):
            continue  # table 四 has no row labels
        table, row = _row_template(row_key, fields)
        truth = [fields.get(f"{row_key}.{c}") for c in row.columns]
        if not any(_same(v, 1) or (v not in (None, 0) and not _same(v, 0)) for v in truth):
            continue
        # look only between the labelled rows that come before and after it in the template
        tab = _table(table, fields)
        order = [r.key for r in tab.rows]
        here = order.index(row.key)
        pos = {i: order.index(b.label.split(".", 2)[2]) for i, b in enumerate(blocks)
               if (b.label or "").startswith(f"row.{table}.") and b.label.split(".", 2)[2] in order}
        lo = max((i for i, p in pos.items() if p < here), default=-1)
        hi = min((i for i, p in pos.items() if p > here and i > lo), default=len(blocks))
        matches = []
        for i, b in enumerate(blocks):
            if not lo < i < hi:
                continue
            if (b.label or "") in ("value", "blank", "break") or not b.text.strip():
                continue
            toks = []
            for nb in blocks[i + 1:]:
                if nb.label not in ("value", "blank"):
                    break
                toks.append(Token(nb.text, nb.kind in ("line", "piece"), nb.label == "blank", nb))
            if not toks:
                continue
            for cand in candidates(toks, row_spec(row, tab))[:8]:
                from extractor.assemble import typed
                if all(_same(typed(row, c, raw), t) for c, raw, t in zip(row.columns, cand.cells, truth)):
                    matches.append(i)
                    break
        if len(matches) == 1:
            blocks[matches[0]].label = f"row.{table}.{row.key}"
            fixed += 1
    return fixed


def annotate(doc: Document, fields: dict) -> dict:
    """Block labels of a loaded document whose true field values are `fields`."""
    split_runs(doc)
    classify(doc, RuleClassifier())
    assembly = assemble(doc)
    right, wrong_rows = _score(assembly, fields)
    if wrong_rows and align_rows(doc, fields, wrong_rows):
        assembly = assemble(doc)  # read again with the labels the values confirmed
        right, wrong_rows = _score(assembly, fields)
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


def annotation_from_review(source: Path, fields: dict, out_dir: Path = ANNOTATIONS,
                           reviewer: str | None = None) -> dict:
    """A reviewer's corrected fields for a parsed document become an annotation.

    The source is stored by content hash (the same file reviewed twice is one annotation,
    the later correction wins); block labels are derived from the corrected values, so a
    row wording no rule knows is labelled by the values the reviewer confirmed."""
    import hashlib

    data = Path(source).read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:16]
    name = f"review-{digest}{Path(source).suffix}"
    (out_dir / "sources").mkdir(parents=True, exist_ok=True)
    (out_dir / "sources" / name).write_bytes(data)
    doc = load(out_dir / "sources" / name)
    derived = annotate(doc, fields)
    ann = {"doc": name, "source": f"sources/{name}", "origin": "review", "reviewer": reviewer,
           "original_name": Path(source).name, "fields": fields, "ambiguous": [], **derived}
    (out_dir / f"review-{digest}.json").write_text(json.dumps(ann, ensure_ascii=False, indent=0))
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
