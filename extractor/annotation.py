"""Annotations from known field values: block labels derived for training (the format is
annotations/README.md's), and a reviewer's accepted correction written as one.

`annotate(doc, fields)` derives block labels for a document whose field values are known:
the template's rules label every block, the assembler reads the tables, and every block
that fed a field whose value matches the known one is confirmed; blocks of rows that came
out wrong are marked unconfirmed so training can leave them out. The review service
writes accepted corrections with `annotation_from_review`; training.annotate builds the
labelled set and `xxgk train` reads both.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from . import templates as T
from .assemble import assemble
from .classify import RuleClassifier, classify
from .loaders import load
from .model import Document
from .segment import split_runs


def same_value(a, b) -> bool:
    """Labels and parsed values agree (blank == 0; money by yuan, to the fen)."""
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
        if fr is not None and same_value(fr.value, truth):
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
    from extractor.solve import Token, candidates, run_together

    fixed = 0
    blocks = doc.blocks
    for row_key in sorted(wrong_rows):
        if row_key.startswith("review."):
            continue  # table 四 has no row labels
        table, row = _row_template(row_key, fields)
        truth = [fields.get(f"{row_key}.{c}") for c in row.columns]
        if not any(same_value(v, 1) or (v not in (None, 0) and not same_value(v, 0)) for v in truth):
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
                toks.append(Token(nb.text, run_together(nb.text, nb.kind), nb.label == "blank", nb))
            if not toks:
                continue
            for cand in candidates(toks, row_spec(row, tab))[:8]:
                from extractor.assemble import typed
                if all(same_value(typed(row, c, raw), t) for c, raw, t in zip(row.columns, cand.cells, truth)):
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


def annotation_from_review(source: Path, fields: dict, out_dir: Path, reviewer: str | None = None) -> dict:
    """A reviewer's corrected fields for a parsed document become an annotation in `out_dir`.

    The source is stored by content hash (the same file reviewed twice is one annotation,
    the later correction wins); block labels are derived from the corrected values, so a
    row wording no rule knows is labelled by the values the reviewer confirmed."""
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
