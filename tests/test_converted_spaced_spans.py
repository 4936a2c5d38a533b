"""A table printed with its cells joined by single spaces and a merged cell's text repeated in
every grid column it spans, the header row as well (kreuzberg's text of the page saved as
DOCX: held-out route kreuzberg-docx of training/converters.py; tests/data/converted, see its
README): "行政许可 2293 2293 2293" under "信息内容 本年处理决定数量 本年处理决定数量
本年处理决定数量" is one value in one merged cell - the header shows the span."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus import CORPUS, labels, plain

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def _active(out: dict) -> dict:
    return {k: plain(f["value"])
            for k, f in out["fields"].items() if k.startswith("active.")}


def _want(report: str) -> dict:
    return {k: plain(v)
            for k, v in labels(CORPUS / report)["fields"].items() if k.startswith("active.")}


@pytest.mark.parametrize("name, report, printed", [
    ("003.kreuzberg-docx.md", "real/003.txt", "信息内容 本年处理决定数量 本年处理决定数量 本年处理决定数量\n行政许可 2293 2293 2293\n"),
    # the header's cell "上一年\n项目数量" broke the header over two lines; a money cell spans two columns
    ("004_22cd3b9bc5f65582.kreuzberg-docx.md", "seeds/004_22cd3b9bc5f65582.txt",
     "信息内容 上一年\n项目数量 本年增/减 本年增/减\n行政事业性收费 2 0 0\n"),
], ids=["003", "004_22cd"])
def test_a_value_repeated_under_a_repeated_header_word_is_one_merged_cell(name, report, printed):
    data = (CONVERTED / name).read_bytes()
    assert printed in data.decode("utf-8")
    out = extract_bytes(data, name)
    got, want = _active(out), _want(report)
    assert {k: (got[k], want[k]) for k in want if got[k] != want[k]} == {}


def test_without_a_header_showing_the_span_the_repeats_stay_unread():
    # the same row under a header whose words all differ: three numbers where the form has
    # one cell are not read as one (two real neighbouring cells may print the same number)
    name = "003.kreuzberg-docx.md"
    text = (CONVERTED / name).read_text(encoding="utf-8")
    header = "信息内容 本年处理决定数量 本年处理决定数量 本年处理决定数量\n行政许可"
    assert header in text
    text = text.replace(header, "信息内容 本年受理数量 本年办结数量 本年处理决定数量\n行政许可", 1)
    out = extract_bytes(text.encode("utf-8"), name)
    f = out["fields"]["active.licensing.decisions"]
    assert f["value"] != 2293 or f["confidence"] < 0.9
    assert out["review"]["required"]


GEN = "gen443_00011.kreuzberg-docx.md"
GEN_HEADER = "信息内容 本年处理 决定数量 本年处理 决定数量 本年处理 决定数量\n行政处罚 91 91 91\n"


def test_a_header_cell_of_two_words_repeated_over_its_span_shows_the_span():
    # kreuzberg's DOCX text of generated report 443/00011 (README): the heading cell prints its
    # line break as a space, "本年处理 决定数量", repeated over the three grid columns it spans,
    # as are the values under it; the header's words after 信息内容 are three cells of two words
    data = (CONVERTED / GEN).read_bytes()
    assert GEN_HEADER in data.decode("utf-8")
    assert "信息内容 本年收费金额 （单位：万元） 本年收费金额 （单位：万元） 本年收费金额 （单位：万元）\n" \
        "行政事业性收费 379.97 379.97 379.97" in data.decode("utf-8")
    truth = json.loads((CONVERTED / "gen443_00011.kreuzberg-docx.labels.json").read_text())["fields"]
    f = extract_bytes(data, GEN)["fields"]
    want = {k: (v["yuan"] if isinstance(v, dict) else v) for k, v in truth.items() if k.startswith("active.")}
    got = {k: (f[k]["value"]["yuan"] if isinstance(f[k]["value"], dict) else f[k]["value"]) for k in want}
    assert {k: (got[k], want[k]) for k in want if (got[k] or 0) != (want[k] or 0)} == {}
    for k in ("active.punishment.decisions", "active.coercion.decisions", "active.fees.amount"):
        assert f[k]["confidence"] >= 0.9, (k, f[k])


def test_two_word_headings_that_differ_leave_the_repeats_unread():
    text = (CONVERTED / GEN).read_text(encoding="utf-8")
    text = text.replace(GEN_HEADER, "信息内容 本年受理 申请数量 本年办结 申请数量 本年处理 决定数量\n行政处罚 91 91 91\n", 1)
    f = extract_bytes(text.encode("utf-8"), GEN)["fields"]["active.punishment.decisions"]
    assert f["value"] != 91 or f["confidence"] < 0.9
