"""extractor.metadata on every real and seed document, plus a few rules on synthetic text."""
from __future__ import annotations

import html
import json
import pathlib
import re

import pytest

from corpus import CORPUS, documents
from extractor import metadata as M
from extractor.templates import normalize

SUFFIXES = (".txt", ".md", ".html")
CRAWLER_SPLIT = "==================== 正文 ===================="
CHROME = ("附件下载", "打印本页", "关闭窗口")


DOCS = [p for sub in ("seeds", "real") for p in documents(sub) if p.suffix in SUFFIXES]


def _html_to_text(src: str) -> str:
    t = re.sub(r"(?is)<(script|style)\b.*?</\1>", "", src)
    t = re.sub(r"(?is)<!--.*?-->", "", t)
    t = re.sub(r"(?i)<br\s*/?>|</(?:p|div|tr|h\d|li|table|title)>", "\n", t)
    t = re.sub(r"(?i)</t[dh]>", "\t", t)
    t = re.sub(r"<[^>]+>", "", t)
    return html.unescape(t)


def _text(p: pathlib.Path) -> str:
    t = p.read_text(encoding="utf-8")
    return _html_to_text(t) if p.suffix == ".html" else t


def _index() -> dict[str, dict]:
    f = CORPUS / "real" / "index.tsv"
    lines = f.read_text(encoding="utf-8").splitlines()
    head = lines[0].split("\t")
    return {r[0]: dict(zip(head, r)) for r in (ln.split("\t") for ln in lines[1:] if ln.strip())}


INDEX = _index()


def _expected(p: pathlib.Path) -> tuple[int | None, str | None, str | None]:
    """(year, agency, template) from the labels, else from index.tsv."""
    lab = p.with_name(p.stem + ".labels.json")
    row = INDEX.get(p.name, {})
    year, agency, template = None, None, row.get("template")
    if row:
        year, agency = int(row["year"]), row["agency"]
    if lab.exists():
        d = json.loads(lab.read_text(encoding="utf-8"))
        year, agency = d.get("year", year), d.get("agency", agency)
        template = d.get("template", template)
    if agency:
        agency = agency.split(" [")[0].strip()  # "沐阳县人民政府 [sic; …]"
    return year, agency, template


def _agency_matches(got: str, expected: str) -> bool:
    g = normalize(got)
    variants = {normalize(expected), normalize(re.sub(r"[（(][^）)]*[）)]", "", expected))}
    return any(v and (v in g or g in v) for v in variants)


def _is_old(p: pathlib.Path) -> bool:
    return _expected(p)[2] == "old"


@pytest.mark.parametrize("path", DOCS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_year_and_agency(path: pathlib.Path):
    text = _text(path)
    year, agency, _ = _expected(path)
    assert M.find_year(text, None) == year
    got = M.find_agency(text, None)
    if agency is None:
        assert got is None
    else:
        assert got and _agency_matches(got, agency), (got, agency)


@pytest.mark.parametrize("path", [p for p in DOCS if CRAWLER_SPLIT in p.read_text(encoding="utf-8")],
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_crawler_body_with_and_without_title(path: pathlib.Path):
    """A loader may strip the crawler header and pass its 标题 as title, or pass nothing."""
    head, body = path.read_text(encoding="utf-8").split(CRAWLER_SPLIT, 1)
    title = re.search(r"标题[:：]\s*(.+)", head).group(1).strip()
    year, agency, _ = _expected(path)
    for t in (title, None):
        assert M.find_year(body, t) == year
        got = M.find_agency(body, t)
        assert got and _agency_matches(got, agency), (t, got, agency)


@pytest.mark.parametrize("path", DOCS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_sections(path: pathlib.Path):
    text = _text(path)
    secs = M.find_sections(text)
    keys = list(secs)
    assert keys == [k for k in M.SECTION_KEYS if k in secs]
    starts = [secs[k]["start"] for k in keys]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    for i, k in enumerate(keys):
        d = secs[k]
        assert 0 <= d["start"] <= d["body"] <= d["end"] <= len(text)
        assert d["end"] == (secs[keys[i + 1]]["start"] if i + 1 < len(keys) else len(text))
    texts = M.section_texts(text)
    if _is_old(path):
        assert "overview" in secs
        return
    for k in ("overview", "active", "requests", "review", "problems"):
        assert k in secs, f"{k} not found; found {keys}"
    for k in ("overview", "problems"):
        assert texts[k].strip(), f"{k} text empty"
    for k, v in texts.items():
        assert not any(c in v for c in CHROME), (k, v[-80:])


@pytest.mark.parametrize("path", DOCS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_old_format(path: pathlib.Path):
    assert M.is_old_format(_text(path)) == _is_old(path)


# --- rules on synthetic text (no corpus needed) ------------------------------------------------

_BODY = (
    "一、总体情况\n2023年，本局认真贯彻《条例》。\n"
    "二、主动公开政府信息情况\n第二十条第（一）项\n"
    "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 3\n四、结转下年度继续办理 0\n"
    "四、政府信息公开行政复议、行政诉讼情况\n行政复议 0\n"
    "五、存在的主要问题及改进情况\n问题是公开不够及时。\n"
    "六、其他需要报告的事项\n无。\n"
)


def test_year_is_not_the_publication_date():
    text = "发布日期：2024年01月17日\n某市交通运输局2023年度政府信息公开工作年度报告\n" + _BODY
    assert M.find_year(text) == 2023
    assert M.find_agency(text) == "某市交通运输局"
    # from the title first, even when the body names other years
    assert M.find_year("2024年，我们将改进。", "某县2022年政府信息公开工作年度报告") == 2022


def test_year_from_period_and_prose():
    assert M.find_year("本报告所列数据的统计期限自2021年1月1日起至2021年12月31日止。" + _BODY) == 2021
    assert M.find_year(_BODY) == 2023


def test_agency_title_variants():
    t = "某某县人民政府关于2021年度政府信息公开工作年度报告"
    assert M.find_agency("", t) == "某某县人民政府"
    assert M.find_agency("", "2024 年某市科委政府信息公开工作\n年度报告") == "某市科委"
    assert M.find_agency("当前位置： 首页 政府信息公开年报 某区2021年度政府信息公开工作年度报告 来源：网站", None) == "某区"
    assert M.find_agency("我局2021年政府信息公开工作年度报告", None) is None


def test_notice_titles_are_not_the_report():
    text = "根据《关于做好2019年政府信息公开工作年度报告编制的通知》要求编制。\n" + _BODY
    assert M.find_year(text) == 2023


def test_sections_skip_table_of_contents_and_work_on_one_line():
    toc = "本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项组成。"
    one_line = toc + " " + re.sub(r"\s+", " ", _BODY) + " 附件下载 打印本页"
    secs = M.find_sections(one_line)
    assert list(secs) == list(M.SECTION_KEYS)
    assert all(secs[k]["start"] > len(toc) for k in secs)
    texts = M.section_texts(one_line)
    assert texts["problems"] == "问题是公开不够及时"
    assert texts["other"] == "无"


def test_problems_without_heading_and_missing_part_six():
    body = _BODY.replace("五、存在的主要问题及改进情况\n", "（一）主要问题\n").replace("六、其他需要报告的事项\n无。\n", "（二）改进情况\n加强培训。\n")
    secs = M.find_sections(body)
    assert "other" not in secs and secs["problems"]["heading"] == ""
    assert M.section_texts(body)["problems"].startswith("（一）主要问题")


def test_old_format_rule():
    old = "一、概述\n2018年以来……\n六、政府信息公开情况统计表\n指标名称 计量单位 2018年度 历年累计\n主动公开文件数 条 20 100\n"
    assert M.is_old_format(old)
    assert not M.is_old_format(_BODY + "二、上年结转政府信息公开申请数量 0\n未经复议直接起诉 0\n")


def test_a_title_printed_only_as_the_running_header_still_names_agency_and_year():
    """PDF text (pdfplumber) of a report whose title heads every page: the title goes with the
    page furniture, and the agency and year are read from it there."""
    from extractor.loaders.registry import load
    from extractor.pipeline import extract_file

    path = pathlib.Path(__file__).parent / "data" / "converted" / "013.pdfplumber.txt"
    doc = load(path)
    assert "沭阳县发展和改革局2023年政府信息公开工作年度报告" in doc.meta["furniture"]
    assert "年度报告" not in doc.text[:200] and doc.title is None
    r = extract_file(path)
    assert (r["agency"], r["year"]) == ("沭阳县发展和改革局", 2023)
    assert M.title_among(["— 1 —", "2023年1月", "某局2023年政府信息公开工作年度报告"]) == "某局2023年政府信息公开工作年度报告"
    assert M.title_among(["— 1 —", "依据《政府信息公开工作年度报告格式》"]) is None
