"""extractor.narrative: counts stated in the prose against the tables.

Labelled documents (annotations/<stem>.json with their sources) have right tables, so a
broken narrative check there must be a real contradiction in the source: the only one
is seed 002 (its prose says the applicant brought no litigation, its table shows one
pending case), verified by reading. The spaCy path (blank zh, char segmenter) and the
plain-regex fallback must agree; the spaCy tests are skipped where spaCy is absent.
"""
from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

from extractor.loaders import load
from extractor.narrative import (cn_number, find_statements, narrative_checks, narrative_of,
                                 normalize_narrative)

REPO = pathlib.Path(__file__).resolve().parents[1]
ANNOTATIONS = REPO / "annotations"
STEMS = sorted(p.stem for p in ANNOTATIONS.glob("*.json"))
SEED_002 = "002_ee8fa3a975bc8fe4"


def _labels(stem: str) -> dict:
    return json.loads((ANNOTATIONS / f"{stem}.json").read_text(encoding="utf-8"))


def _doc_checks(stem: str, use_spacy: bool = True):
    lab = _labels(stem)
    text = load(ANNOTATIONS / lab["source"]).text
    return narrative_checks(text, lab["fields"], year=lab.get("year"), use_spacy=use_spacy)


def _review(recon=0, direct=0, after=0, **extra) -> dict:
    v = {"requests.new.total": extra.pop("new", 0), "requests.carried_over.total": extra.pop("carried_over", 0),
         "requests.total.total": extra.pop("total", 0), "requests.carried_forward.total": extra.pop("cf", 0)}
    for g, n in (("reconsideration", recon), ("litigation_direct", direct), ("litigation_after", after)):
        v.update({f"review.{g}.{c}": 0 for c in ("upheld", "corrected", "other", "pending")})
        v[f"review.{g}.pending"] = n
        v[f"review.{g}.total"] = n
    v.update(extra)
    return v


def _by_rule(checks) -> dict[str, list]:
    out: dict[str, list] = {}
    for c in checks:
        out.setdefault(c.rule, []).append(c)
    return out


# --- seed 002 and the labelled documents -------------------------------------------------


def test_seed_002_litigation_contradiction():
    checks = _by_rule(_doc_checks(SEED_002))
    lit = checks["narrative.no_litigation"]
    assert len(lit) == 1 and lit[0].status == "broken" and not lit[0].ok
    assert "没有进行行政复议或行政诉讼" in lit[0].detail
    assert "pending 1" in lit[0].detail
    assert "review.litigation_direct.total" in lit[0].keys
    # the same sentence is right about reconsideration, and the received count agrees
    assert [c.status for c in checks["narrative.no_reconsideration"]] == ["ok"]
    assert [c.status for c in checks["narrative.received"]] == ["ok"]


@pytest.mark.parametrize("stem", STEMS)
def test_no_false_contradictions_on_labelled(stem):
    broken = [c for c in _doc_checks(stem) if c.status == "broken"]
    if stem == SEED_002:
        assert [c.rule for c in broken] == ["narrative.no_litigation"]
    else:
        assert broken == [], [c.detail for c in broken]


# rule -> number of ok checks, on labelled documents whose prose restates the tables
EXPECTED_OK = {
    "000_26fa7c73a70403e4": {"narrative.received": 1, "narrative.no_litigation": 1},
    "001_ae5d534637d2dda6": {"narrative.handled": 1},
    "004_22cd3b9bc5f65582": {"narrative.received": 1},
    "003": {"narrative.received": 1, "narrative.closed": 1, "narrative.carried_forward": 1},
    "005": {"narrative.received": 1, "narrative.received_natural": 1, "narrative.received_commercial": 1,
            "narrative.granted_partial": 1, "narrative.closed": 1, "narrative.denied": 1, "narrative.unable": 1,
            "narrative.unprocessed": 1, "narrative.other_processing": 1, "narrative.reconsideration": 1,
            "narrative.litigation": 1},
    "009": {"narrative.reconsideration": 1, "narrative.litigation": 1, "narrative.received": 1,
            "narrative.carried_over": 1, "narrative.carried_forward": 1, "narrative.granted": 1,
            "narrative.partial": 1, "narrative.denied": 1, "narrative.unable": 1, "narrative.unprocessed": 1,
            "narrative.other_processing": 1},
    "013": {"narrative.received": 1},
}


@pytest.mark.parametrize("stem", sorted(EXPECTED_OK))
def test_prose_that_agrees_gives_ok_checks(stem):
    got: dict[str, int] = {}
    for c in _doc_checks(stem):
        assert c.status == "ok"
        got[c.rule] = got.get(c.rule, 0) + 1
    assert got == EXPECTED_OK[stem]


def test_sub_unit_statements_of_seed_003_not_compared():
    # "全年办理市政府本级依申请公开答复179件,政府信息公开行政复议、行政诉讼案件15件": 本级, not the table's scope
    assert _doc_checks("003_2b6abe27bfe85e6a") == []
    lab = _labels("003_2b6abe27bfe85e6a")
    sts = find_statements(narrative_of(load(ANNOTATIONS / lab["source"]).text), 2020)
    assert {(s.kind, s.value) for s in sts} >= {("handled", 179), ("review_cases", 15)}
    assert all(s.skipped.startswith("sub-unit") for s in sts)


# --- rules on short texts ----------------------------------------------------------------


@pytest.mark.parametrize("s,n", [("0", 0), ("12", 12), ("一", 1), ("两", 2), ("十", 10), ("十二", 12), ("二十", 20),
                                 ("三十五", 35), ("一百零五", 105), ("两百", 200), ("三千二百", 3200), ("零", 0)])
def test_cn_number(s, n):
    assert cn_number(s) == n


@pytest.mark.parametrize("text,kind,value", [
    ("本年度共收到政府信息公开申请十二件。", "received", 12),
    ("全年发生两起行政诉讼，均已审结。", "litigation", 2),
    ("被申请行政复议一件。", "reconsideration", 1),
    ("全年共收到政府信息公开申请0件。", "received", 0),
    ("全年共收到政府信息公开申请 0 件。", "received", 0),
    ("全年共收到政府信息公开申请１５件。", "received", 15),
    ("全年办结申请一百零五件。", "closed", 105),
])
def test_chinese_and_zero_numerals(text, kind, value):
    sts = [s for s in find_statements(normalize_narrative(text), 2020) if not s.skipped]
    assert [(s.kind, s.value) for s in sts] == [(kind, value)]


def test_zero_for_both_kinds():
    sts = find_statements(normalize_narrative("行政复议和行政诉讼均为0。"), 2020)
    assert [(s.kind, s.value) for s in sts] == [("reconsideration", 0), ("litigation", 0)]
    checks = narrative_checks("行政复议和行政诉讼均为零。", _review(recon=1), year=2020)
    assert [(c.rule, c.status) for c in checks] == [("narrative.reconsideration", "broken"),
                                                    ("narrative.litigation", "ok")]


def test_numerals_compared_with_table():
    v = _review(direct=2, new=12)
    ok = narrative_checks("本年度共收到政府信息公开申请十二件。全年发生两起行政诉讼。", v, year=2020)
    assert [(c.rule, c.status) for c in ok] == [("narrative.received", "ok"), ("narrative.litigation", "ok")]
    bad = narrative_checks("本年度共收到政府信息公开申请十三件。", v, year=2020)
    assert [(c.rule, c.status) for c in bad] == [("narrative.received", "broken")]
    assert "13" in bad[0].detail and "12" in bad[0].detail


@pytest.mark.parametrize("text,kinds", [
    ("申请人没有进行行政复议或行政诉讼。", ["no_reconsideration", "no_litigation"]),
    ("本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。", ["no_reconsideration", "no_litigation"]),
    ("本年度无因政府信息公开引起的行政复议和行政诉讼案件。", ["no_reconsideration", "no_litigation"]),
    ("最终都准予信息公开，没有引起诉讼。", ["no_litigation"]),
    ("行政复议、行政诉讼案件均未发生。", ["no_reconsideration", "no_litigation"]),
    ("全年未收到政府信息公开申请。", ["no_requests"]),
    # a negated result is about the corrected cells, not about there being cases
    ("全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。",
     ["no_reconsideration_corrected", "no_litigation_lost"]),
    # not negations of the cases
    ("对未按时答复引起行政复议的，依法纠正。", []),
    ("行政诉讼未经复议直接起诉2件。", []),
    ("该行政复议件未被复议审查机关纠错。", []),
])
def test_negations(text, kinds):
    sts = find_statements(normalize_narrative(text), 2020)
    assert [s.kind for s in sts if not s.skipped] == kinds


def test_negation_compared_with_table():
    text = "本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"
    checks = _by_rule(narrative_checks(text, _review(recon=0, direct=0, after=1), year=2020))
    assert checks["narrative.no_reconsideration"][0].status == "ok"
    assert checks["narrative.no_litigation"][0].status == "broken"
    assert "litigation_after: pending 1" in checks["narrative.no_litigation"][0].detail
    # a blank review table agrees with "none"
    blank = {k: None for k in _review()}
    assert {c.status for c in narrative_checks(text, blank, year=2020)} == {"ok"}
    # a result-negation checks the corrected cells only
    v = _review(recon=3)
    v["review.reconsideration.corrected"] = 1
    v["review.reconsideration.total"] = 4
    checks = _by_rule(narrative_checks("全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。", v, year=2020))
    assert checks["narrative.no_reconsideration_corrected"][0].status == "broken"
    assert checks["narrative.no_litigation_lost"][0].status == "ok"
    assert "narrative.no_reconsideration" not in checks


@pytest.mark.parametrize("text", [
    "2019年以来，共收到政府信息公开申请120件。",
    "上年度共收到申请50件。",
    "去年收到政府信息公开申请50件。",
    "累计收到政府信息公开申请300件。",
    "截至目前，共办结政府信息公开申请300件。",
    "2019年收到政府信息公开申请80件。",
    "2020年1-6月收到政府信息公开申请60件。",
    "一季度收到政府信息公开申请10件。",
    "近三年来未发生行政诉讼。",
    "其中，区教育局收到申请5件。",
    "各镇（街道）共收到申请30件。",
    "指导基层单位办理依申请公开答复190件。",
    "全年收到政府信息公开申请约200件。",
    "全年收到政府信息公开申请200余件。",
    "尚未审结的行政诉讼1件。",
    "行政复议、行政诉讼各1件。",
    "本年度受理行政许可申请5000件。",
    "当场答复政府信息公开申请15件。",
])
def test_other_period_sub_unit_and_ambiguous_statements_ignored(text):
    # the table says something else everywhere: any compared statement would be broken
    v = _review(recon=7, direct=8, after=9, new=1000, total=999, carried_over=3, cf=4)
    assert narrative_checks(text, v, year=2021) == []


def test_later_clause_about_another_period_does_not_block():
    v = _review(new=100)
    checks = narrative_checks("本年度共收到政府信息公开申请100件，较上年增长10%。", v, year=2021)
    assert [(c.rule, c.status) for c in checks] == [("narrative.received", "ok")]


def test_carried_over_and_next_year():
    v = _review(new=14, carried_over=3, total=15, cf=2)
    text = "2020年收到申请14件，上年结转申请3件，办结15件，2件结转到2021年办理。"
    checks = narrative_checks(text, v, year=2020)
    assert sorted((c.rule, c.status) for c in checks) == [
        ("narrative.carried_forward", "ok"), ("narrative.carried_over", "ok"),
        ("narrative.closed", "ok"), ("narrative.received", "ok")]


def test_received_may_count_carried_over():
    # 011: "共受理政府信息公开申请 749 件" with 713 new and 36 carried over
    v = _review(new=713, carried_over=36)
    checks = narrative_checks("全县全年共受理政府信息公开申请749件。", v, year=2025)
    assert [(c.rule, c.status) for c in checks] == [("narrative.received", "ok")]
    assert "new + carried_over" in checks[0].detail


def test_blank_table_cell_is_not_a_contradiction():
    v = _review(new=10)
    v["requests.carried_forward.total"] = None
    assert narrative_checks("转下一年度办理答复的有1件。", v, year=2024) == []
    assert [c.status for c in narrative_checks("转下一年度办理答复的有0件。", v, year=2024)] == ["ok"]


def test_prose_contradicting_itself_gives_no_broken_check():
    v = _review(new=5)
    checks = narrative_checks("区政府收到申请5件，区教育局收到申请3件。", v, year=2020)
    assert [(c.rule, c.status) for c in checks] == [("narrative.received", "ok")]


def test_no_tables_no_checks():
    assert narrative_checks("全年共收到政府信息公开申请10件。", {}, year=2020) == []


# --- spaCy ------------------------------------------------------------------------------


def test_import_does_not_load_spacy():
    code = "import sys, extractor.narrative; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_spacy_pipeline_is_blank_zh_with_char_segmenter():
    pytest.importorskip("spacy")
    from extractor.narrative import COMPONENT, SPAN_KEY, _nlp
    nlp = _nlp()
    assert nlp.lang == "zh" and nlp.pipe_names == ["sentencizer", COMPONENT]
    assert nlp.config["nlp"]["tokenizer"]["segmenter"] == "char"
    assert "jieba" not in sys.modules and "spacy_pkuseg" not in sys.modules
    doc = nlp("申请人没有进行行政复议或行政诉讼。全年发生两起行政诉讼。")
    assert [(s.label_, s.text) for s in doc.spans[SPAN_KEY]] == [
        ("no_reconsideration", "没有进行行政复议或行政诉讼"), ("no_litigation", "没有进行行政复议或行政诉讼"),
        ("litigation", "发生两起行政诉讼")]


@pytest.mark.parametrize("stem", STEMS)
def test_spacy_and_plain_paths_agree(stem):
    pytest.importorskip("spacy")
    a = [(c.rule, c.status, c.detail) for c in _doc_checks(stem, use_spacy=True)]
    b = [(c.rule, c.status, c.detail) for c in _doc_checks(stem, use_spacy=False)]
    assert a == b


@pytest.mark.parametrize("stem", STEMS)
def test_chunk_filter_loses_nothing(stem):
    from extractor.narrative import _plain_sentences, _scan
    lab = _labels(stem)
    nar = narrative_of(load(ANNOTATIONS / lab["source"]).text)
    full = [(s.kind, s.value, s.start, s.end, s.skipped) for s in _scan(nar, _plain_sentences(nar), lab["year"])]
    fast = [(s.kind, s.value, s.start, s.end, s.skipped) for s in find_statements(nar, lab["year"], use_spacy=False)]
    assert fast == full


def test_office_speaking_for_its_government_is_a_sub_unit():
    """洪泽区 2024: 区政府办代表区政府受理…17件 is the office's share, not the district's 95."""
    v = _review(new=95)
    checks = narrative_checks("2024年，区政府办代表区政府受理政府信息公开申请17件，均已在法定期限内予以答复。", v, year=2024)
    assert not [c for c in checks if c.status == "broken"]
