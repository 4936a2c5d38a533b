"""A row's label cut across cells by a PDF table reader's guessed column edges
(extractor/loaders/markdown.py, `_join_cut_labels`): real output of pymupdf4llm's classic
engine with `table_strategy="text"` (tests/data/converted, README). Its table finder cuts
table 三's label column where it guessed column edges: "|三|（一）|予以公开|Col4|…|1|…|1|",
"||（七）|总计|||1|", "|四、|结转|下年度继续|办理||||3|", a sub-row's number in a cell of its own
("||2|其他法|行政法规|止公开|"). No piece names its row, so 总计 and 结转 were never rows: table
三 ended at 予以公开, table 四 was read from table 三's numbers.
"""
from __future__ import annotations

from pathlib import Path

from corpus import REAL, SEEDS, label_fields, wrong_counts
from extractor.loaders import load
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def _texts(path: Path) -> list[str]:
    return [b.text for b in load(path).blocks if b.kind == "cell" and b.table is not None]


def test_a_label_cut_across_cells_is_one_cell_again():
    path = CONVERTED / "004_22cd3b9bc5f65582.pymupdf4llm-text-tables.md"
    doc = load(path)
    by_text = {b.text: b for b in doc.blocks if b.kind == "cell" and b.table is not None}
    assert "（七）总计" in by_text and "四、结转下年度继续办理" in by_text
    assert "三（一）予以公开" in by_text  # (the group label's numeral printed down the column)
    assert "2其他法行政法规止公开" in by_text  # (its number in a cell of its own)
    # the joined cell keeps its first column and spans the others: the values keep theirs
    total = by_text["（七）总计"]
    assert (total.col, total.colspan) == (1, 2)
    assert [b.text for b in doc.blocks if b.row == total.row and b.col == 6] == ["1"]
    # prose cut into cells is no label ("…落实党中央|、国务院关|…": longer than a label), and a
    # label and its value stay apart
    texts = _texts(path)
    assert any(t.startswith("、国务院关") for t in texts) and "规范性文件0" in texts


def test_a_cut_label_names_its_row():
    path = CONVERTED / "004_22cd3b9bc5f65582.pymupdf4llm-text-tables.md"
    out = extract_bytes(path.read_bytes(), path.name)["fields"]
    want = label_fields(SEEDS / "004_22cd3b9bc5f65582.labels.json")
    for k in ("requests.total.natural", "requests.total.total", "review.litigation_after.total"):
        assert (out[k]["value"] or 0) == (want[k] or 0), k
    assert wrong_counts(want, out) == []


def test_rows_of_a_grid_keep_the_cells_printed_in_them():
    # "|二、上年结转…|||" (three blank cells: page 1's grid merged the columns), then
    # "|三（一）予以公开|…|1|…|1|" (eleven: page 2's grid cut them): 3 + 11 cells are no two
    # rows of seven - 上年结转 had taken 予以公开's first "1" as its total (reorder.regroup)
    path = CONVERTED / "004_22cd3b9bc5f65582.pymupdf4llm-text-tables.md"
    out = extract_bytes(path.read_bytes(), path.name)["fields"]
    assert out["requests.granted.natural"]["value"] == 1
    assert out["requests.carried_over.total"]["value"] in (None, 0)


def test_real_report_total_and_carried_forward_rows():
    # real/013 through the same route: "||(七)|总计|||||26|||||||26|", "|四、|结转|下年度继续|办理||||0|"
    path = CONVERTED / "013.pymupdf4llm-text-tables.md"
    out = extract_bytes(path.read_bytes(), path.name)["fields"]
    want = label_fields(REAL / "013.labels.json")
    for k in ("requests.total.natural", "requests.total.total"):
        assert out[k]["value"] == want[k] == 26, k


def test_rows_cut_alike_confirm_no_column():
    # the labels joined, table 三's rows are read - each row prints "120<br>10" (two cells in
    # one) and "|28|33|" (2833 cut in two) at the same column edges; 新收 is read with its cut
    # number joined (tests/test_numbers_cut_across_cells.py), and what stays wrong (rows whose
    # own sums break, a reading one column off keeping the column sums) is never near-certain
    path = CONVERTED / "003_2b6abe27bfe85e6a.pymupdf4llm-text-tables.md"
    out = extract_bytes(path.read_bytes(), path.name)
    want = label_fields(SEEDS / "003_2b6abe27bfe85e6a.labels.json")
    f = out["fields"]
    wrong = wrong_counts(want, f)
    assert wrong and max(f[k]["confidence"] for k in wrong) < 0.9
    assert out["review"]["required"]


def test_one_number_and_its_total_in_a_table_no_identity_holds_in():
    # a generated report (seed 67) through the same route: its numbers cut at the reader's column
    # edges too ("1|27<br>" for 127); 4.无正当理由大量反复申请 prints "1" for 14 in its first cell
    # and in its total, so its own sum holds, while no column identity of the table does: the
    # row's label joined again, nothing checks its reading - not near-certain (it was 0.999)
    path = CONVERTED / "gen67_00028.pymupdf4llm-text-tables.md"
    out = extract_bytes(path.read_bytes(), path.name)
    truth = label_fields(CONVERTED / "gen67_00028.labels.json")
    f = out["fields"]
    assert f["requests.unprocessed.massive.natural"]["value"] == 1 != truth["requests.unprocessed.massive.natural"]
    wrong = wrong_counts(truth, f)
    assert max(f[k]["confidence"] for k in wrong) < 0.9


def test_a_numbering_under_a_group_character_starts_the_label():
    # a generated report (seed 167) through the same route: table 三's group label 不予公开
    # printed one character a line down the label column, each character in the cell of a
    # row's numbering ("|予<br>4|保护第|方合法权|益|"), or in a cell before it
    # ("|理|不<br>3|危及“|安全一稳|定”|"): the row's label starts at its numbering, the
    # character left out - else 4.保护第三方合法权益 is no row and its numbers go to row 3
    path = CONVERTED / "gen167_00000.pymupdf4llm-text-tables.md"
    texts = _texts(path)
    assert "4保护第方合法权益" in texts and "3危及“安全一稳定”" in texts
    out = extract_bytes(path.read_bytes(), path.name)
    truth = label_fields(CONVERTED / "gen167_00000.labels.json")
    f = out["fields"]
    for row in ("security", "third_party"):
        for col in ("natural", "commercial", "other", "total"):
            k = f"requests.denied.{row}.{col}"
            assert (f[k]["value"] or 0) == (truth[k] or 0), k
