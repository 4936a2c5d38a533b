"""Training data of converted reports: the narrative blocks between two row labels are pieces
of labels a converter interleaved, left out of training (training.annotate.unconfirm_label_pieces)."""
import json
from pathlib import Path

from extractor import templates as T

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def _printed(version: str) -> list[tuple[str, str]]:
    """(template label, as printed) of a report that printed its row labels undamaged."""
    rows = [r for t in (T.ACTIVE[version], T.REQUESTS[version]) for r in t.rows]
    return [(r.label, r.label) for r in rows]


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
