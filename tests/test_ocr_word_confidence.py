"""Tesseract's hOCR of a typeset report's page (`tesseract page.tiff out -l chi_sim hocr`) boxes
each word it read and scores it: `title="bbox 1768 1933 1893 1958; x_wconf 30"`. Table 二's
规范性文件 row prints 132 / 132 / 134; the engine read the cells' rules into two of them ("1332",
"1314") and scored those words 30 and 26 of 100 (the 132 before them 73, its sure words 90-96). Read as typed text, no
sum checks table 二's counts, so both misreadings were near-certain (0.999). The engine's own
score of a word is how sure the text is (placed.py -> `data-confidence` on the positioned span
-> Frag.conf -> the cell's Block.text_confidence): a word the engine doubted is a doubtful
reading, below 0.9 (tests/data/converted/gen509_00014.tesseract-hocr-p1.hocr, README)."""
from __future__ import annotations

from pathlib import Path

from extractor.loaders import load, placed
from extractor.pipeline import extract_bytes
from corpus import label_fields

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen509_00014.tesseract-hocr-p1.hocr"


def test_words_the_engine_doubted_are_not_sure():
    truth = label_fields(CONVERTED / "gen509_00014.tesseract-hocr.labels.json")
    f = extract_bytes((CONVERTED / NAME).read_bytes(), NAME)["fields"]
    row = "active.normative"
    assert [truth[f"{row}.{c}"] for c in ("made", "published", "total")] == [132, 132, 134]
    assert [f[f"{row}.{c}"]["value"] for c in ("made", "published", "total")] == [132, 1332, 1314]
    for c in ("published", "total"):  # the words scored 30 and 26
        assert f[f"{row}.{c}"]["confidence"] < 0.9, (c, f[f"{row}.{c}"])
    # a word the engine was sure of stays sure: 规章's counts (scored 96)
    assert f["active.rules.made"]["value"] == truth["active.rules.made"] == 0
    assert f["active.rules.made"]["confidence"] >= 0.9


def test_a_cells_text_confidence_is_its_least_sure_word():
    doc = load(CONVERTED / NAME)
    conf = {b.text: b.text_confidence for b in doc.blocks if b.kind == "cell" and b.text in ("1332", "1314", "132")}
    assert conf == {"132": 0.73, "1332": 0.30, "1314": 0.26}  # (the words' x_wconf 73, 30, 26)


def test_placed_runs_carry_the_engines_score():
    hocr = ("<html><body><div class='ocr_page' title='bbox 0 0 900 900'>"
            + "".join(f"<span class='ocrx_word' title='bbox {x} 10 {x + 40} 30; x_wconf {c}'>{t}</span>"
                      for x, t, c in ((10, "规章", 96), (200, "1332", 30), (400, "0", 91)))
            + "<span class='ocrx_word' title='bbox 10 50 40 70'>无</span>"
            + "<span class='ocrx_word' title='bbox 200 50 240 70; x_wconf 95; x_confs 97 40'>12</span>"
            + "</div></body></html>")
    html = placed.as_html(hocr)
    spans = [ln for ln in html.splitlines() if ln.startswith("<span")]
    assert ['data-confidence="0.960"' in spans[0], 'data-confidence="0.300"' in spans[1],
            'data-confidence="0.910"' in spans[2], "data-confidence" in spans[3],
            'data-confidence="0.400"' in spans[4]] == [True, True, True, False, True]
