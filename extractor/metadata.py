"""Report metadata from plain text: year, issuing agency, part headings, old format.

Pure functions over the document's plain text (and the title a loader found, if any).
They work on offsets, not lines, so crawler dumps whose whole body is one line work
too. Heading phrases come from `templates.SECTIONS` plus a few looser wordings.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .templates import SECTIONS, normalize

SECTION_KEYS = tuple(SECTIONS)  # template order: overview, active, requests, review, problems, other

# --- small regex helpers -------------------------------------------------------------------


def _loose(phrase: str) -> str:
    """A phrase as a regex that tolerates whitespace (PDF line wraps) between characters."""
    return r"\s*".join(re.escape(c) for c in phrase)


_CN_NUM = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}


def _cn_value(s: str) -> int | None:
    if s in _CN_NUM:
        return _CN_NUM[s]
    if len(s) == 2 and s[0] == "十" and s[1] in _CN_NUM:
        return 10 + _CN_NUM[s[1]]
    return None


# extra (looser) wordings per part, as regexes, on top of templates.SECTIONS
_EXTRA = {
    "overview": [],
    "active": [r"主\s*动\s*公\s*开\s*政\s*府\s*信\s*息\s*的?\s*情\s*况"],
    "requests": [r"收\s*到\s*和?\s*处\s*理\s*政\s*府\s*信\s*息\s*公\s*开\s*申\s*请\s*的?\s*情\s*况"],
    "review": [r"行\s*政\s*法?\s*复\s*议\s*[、，,和及与]?\s*(?:提\s*起\s*)?行\s*政\s*诉\s*讼\s*的?\s*情\s*况"],
    "problems": [r"(?:存\s*在\s*的?\s*)?(?:主\s*要\s*)?问\s*题\s*(?:和\s*不\s*足\s*)?[和及与、]?\s*(?:改\s*进|整\s*改)"
                 r"\s*(?:的\s*)?(?:情\s*况|措\s*施|方\s*向|计\s*划|举\s*措)?"],
    "other": [r"其\s*他\s*需\s*要\s*(?:报\s*告|说\s*明)\s*的?\s*事\s*项"],
}


def _phrase_alt(key: str) -> str:
    phrases = sorted(SECTIONS[key], key=len, reverse=True)
    alts = _EXTRA[key] + [_loose(p) for p in phrases]
    return "(?:" + "|".join(alts) + ")"


# every heading phrase, one named group per part
_PHRASE = re.compile("|".join(f"(?P<{k}>{_phrase_alt(k)})" for k in SECTION_KEYS))
# numbered part heading right before a phrase: 一、 / 二. / 第三部分, then a short prefix
# ("政府信息公开工作", "因政府信息公开工作被申请"); never after "（" (that is a sub-heading)
_NUMBER_BEFORE = re.compile(
    r"(?:(?<![（(〔\[])(?P<num>[一二三四五六七八九十]{1,2})\s*[、.．]|第\s*(?P<num2>[一二三四五六七八九十]{1,2})\s*部\s*分\s*[、：:.．]?)"
    r"[ \t\u3000]*[^\s，。；：、,;:！？（）()《》“”\"]{0,16}$"
)
# unnumbered heading alone on its line (line-structured documents)
_LINE_BEFORE = re.compile(r"(?:^|\n)[ \t\u3000#*]*[^\s，。；：、,;:！？（）()《》“”\"]{0,12}$")
_LINE_AFTER = re.compile(r"[ \t\u3000*：:]*(?:\n|$)")
# part 五 without its heading: "（一）主要问题" / "（一）2024 年工作中存在问题的改进情况"
_PROBLEMS_SUB = re.compile(r"[（(]\s*一\s*[）)][^\n。；]{0,30}?(?:问\s*题|改\s*进|整\s*改|不\s*足)")

_PAGE_FOOTER = re.compile(r"(?m)^[ \t]*(?:[—–\-－]+\s*\d{1,3}\s*[—–\-－]+|第\s*\d{1,3}\s*页(?:\s*[/，,]?\s*共\s*\d{1,3}\s*页)?)[ \t]*\n?")
_CHROME = re.compile(
    r"附件下载|打印本页|【\s*打印\s*】|关闭窗口|【\s*关闭\s*】|分享到|扫一扫|上一篇|下一篇|责任编辑|网站标识码|版权所有|主办单位[：:]|相关链接"
)
_SIGN_DATE = re.compile(r"\n[ \t\u3000]*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[ \t\u3000]*$")

# --- sections ------------------------------------------------------------------------------


def _candidates(text: str) -> list[tuple[int, int, int, float, str]]:
    """(start, heading end, key index, score, heading) for every plausible part heading."""
    out = []
    for m in _PHRASE.finditer(text):
        key = m.lastgroup
        ki = SECTION_KEYS.index(key)
        s, e = m.span()
        n = _NUMBER_BEFORE.search(text, max(0, s - 24), s)
        if n:
            v = _cn_value(n.group("num") or n.group("num2") or "")
            if v is not None:
                out.append((n.start(), e, ki, 3.0 + (0.5 if v == ki + 1 else 0.0), text[n.start():e]))
                continue
        ln = _LINE_BEFORE.search(text, max(0, s - 20), s)
        if ln and _LINE_AFTER.match(text, e):
            st = ln.start() + (1 if text.startswith("\n", ln.start()) else 0)
            st += len(text[st:s]) - len(text[st:s].lstrip(" \t\u3000#*"))
            out.append((st, e, ki, 2.0, text[st:e]))
    return out


def _extend_heading(text: str, end: int) -> int:
    """Take the rest of a short heading line ("五、问题及改进" + "方向\n")."""
    nl = text.find("\n", end, end + 12)
    if nl == -1:
        return end
    rest = text[end:nl]
    if re.search(r"[，。；,;\d]", rest):
        return end
    return nl


def find_sections(text: str) -> dict[str, dict]:
    """Locate the report's parts: {key: {"start", "end", "heading", "body"}} in template order.

    `start` is the heading's offset, `body` where the part's own text begins and `end`
    the next found part's start (or the end of the text). A part 五 that has no heading of
    its own (only "（一）主要问题 …") starts at that sub-heading and has heading "".
    """
    return {k: dict(zip(("start", "body", "end", "heading"), v)) for k, v in _sections(text)}


@lru_cache(maxsize=8)
def _sections(text: str) -> tuple:
    cands = _candidates(text)
    # best chain of headings with increasing offsets in template order (ties: later one)
    best: list[float] = []
    prev: list[int] = []
    for i, (s, _e, k, sc, _h) in enumerate(cands):
        b, p = sc, -1
        for j in range(i):
            _sj, ej, kj, _, _ = cands[j]
            if kj < k and ej <= s and best[j] + sc >= b:
                b, p = best[j] + sc, j
        best.append(b)
        prev.append(p)
    chosen: dict[str, dict] = {}
    if cands:
        i = max(range(len(cands)), key=lambda x: (best[x], cands[x][0]))
        while i != -1:
            s, e, k, _, _h = cands[i]
            e = _extend_heading(text, e)
            chosen[SECTION_KEYS[k]] = {"start": s, "body": e, "heading": text[s:e].strip(" \t\u3000#*")}
            i = prev[i]
    # part 五 present only as "（一）主要问题 …（二）改进情况"
    if "problems" not in chosen:
        before = [chosen[k]["body"] for k in SECTION_KEYS[:4] if k in chosen]
        lo = max(before) if before else 0
        hi = chosen["other"]["start"] if "other" in chosen else len(text)
        m = _PROBLEMS_SUB.search(text, lo, hi) if before else None
        if m:
            chosen["problems"] = {"start": m.start(), "body": m.start(), "heading": ""}
    keys = sorted(chosen, key=lambda k: chosen[k]["start"])
    out = {}
    for i, k in enumerate(keys):
        d = chosen[k]
        end = chosen[keys[i + 1]]["start"] if i + 1 < len(keys) else len(text)
        out[k] = (d["start"], d["body"], end, d["heading"])
    return tuple((k, out[k]) for k in SECTION_KEYS if k in out)


def _clean(body: str, last: bool) -> str:
    t = _PAGE_FOOTER.sub("", body)
    if last:
        m = _CHROME.search(t)
        if m:
            t = t[: m.start()]
        t = t.rstrip()
        # signature: "<agency>\n<date>" closing the report
        m = _SIGN_DATE.search(t)
        if m:
            t = t[: m.start()].rstrip()
            nl = t.rfind("\n")
            tail = t[nl + 1:].strip()
            if nl != -1 and 0 < len(tail) <= 30 and not re.search(r"[，。；：,;:]", tail):
                t = t[:nl]
    return t.strip(" \t\r\n\u3000：:。#*")


def section_texts(text: str, sections: dict[str, dict] | None = None) -> dict[str, str]:
    """Narrative text of parts "overview", "problems", "other" (those found)."""
    secs = find_sections(text) if sections is None else sections
    last = max(secs, key=lambda k: secs[k]["start"]) if secs else None
    out = {}
    for k in ("overview", "problems", "other"):
        if k in secs:
            d = secs[k]
            out[k] = _clean(text[d.get("body", d["start"]): d["end"]], k == last)
    return out


# --- year and agency -----------------------------------------------------------------------

_Y = r"(?<!\d)(?P<year>(?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)\s*(?:度\s*)?"
_KEYWORD = r"(?:" + "|".join(_loose(p) for p in ("政府信息公开", "政务公开", "信息公开")) + ")"
_REPORT = r"\s*(?:工\s*作\s*)?(?:年\s*度\s*)?(?:报\s*告|年\s*报)"
# "<agency>2020年度<agency>政府信息公开工作年度报告"
_TITLE = re.compile(_Y + r"(?:的\s*)?(?P<mid>[^\s，。；、《》“”\"：:,;|]{0,24}?)\s*" + _KEYWORD + _REPORT)
_YEAR_ONLY = re.compile(_Y)
# "某局政府信息公开工作年度报告（2023年）"
_TITLE_NO_YEAR = re.compile(r"(?P<ag>[\u4e00-\u9fff（）()]{2,40}?)(?:关于)?(?:" + _loose("政府信息公开") + "|" + _loose("政务公开") + ")")
_PERIOD = re.compile(r"统\s*计\s*(?:期\s*限|时\s*限|周\s*期|区\s*间|范\s*围|时\s*间)[^。\n]{0,12}?(?<!\d)((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_PROSE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年\s*(?:度|以来)?\s*[，,]")
_NOTICE = re.compile(r"通知|意见|办法|要点|格式|方案")
_SEP = re.compile(r"[\s：:，,。；;、《》「」【】|#*“”\"'()（）\[\]]+")
_AGENCY_OK = re.compile(
    r"^(?![我本该全各])(?!(?:人民)?政府$|机关$|单位$)[\u4e00-\u9fff（）()·]{1,40}?(?:局|委|办|厅|部|署|院|府|会|处|室|中心|所|站|队|区|县|市|省|州|盟|旗|镇|乡|街道|集团|公司|馆|社|司|行|组|[）)])$"
)
_PROSE_AGENCY = re.compile(
    r"(?<!\d)(?:19|20)\d{2}\s*年\s*(?:度|以来)?\s*[，,]\s*(?:在[^，,。]{2,40}?下\s*[，,]\s*)?"
    r"(?P<ag>[\u4e00-\u9fff（）()]{2,30}?)"
    r"(?=认真|坚持|深入|全面|紧紧|严格|持续|扎实|以|围绕|聚焦|按照|根据|依据|积极|进一步|不断|切实|始终|着力|大力|紧扣|贯彻|落实|立足|高度|共|在)"
)
_META_AGENCY = re.compile(r"(?m)^[ \t]*(?:发布机构|发文机关|发布单位|信息来源)\s*[:：]\s*(?P<ag>\S[^\n]*?)\s*$")


def _head(text: str) -> str:
    """The text before the first part heading (where title and preface sit)."""
    secs = find_sections(text)
    if secs:
        first = min(d["start"] for d in secs.values())
        if first < 6000:
            return text[:first]
    return text[:3000]


def _in_notice(text: str, pos: int) -> bool:
    """Is `pos` inside 《…》 that names a notice, plan or format (not the report itself)?"""
    lo = text.rfind("《", 0, pos)
    if lo == -1 or text.rfind("》", lo, pos) != -1:
        return False
    hi = text.find("》", pos)
    inner = text[lo: hi if hi != -1 else pos + 60]
    return bool(_NOTICE.search(inner))


def _title_matches(text: str):
    for m in _TITLE.finditer(text):
        if not _in_notice(text, m.start()):
            yield m


def _clean_agency(s: str) -> str | None:
    s = normalize(s).replace("(", "（").replace(")", "）")
    s = re.sub(r"^(?:标题|名称|题名)", "", s)
    for _ in range(2):
        s = re.sub(r"(?:关于|的|对)$", "", s)
    return s if _AGENCY_OK.match(s) else None


def _agency_from_title_match(text: str, m: re.Match) -> str | None:
    line_start = text.rfind("\n", 0, m.start()) + 1
    before = text[max(line_start, m.start() - 80): m.start()]
    tokens = [t for t in _SEP.split(before) if t]
    if tokens:
        # "平潭综合实验区（管委会办公室）2023年…" keeps its parenthesis
        tail = re.search(r"[\u4e00-\u9fff]+[（(][\u4e00-\u9fff]+[）)]$", before.rstrip())
        cand = _clean_agency(tail.group(0) if tail else tokens[-1])
        if cand:
            return cand
    mid = m.group("mid")
    if mid:
        # "2019年上海市人民政府信息公开…": the keyword swallowed the agency's 政府
        cand = _clean_agency(mid) or _clean_agency(mid + "政府")
        if cand:
            return cand
    if not before.strip():
        # agency on the line above: "南湖区…局（行政审批局）\n\n2020年度政府信息公开工作年度报告"
        lines = [ln.strip() for ln in text[:line_start].splitlines() if ln.strip()]
        if lines and len(lines[-1]) <= 40:
            return _clean_agency(lines[-1].lstrip("#* \t"))
    return None


def title_among(lines) -> str | None:
    """The first of `lines` that is a report's title: a report printed with its title as the
    running header of every page loses it, with the other page furniture, from its text."""
    for ln in lines:
        ln = ln.strip()
        if len(ln) <= 80 and next(_title_matches(ln), None) is not None:
            return ln
    return None


def find_year(text: str, title: str | None = None) -> int | None:
    """The year the report is about (not its publication date)."""
    if title:
        for m in _title_matches(title):
            return int(m.group("year"))
        m = _YEAR_ONLY.search(title)
        if m:
            return int(m.group("year"))
    head = _head(text)
    for m in _title_matches(head):
        return int(m.group("year"))
    m = _PERIOD.search(text, 0, 8000)
    if m:
        return int(m.group(1))
    secs = find_sections(text)
    start = secs["overview"]["body"] if "overview" in secs else 0
    m = _PROSE_YEAR.search(text, start) or _PROSE_YEAR.search(text)
    if m:
        return int(m.group(1))
    return None


def find_agency(text: str, title: str | None = None) -> str | None:
    """The issuing agency, from the title, the first lines, metadata or the first paragraph."""
    if title:
        for m in _title_matches(title):
            ag = _agency_from_title_match(title, m)
            if ag:
                return ag
        m = _TITLE_NO_YEAR.match(title.strip())
        if m:
            ag = _clean_agency(m.group("ag"))
            if ag:
                return ag
    head = _head(text)
    for m in _title_matches(head):
        ag = _agency_from_title_match(head, m)
        if ag:
            return ag
    for m in _META_AGENCY.finditer(text, 0, 3000):
        ag = _clean_agency(m.group("ag"))
        if ag:
            return ag
    for i, m in enumerate(_PROSE_AGENCY.finditer(text, 0, 8000)):
        ag = _clean_agency(m.group("ag"))
        if ag:
            return ag
        if i >= 5:
            break
    # signature closing the report: "<agency>\n<date>"
    tail = text[-400:].rstrip()
    m = _SIGN_DATE.search(tail)
    if m:
        lines = [ln.strip() for ln in tail[: m.start()].splitlines() if ln.strip()]
        if lines and len(lines[-1]) <= 30:
            return _clean_agency(lines[-1])
    return None


# --- old (pre-2019) format -----------------------------------------------------------------

_STATUTORY = tuple(
    normalize(p) for p in (
        "本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "结转下年度继续办理", "本年度办理结果",
        "未经复议直接起诉", "复议后起诉", "第二十条第", "三安全一稳定", "信访举报投诉", "本年制发件数",
        "本年新制作数量", "本年新公开数量", "没有现成信息需要另行制作",
    )
)
_OLD = tuple(normalize(p) for p in ("指标名称", "计量单位", "政府信息公开情况统计表", "历年累计", "依申请公开办理情况"))


def is_old_format(text: str) -> bool:
    """A pre-2019 report (概述 / 依申请公开 / 统计表 with 指标名称|计量单位), none of the statutory tables."""
    t = normalize(text)
    if sum(p in t for p in _STATUTORY) >= 2:
        return False
    if sum(p in t for p in _OLD) >= 2:
        return True
    y = find_year(text)
    return y is not None and y < 2019
