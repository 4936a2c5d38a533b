"""Reports through the C++ html2text (Debian's /usr/bin/html2text 1.3.2a, `html2text -utf8
-nobs`), read from its real output of a dev report (tests/data/converted, see its README).

It draws tables with | and _ and counts a cell's width in bytes: a cell ends inside a CJK
character, leaving its first bytes (or its last ones) - UTF-8 cut at byte positions, some 150
undecodable sequences in 5 KB, every other character whole. The file was refused as not text
in any known encoding. And the row's last line is drawn as its bottom rule: a cell's padding
printed as underscores ("|_84__|"), so no cell read as a number.
"""
from __future__ import annotations

from pathlib import Path

from extractor.annotation import same_value
from extractor.loaders import load_bytes
from extractor.loaders.encoding import cut_utf8, decode
from extractor.pipeline import extract_bytes
from corpus import label_fields

DATA = Path(__file__).resolve().parent / "data"
NAME = "001_ae5d534637d2dda6.html2text-c.txt"
DATA_BYTES = (DATA / "converted" / NAME).read_bytes()


def _labels() -> dict:
    return label_fields(DATA / "corpus" / "seeds" / "001_ae5d534637d2dda6.labels.json")


def test_utf8_cut_at_byte_positions_is_read_with_its_cut_characters_doubted():
    text, enc = decode(DATA_BYTES)
    assert enc == "utf-8" and text.count("\ufffd") > 100
    doc = load_bytes(DATA_BYTES, NAME)
    cut = [b for b in doc.blocks if "\ufffd" in b.text]
    assert cut and all(b.text_confidence is not None and b.text_confidence < 0.9 for b in cut)


def test_gbk_is_not_taken_for_cut_utf8():
    data = ("三、收到和处理政府信息公开申请情况，本年新收政府信息公开申请数量八十九件。" * 20).encode("gb18030")
    text = data.decode("utf-8", errors="replace")
    assert not cut_utf8(text, text.count("\ufffd"), data)


def test_underscored_cells_read_as_their_numbers():
    out = extract_bytes(DATA_BYTES, NAME)
    got = out["fields"]
    assert got["requests.new.total"]["value"] == 89
    assert got["requests.granted.total"]["value"] == 84
    assert got["requests.total.total"]["value"] == 87
    # compared as the scorer compares (blank == 0, money by its yuan): "0元" for a printed "0" is right
    wrong = {k for k, v in _labels().items() if not same_value(got[k]["value"], v)}
    assert len(wrong) <= 2 and all(got[k]["confidence"] < 0.9 for k in wrong)
    assert out["review"]["required"]
