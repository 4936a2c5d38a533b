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
from extractor import templates as T
from extractor.loaders import load, load_bytes
from extractor.model import Document

ANNOTATIONS = Path(__file__).resolve().parents[1] / "annotations"


# the labelling itself lives in extractor.annotation (the review service writes annotations too)
_same = same_value


_MARKUP = "|*#>_`:-"  # markdown and text-table decoration a converter leaves around a cell


def _norm(text: str) -> str:
    return T.normalize(text).strip(_MARKUP)


def _core(text: str) -> str:
    return T.strip_numbering(_norm(text)).strip(_MARKUP)


# a label wrapped over lines or cells: its continuation pieces follow its head within this
# many blocks (values, blank cells and breaks of the same printed row may sit between)
_WRAP_WINDOW = 8
_SHORT = 4


def truth_labels(doc: Document, printed) -> dict[int, str]:
    """Block labels from what the renderer printed, not from the rules' reading.

    `printed` holds (template label, label as printed) of every label cell of a rendered report
    (training.render `Rendered.printed`: the printed text may be damaged, training.degrade).
    A block whose wording (numbering and spacing aside) is a printed label is that label's row
    (the template label's rule label: the rules read the template's own wording); where a
    converter wrapped a label over lines or cells, the head piece is the row and the pieces
    that continue it within a few blocks are `noise` (not narrative: the row's values that
    follow them still belong to it). A wording printed for two different rows is left alone.
    Returns {block index: label} for the blocks it could tie."""
    from extractor.labels import rule_label

    by_core: dict[str, set[str]] = {}
    for tpl, shown in printed:
        lab = rule_label(tpl)
        if lab.startswith(("row.", "group.")):
            # a short wording (总计, 其他) is also a column heading: only with its numbering
            c = _core(shown)
            c = c if len(c) >= _SHORT else _norm(shown)
            if len(c) >= 2:
                by_core.setdefault(c, set()).add(lab)
    cores = {c: next(iter(labs)) for c, labs in by_core.items() if len(labs) == 1}
    if not cores:
        return {}
    numbered = _numbered_forms(printed, cores)
    every_core = {_core(shown) for _tpl, shown in printed} - {""}
    blocks = doc.blocks
    out: dict[int, str] = {}
    skip = ("value", "blank", "break")
    for i, b in enumerate(blocks):
        if (b.label or "") in skip or b.blank or not b.text.strip():
            continue
        n = _core(b.text)
        if not n:
            continue
        if len(n) < _SHORT:
            n = _norm(b.text)
        if n in cores:
            out[i] = cores[n]
            continue
        # the head of a wrapped label: a prefix of one printed label, completed by what follows
        head = _wrapped_head(n, _core(b.text), cores, numbered)
        if head is None:
            continue
        c, rest = head
        pieces = []
        for j in range(i + 1, min(len(blocks), i + 1 + _WRAP_WINDOW)):
            nb = blocks[j]
            if (nb.label or "") in skip or nb.blank or not nb.text.strip():
                continue
            m = _core(nb.text)
            if m and rest.startswith(m):
                pieces.append(j)
                rest = rest[len(m):]
                if not rest:
                    break
            elif m and m in c:
                continue  # a piece out of order (a converter's reading order): not this one
            elif m and any(m in o for o in every_core if o != c):
                continue  # a piece of the label beside it, read in between ("(六)其", "2、申请人…要", "他处理")
            else:
                break
        if not rest and pieces:
            out[i] = cores[c]
            for j in pieces:
                out[j] = "noise"
    return out


def _numbered_forms(printed, cores: dict[str, str]) -> dict[str, str]:
    """{printed label with its numbering (normalized): its core in `cores`} of the labels
    truth_labels can tie."""
    out: dict[str, str] = {}
    for _tpl, shown in printed:
        c, full = _core(shown), _norm(shown)
        key = c if c in cores else full if full in cores else None
        if key is not None and full != c:
            out[full] = key
    return out


def _wrapped_head(n: str, core: str, cores: dict[str, str], numbered: dict[str, str]) -> tuple[str, str] | None:
    """(core in `cores`, what is left of it) of the one printed label a block's wording `n`
    begins (`core`: its wording with the numbering stripped); None where none or several.

    A head of >= 4 characters is matched as it reads; a shorter core only with its numbering -
    a narrow cell wraps （六）其他处理 after its first character, "(六)其", and "其" alone begins
    many labels while "(六)其" begins one."""
    heads = {c for c in cores if len(n) >= _SHORT and c.startswith(n)}
    if len(heads) == 1:
        c = next(iter(heads))
        return c, c[len(n):]
    if heads or len(core) >= _SHORT or n == core:
        return None
    heads = {c for f, c in numbered.items() if f.startswith(n) and c.startswith(core) and c != core}
    if len(heads) != 1:
        return None
    c = next(iter(heads))
    return c, c[len(core):]


def apply_truth(doc: Document, confirmed: list[bool], printed) -> int:
    """Set the blocks `truth_labels` ties (in place) and confirm them; returns how many changed."""
    changed = 0
    for i, lab in truth_labels(doc, printed).items():
        changed += doc.blocks[i].label != lab
        doc.blocks[i].label = lab
        confirmed[i] = True
    return changed


# labels that are neither a row's nor narrative's: a block between two rows that is one of
# these does not decide what the rows around it are
_BETWEEN = ("value", "noise", "header", "caption", "narrative")


def unconfirm_label_pieces(doc: Document, confirmed: list[bool]) -> int:
    """Leave out of training (unconfirm, in place) the `narrative` blocks of a converted report
    that sit between two row or group labels: returns how many.

    Inside a table a converter's reading order interleaves the pieces of a wrapped label with
    those of the group label beside it ("度 （办 三", "结 不果 予", "（六 处理其政府信息公开申
    请）"); truth_labels ties no such block to a row (its wording is no printed label), so it
    keeps the rules' reading, narrative, and teaches the characters of row labels as narrative
    text - a damaged short label ("3.求提供公开出物", "三、本年度办理果结") then reads as
    narrative. Which pieces a report yields moves with the loaders. A block is "between" when
    the nearest trained blocks before and after it that are neither values, noise, headers,
    captions nor narrative are row or group labels (the truth's, in a converted report)."""
    keep = [i for i, ok in enumerate(confirmed) if ok and (doc.blocks[i].label or "") not in ("break", "blank")]
    labels = [doc.blocks[i].label or "" for i in keep]

    def near(order) -> str:
        for k in order:
            if labels[k] not in _BETWEEN:
                return labels[k]
        return ""

    out = 0
    for k, i in enumerate(keep):
        if labels[k] != "narrative":
            continue
        before, after = near(range(k - 1, -1, -1)), near(range(k + 1, len(keep)))
        if before.startswith(("row.", "group.")) and after.startswith(("row.", "group.")):
            confirmed[i] = False
            out += 1
    return out


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
