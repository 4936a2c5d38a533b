"""Page numbers run on to a page's last line: pdf.js prints a page's text items one after another,
the footer "- 4 -" right after the page's last cell (tests/data/converted/hongze-2024.pdfjs-lines.txt,
a real WPS export through pdf.js, see the README), so table 三's row 1.本机关不掌握相关政府信息
printed "31 0 0 0 0 0 31 - 4 -" and was left unread. Where the dashed numbers ending lines count
the pages 1, 2, 3 …, each goes on a line of its own (furniture.page_numbers_apart), a page's end."""
from __future__ import annotations

from pathlib import Path

from corpus import REAL_PDF, plain

from extractor.loaders import furniture
from extractor.loaders import text as _text
from extractor.pipeline import extract_bytes, extract_file

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "hongze-2024.pdfjs-lines.txt"


def test_run_on_page_numbers_go_on_lines_of_their_own():
    lines = _text._items_a_line((CONVERTED / NAME).read_text(encoding="utf-8")).split("\n")
    assert "（四）无法提供 1.本机关不掌握相关政府信息 31 0 0 0 0 0 31 - 4 -" in lines
    apart = furniture.page_numbers_apart("\n".join(lines)).split("\n")
    at = apart.index("（四）无法提供 1.本机关不掌握相关政府信息 31 0 0 0 0 0 31")
    assert apart[at + 1] == "- 4 -"
    assert [ln for ln in apart if furniture._DASHED_END.search(ln)] == [f"- {n} -" for n in range(1, 6)]


def test_the_row_before_the_footer_reads_as_the_pdf():
    pdf = extract_file(REAL_PDF / "hongze-2024.pdf")
    out = extract_bytes((CONVERTED / NAME).read_bytes(), NAME)
    row = {k: plain(f["value"]) for k, f in out["fields"].items() if k.startswith("requests.unable.not_held.")}
    assert row["requests.unable.not_held.total"] == 31 == plain(pdf["fields"]["requests.unable.not_held.total"]["value"])
    differ = {k: (plain(f["value"]), plain(pdf["fields"][k]["value"])) for k, f in out["fields"].items()
              if plain(f["value"]) != plain(pdf["fields"][k]["value"])}
    assert differ == {}
    assert out["review"]["required"] == pdf["review"]["required"]


def test_dashes_that_count_no_pages_stay():
    # a row's last cells printed "-" around a number, once: no count of pages
    text = "规章 - 5 -\n" + "\n".join(f"正文{i}" for i in range(5))
    assert furniture.page_numbers_apart(text) == text
