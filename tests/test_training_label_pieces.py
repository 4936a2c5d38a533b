"""Training data of converted reports: the narrative blocks between two row labels are pieces
of labels a converter interleaved, left out of training (training.annotate.unconfirm_label_pieces)."""
import json
from pathlib import Path

from extractor import templates as T

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def _printed(version: str) -> list[tuple[str, str]]:
    """(template label, as printed) of a report that printed its row and group labels undamaged."""
    tables = (T.ACTIVE[version], T.REQUESTS[version])
    return [(r.label, r.label) for t in tables for r in (*t.rows, *t.groups)]


def test_label_pieces_between_rows_are_not_taught_as_narrative():
    """pdftotext -layout of a generated report prints table 三's vertical group labels a character
    a line beside the wrapped row labels: "结 不果 予" (三、本年度办理结果 beside （三）不予公开) and
    "六 理其政府信息公开申请" (（六）其他处理 beside the second line of its first row) read as
    narrative by the rules and tied to no row by the printed truth. They are left out of the
    training examples; the report's own narrative (its paragraphs outside the tables) is kept."""
    from training.train import truth_file

    labels = json.loads((CONVERTED / "gen11_00000.labels.json").read_text(encoding="utf-8"))
    name = "gen11_00000.pdftotext-layout.txt"
    doc, confirmed = truth_file((CONVERTED / name).read_bytes(), name, labels["fields"],
                                _printed(labels["template"]))
    narrative = [(b.text.strip(), ok) for b, ok in zip(doc.blocks, confirmed) if b.label == "narrative"]
    left_out = [t for t, ok in narrative if not ok]
    assert left_out == ["结 不果 予", "六 理其政府信息公开申请"]
    assert sum(ok for _, ok in narrative) >= 5  # the paragraphs stay
    rows = [b.label for b, ok in zip(doc.blocks, confirmed) if ok and (b.label or "").startswith("row.requests.")]
    assert len(rows) >= 20  # the row labels around them are still trained on


def test_wrapped_group_label_head_is_tied_to_its_row_across_the_label_beside_it():
    """pdftotext's default order of LibreOffice's PDF of real/013: the narrow cell of （六）其他处理
    wraps it after one character, and the first line of the row label beside it comes between
    its two pieces: "(六)其", "2、申请人逾期未按收费通知要", "他处理", "求缴纳费用、行政机关不再处理",
    "其政府信息公开申请". The short head is tied by its numbered form (it begins one printed label),
    and each label's continuation passes over the other's piece: both heads are their rows, their
    other pieces noise - not the rules' narrative."""
    from extractor.classify import classify
    from extractor.loaders import load_bytes
    from extractor.segment import split_runs
    from training.annotate import truth_labels
    from training.train import RuleClassifier

    name = "013.lo-pdf-pdftotext-default.txt"
    doc = load_bytes((CONVERTED / name).read_bytes(), name)
    split_runs(doc)
    classify(doc, RuleClassifier())
    truth = truth_labels(doc, _printed("2021"))
    got = {doc.blocks[i].text.strip(): lab for i, lab in truth.items()}
    assert got.get("(六)其") == "row.requests.other"
    assert got.get("2、申请人逾期未按收费通知要") == "row.requests.other.no_fee"
    assert [got.get(t) for t in ("他处理", "求缴纳费用、行政机关不再处理", "其政府信息公开申请")] == ["noise"] * 3
