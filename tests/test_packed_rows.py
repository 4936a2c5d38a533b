"""Reports whose table rows were packed leftwards, and tables printed one paragraph a line,
read from real converter output of the page saved by LibreOffice (tests/data/converted, see
its README).

pandoc's ODT reader drops merged cells' covered cells: every row's cells move left and the
row is padded at its end, so a row under a spanned group label ("三、本年度办理结果 | (一)予以公开
| 20 …") prints its values a column right of a row with one label ("一、本年新收… | 40 …").
The columns the group rows show would cut a printed number off the other rows (and read
their total as 其他); each row's values are the cells after its own label. Those are its
columns in order (only covered cells were dropped, and a label's are left of its values)
unless a value cell spanned columns: then the total's position holds padding or the row's
sum breaks, and the row's columns are in doubt.

LibreOffice's text export of the DOCX prints every paragraph on its own line, none between:
a table one cell a line, an empty cell an empty line.
"""
from __future__ import annotations

import re
from pathlib import Path

from corpus import REAL, SEEDS, extract_against, label_fields, wrong_keys
from extractor.pipeline import extract_bytes
from extractor.loaders import load

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def _rows(name: str) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for b in load(CONVERTED / name).blocks:
        if b.kind != "break":
            out.setdefault(b.row, []).append(b.text)
    return out


def test_packed_grid_rows_read_after_their_own_label():
    # `pandoc -f odt -t html`: only the totals printed; the one-label rows' 总计 stands in the
    # column where the group rows print 其他 (5 read as 其他 at confidence 1.0 before)
    wrong, review = extract_against(CONVERTED / "001_ae5d534637d2dda6.odt-pandoc-html.html",
                                    SEEDS / "001_ae5d534637d2dda6.labels.json")
    assert wrong == []
    # the report's own 一、本年新收 prints 6 + 0 … ≠ 89: a row whose sum breaks is not settled
    assert review["required"]


def test_packed_rows_with_blank_cells_keep_their_columns():
    # 013 prints only 自然人 and 总计 ("26", five empty cells, "26"): every row's total printed
    # at its place and its sum kept, so the rows' columns are read, not inferred (all 175
    # cells of table 三 were at 0.85 and the report flagged before)
    path = CONVERTED / "013.odt-pandoc-html.html"
    out = extract_bytes(path.read_bytes(), path.name)
    truth = label_fields(REAL / "013.labels.json")
    assert wrong_keys(truth, out["fields"]) == []
    assert not out["review"]["required"]
    # the same rows where a value cell spanned two columns (one cell fewer, one more padding
    # at the row's end): 总计's place is padding, so the row's columns are in doubt again
    html = path.read_text(encoding="utf-8")
    row = re.search(r"<tr[^>]*>\s*<td>二、上年结转.*?</tr>", html, re.S).group(0)
    cells = re.findall(r"<td>.*?</td>", row, re.S)
    merged = row.replace("".join(c + "\n" for c in cells), "".join(c + "\n" for c in cells[:2] + cells[3:] + ["<td></td>"]))
    assert merged != row
    out = extract_bytes(html.replace(row, merged).encode("utf-8"), path.name)
    assert out["review"]["required"]
    assert max(out["fields"][f"requests.carried_over.{c}"]["confidence"]
               for c in ("natural", "total")) < 0.9


def test_packed_rows_under_a_ruler_are_a_table():
    # `pandoc -f odt -t plain`: a sub-label in the ruler's run where other rows print a number
    rows = _rows("gen11_00015.odt-pandoc-plain.txt")
    lines = [r for r in rows.values() if r[0].startswith(("一、本年新收", "三、本年度办理结果"))]
    assert lines == [["一、本年新收政府信息公开申请数量", "40", "2", "1", "1", "", "1", "45", ""],
                     ["三、本年度办理结果", "(一)予以公开", "20", "1", "", "1", "", "1", "23"]]
    wrong, review = extract_against(CONVERTED / "gen11_00015.odt-pandoc-plain.txt",
                                    CONVERTED / "gen11_00015.labels.json")
    assert wrong == [] and review["required"]


def test_ruler_with_two_dash_runs():
    # table 四's empty columns get runs of two dashes ("--- -- -- -- ---"): still a ruler, so
    # its one row keeps its blank cells (3 is 复议后起诉's 结果维持, not 直接起诉's 总计)
    rows = _rows("gen11_00003.odt-pandoc-plain.txt")
    assert ["1", "1", "", "", "2", "", "", "", "", "", "3", "", "", "", "3"] in rows.values()
    wrong, _ = extract_against(CONVERTED / "gen11_00003.odt-pandoc-plain.txt",
                               CONVERTED / "gen11_00003.labels.json")
    assert wrong == []


def test_empty_lines_between_tight_cells_are_blank_cells():
    # `soffice --convert-to "txt:Text (encoded):UTF8"` of the DOCX: "2", three empty lines,
    # "1", one, "3" are 2, three blanks, 1, a blank, 3 (not spacing with blanks dropped)
    texts = [(b.text, b.blank) for b in load(CONVERTED / "gen11_00005.lo-txt-docx.txt").blocks
             if b.kind != "break"]
    at = next(i for i, (t, _) in enumerate(texts) if t.startswith("3. 危及"))
    assert texts[at + 1:at + 8] == [("2", False)] + [("", True)] * 3 + [("1", False), ("", True), ("3", False)]
    want = label_fields(CONVERTED / "gen11_00005.labels.json")
    wrong, _ = extract_against(CONVERTED / "gen11_00005.lo-txt-docx.txt", CONVERTED / "gen11_00005.labels.json")
    assert wrong == [] and len(want) > 100

