"""The two outcomes of review (extractor/outcomes.py): extraction doubt (review.required,
review.items) and source inconsistency (review.source_inconsistent, review.findings), on
real reports, their misread mutations, and values no report prints.
"""
from __future__ import annotations

import json
from functools import lru_cache

import pytest
from corpus import REAL, REAL_PDF, SEEDS, label_fields, labels, wrong_counts

from extractor import templates as T
from extractor.loaders import load, load_bytes
from extractor.outcomes import COUNT_MAX, judge_all, reading_doubts, swaps
from extractor.pipeline import Pipeline, extract_bytes, extract_file
from training.score import comparable

from pathlib import Path

NEGATIVE = Path(__file__).resolve().parent / "data" / "reliability" / "negative_counts"
SEED_001 = SEEDS / "001_ae5d534637d2dda6.txt"  # prints numbers that break three identities
SEED_000 = SEEDS / "000_26fa7c73a70403e4.txt"  # tab rows, every identity holds
SEED_003 = SEEDS / "003_2b6abe27bfe85e6a.txt"  # one cell per line, every identity holds


@lru_cache(maxsize=None)
def _out(path) -> dict:
    return extract_file(path)


def _wrong(out: dict, lab: dict) -> set[str]:
    return {k for k, v in lab["fields"].items() if k not in (lab.get("ambiguous") or ())
            and comparable(out["fields"][k]["value"], True) != comparable(v, True)}


# --- a publisher's error read with certainty ----------------------------------------------------

@pytest.mark.parametrize("path", [SEED_001, REAL_PDF / "hongze-2023.pdf"], ids=lambda p: p.name)
def test_publisher_error_read_with_certainty_is_a_finding_not_a_review(path):
    out = _out(path)
    rv = out["review"]
    broken = [c["rule"] for c in out["checks"] if c["status"] == "broken"]
    assert broken  # the report prints numbers that do not add up
    assert rv["source_inconsistent"], rv
    assert [f["detail"]["rule"] for f in rv["findings"] if f["code"] == "identity_broken"] == broken
    assert all(f["outcome"] == "source" for f in rv["findings"])
    # the breaks send nothing to a person: no doubt is about their cells (a report with no
    # other doubt is auto-accepted, as hongze-2023 is)
    keys = {k for f in rv["findings"] for k in f["keys"]}
    assert not any(set(it["keys"]) & keys for it in rv["items"]), rv["items"]
    assert rv["required"] == bool(rv["items"])
    if path.suffix == ".pdf":
        assert not rv["required"] and rv["reasons"] == []
    # the cells of those identities are scored without the break: read with certainty
    assert min(out["fields"][k]["confidence"] for k in keys) >= 0.9
    lab = labels(path)
    if lab is not None:  # and they are right: the printed values
        assert not _wrong(out, lab)


def test_hongze_2023_names_table_four_as_printed():
    """The finding is written against 表/行/列 as the template registry prints them."""
    out = _out(REAL_PDF / "hongze-2023.pdf")
    review = T.REVIEW
    cols = review.columns
    num = review.title.split("、", 1)[0]
    want = (f"表{num}「{review.row('reconsideration').label}」行：「{cols[0].heading}」至「{cols[-2].heading}」"
            f"各列之和 ≠ 「{cols[-1].heading}」：10+1+0+0 ≠ 0")
    assert want in [f["message"] for f in out["review"]["findings"]]
    assert all(f["message_en"].startswith("identity review.") for f in out["review"]["findings"])


# --- misreads of the same reports ---------------------------------------------------------------

def test_a_lost_cell_in_the_same_report_is_extraction_doubt():
    """Seed 001 with one printed cell lost (a converter dropping it): its row no longer reads
    exactly, so the breaks are doubts and a person must look."""
    text = SEED_001.read_text(encoding="utf-8")
    i = text.index("二、上年结转政府信息公开申请数量")
    j = text.index("\n0 |", i)
    out = extract_bytes((text[:j] + text[j + len("\n0 |"):]).encode("utf-8"), "lost.txt")
    rv = out["review"]
    assert rv["required"]
    assert any(it["keys"] and any(k.startswith("requests.carried_over.") for k in it["keys"]) for it in rv["items"])


def test_two_cells_read_in_each_others_place_are_extraction_doubt():
    """Seed 003 (one cell per line, every identity holds) with 自然人 and 商业企业 of 本年新收
    exchanged: each cell still reads exactly, but exchanging them back makes every identity
    hold - a misplacement explains the break as well as the publisher would: a doubt."""
    text = SEED_003.read_text(encoding="utf-8")
    assert "一、本年新收政府信息公开申请数量 |\n2660 |\n120 |" in text
    text = text.replace("一、本年新收政府信息公开申请数量 |\n2660 |\n120 |", "一、本年新收政府信息公开申请数量 |\n120 |\n2660 |")
    p = Pipeline().run(load_bytes(text.encode("utf-8"), "swapped.txt"), until="output")
    rv = p.report["review"]
    assert rv["required"] and not rv["findings"], rv
    assert ("requests.new.natural", "requests.new.commercial") in swaps(p.checks, p.assembly.fields)
    items = [it for it in rv["items"] if it["code"] == "identity_broken"]
    assert items and all(it["detail"]["doubts"] for it in items)
    assert all(set(sum(it["detail"]["doubts"].values(), [])) == {"swap"} for it in items)
    # the unmutated report: every identity holds, no break to judge
    assert not [c for c in _out(SEED_003)["checks"] if c["status"] == "broken"]
    assert not _out(SEED_003)["review"]["findings"]


def test_no_misread_on_the_labelled_reports_is_called_the_reports_own():
    """On every labelled report as published: a broken identity with a wrong cell is never
    judged a source inconsistency, and no report with a wrong field is auto-accepted."""
    for lab_path in sorted(SEEDS.glob("*.labels.json")) + sorted(REAL.glob("*.labels.json")):
        lab = json.loads(lab_path.read_text("utf-8"))
        p = Pipeline().run(load(lab_path.parent / lab["doc"]), until="output")
        wrong = _wrong(p.report, lab)
        for v in p.verdicts:
            if set(v.check.keys) & wrong:
                assert not v.source, (lab["doc"], v.check.rule)
        if wrong:
            assert p.report["review"]["required"], lab["doc"]


def test_reading_doubts_name_what_leaves_room_for_another_value():
    from extractor.assemble import FieldResult

    clean = {"found": True, "how": "exact", "n_cands": 1, "share": 1.0, "labelled": True, "placement": 0.99,
             "label_proba": 0.99, "block_proba": 0.99, "text_confidence": None}
    assert reading_doubts(FieldResult("k", 1, "1", dict(clean))) == []
    assert reading_doubts(FieldResult("k", 1, "1", {**clean, "how": "split", "n_cands": 3, "share": 0.6})) == \
        ["split", "alternatives"]
    assert reading_doubts(FieldResult("k", 1, "1", {**clean, "labelled": False})) == ["unlabelled"]
    assert reading_doubts(FieldResult("k", 1, "1", {**clean, "text_confidence": 0.99})) == ["ocr"]
    assert reading_doubts(FieldResult("k", None, "", {"found": False})) == ["not_found"]
    assert judge_all([], {}) == []


# --- values no report prints --------------------------------------------------------------------

@pytest.mark.parametrize("name", ["s00422cd_04.txt", "013_07.html"])
def test_negative_counts_are_never_auto_accepted(name):
    """The fuzzer's reports with every number negated: once auto-accepted at confidence 1.0."""
    out = _out(NEGATIVE / name)
    rv = out["review"]
    assert rv["required"]
    flagged = {k for it in rv["items"] if it["code"] == "implausible_value" for k in it["keys"]}
    negative = {k for k, f in out["fields"].items()
                if isinstance(f["value"], int) and f["value"] < 0}
    assert negative and negative <= flagged
    for it in rv["items"]:
        if it["code"] == "implausible_value":
            assert it["outcome"] == "doubt" and it["detail"]["kind"] == "negative"
            assert "不能为负" in it["message"]
    assert max(out["fields"][k]["confidence"] for k in negative) <= 0.5
    # a signed column (本年增/减) may be negative: nothing flags it for that
    assert not any(k.endswith(".change") for k in flagged)


def test_an_absurd_count_is_flagged():
    """Seed 000 with 本年新收 and 总计 of its requests table printed 10^8 times too large."""
    text = SEED_000.read_text(encoding="utf-8").replace("\t\t21\t0\t0\t0\t0\t0\t21\t",
                                                         "\t\t2100000000\t0\t0\t0\t0\t0\t2100000000\t", 1)
    out = extract_bytes(text.encode("utf-8"), "huge.txt")
    rv = out["review"]
    assert rv["required"]
    kinds = {(k, it["detail"]["kind"]) for it in rv["items"] if it["code"] == "implausible_value" for k in it["keys"]}
    assert ("requests.new.natural", "too_large") in kinds
    assert COUNT_MAX["requests"] < 2100000000


def test_zero_printed_as_a_word_is_never_auto_accepted():
    """零 in a cell is 0, not blank: a report printing it is not accepted unseen."""
    text = SEED_000.read_text(encoding="utf-8")
    i = text.index("4. 保护第三方合法权益\t0")
    text = text[:i] + text[i:].replace("\t0", "\t零", 1)
    out = extract_bytes(text.encode("utf-8"), "zero.txt")
    rv = out["review"]
    assert rv["required"]
    words = [it for it in rv["items"] if it["code"] == "implausible_value" and it["detail"]["kind"] == "number_word"]
    assert words and "零" in words[0]["message"]


def test_a_break_beside_a_row_read_printed_blank_is_extraction_doubt():
    # pdfminer of a generated report's PDF: 一、本年新收…'s numbers printed away from its label
    # (the label read alone, printed blank) and read into 3.危及"三安全一稳定" - 689 58 346 55 0 0 1,
    # every cell exact, the row's sum broken: judged the report's own and settled at 1.0. The
    # numbers may be the blank row's, so the break is a doubt, its cells not near-certain
    conv = Path(__file__).resolve().parent / "data" / "converted"
    path = conv / "gen47_00010.pdfminer.txt"
    want = label_fields(conv / "gen47_00010.labels.json")
    out = extract_bytes(path.read_bytes(), path.name)
    cell = out["fields"]["requests.denied.security.natural"]
    assert want["requests.denied.security.natural"] == 1 and cell["value"] == 689
    assert cell["confidence"] < 0.9 and out["review"]["required"]
    wrong = wrong_counts(want, out["fields"])
    assert wrong and max(out["fields"][k]["confidence"] for k in wrong) < 0.9
