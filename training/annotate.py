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
        head = _wrapped_head(n, _core(b.text), cores, numbered, _norm(b.text))
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


def _wrapped_head(n: str, core: str, cores: dict[str, str], numbered: dict[str, str],
                  full: str = "") -> tuple[str, str] | None:
    """(core in `cores`, what is left of it) of the one printed label a block's wording `n`
    begins (`core`: its wording with the numbering stripped, `full`: with it); None where none
    or several. Where several labels begin with the core, the numbering may tell which.

    A head of >= 4 characters is matched as it reads; a shorter core only with its numbering -
    a narrow cell wraps （六）其他处理 after its first character, "(六)其", and "其" alone begins
    many labels while "(六)其" begins one."""
    heads = {c for c in cores if len(n) >= _SHORT and c.startswith(n)}
    if len(heads) == 1:
        c = next(iter(heads))
        return c, c[len(n):]
    if heads:  # "属于行政" begins 7.属于行政执法案卷 and 8.属于行政查询事项: "7.属于行政" one
        heads = {c for f, c in numbered.items() if full != n and f.startswith(full) and c in heads}
        c = next(iter(heads)) if len(heads) == 1 else None
        return (c, c[len(n):]) if c else None
    if len(core) >= _SHORT or n == core:
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


def _review_heading_words() -> tuple[str, ...]:
    """The column headings of table 四 (行政复议 / 行政诉讼 and their result columns), as the template prints them."""
    from extractor.templates import REVIEW

    return ("行政复议", "行政诉讼", *(c.heading for c in REVIEW.columns), *(r.label for r in REVIEW.rows))


def review_heading_pieces(doc: Document) -> list[int]:
    """The blocks of table 四's headings wrapped one word or character a line, read across its
    columns ("果   纠正 结果 审结": WeasyPrint's or LibreOffice's narrow PDF through pdftotext
    -layout): between 四's heading and its first number, two or more words each a piece of a
    column heading. The rules read such a line narrative; it is the table's header."""
    words = _review_heading_words()
    out, inside = [], False
    for i, b in enumerate(doc.blocks):
        lab = b.label or ""
        if lab == "heading.review":
            inside = True
            continue
        if not inside:
            continue
        if lab.startswith("heading.") or lab == "value" or any(ch.isdigit() for ch in b.text):
            break
        toks = b.text.split()
        if len(toks) >= 2 and all(any(t in w for w in words) for t in toks):
            out.append(i)
    return out


def apply_review_headings(doc: Document, confirmed: list[bool]) -> int:
    """Label `review_heading_pieces` header (in place) and confirm them; returns how many changed."""
    changed = 0
    for i in review_heading_pieces(doc):
        changed += doc.blocks[i].label != "header"
        doc.blocks[i].label = "header"
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


def template_printed(fields: dict) -> list[tuple[str, str]]:
    """(label, label) of every row and group label of the template tables a labelled report's
    fields use: the labels a published report prints, as truth_labels takes them."""
    out = []
    for name in sorted({k.split(".", 1)[0] for k in fields}):
        try:
            table = _table(name, fields)
        except (KeyError, ValueError):
            continue
        out += [(r.label, r.label) for r in table.rows] + [(g.label, g.label) for g in table.groups]
    return out


def tie_printed_labels(doc: Document, confirmed: list[bool], fields: dict) -> int:
    """Label a real report's blocks of the template's row and group labels as the converted
    training truth does (truth_labels: a wrapped label's head is its row or group, the pieces
    that continue it `noise`), in place: the rules read the head "（六）其" of a wrapped
    （六）其他处理 as narrative, which the converted truth calls the group - one convention
    for every trained block, and for the labels the model is measured against. Returns how many
    blocks changed."""
    return apply_truth(doc, confirmed, template_printed(fields))


def _made_of_label_pieces(text: str, labels: list[str]) -> bool:
    """Whether `text` (spaces aside) splits wholly into pieces of >= 2 characters, each inside
    one of `labels`: "（四）无", "法提供行制作" (无法提供's tail beside 另行制作's)."""
    s = _norm(text).replace(" ", "")
    if len(s) < 2:
        return False
    ends = {0}
    for i in range(len(s)):
        if i in ends:
            ends |= {j for j in range(i + 2, len(s) + 1) if any(s[i:j] in lab for lab in labels)}
    return len(s) in ends


def unconfirm_label_fragments(doc: Document, confirmed: list[bool], printed) -> int:
    """Leave out (unconfirm, in place) the `narrative` blocks of a report made only of pieces of
    its printed labels: a wrapped head or pieces of two labels a reading merged ("（四）无",
    "法提供行制作") that truth_labels could not tie, between the report's first and last row label,
    as the converted truth leaves such pieces out (unconfirm_label_pieces); the rules' narrative
    there is not the convention. Returns how many."""
    labels = [_norm(shown).replace(" ", "") for _tpl, shown in printed]
    rows = [i for i, b in enumerate(doc.blocks) if (b.label or "").startswith(("row.", "group."))]
    if not rows:
        return 0
    out = 0
    for i in range(rows[0] + 1, rows[-1]):  # inside the tables: a page's own words stay
        b = doc.blocks[i]
        if confirmed[i] and b.label == "narrative" and _made_of_label_pieces(b.text, labels):
            confirmed[i] = False
            out += 1
    return out


def annotated_blocks(doc: Document, fields: dict) -> dict:
    """annotate (extractor.annotation: the rules' labels, confirmed where the fields came out
    right), then the template's printed labels tied as the converted truth ties them, and the
    narrative pieces of labels it could not tie left out."""
    a = annotate(doc, fields)
    confirmed = [b["confirmed"] for b in a["blocks"]]
    tie_printed_labels(doc, confirmed, fields)
    unconfirm_label_fragments(doc, confirmed, template_printed(fields))
    for b, blk, ok in zip(a["blocks"], doc.blocks, confirmed):
        b["label"], b["confirmed"] = blk.label, ok
    return a


def doc_from_annotation(ann: dict, root: Path = ANNOTATIONS) -> Document:
    return load(root / ann["source"])


def annotate_file(src: Path, labels: dict, out_dir: Path = ANNOTATIONS) -> dict:
    """Copy a labelled source into annotations/sources and write its annotation."""
    (out_dir / "sources").mkdir(parents=True, exist_ok=True)
    dest = out_dir / "sources" / src.name
    if src.resolve() != dest.resolve():
        shutil.copyfile(src, dest)
    doc = load(dest)
    derived = annotated_blocks(doc, labels["fields"])
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
        ann.update(annotated_blocks(load(root / ann["source"]), ann["fields"]))
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
