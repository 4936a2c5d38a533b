"""Text placed by coordinate attributes (extractor/loaders/placed.py), read from real converter
output of the reports' typeset PDFs (tests/data/converted, see its README).

`pdftohtml -xml` prints every run as `<text top left width height font>`, `pdftotext
-bbox-layout` every word as `<word xMin yMin xMax yMax>`: no table and no CSS, so the markup
reader ran a page's words into one line and the text reader read a tag a line (31 % and 62 %
of the dev set's fields right). Placed where they were printed, the positioned reader lays
out lines and columns as for pdftohtml's positioned HTML.
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from lxml import etree

from corpus import REAL, REAL_PDF, SEEDS, extract_against, label_fields, wrong_keys
from extractor.loaders import detect, load
from extractor.loaders.placed import placed
from extractor.pipeline import extract_bytes, extract_file

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
BBOX = CONVERTED / "004_22cd3b9bc5f65582.pdftotext-bbox.html"


def _rows(doc) -> list[list[str]]:
    rows: dict[int, list[str]] = {}
    for b in doc.blocks:
        if b.kind == "cell":
            rows.setdefault(b.row, []).append(b.text)
    return list(rows.values())


def test_pdftohtml_xml_runs_are_placed_into_table_rows():
    path = CONVERTED / "009.pdftohtml-xml.xml"
    assert detect(path.read_bytes()).name == "html"
    assert ["行政规范性文件", "13", "0", "55"] in _rows(load(path))
    wrong, _ = extract_against(path, REAL / "009.labels.json")
    assert wrong == []


def test_pdftotext_bbox_words_are_placed_into_table_rows():
    wrong, _ = extract_against(BBOX, SEEDS / "004_22cd3b9bc5f65582.labels.json")
    assert wrong == []


def _words(path: Path) -> list[tuple[int, list[tuple[float, float, float, float, str]]]]:
    """(page, [(x0, y0, x1, y1, word)]) of a pdftotext -bbox file."""
    root = etree.fromstring(path.read_bytes(), etree.XMLParser(resolve_entities=False))
    pages = []
    for k, page in enumerate(el for el in root.iter() if etree.QName(el).localname == "page"):
        words = [(float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")), w.text or "")
                 for w in page.iter() if etree.QName(w).localname == "word"]
        pages.append((k, words))
    return pages


def _hocr(pages) -> str:
    out = ['<html><body>']
    for k, words in pages:
        out.append(f"<div class='ocr_page' id='page_{k + 1}' title='bbox 0 0 595 842'>")
        for x0, y0, x1, y1, w in words:
            out.append(f"<span class='ocrx_word' title='bbox {x0:.0f} {y0:.0f} {x1:.0f} {y1:.0f}; x_wconf 95'>{w}</span>")
        out.append("</div>")
    return "\n".join(out + ["</body></html>"])


def _alto(pages) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout>']
    for k, words in pages:
        out.append(f'<Page ID="p{k + 1}" WIDTH="595" HEIGHT="842"><PrintSpace><TextBlock><TextLine>')
        for x0, y0, x1, y1, w in words:
            out.append(f'<String CONTENT="{w}" HPOS="{x0:.1f}" VPOS="{y0:.1f}" WIDTH="{x1 - x0:.1f}" HEIGHT="{y1 - y0:.1f}"/>')
        out.append("</TextLine></TextBlock></PrintSpace></Page>")
    return "\n".join(out + ["</Layout></alto>"])


def test_ocr_vocabularies_place_the_same_words():
    # the same words and boxes written as OCR engines write them (hOCR's `title="bbox …"`,
    # ALTO's HPOS/VPOS/HEIGHT): the attributes that carry the box decide, not the tool
    truth = SEEDS / "004_22cd3b9bc5f65582.labels.json"
    pages = _words(BBOX)
    assert len(pages) > 1 and sum(len(w) for _, w in pages) > 200

    want = json.loads(truth.read_text(encoding="utf-8"))["fields"]
    for name, text in (("report.hocr.html", _hocr(pages)), ("report.alto.xml", _alto(pages))):
        assert placed(text)
        out = extract_bytes(text.encode("utf-8"), name)
        assert wrong_keys(want, out["fields"]) == [], name


def test_markup_without_coordinates_is_not_placed():
    # a page's anchors and table attributes are no coordinates
    page = "<html><body>" + "".join(f'<a href="#top{k}" title="box {k}">{k}</a><td valign="top">x</td>'
                                    for k in range(5)) + "</body></html>"
    assert not placed(page)


def test_a_word_stacked_over_two_lines_joins_no_rows():
    # a real WPS export through `pdftotext -bbox-layout`: the group label 结果, its two
    # characters stacked, is one word whose box (taller than wide) spans rows 5. and 6. of
    # （三）不予公开; read as one run it merged both rows ("01", "00", …: 6. not found)
    pytest.importorskip("pymupdf")
    rows = _rows(load(CONVERTED / "hongze-2023.pdftotext-bbox.html"))
    assert ["6.属于四类过程性信息", "1", "0", "0", "0", "0", "0", "1"] in [r[-8:] for r in rows]
    direct = extract_file(REAL_PDF / "hongze-2023.pdf")["fields"]
    out = extract_file(CONVERTED / "hongze-2023.pdftotext-bbox.html")
    assert {k: f["value"] for k, f in out["fields"].items()} == {k: f["value"] for k, f in direct.items()}


def test_a_rows_numbering_printed_apart_goes_with_its_label():
    # `pdftotext -bbox-layout`: "1." and "属于国家秘密" are words a character apart; read as two
    # cells, the model took "1." for a value (p 0.49) and the row's columns were in doubt
    path = CONVERTED / "003_2b6abe27bfe85e6a.pdftotext-bbox.html"
    rows = _rows(load(path))
    assert any("1.属于国家秘密" in r or "1. 属于国家秘密" in r for r in rows)
    assert not any(c in ("1.", "2.", "3.") for r in rows for c in r)
    out = extract_file(path)
    truth = label_fields(SEEDS / "003_2b6abe27bfe85e6a.labels.json")
    assert wrong_keys(truth, out["fields"]) == [] and not out["review"]["required"]


def test_lines_of_a_tall_text_box_spread_over_its_height():
    # pdfminer's HTML of a real WPS export: a value column is one text box, its lines apart by
    # <br>, ~20 px apart in a 14 px font ("height:194px" for ten cells). Placed at 1.25 font
    # sizes a line, the fifth line drifted into the row above: 5.属于三类内部事务信息 read
    # "01" and every row below took its successor's values at 1.0
    pytest.importorskip("pymupdf")
    data = gzip.decompress((CONVERTED / "hongze-2023.pdfminer-html.html.gz").read_bytes())
    assert 'height:194.4089999999999px' in data.decode("utf-8")
    out = extract_bytes(data, "hongze-2023.pdfminer-html.html")["fields"]
    direct = extract_file(REAL_PDF / "hongze-2023.pdf")["fields"]
    assert {k: f["value"] for k, f in out.items()} == {k: f["value"] for k, f in direct.items()}
