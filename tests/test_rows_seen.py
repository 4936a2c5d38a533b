"""Rows printed blank, through converters that drop blank cells (tests/data/converted, see its
README): a row label the classifier found with no value after it before the next row label is
a row seen and printed blank - not a row "not found" - and its blanks are near-certain only
where a holding column sum with a read total pins them (issue 10: identities that hold only
because cells were left blank are not evidence).
"""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields
from extractor.loaders import load
from extractor.pipeline import default_pipeline, extract_bytes

DATA = Path(__file__).resolve().parent / "data"
CONVERTED = DATA / "converted"
SEEDS = DATA / "corpus" / "seeds"
ROW_BLANK_ZH = "行标签已印出，其后没有数值：整行为空白"
NOT_FOUND_ZH = "未找到该单元格所在的行"


def _truth(stem: str) -> dict:
    return label_fields(SEEDS / f"{stem}.labels.json")


def _fields(name: str) -> dict:
    """The assembled, scored fields: the evidence of every field, flagged or not."""
    return default_pipeline().run(load(CONVERTED / name), until="review").assembly.fields


def _blank(v) -> bool:
    return v in (None, 0)


def _right(got, truth) -> bool:
    return (0 if got is None else got) == (0 if truth is None else truth)


def _row_blank(fields) -> dict:
    return {k: fr for k, fr in fields.items() if fr.evidence.get("row_blank")}


def test_a_label_printed_with_nothing_after_it_is_a_blank_row_not_a_row_not_found():
    # pdftotext -layout: table 三's rows （三）1.-8. print their labels ("7.   属于行政执法案卷")
    # and nothing after them, the labels say every cell of them is blank
    path = CONVERTED / "002_ee8fa3a975bc8fe4.pdftotext-layout.txt"
    out = extract_bytes(path.read_bytes(), path.name, explain=True)
    want = _truth("002_ee8fa3a975bc8fe4")
    assert "rows_not_found" not in [i["code"] for i in out["review"]["items"]]
    rows = [f"requests.denied.{r}" for r in ("state_secret", "law_forbidden", "security", "third_party",
                                             "internal", "process", "enforcement", "query")]
    for row in rows:
        cells = {k: v for k, v in out["fields"].items() if k.startswith(row + ".")}
        assert len(cells) == 7, row
        for k, v in cells.items():
            assert v["value"] is None and _blank(want[k]), k
            why = v.get("explain", {}).get("why", [])
            assert ROW_BLANK_ZH in why and NOT_FOUND_ZH not in why, (k, why)


def test_blank_rows_a_column_sum_with_a_read_total_pins_are_near_certain():
    # docx2txt: 3.危及"三安全一稳定" and two rows of （五） print no value (every cell an empty
    # paragraph, dropped); each column's 总计 is read and the other rows add up to it, so the
    # blank rows' cells, never negative, are 0: the document is right and needs no person
    fields = _fields("003_2b6abe27bfe85e6a.docx2txt.txt")
    want = _truth("003_2b6abe27bfe85e6a")
    blank = _row_blank(fields)
    assert {k.rsplit(".", 1)[0] for k in blank} == {"requests.denied.security", "requests.unprocessed.publication",
                                                   "requests.unprocessed.massive"}
    for k, fr in blank.items():
        assert fr.value is None and _blank(want[k]), k
        assert fr.evidence.get("pinned") and fr.confidence >= 0.9, (k, fr.confidence)
    path = CONVERTED / "003_2b6abe27bfe85e6a.docx2txt.txt"
    out = extract_bytes(path.read_bytes(), path.name)
    assert [k for k, v in out["fields"].items() if k in want and not _right(v["value"], want[k])] == []
    assert out["review"]["required"] is False


def test_a_blank_total_pins_nothing():
    # html-text: every blank row of table 三 is seen; the 自然人 and 总计 columns print their
    # totals (1), the other columns print nothing at all: 0 = 0 + 0 holds whatever was lost
    fields = _fields("002_ee8fa3a975bc8fe4.html-text.txt")
    blank = _row_blank(fields)
    assert len({k.rsplit(".", 1)[0] for k in blank}) >= 15
    for k, fr in blank.items():
        col = k.rsplit(".", 1)[1]
        total = fields[f"requests.total.{col}"]
        if total.value is None:
            assert fr.confidence < 0.9 and not fr.evidence.get("pinned"), k
        else:
            assert fr.confidence >= 0.9, k


def test_labels_printed_apart_from_their_values_are_never_near_certain_blanks():
    # pdftotext's default reading order prints table 三's labels, then values elsewhere: labels
    # look empty while their numbers stand after other labels; those blanks may be wrong, and are
    # never near-certain (the numbers no row took are counted against them)
    fields = _fields("002_ee8fa3a975bc8fe4.pdftotext-default.txt")
    want = _truth("002_ee8fa3a975bc8fe4")
    blank = _row_blank(fields)
    wrong = [k for k, fr in blank.items() if not _blank(want[k])]
    assert wrong, "the reading order hides some rows' values"
    assert [k for k, fr in blank.items() if fr.confidence >= 0.9] == []
    assert [k for k, fr in fields.items() if k.startswith("requests.") and fr.confidence >= 0.9
            and not _right(fr.value, want[k])] == []
