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


def test_real_annotation_ties_wrapped_heads_as_the_converted_truth_does():
    """annotations/sources/009.md (a real report's markdown) prints （六）其他处理 and its rows wrapped
    in narrow cells: "（六）其" / "他处理" / "2.申请人逾期未按收费" / "通知要求缴纳费用、行" ... The
    rules read the heads narrative; the converted training truth (truth_labels) calls a wrapped
    head its row or group and its continuation noise. The real annotations are labelled the same
    way (training.annotate.annotated_blocks, used by --refresh and training.train.build_docs),
    and the narrative blocks inside the tables made only of label pieces it cannot tie are left
    out, as the converted truth leaves them out: one convention to train on. annotations/ still
    holds the rules' labelling (tests/test_classifier measures the shipped model against it, 0.968
    with these labels); `--refresh` writes this one, with the next shipped retrain (session 32)."""
    from extractor.loaders import load
    from training.annotate import ANNOTATIONS, annotated_blocks

    ann = json.loads((ANNOTATIONS / "009.json").read_text(encoding="utf-8"))
    got = annotated_blocks(load(ANNOTATIONS / ann["source"]), ann["fields"])
    lab = {b["text"].strip(): (b["label"], b["confirmed"]) for b in got["blocks"]}
    assert lab["（六）其"] == ("row.requests.other", True)
    assert lab["2.申请人逾期未按收费"] == ("row.requests.other.no_fee", True)
    assert lab["他处理"] == ("noise", True)
    assert lab["通知要求缴纳费用、行"] == ("noise", True)
    # a head whose rest a reading merged with the next label's ("（四）无" / "法提供行制作"):
    # not provably tied, made of label pieces, left out rather than taught as narrative
    assert lab["（四）无"] == ("narrative", False)
    assert lab["法提供行制作"] == ("narrative", False)


def test_wrapped_heads_that_begin_two_labels_are_told_apart_by_their_numbering():
    """A narrow report wraps 7. 属于行政执法案卷 and 8. 属于行政查询事项 after the same four
    characters ("7. 属于行政" / "执法案卷", "8. 属于行政" / "查询事项"): the wording begins two
    printed labels, the numbering one. The truth ties each head to its own row and its
    continuation to noise (before, both were left to the rules' reading, and a model trained so
    read such a head at a probability of 0.34: the WeasyPrint PDF of dev report 001 through
    pdftotext -layout). pdftotext -raw of generated report 13/2 typeset narrow."""
    from extractor.classify import classify
    from extractor.loaders import load_bytes
    from extractor.segment import split_runs
    from training.annotate import truth_labels
    from training.train import RuleClassifier

    name = "gen13_00002w.pdftotext-raw.txt"
    doc = load_bytes((CONVERTED / name).read_bytes(), name)
    split_runs(doc)
    classify(doc, RuleClassifier())
    truth = truth_labels(doc, _printed("2021"))
    got = {doc.blocks[i].text.replace(" ", ""): lab for i, lab in truth.items()}
    assert got.get("7.属于行政") == "row.requests.denied.enforcement"
    assert got.get("8.属于行政") == "row.requests.denied.query"
    assert got.get("执法案卷") == got.get("查询事项") == "noise"


def test_table_four_headings_wrapped_a_word_a_line_are_taught_as_header():
    """WeasyPrint's PDF of a dev report through pdftotext -layout prints table 四's column headings
    one or two characters a line, read across the columns: "维持 纠 结果 审结 计", "结果   果   其他
    尚未 总     结果   果 其他    尚未". The rules read those lines narrative; the converted truth
    labels them header (training.annotate.review_heading_pieces) - a retrain that read them
    narrative placed the review rows out of template order. The report's paragraphs stay narrative."""
    from training.train import truth_file

    labels = json.loads((CONVERTED.parent / "corpus" / "seeds" / "002_ee8fa3a975bc8fe4.labels.json")
                        .read_text(encoding="utf-8"))
    name = "002_ee8fa3a975bc8fe4.weasyprint-pdftotext-layout.txt"
    doc, confirmed = truth_file((CONVERTED / name).read_bytes(), name, labels["fields"],
                                _printed(labels["template"]))
    got = {" ".join(b.text.split()): (b.label, ok) for b, ok in zip(doc.blocks, confirmed)}
    assert got["维持 纠 结果 审结 计"] == ("header", True)
    assert got["结果 果 其他 尚未 总 结果 果 其他 尚未"] == ("header", True)
    assert got["维持 纠 结果 审结 计 维持 纠 结果 审结"] == ("header", True)
    assert got["结"] == ("noise", True)  # a character alone is no line of headings
    assert sum(lab == "narrative" for lab, _ok in got.values()) > 5
