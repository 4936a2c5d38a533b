"""Typed review reasons (extractor.reasons) and the opt-in `explain` entries of flagged fields.

Every code is produced on a real report that triggers it (samples/, annotations/sources/,
tests/data/, some cut or relabelled). review.reasons are the Chinese messages of
review.items (the extraction doubts), in order; the English sentences are kept in
items[].message_en as they were; review.findings hold what the report itself gets wrong.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from extractor import evidence, reasons
from extractor.assemble import FieldResult
from extractor.confidence import FIELD_REVIEW_BELOW, review_decision
from extractor.loaders import load
from extractor.pipeline import extract_bytes, extract_file, parse_document

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SOURCES = ROOT / "annotations" / "sources"
REAL = ROOT / "tests" / "data" / "corpus" / "real"
NEGATIVE = ROOT / "tests" / "data" / "reliability" / "negative_counts"
CONVERTED = ROOT / "tests" / "data" / "converted"
CJK = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=None)
def _file(path: str, explain: bool = False) -> dict:
    return extract_file(path, explain=explain)


def _cut_review_table() -> dict:
    """Sample 000 without its table 四 (复议诉讼)."""
    src = (SAMPLES / "000_26fa7c73a70403e4.txt").read_text(encoding="utf-8")
    i = src.index("四、因政府信息公开工作被申请行政复议")
    return extract_bytes((src[:i] + src[src.index("五、", i):]).encode("utf-8"), "cut.txt")


def _unlabelled_row() -> dict:
    """A real tab-separated report whose 予以公开 row is not printed at all (neither its label nor
    its cells; a label printed with nothing after it is a row seen blank: tests/test_rows_seen.py)."""
    lines = (SOURCES / "004_22cd3b9bc5f65582.txt").read_text(encoding="utf-8").split("\n")
    i = next(n for n, line in enumerate(lines) if "（一）予以公开" in line)
    return extract_bytes("\n".join(lines[:i] + lines[i + 8:]).encode("utf-8"), "x.txt")


def _disagreeing_ensemble() -> dict:
    """Sample 001 with a second classifier that reads 予以公开 as 部分公开."""
    from extractor.classify import EnsembleClassifier, default_classifier

    base = default_classifier()

    class Relabel:
        version = "relabel-test"

        def predict(self, doc):
            return [("row.requests.partial" if lab == "row.requests.granted" else lab, p, alt)
                    for lab, p, alt in base.predict(doc)]

    return parse_document(load(SOURCES / "001.txt"), EnsembleClassifier(base, Relabel()))


CASES = {
    "uncertain_cells": lambda: _file(str(SAMPLES / "005.txt")),
    "identity_broken": lambda: _file(str(REAL / "002.txt")),
    "narrative_contradiction": lambda: _file(str(SOURCES / "002_ee8fa3a975bc8fe4.txt")),
    "implausible_value": lambda: _file(str(NEGATIVE / "s00422cd_04.txt")),
    "not_a_report": lambda: _file(str(REAL / "012.txt")),
    "old_format": lambda: _file(str(REAL / "012.txt")),
    "missing_table": _cut_review_table,
    "rows_not_found": _unlabelled_row,
    "classifier_disagreement": _disagreeing_ensemble,
    "unit_unstated": lambda: _file(str(CONVERTED / "gen3315_00000.amount-bare.html")),
}


def test_the_codes_are_stable():
    assert list(reasons.CODES) == [
        "not_a_report", "old_format", "missing_table", "rows_unread", "rows_not_found", "identity_broken",
        "uncertain_cells", "narrative_contradiction", "classifier_disagreement", "low_document_confidence",
        "implausible_value", "unit_unstated", "other"]


@pytest.mark.parametrize("code", sorted(CASES))
def test_every_code_on_a_real_report(code):
    out = CASES[code]()
    review = out["review"]
    items = review["items"] + review["findings"]
    assert code in [it["code"] for it in items], review["reasons"]
    # the reasons are the doubts' Chinese messages, in order
    assert [it["message"] for it in review["items"]] == review["reasons"]
    assert review["required"] == bool(review["items"])
    assert review["source_inconsistent"] == bool(review["findings"])
    for it in items:
        assert it["code"] in reasons.CODES
        assert CJK.search(it["message"]), it["message"]  # Chinese first: users read Chinese
        assert it["message_en"] and it["message_en"] != it["message"]
        assert set(it["keys"]) <= set(out["fields"])
        assert set(it) == {"code", "outcome", "keys", "message", "message_en", "detail"}
    assert {it["outcome"] for it in review["items"]} <= {"doubt"}
    assert {it["outcome"] for it in review["findings"]} <= {"source"}
    item = next(it for it in items if it["code"] == code)
    if code in ("uncertain_cells", "identity_broken", "missing_table", "rows_not_found", "classifier_disagreement"):
        assert item["keys"], item  # these are about fields, and say which


def _en(out) -> list[str]:
    return [it["message_en"] for it in out["review"]["items"]]


def test_english_sentences_are_unchanged():
    """items[].message_en: the English sentences review.reasons carried before they became Chinese."""
    assert _en(_file(str(REAL / "012.txt"))) == [
        "not a report of the 2019 or 2021 template: no statutory tables found",
        "pre-2019 report format: it has none of the statutory tables"]
    assert _en(_cut_review_table()) == [
        "table 四（复议诉讼） not found",
        "rows not found: review.litigation_after, review.litigation_direct, review.reconsideration"]
    assert _en(_unlabelled_row()) == ["rows not found: requests.granted"]
    out = _file(str(SAMPLES / "005.txt"))
    (sentence,) = [r for r in _en(out) if "uncertain cells" in r]
    (item,) = [it for it in out["review"]["items"] if it["code"] == "uncertain_cells"]
    cells = item["detail"]["cells"]
    shown = ", ".join(f"{c['key']}={c['raw'] or '∅'} ({c['confidence']:.2f})" for c in cells[:6])
    assert sentence == f"{len(cells)} uncertain cells: {shown}{' …' if len(cells) > 6 else ''}"
    assert item["keys"] == [c["key"] for c in cells]


def test_chinese_reasons_are_written_against_the_printed_form():
    """What a reviewer reads names 表/行/列 as the form prints them, not field keys."""
    assert _file(str(REAL / "012.txt"))["review"]["reasons"] == [
        "不是 2019 或 2021 年模板的报告：未找到法定表格", "2019 年以前的报告格式：没有任何法定表格"]
    assert _cut_review_table()["review"]["reasons"] == [
        "未找到表四「政府信息公开行政复议、行政诉讼情况」",
        "未找到这些行：表四「复议后起诉」行、表四「未经复议直接起诉」行、表四「行政复议」行"]
    assert _unlabelled_row()["review"]["reasons"] == ["未找到这些行：表三「（一）予以公开」行"]
    (prose,) = _file(str(SOURCES / "002_ee8fa3a975bc8fe4.txt"))["review"]["findings"]
    assert prose["message"].startswith("正文与表格矛盾：正文「") and "prose" not in prose["message"]
    assert "表四「未经复议直接起诉」行「总计」列" in prose["message"]
    for r in _file(str(SAMPLES / "005.txt"))["review"]["reasons"]:
        assert "." not in r.split("：", 1)[0] and not re.search(r"[a-z]+\.[a-z]+", r), r


def test_identity_reason_names_its_rule_and_fields():
    out = _file(str(SAMPLES / "008.html"))
    broken = {c["rule"]: c for c in out["checks"] if c["status"] == "broken"}
    review = out["review"]
    items = [it for it in review["items"] + review["findings"] if it["code"] == "identity_broken"]
    assert [it["detail"]["rule"] for it in items] == list(broken)
    for it in items:
        assert it["message_en"] == f"identity {it['detail']['rule']} broken: {broken[it['detail']['rule']]['detail']}"
    # 008 leaves the 总计 of 予以公开 blank under printed parts: read with certainty, the report's own
    (granted,) = [it for it in items if it["detail"]["rule"] == "requests.row.granted"]
    assert granted["outcome"] == "source"
    assert granted["message"] == "表三「（一）予以公开」行：「自然人」至「其他」各列之和 ≠ 「总计」：258+12+0+0+1+1 ≠ 0"


def test_unread_rows_and_low_confidence():
    """The two codes no bundled report triggers: a printed row whose cells fit no reading
    (scans: see test_ocr), and a document with no specific reason but a low confidence."""
    fields = {
        "requests.new.natural": FieldResult("requests.new.natural", None, "",
                                            {"found": False, "placement": 0.0, "row_seen": True}),
        "requests.new.total": FieldResult("requests.new.total", None, "",
                                          {"found": False, "placement": 0.0, "row_seen": True}),
    }
    review = review_decision(fields, [], [], "2021")
    (item,) = review["items"]
    assert item["code"] == "rows_unread" and item["keys"] == ["requests.new.natural", "requests.new.total"]
    assert item["message_en"] == "rows found but their cells could not be read: requests.new"
    assert review["reasons"] == ["找到了这些行，但其单元格无法读取：表三「一、本年新收政府信息公开申请数量」行"]
    assert item["detail"] == {"rows": ["requests.new"]}
    low = review_decision({}, [], [], "2021")
    assert low["reasons"] == ["文档整体置信度低（0.00）"]
    assert [it["code"] for it in low["items"]] == ["low_document_confidence"]


def test_bare_string_reasons_are_kept_as_other():
    review = review_decision({}, [], [], "2021", ["something a caller says"])
    assert review["reasons"] == ["something a caller says"]
    assert review["items"][0]["code"] == "other"


# --- explain ---------------------------------------------------------------------------------

def test_explain_is_opt_in_and_additive():
    path = str(SAMPLES / "005.txt")
    plain, explained = _file(path), _file(path, explain=True)
    assert not any("explain" in f for f in plain["fields"].values())
    # nothing else changes
    strip = {k: {kk: vv for kk, vv in f.items() if kk != "explain"} for k, f in explained["fields"].items()}
    assert strip == plain["fields"]
    assert {k: v for k, v in explained.items() if k != "fields"} == {k: v for k, v in plain.items() if k != "fields"}


def test_explain_covers_exactly_the_flagged_fields():
    out = _file(str(SAMPLES / "005.txt"), explain=True)
    flagged = {k for k, f in out["fields"].items() if "explain" in f}
    uncertain = next(it for it in out["review"]["items"] if it["code"] == "uncertain_cells")
    assert set(uncertain["keys"]) <= flagged
    for k in flagged:
        ex = out["fields"][k]["explain"]
        assert ex["raw_score"] < FIELD_REVIEW_BELOW
        assert set(ex["evidence"]) <= set(evidence.KEYS)
        assert ex["evidence"]["raw_score"] == ex["raw_score"]
        assert ex["reasons"] == [it["code"] for it in out["review"]["items"] if k in it["keys"]]
        assert ex["why"] and len(ex["why"]) == len(ex["why_en"])
        assert all(CJK.search(s) for s in ex["why"])
    for k in uncertain["keys"]:
        assert "uncertain_cells" in out["fields"][k]["explain"]["reasons"]
    # a field nobody flagged has no entry: its raw score is at or above the routing threshold
    assert len(flagged) < len(out["fields"])


def test_describe_names_what_lowered_a_score():
    ev = {"found": True, "labelled": False, "placement": 0.6, "how": "split", "n_cands": 3, "share": 0.5,
          "checked": False, "row_ok": False, "malformed": True}
    zh = [z for z, _ in evidence.describe(ev)]
    en = " | ".join(e for _, e in evidence.describe(ev))
    assert len(zh) == 5
    assert "placed by its position" in en and "3 readings" in en and "no identity" in en
    assert "own sums" in en and "fractional" in en
    assert evidence.describe({"found": False, "row_seen": True})[0][1].startswith("the row label is there")
    assert evidence.typed({"found": True, "share": 0.123456, "not_a_key": 1}) == {"found": True, "share": 0.1235}


def test_inferred_layout_is_explained_on_a_converted_report():
    """lynx drops blank cells without a trace: the fields whose column the layout only implies are
    capped, flagged, and their explanation says so in Chinese (not a bare 'uncertain')."""
    out = extract_file(ROOT / "tests" / "data" / "converted" / "003_2b6abe27bfe85e6a.lynx.txt", explain=True)
    inferred = [f for f in out["fields"].values()
                if "explain" in f and f["explain"]["evidence"].get("position_inferred")]
    assert inferred, "lynx output with dropped blanks has fields placed by inference"
    for f in inferred:
        assert f["confidence"] < 0.9
        assert any("列位置由版式推断" in s for s in f["explain"]["why"])
    zh = [z for z, _ in evidence.describe({"found": True, "blank_inferred": True, "dropped_values": 2,
                                           "unused_values": 1})]
    assert any("推断" in z for z in zh) and any("2 个印出的数字" in z for z in zh)
    assert any("1 个数字未归入" in z for z in zh)
