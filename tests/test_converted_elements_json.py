"""A report page partitioned into document elements and saved as JSON (unstructured's
partition_html + elements_to_json: held-out route unstructured-html-json of
training/converters.py; tests/data/converted, see its README). A list of objects each with a
"type", a "text" and "metadata"; a table element's text is its cells joined by single spaces
on one line, its metadata "text_as_html" the table as HTML. Read as the elements' text, a
paragraph each, with a table element's HTML as its table; ids, file names and languages are
never text."""
from __future__ import annotations

from pathlib import Path

from corpus import CORPUS, labels, plain

from extractor.loaders import jsontables, load
from extractor.loaders.signatures import text_format
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "000_26fa7c73a70403e4.unstructured-html-json.json"


def test_elements_read_as_paragraphs_and_their_tables_as_tables():
    path = CONVERTED / NAME
    text = path.read_text(encoding="utf-8")
    assert '"type": "Table"' in text and '"text_as_html": "<table>' in text
    assert jsontables.tables(text) and text_format(text) == "html"
    blocks = load(path).blocks
    cells = [b.text for b in blocks if b.kind == "cell"]
    assert "规范性文件" in cells and "行政许可" in cells
    assert not any("element_id" in b.text or "xxgk-conv-" in b.text or b.text == "zho" for b in blocks)


def test_elements_every_field_right_and_accepted():
    out = extract_bytes((CONVERTED / NAME).read_bytes(), NAME)
    want = labels(CORPUS / "seeds/000_26fa7c73a70403e4.txt")["fields"]
    got = {k: plain(f["value"]) for k, f in out["fields"].items()}
    assert {k: (got.get(k), plain(v)) for k, v in want.items() if got.get(k) != plain(v)} == {}
    assert not out["review"]["required"]


def test_lists_that_are_not_elements_are_not_read_as_them():
    # too few items, or items without a string "type" and "text"
    assert jsontables._elements('[{"type": "Title", "text": "a"}, {"type": "Text", "text": "b"}]') is None
    assert jsontables._elements('[{"type": "x", "text": 1}, {"type": "x", "text": 2}, {"type": "x", "text": 3}]') is None
    # rows saved as records (no "type") stay a table
    assert "<td>行政许可</td><td>2</td>" in jsontables.html_of(
        '[{"text": "规章", "n": 1}, {"text": "行政许可", "n": 2}, {"text": "x", "n": 3}]')


PDF_NAME = "004_22cd3b9bc5f65582.unstructured-pdf-json.json"


def test_pdf_elements_placed_by_their_boxes_every_field_right():
    """partition_pdf(strategy="fast") of a typeset PDF (held-out route unstructured-pdf-json):
    pdfminer's text boxes, each with its corner points and page; a table's cells come box by
    box (a column's values before the next), and neighbouring cells share a box ("4 101").
    Placed by their boxes the rows are rebuilt (read as paragraphs 164 fields were wrong, 6
    of them at >= 0.9)."""
    path = CONVERTED / PDF_NAME
    text = path.read_text(encoding="utf-8")
    assert '"points": [' in text and '"page_number": 2' in text
    assert "position:absolute" in jsontables.html_of(text)
    assert not any("PixelSpace" in b.text or "report.pdf" in b.text for b in load(path).blocks)
    out = extract_bytes(path.read_bytes(), PDF_NAME)
    want = labels(CORPUS / "seeds/004_22cd3b9bc5f65582.txt")["fields"]
    got = {k: plain(f["value"]) for k, f in out["fields"].items()}
    assert {k: (got.get(k), plain(v)) for k, v in want.items() if got.get(k) != plain(v)} == {}


def test_one_box_of_several_cells_is_a_run_per_cell_at_its_share_of_the_box():
    # "4 101" in a box 44 wide from x=478: "101" starts 2 half-ems of 5 in
    runs = jsontables._spread("4 101", 140.0, 478.0, 44.0, 8.0)
    assert [(r[0], round(r[2], 1)) for r in runs] == [("4", 478.0), ("101", 495.6)]
    assert jsontables._spread("规章", 10.0, 5.0, 20.0, 8.0) == [("规章", 10.0, 5.0, 8.0, 20.0, 8.0)]


REAL_PDF_NAME = "hongze-2023.unstructured-pdf-json.json"


def test_a_column_of_numbers_in_one_box_is_a_number_per_row():
    """partition_pdf(strategy="fast") of a real WPS export (tests/data/corpus/real-pdf/hongze-2023):
    pdfminer took a column's cells of ten rows as one box "1 0 0 0 0 1 1 0 10 3" 194 pt tall and
    14 wide, beside ten row labels a box each. Each number stands on its share of the box, level
    with its row's label (read as one line on the box's middle, 不予公开 1.属于国家秘密's 1 was read
    blank at 0.9998 and （六）其他处理 read 21, the （七）总计 below it)."""
    path = CONVERTED / REAL_PDF_NAME
    out = extract_bytes(path.read_bytes(), REAL_PDF_NAME)
    got = {k: f["value"] for k, f in out["fields"].items()}
    rows = {"new": 21, "partial": 4, "denied.state_secret": 1, "denied.internal": 0, "denied.process": 1,
            "denied.enforcement": 1, "unable.not_held": 10, "unable.need_creation": 3,
            "unprocessed.complaint": 1, "unprocessed.duplicate": 0, "other": 0, "total": 21}
    assert {k: got[f"requests.{k}.natural"] for k in rows} == rows
    assert {k: got[f"requests.{k}.total"] for k in rows} == rows
    assert out["review"]["required"] is False


def test_a_row_of_numbers_in_a_tall_box_is_not_a_column():
    # ten numbers 194 pt tall, 14 wide: one a row, each centred on its share
    runs = jsontables._stacked("1 0 0 0 0 1 1 0 10 3", 581.0, 319.0, 14.0, 194.0, 14.0)
    assert [r[0] for r in runs] == "1 0 0 0 0 1 1 0 10 3".split()
    assert [round(r[1], 1) for r in runs[:2]] == [583.7, 603.1] and round(runs[8][2], 1) == 319.0
    # the same text as wide as a row of cells, words, or too short for its numbers: not a column
    assert jsontables._stacked("1 0 0 0 0 1 1 0 10 3", 581.0, 100.0, 300.0, 30.0, 14.0) is None
    assert jsontables._stacked("1 0 0 0 0 1 1 0 10 3", 581.0, 319.0, 14.0, 60.0, 14.0) is None
    assert jsontables._stacked("共 21 件", 581.0, 319.0, 14.0, 60.0, 14.0) is None
