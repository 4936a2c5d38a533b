"""Render a report given as field values into a document, the way agencies and scrapers print them.

API
---
    render(report, layout, rng) -> Rendered

`report` is a dict shaped like a labels file::

    {"template": "2019" | "2021", "year": int, "agency": str | None,
     "fields": {key: int | None | {"text": "594417.23万元", "yuan": 5944172300}}}

The table versions are detected from the keys (`active.rules.made` -> 2019 `active`,
`active.rules.issued` -> 2021; `requests.other.no_correction.*` -> 2021 `requests`,
`requests.other.*` -> 2019), so the hybrid (2021 `active` + 2019 single （六）其他处理 row) works.
Keys missing from `fields` are printed blank.

`Rendered` (a frozen dataclass) holds

* `content`   - the document text (str),
* `format`    - "text", "html" or "markdown",
* `fields`    - ground truth of what was printed, one value per key of the detected template
  versions. It differs from `report["fields"]` where the renderer changed what is printed:
  "runtogether" prints blanks as 0 (so they are 0 here), and money may be re-formatted
  (`{"text": "45.2万元", "yuan": 452000}` for a report's `"452000元"`; yuan never changes),
* `ambiguous` - keys whose value the document itself cannot settle ("runtogether": the
  digits of adjacent cells run together and more than one split satisfies every identity
  the true values satisfy), in the sense of the labels' "ambiguous" list,
* `layout`, and `extension` ("txt", "html", "md") as a property.

Every choice is drawn from `rng`, so a seed reproduces a document exactly.

Layouts (`LAYOUTS`)
-------------------
* "tabs"           - tab-separated rows, a row per line (seeds/000, Word copy-paste): rowspan
                     continuation and colspan become empty cells (or vanish), so
                     三、本年度办理结果 and （三）不予公开 precede their first sub-row on one line.
* "cell_per_line"  - one cell per line, whitespace-only line = blank cell, empty line between
                     rows (seeds/002, 004); header cells may break over lines (本年新\\n制作数量).
* "pipes"          - one cell per line ending " |", "|" = blank cell, rows separated by lines of
                     2-8 pipes or by nothing (seeds/001, 003).
* "html"           - real <table>s with rowspan/colspan, the two-level 法人或其他组织 header,
                     blanks as &nbsp; / empty <td> / <o:p> </o:p>, labels split over <span>s,
                     header cells with <br>; fragment (real/008) or full page with chrome (real/013).
* "markdown"       - pipe tables with |---| separators (spans expanded as empty or repeated cells).
* "dropped_blanks" - tab (or space) rows whose blank cells are omitted entirely.
* "runtogether"    - a crawler dump (real/001-007): the whole body on one line, every cell's text
                     concatenated with no separator, blanks printed as 0.

CLI
---
    python -m training.render OUTDIR [--seed N] [--generate N]

renders every labelled dev report (tests/data/corpus/seeds/*.labels.json, real/*.labels.json)
into every layout as OUTDIR/<stem>__<layout>.<ext> with OUTDIR/<stem>__<layout>.labels.json
(the printed fields, "doc" = the file name, "ambiguous" where needed), ready for
`python -m training.score OUTDIR PRED`. `--generate N` adds N generated reports
(training.generate) as gen<seed>_<i>__<layout>, one random layout each.
"""
from __future__ import annotations

import html as _html
import re
from dataclasses import dataclass, field
import random

from extractor.templates import (
    ACTIVE,
    REQUEST_COLUMN_LABELS,
    REQUEST_COLUMNS,
    REQUESTS,
    REVIEW,
    REVIEW_COLUMNS,
    template_keys,
)

LAYOUTS = ("tabs", "cell_per_line", "pipes", "html", "markdown", "dropped_blanks", "runtogether")
FORMATS = {"tabs": "text", "cell_per_line": "text", "pipes": "text", "html": "html", "markdown": "markdown",
           "dropped_blanks": "text", "runtogether": "text"}
EXTENSIONS = {"text": "txt", "html": "html", "markdown": "md"}


@dataclass(frozen=True)
class Rendered:
    content: str
    format: str
    fields: dict
    ambiguous: list[str] = field(default_factory=list)
    layout: str = ""
    printed: tuple = ()  # (template label, as printed) of every label cell (damaged on request: training.degrade)

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


# =========================================================================================
# document model
# =========================================================================================

@dataclass
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    kind: str = "value"  # value | label | header | caption | filler
    key: str | None = None
    parts: tuple[str, ...] = ()  # the text as printed over several lines of the cell

    def joined(self, sep: str) -> str:
        return sep.join(self.parts) if self.parts else self.text


@dataclass
class Table:
    name: str  # active | requests | review
    rows: list[list[Cell]]
    ncols: int


@dataclass
class Block:
    kind: str  # chrome | title | meta | heading | subheading | para | table | pageno | note
    text: str = ""
    table: Table | None = None


def _grid(table: Table) -> list[list[tuple[str, Cell]]]:
    """Per printed row, the slots in column order: ("cell"|"colspan"|"rowspan", cell)."""
    occ: dict[tuple[int, int], tuple[str, Cell]] = {}
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in occ:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    role = ("cell" if dr == dc == 0 else "colspan" if dr == 0
                            else "rowspan" if dc == 0 else "rowspan_colspan")
                    occ[(r + dr, c + dc)] = (role, cell)
            c += cell.colspan
    return [[occ[(r, c)] for c in range(table.ncols) if (r, c) in occ] for r in range(len(table.rows))]


# =========================================================================================
# wording
# =========================================================================================

_CN = "〇一二三四五六七八九十"
_ARTICLE_ITEM = {"rules": "一", "normative": "一", "licensing": "五", "other_admin": "五",
                 "punishment": "六", "coercion": "六", "fees": "八", "procurement": "九"}
_ACTIVE_SPLITS = {"本年新制作数量": ("本年新", "制作数量"), "本年新公开数量": ("本年新", "公开数量"),
                  "对外公开总数量": ("对外公开", "总数量"), "上一年项目数量": ("上一年", "项目数量"),
                  "处理决定数量": ("处理决定", "数量"), "本年处理决定数量": ("本年处理", "决定数量"),
                  "本年收费金额（单位：万元）": ("本年收费金额", "（单位：万元）")}
_REVIEW_COLS = {c.key: c.heading for c in REVIEW.columns}  # column headings as printed (the template's)
_REQ_SPLITS = {"商业企业": ("商业", "企业"), "商业机构": ("商业", "机构"), "科研机构": ("科研", "机构"),
               "社会公益组织": ("社会", "公益", "组织"), "社会组织": ("社会", "组织"), "法律服务机构": ("法律", "服务", "机构"),
               "总计": ("总", "计"), "自然人": ("自然", "人"), "其他": ("其", "他")}
_BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

_NUM_RE = re.compile(r"^(?:([一二三四五六七八九十]+)、|（([一二三四五六七八九十]+)）|(\d+)\.)")


@dataclass
class Style:
    """Wording choices made once per document."""
    sub: str  # sub-item numbering: "{}." "{}、" "{}. " "{}．"
    paren: str  # "（{}）" "({})" "({}) "
    halfwidth: bool  # ASCII punctuation in labels: (区分处理的,只计这一情形,不计其他情形)
    weihai: bool
    anjian: bool
    xiangguan: bool
    xinfang_short: bool
    wps_typo: bool
    other_short: bool
    normative_short: bool
    commercial: str
    social: str
    split_headers: bool
    article: str  # "第二十条第（{}）项" variants
    na: str  # how a blank cell of the active table prints ("" mostly, "/" or "-")
    plus: bool  # '+14' for a positive 本年增/减
    note_text: str | None
    review_footnote: bool


def _style(rng: random.Random) -> Style:
    paren = rng.choices(["（{}）", "({})", "({}) "], [6, 3, 1])[0]
    article = rng.choices(
        ["第二十条第（{}）项", "第二十条第({})项", "第二十条第({})条", "第二十条 第（{}）项", "第二十条（{}）项"],
        [12, 4, 1, 1, 1])[0]
    note = rng.choices([_BALANCE_NOTE, _BALANCE_NOTE.translate(_HALF), None], [7, 2, 1])[0]
    return Style(
        sub=rng.choices(["{}.", "{}、", "{}. ", "{}．"], [8, 3, 2, 1])[0],
        paren=paren,
        halfwidth=paren.startswith("(") and rng.random() < 0.6,
        weihai=rng.random() < 0.15,
        anjian=rng.random() < 0.12,
        xiangguan=rng.random() < 0.15,
        xinfang_short=rng.random() < 0.05,
        wps_typo=rng.random() < 0.03,
        other_short=rng.random() < 0.04,
        normative_short=rng.random() < 0.2,
        commercial=rng.choices(REQUEST_COLUMN_LABELS["commercial"][:2], [5, 1])[0],
        social=rng.choices(["社会公益组织", "社会组织", "社会公益"], [16, 4, 1])[0],
        split_headers=rng.random() < 0.3,
        article=article,
        na=rng.choices(["", "/", "-"], [10, 1, 1])[0],
        plus=rng.random() < 0.2,
        note_text=note,
        review_footnote=rng.random() < 0.2,
    )


_HALF = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":", "；": ";"})


def _renumber(label: str, st: Style) -> str:
    """Re-print the numbering of a template label in this document's style."""
    m = _NUM_RE.match(label)
    if not m:
        return label
    rest = label[m.end():]
    if m.group(1):
        head = m.group(1) + "、"
    elif m.group(2):
        head = st.paren.format(m.group(2))
    else:
        head = st.sub.format(m.group(3))
    out = head + rest
    return out.translate(_HALF) if st.halfwidth else out


def _req_label(label: str, st: Style) -> str:
    t = label
    if st.weihai:
        t = t.replace("危及", "危害")
    if st.anjian:
        t = t.replace("行政执法案卷", "行政执法案件")
    if st.xiangguan:
        t = t.replace("相关政府信息", "相关信息")
    if st.xinfang_short:
        t = t.replace("信访举报投诉类申请", "信访举报投诉类")
    if st.wps_typo:  # a WPS PDF's text layer
        t = t.replace("其他法律行政法规禁止公开", "其他法律行政止公开")
    return _renumber(t, st)


def _header(text: str, st: Style, splits: dict, rng: random.Random) -> Cell:
    parts = splits.get(text, ()) if st.split_headers and rng.random() < 0.7 else ()
    return Cell(text, kind="header", parts=parts)


# =========================================================================================
# values
# =========================================================================================

def _value_text(v, key: str, st: Style, signed: bool, blank: str = "") -> str:
    if v is None:
        return blank
    if isinstance(v, dict):
        return v["text"]
    if signed and v > 0 and st.plus:
        return f"+{v}"
    return str(v)


def _reformat_money(rng: random.Random, key: str, v, av: str):
    """Maybe print a money value in another style (same yuan)."""
    from training.generate import format_wan, make_money

    if not isinstance(v, dict) or rng.random() < 0.6:
        return v
    y = v.get("yuan")
    if not isinstance(y, (int, float)):
        return v
    if y == 0:
        return {"text": rng.choice(["0", "0元", "0万元"]) if key == "active.procurement.amount" else "0", "yuan": 0}
    if key == "active.fees.amount":  # 2021: bare number means 万元
        return make_money(rng, y, rng.choice(["bare_wan", "bare_wan", "wan"]))
    styles = ["yuan"]
    if len(format_wan(y).split(".")[-1]) <= 4 or "." not in format_wan(y):
        styles.append("wan")
    return make_money(rng, y, rng.choice(styles))


# =========================================================================================
# tables
# =========================================================================================

def _active_table(fields: dict, av: str, st: Style, rng: random.Random) -> Table:
    tab = ACTIVE[av]
    cols_text = {c.key: c.heading for c in tab.columns}
    narrow = rng.choice(["colspan", "filler", "first"])  # how a 2-value 2019 row fills 3 columns
    rows: list[list[Cell]] = []
    groups: list[tuple[str, list]] = []
    for r in tab.rows:
        item = _ARTICLE_ITEM[r.key]
        if not groups or groups[-1][0] != item:
            groups.append((item, []))
        groups[-1][1].append(r)
    for item, rs in groups:
        rows.append([Cell(st.article.format(item), colspan=4, kind="caption")])
        ncols = len(rs[0].columns)

        def spans(n: int) -> list[int]:
            if n == 3:
                return [1, 1, 1]
            if n == 1:
                return [3]
            return {"colspan": [1, 2], "first": [2, 1], "filler": [1, 1]}[narrow]

        sp = spans(ncols)
        head = [Cell("信息内容", kind="header")]
        for c, s in zip(rs[0].columns, sp):
            h = _header(cols_text[c], st, _ACTIVE_SPLITS, rng)
            h.colspan = s
            head.append(h)
        if ncols == 2 and narrow == "filler":
            head.append(Cell("", kind="filler"))
        rows.append(head)
        for r in rs:
            label = r.label
            if av == "2021" and r.key == "normative" and st.normative_short:
                label = "规范性文件"
            line = [Cell(label, kind="label")]
            for c, s in zip(r.columns, sp):
                key = f"active.{r.key}.{c}"
                line.append(Cell(_value_text(fields.get(key), key, st, c in r.signed, st.na), colspan=s, key=key))
            if ncols == 2 and narrow == "filler":
                line.append(Cell("", kind="filler"))
            rows.append(line)
    return Table("active", rows, 4)


def _request_groups(rv: str):
    """[(top numeral, group key or None, [rows])] of the results part, in order."""
    tab = REQUESTS[rv]
    keys = [r.key for r in tab.rows]
    res = tab.rows[keys.index("carried_over") + 1: keys.index("carried_forward")]
    out: list[tuple[str | None, list]] = []
    for r in res:
        g = r.key.split(".")[0] if "." in r.key else None
        if g and out and out[-1][0] == g:
            out[-1][1].append(r)
        else:
            out.append((g, [r]))
    return out


def _requests_table(fields: dict, rv: str, st: Style, rng: random.Random) -> Table:
    tab = REQUESTS[rv]
    col_text = {**{c.key: c.heading for c in tab.columns}, "commercial": st.commercial, "social": st.social}
    rows: list[list[Cell]] = []
    note = st.note_text or ""
    rows.append([Cell(note, rowspan=3, colspan=3, kind="header"), Cell("申请人情况", colspan=7, kind="header")])
    h = lambda c: _header(col_text[c], st, _REQ_SPLITS, rng)  # noqa: E731
    nat, tot = h("natural"), h("total")
    nat.rowspan = tot.rowspan = 2
    rows.append([nat, Cell("法人或其他组织", colspan=5, kind="header"), tot])
    rows.append([h(c) for c in ("commercial", "research", "social", "legal", "other")])

    def values(rkey: str) -> list[Cell]:
        return [Cell(_value_text(fields.get(f"requests.{rkey}.{c}"), "", st, False), key=f"requests.{rkey}.{c}")
                for c in REQUEST_COLUMNS]

    keys = [r.key for r in tab.rows]
    rows.append([Cell(_req_label(tab.rows[0].label, st), colspan=3, kind="label")] + values(keys[0]))
    rows.append([Cell(_req_label(tab.rows[1].label, st), colspan=3, kind="label")] + values(keys[1]))
    groups = _request_groups(rv)
    n_res = sum(len(rs) for _, rs in groups)
    first = True
    for i, (g, rs) in enumerate(groups):
        for j, r in enumerate(rs):
            line: list[Cell] = []
            if first:
                line.append(Cell(_renumber("三、" + tab.group("results").aliases[0], st), rowspan=n_res, kind="label"))
                first = False
            label = _req_label(r.label, st)
            if g is None:
                if r.key == "other" and st.other_short:
                    label = label.replace("其他处理", "其他")
                line.append(Cell(label, colspan=2, kind="label"))
            else:
                if j == 0:
                    glabel = st.paren.format(_CN[i + 1]) + tab.group(g).aliases[0]
                    if g == "other" and st.other_short:
                        glabel = glabel.replace("其他处理", "其他")
                    line.append(Cell(glabel, rowspan=len(rs), kind="label"))
                line.append(Cell(label, kind="label"))
            rows.append(line + values(r.key))
    rows.append([Cell(_req_label(tab.rows[-1].label, st), colspan=3, kind="label")] + values(keys[-1]))
    return Table("requests", rows, 10)


def _review_table(fields: dict, st: Style, rng: random.Random) -> Table:
    splits = {v: (v[:2], v[2:]) for v in _REVIEW_COLS.values() if len(v) > 2}
    splits["总计"] = ("总", "计")
    hd = lambda c: _header(_REVIEW_COLS[c], st, splits, rng)  # noqa: E731
    rows = [[Cell("行政复议", colspan=5, kind="header"), Cell("行政诉讼", colspan=10, kind="header")]]
    r1 = []
    for c in REVIEW_COLUMNS:
        cell = hd(c)
        cell.rowspan = 2
        r1.append(cell)
    r1 += [Cell(REVIEW.rows[1].label, colspan=5, kind="header"), Cell(REVIEW.rows[2].label, colspan=5, kind="header")]
    rows.append(r1)
    rows.append([hd(c) for _ in range(2) for c in REVIEW_COLUMNS])
    vals = []
    for r in REVIEW.rows:
        for c in REVIEW_COLUMNS:
            key = f"review.{r.key}.{c}"
            vals.append(Cell(_value_text(fields.get(key), key, st, False), key=key))
    rows.append(vals)
    return Table("review", rows, 15)


# =========================================================================================
# narrative
# =========================================================================================

_HEADINGS = {
    "overview": ["总体情况"],
    "active": ["主动公开政府信息情况", "行政机关主动公开政府信息情况"],
    "requests": ["收到和处理政府信息公开申请情况", "行政机关收到和处理政府信息公开申请情况"],
    "review": ["政府信息公开行政复议、行政诉讼情况", "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
               "政府信息公开行政复议和行政诉讼情况", "政府信息公开行政复议及行政诉讼情况",
               "因政府信息公开工作被申请行政复议和提起行政诉讼情况"],
    "problems": ["存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况", "信息公开工作存在的主要问题及改进情况",
                 "主要问题及改进措施", "存在问题及改进措施", "政府信息公开工作存在的问题及改进情况", "存在的主要问题和改进措施",
                 "存在的主要问题及整改措施"],
    "other": ["其他需要报告的事项", "其他需要报告事项"],
}
_HEADING_W = {"overview": [1], "active": [5, 2], "requests": [5, 2], "review": [6, 3, 1, 1, 1],
              "problems": [6, 2, 1, 2, 2, 1, 1, 1], "other": [8, 1]}


def _sub_numberer(rng: random.Random):
    style = rng.choices(["（{}）", "({})", "{}.", "{}、"], [6, 2, 1, 1])[0]
    cn = not style[0].isdigit() and "{}" in style and style[0] in "（("
    return lambda i: style.format(_CN[i] if cn else i)


def _val(fields, key):
    v = fields.get(key)
    return v if isinstance(v, int) else None


def _narrative(fields: dict, year, agency: str, av: str, rng: random.Random) -> dict[str, list[Block]]:
    num = _sub_numberer(rng)
    if agency and not agency.endswith("人民政府"):
        me = rng.choice(["我局", "本机关", "我单位", agency])
    else:
        a = (agency or "")[:-4]
        me = rng.choice(["本机关", "本级政府"] + [f"我{c}" for c in "市区县镇乡" if a.endswith(c)])
    y = f"{year}" if year else "本"
    nt = _val(fields, "requests.new.total")
    co = _val(fields, "requests.carried_over.total")
    done = _val(fields, "requests.total.total")
    fwd = _val(fields, "requests.carried_forward.total")
    granted = _val(fields, "requests.granted.total")
    recon = _val(fields, "review.reconsideration.total")
    lit = [_val(fields, "review.litigation_direct.total"), _val(fields, "review.litigation_after.total")]
    published = rng.randint(20, 9000)
    out: dict[str, list[Block]] = {}

    ov = [Block("para", rng.choice([
        f"{y}年，{me}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》（以下简称《条例》），"
        f"围绕中心工作，不断加大政府信息公开力度，持续提升政务公开质量。",
        f"{y}年，{me}深入贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，严格执行《条例》，"
        f"以公开促落实、促规范、促服务，政府信息公开工作取得新成效。",
        f"{y}年，在上级部门的正确领导下，{me}认真落实政务公开各项工作要求，积极拓展公开渠道，丰富公开内容，全面推进政务公开工作扎实开展。",
    ]))]
    subs = []
    subs.append(("主动公开情况", rng.choice([
        f"{me}通过政府门户网站、政务新媒体等渠道主动公开政府信息{published}条，其中政策文件{rng.randint(1, 80)}件，政策解读{rng.randint(1, 40)}篇。",
        f"全年共主动公开各类政府信息{published}条，及时发布机构职能、规划计划、财政预决算、重点领域等信息，确保应公开尽公开。",
    ])))
    if nt is not None:
        extra = ""
        if done is not None and fwd is not None:
            extra = f"，已办结{done}件，结转下年度继续办理{fwd}件"
        subs.append(("依申请公开情况", rng.choice([
            f"全年共收到政府信息公开申请{nt}件" + (f"，上年结转{co}件" if co else "") + extra + "，均在法定期限内予以答复。",
            f"{y}年，{me}共受理政府信息公开申请{nt}件" + extra + (f"，其中予以公开{granted}件" if granted else "") + "。",
        ])))
    subs.append(("政府信息管理情况", rng.choice([
        "严格落实政府信息公开保密审查制度，按照“先审查、后公开”和“一事一审”的原则，对拟公开的政府信息进行审查，确保公开内容合法、准确。",
        "建立健全政府信息公开工作机制，明确分管领导和具体经办人员，动态更新政府信息公开指南和目录，规范信息发布流程。",
    ])))
    subs.append(("平台建设情况", rng.choice([
        f"持续加强政府网站和政务新媒体建设，全年更新网站栏目{rng.randint(5, 60)}个，发布政务微信信息{rng.randint(10, 900)}条。",
        "充分发挥政府网站政务公开第一平台作用，科学设置栏目，及时更新内容，不断提升平台的集约化、规范化水平。",
    ])))
    subs.append(("监督保障情况", rng.choice([
        f"将政务公开工作纳入年度绩效考核，组织开展政务公开业务培训{rng.randint(1, 6)}次，全年未发生因政府信息公开工作引起的责任追究情况。",
        "主动接受社会监督，畅通意见反馈渠道，对发现的问题及时整改，确保各项工作要求落实到位。",
    ])))
    k = rng.randint(2, len(subs))
    for i, (h, p) in enumerate(subs[:k], 1):
        if rng.random() < 0.5:
            ov.append(Block("subheading", num(i) + h))
            ov.append(Block("para", p))
        else:
            ov.append(Block("para", num(i) + h + "。" + p))
    out["overview"] = ov

    rv_text = []
    if recon is not None or any(v is not None for v in lit):
        rv_text.append(Block("para", f"{y}年，{me}因政府信息公开工作被申请行政复议{recon or 0}件，提起行政诉讼{sum(v or 0 for v in lit)}件。"))
    out["review_text"] = rv_text if rng.random() < 0.3 else []

    num2 = _sub_numberer(rng)
    probs = rng.choice([
        "一是政策解读的形式不够丰富，图表图解、视频解读等方式运用较少；二是政府信息公开工作人员业务能力有待进一步提升；三是重点领域信息公开的深度和广度还需拓展。",
        "主动公开的及时性、规范性仍需加强，部分栏目更新不够及时；依申请公开答复的规范化水平有待进一步提高。",
        "政务公开工作人员多为兼职，专业化水平不高；公开内容的可读性、互动性还需增强。",
    ])
    fixes = rng.choice([
        f"下一步，{me}将进一步加强组织领导，完善工作机制，加大培训力度，持续提升政府信息公开工作质量。",
        "一是加强业务培训，提升工作人员能力水平；二是丰富解读形式，提高政策解读的针对性和实效性；三是强化监督检查，推动各项公开要求落实落细。",
    ])
    if rng.random() < 0.5:
        out["problems"] = [Block("subheading", num2(1) + rng.choice(["存在的主要问题", "主要问题"])), Block("para", probs),
                           Block("subheading", num2(2) + rng.choice(["改进情况", "改进措施"])), Block("para", fixes)]
    else:
        out["problems"] = [Block("para", f"{y}年，{me}政府信息公开工作取得了一定成效，但仍存在一些不足：" + probs), Block("para", fixes)]

    if av == "2021" or (isinstance(year, int) and year >= 2021):
        fee = rng.random()
        if fee < 0.6:
            t = rng.choice([f"{y}年度，{me}未收取信息处理费。", "本年度未收取政府信息公开信息处理费。",
                            f"依据《政府信息公开信息处理费管理办法》，{me}{y}年度未发出收费通知，未收取信息处理费。"])
        else:
            t = f"依据《政府信息公开信息处理费管理办法》，{me}{y}年度共发出收费通知{rng.randint(1, 5)}件，收取信息处理费{rng.choice([100, 200, 380, 450, 1200])}元。"
    else:
        t = rng.choice(["无。", "本年度无其他需要报告的事项。", f"{me}无其他需要报告的事项。"])
    out["other"] = [Block("para", t)]
    return out


def _preface(year, agency, rng: random.Random) -> list[Block]:
    y = f"{year}" if year else "本"
    who = agency or "本机关"
    return [Block("para", rng.choice([
        f"根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国务院办公厅政府信息与政务公开办公室有关要求，现发布{who}{y}年政府信息公开工作年度报告。",
        f"本报告根据《中华人民共和国政府信息公开条例》要求编制，全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
        f"政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"
        f"如对本报告有疑问，请与{who}办公室联系（电话：0{rng.randint(510, 599)}-{rng.randint(1000000, 9999999)}）。",
        f"本年度报告中所列数据统计期限从{y}年1月1日到12月31日止。本年度报告电子版可从{who}门户网站下载。",
    ]))]


def _title(year, agency, rng: random.Random) -> list[Block]:
    a = agency or ""
    y = f"{year}" if year else ""
    t = rng.choices([
        f"{a}{y}年政府信息公开工作年度报告", f"{a}{y}年度政府信息公开工作年度报告", f"{y}年{a}政府信息公开工作年度报告",
        f"{a} {y} 年政府信息公开工作年度报告", f"{a}\n{y}年度政府信息公开工作年度报告"], [6, 3, 2, 1, 1])[0]
    return [Block("title", line) for line in t.split("\n")]


def _build(report: dict, fields: dict, av: str | None, rv: str | None, rng: random.Random,
           chrome: bool) -> list[Block]:
    """The document as blocks; layout-independent (apart from what the caller asks for)."""
    st = _style(rng)
    year, agency = report.get("year"), report.get("agency")
    blocks: list[Block] = []
    date = f"{(year or 2020) + 1}-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}"
    if chrome:
        blocks.append(Block("chrome", rng.choice([
            "当前位置：首页 > 政务公开 > 政府信息公开 > 政府信息公开年报",
            "当前位置：首页 > 政务公开 > 法定主动公开内容 > 政府信息公开年报",
            "您当前的位置：首页 » 信息公开 » 政府信息公开年度报告",
        ])))
    blocks += _title(year, agency, rng)
    if chrome or rng.random() < 0.3:
        blocks.append(Block("meta", rng.choice([
            f"发布时间：{date} 来源：{agency or '本站'} 浏览次数：{rng.randint(10, 3000)}",
            f"发布日期：{date}",
            f"【字体：大 中 小】 发布时间：{date} 来源：{agency or '办公室'}",
        ])))
    if rng.random() < 0.75:
        blocks += _preface(year, agency, rng)
    nar = _narrative(fields, year, agency, av or "2019", rng)
    heads = {k: rng.choices(v, _HEADING_W[k])[0] for k, v in _HEADINGS.items()}
    space = rng.random() < 0.1
    H = lambda n, k: Block("heading", f"{n}、{' ' if space else ''}{heads[k]}")  # noqa: E731
    blocks.append(H("一", "overview"))
    blocks += nar["overview"]
    if av:
        blocks.append(H("二", "active"))
        blocks.append(Block("table", table=_active_table(fields, av, st, rng)))
    if rv:
        blocks.append(H("三", "requests"))
        blocks.append(Block("table", table=_requests_table(fields, rv, st, rng)))
    blocks.append(H("四", "review"))
    blocks += nar["review_text"]
    blocks.append(Block("table", table=_review_table(fields, st, rng)))
    if st.review_footnote:
        blocks.append(Block("note", "注：行政复议、行政诉讼数量含上年度结转数量。"))
    if rng.random() < 0.93 or nar["problems"][0].kind != "subheading":
        blocks.append(H("五", "problems"))
    blocks += nar["problems"]
    if rng.random() < 0.95 or (year or 0) >= 2021:  # 苏州市 2020 has no part 六
        blocks.append(H("六", "other"))
        blocks += nar["other"]
    if chrome:
        blocks.append(Block("chrome", rng.choice(["打印本页 关闭窗口", "【打印本页】【关闭窗口】", "分享到： 打印 关闭"])))
    return blocks


def _paginate(blocks: list[Block], rng: random.Random) -> list[Block]:
    """Insert PDF page furniture (- 3 -) between blocks."""
    fmt = rng.choice(["- {} -", "— {} —", "－{}－", "第{}页", "{}"])
    out, page = [], 1
    for i, b in enumerate(blocks):
        out.append(b)
        if b.kind in ("para", "table") and i + 1 < len(blocks) and rng.random() < 0.18:
            out.append(Block("pageno", fmt.format(page)))
            page += 1
    return out


# =========================================================================================
# serialisers
# =========================================================================================

def _text_blocks(blocks: list[Block], table_fn, sep: str) -> str:
    out = []
    for b in blocks:
        if b.kind == "table":
            out.append(table_fn(b.table))
        else:
            out.append(b.text)
    return sep.join(out) + "\n"


def _ser_tabs(blocks: list[Block], rng: random.Random, drop_blanks: bool = False) -> str:
    colspan_fill = rng.random() < 0.6
    rowspan_fill = rng.random() < 0.85
    trailing = rng.random() < 0.3
    blank = rng.choice(["", "", " "])
    join_hdr = rng.choice(["", " "])
    lost_indent = rng.random() < 0.15
    cell_sep = "\t" if not drop_blanks or rng.random() < 0.6 else rng.choice([" ", "  "])
    if cell_sep != "\t":
        join_hdr = ""

    def table_fn(t: Table) -> str:
        lines = []
        grid = _grid(t)
        cut = len(grid) - rng.randint(2, 5) if lost_indent and t.name == "requests" else len(grid) + 1
        for ri, slots in enumerate(grid):
            cells = []
            for role, c in slots:
                if drop_blanks:
                    if role != "cell" or c.kind == "filler":
                        continue
                    txt = c.joined(join_hdr)
                    if not txt.strip():
                        continue
                    cells.append(txt)
                    continue
                if role == "cell":
                    txt = c.joined(join_hdr)
                    cells.append(txt if (txt or c.kind != "value") else blank)
                elif role == "colspan":
                    if colspan_fill:
                        cells.append("")
                elif role in ("rowspan", "rowspan_colspan"):
                    if rowspan_fill and (role == "rowspan" or colspan_fill) and not (ri >= cut and not cells):
                        cells.append("")
            line = cell_sep.join(cells)
            if trailing and not drop_blanks:
                line += "\t"
            lines.append(line)
        return "\n".join(lines)

    return _text_blocks(blocks, table_fn, rng.choice(["\n", "\n\n"]))


def _ser_cell_per_line(blocks: list[Block], rng: random.Random) -> str:
    prefix = rng.choices(["\t", ""], [4, 1])[0]
    blank = prefix + " " if prefix == "" else rng.choice(["\t", "\t "])
    rowspan_fill = rng.random() < 0.85
    join_hdr = rng.choice(["\n", "", "\n"])
    lead_space = rng.random() < 0.3

    def table_fn(t: Table) -> str:
        rows = []
        for slots in _grid(t):
            lines = []
            for role, c in slots:
                if role == "cell":
                    txt = c.joined(join_hdr)
                    if not txt.strip():
                        lines.append(blank)
                    else:
                        lines.append(prefix + (" " if lead_space and c.kind == "value" else "") + txt)
                elif role == "rowspan" and rowspan_fill:
                    lines.append(blank)
            rows.append("\n".join(lines))
        return "\n\n".join(rows) + "\n"

    return _text_blocks(blocks, table_fn, rng.choice(["\n", "\n\n"]))


def _ser_pipes(blocks: list[Block], rng: random.Random) -> str:
    seps = rng.random() < 0.6

    def table_fn(t: Table) -> str:
        lines = []
        for slots in _grid(t):
            for role, c in slots:
                if role != "cell" or c.kind == "filler":
                    continue
                txt = c.joined("")
                lines.append(f"{txt} |" if txt.strip() else "|")
            if seps:
                lines.append("|" * rng.randint(2, 8))
        return "\n".join(lines)

    return _text_blocks(blocks, table_fn, "\n")


def _ser_markdown(blocks: list[Block], rng: random.Random) -> str:
    fill = rng.choice(["empty", "empty", "repeat"])
    br = rng.choice(["", "<br>", " "])
    split_active = rng.random() < 0.4
    sep_style = rng.choice(["|---", "| --- "])
    head_style = rng.choice(["## ", "### ", "**", ""])

    def md_rows(grid_rows) -> list[str]:
        out = []
        for slots in grid_rows:
            cells = []
            for role, c in slots:
                if role == "cell":
                    cells.append(c.joined(br))
                else:
                    cells.append(c.joined(br) if fill == "repeat" else "")
            out.append("| " + " | ".join(cells) + " |")
        return out

    def table_fn(t: Table) -> str:
        grid = _grid(t)
        sep = sep_style * t.ncols + "|"
        if t.name == "active" and split_active:
            parts, cur = [], None
            for slots in grid:
                if slots[0][1].kind == "caption":
                    cur = [slots]
                    parts.append(cur)
                else:
                    cur.append(slots)
            out = []
            for p in parts:
                cap = p[0][0][1].text
                body = [s for s in p[1:]]
                rows = md_rows([[x for x in s if x[1].kind != "filler" or x[0] == "cell"] for s in body])
                out.append(cap + "\n\n" + rows[0] + "\n" + sep_style * (rows[0].count("|") - 1) + "|\n" + "\n".join(rows[1:]))
            return "\n\n".join(out)
        rows = md_rows(grid)
        return rows[0] + "\n" + sep + "\n" + "\n".join(rows[1:])

    out = []
    for b in blocks:
        if b.kind == "table":
            out.append(table_fn(b.table))
        elif b.kind == "heading" and head_style:
            out.append(head_style + b.text + ("**" if head_style == "**" else ""))
        elif b.kind == "title" and head_style:
            out.append("# " + b.text)
        else:
            out.append(b.text)
    return "\n\n".join(out) + "\n"


def _split_spans(text: str, rng: random.Random, p: float) -> str:
    """Word-exported runs: '（</span><span>一</span><span>）予以公开'."""
    esc = _html.escape(text, quote=False)
    if rng.random() >= p or len(text) < 2:
        return f"<span>{esc}</span>"
    cuts = sorted(set(rng.sample(range(1, len(text)), min(len(text) - 1, rng.randint(1, 3)))))
    pieces, last = [], 0
    for c in cuts + [len(text)]:
        pieces.append(_html.escape(text[last:c], quote=False))
        last = c
    return "".join(f"<span>{x}</span>" for x in pieces)


def _ser_html(blocks: list[Block], rng: random.Random, report: dict) -> str:
    style = rng.choice(["shanghai", "word", "plain"])
    page = rng.random() < 0.5
    br = rng.choice(["<br />", "<br>", "<br/>"])
    th = style == "plain" and rng.random() < 0.4
    blank_html = {"shanghai": rng.choice(['<p align="center">&nbsp;</p>', "&nbsp;"]),
                  "word": '<p align=""><span><o:p> </o:p></span></p>',
                  "plain": rng.choice(["", "&nbsp;", " "])}[style]
    nl = "\n" if style == "word" else ""
    ind = (lambda n: "  " * n) if style == "word" else (lambda n: "")

    def cell_inner(c: Cell) -> str:
        txt = c.joined("")
        if not txt.strip():
            return blank_html
        if style == "word":
            if c.parts and rng.random() < 0.5:
                return "".join(f'<p align="">{_split_spans(p, rng, 0.5)}<span><o:p></o:p></span></p>' for p in c.parts)
            body = _split_spans(txt, rng, 0.5 if c.kind != "value" else 0.0)
            return f'<p align="">{body}<span><o:p></o:p></span></p>'
        body = br.join(_html.escape(p, quote=False) for p in c.parts) if c.parts else _html.escape(txt, quote=False)
        if style == "shanghai":
            return f'<p align="center">{body}</p>' if c.kind != "label" else f"<p>{body}</p>"
        return body

    def table_fn(t: Table) -> str:
        attrs = {"shanghai": ' align="center" border="1" cellspacing="1"',
                 "word": ' cellspacing="0" cellpadding="2" bordercolor="#000000" border="1"',
                 "plain": rng.choice([' border="1"', ' class="table" border="1" cellspacing="0" cellpadding="0"', ""])}[style]
        out = [f"<table{attrs}>", ind(1) + "<tbody>"]
        for row in t.rows:
            out.append(ind(2) + "<tr>")
            for c in row:
                a = ""
                if c.rowspan > 1:
                    a += f' rowspan="{c.rowspan}"'
                if c.colspan > 1:
                    a += f' colspan="{c.colspan}"'
                if style == "word":
                    a += f' width="{rng.randint(38, 200) * c.colspan}" valign="{rng.choice(["center", "top"])}"'
                elif style == "shanghai":
                    a += f' nowrap="nowrap" style="width:{rng.randint(38, 220) * c.colspan}px;"'
                tag = "th" if th and c.kind == "header" else "td"
                out.append(f"{ind(3)}<{tag}{a}>{nl}{ind(3)}{cell_inner(c)}{nl}{ind(3)}</{tag}>")
            out.append(ind(2) + "</tr>")
        out += [ind(1) + "</tbody>", "</table>"]
        return nl.join(out)

    def para(b: Block) -> str:
        t = b.text
        if style == "word":
            font = {"heading": "方正黑体_GBK", "subheading": "方正楷体_GBK", "title": "方正小标宋_GBK"}.get(b.kind, "方正仿宋_GBK")
            runs = _split_spans(t, rng, 0.4).replace("<span>", f'<span><font face="{font}">').replace("</span>", "</font></span>")
            return f'<p align="{"center" if b.kind == "title" else ""}">{runs}<span><o:p></o:p></span></p>'
        e = _html.escape(t, quote=False)
        if b.kind == "title":
            return f"<p style='text-align: center;font-weight: bold;'>{e}</p>" if style == "shanghai" else f"<h1>{e}</h1>"
        if b.kind == "heading":
            return rng.choice([f"<p><strong>{e}</strong></p>", f"<p>{e}</p>", f"<h3>{e}</h3>"])
        if b.kind in ("chrome", "meta"):
            return f'<div class="{"position" if b.kind == "chrome" else "info"}">{e}</div>'
        return f"<p>{e}</p>"

    body = []
    for b in blocks:
        if b.kind == "table":
            body.append(table_fn(b.table))
        else:
            body.append(para(b))
    content = ("\n" if style != "shanghai" else "").join(body)
    if page:
        title = _html.escape(next((b.text for b in blocks if b.kind == "title"), "政府信息公开工作年度报告"), quote=False)
        content = ('<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
                   f"<title>{title}</title>\n</head>\n<body>\n"
                   '<div class="header"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/hdjl/">互动交流</a></div>\n'
                   f'<div class="content">\n{content}\n</div>\n'
                   '<div class="footer">主办单位：人民政府办公室 网站标识码：' f"{rng.randint(3200000000, 3299999999)}" "</div>\n"
                   "</body>\n</html>\n")
    return content


# --- runtogether ---------------------------------------------------------------------------

@dataclass
class _RowRec:
    table: str
    keys: list[str]
    texts: list[str]
    string: str  # the cells as printed (with any spaces between them)


def _ser_runtogether(blocks: list[Block], rng: random.Random, report: dict, recs: list[_RowRec]) -> str:
    space_p = 0.0 if rng.random() < 0.7 else rng.uniform(0.05, 0.3)
    hdr_space = rng.random() < 0.3
    parts: list[str] = []
    for b in blocks:
        if b.kind != "table":
            parts.append(b.text.replace("\n", ""))
            parts.append(" " if rng.random() < 0.2 else "")
            continue
        for slots in _grid(b.table):
            vals = [(c.key, c.text) for role, c in slots if role == "cell" and c.kind == "value"]
            for role, c in slots:
                if role == "cell" and c.kind != "value":
                    parts.append(c.joined(" " if hdr_space else ""))
            if vals:
                s = ""
                for i, (_, t) in enumerate(vals):
                    if i and rng.random() < space_p:
                        s += " "
                    s += t
                parts.append(s)
                recs.append(_RowRec(b.table.name, [k for k, _ in vals], [t for _, t in vals], s))
        parts.append(" " if rng.random() < 0.5 else "")
    body = "".join(parts).strip()
    if rng.random() < 0.5:
        y = report.get("year") or 2020
        title = next((b.text for b in blocks if b.kind == "title"), "")
        uid = rng.randint(10000, 99999)
        month = f"{y + 1}{rng.randint(1, 3):02d}"
        head = (f"标题: {title}\n发布时间: {y + 1}-{month[-2:]}-{rng.randint(1, 28):02d} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}\n"
                "文号: \n发布机构: \n栏目: 政府信息公开年报\n"
                f"原文链接: https://www.example.gov.cn/zwgk/zfxxgk/zfxxgknb/{month}/t{month}{rng.randint(10, 28)}_{uid}.htm\n"
                f"本地目录: zwgk/zfxxgk/zfxxgknb/{month}/{uid}_{title}\n"
                "页面链接与图片详见 links.tsv(同目录)\n==================== 正文 ====================\n")
        return head + body + "\n"
    return body + "\n"


_PAT = {"int": re.compile(r"0|[1-9]\d*"), "signed": re.compile(r"[+-]?(?:0|[1-9]\d*)"),
        "money": re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?(?:万元|元)?")}


def _kind_of(key: str) -> str:
    table, rest = key.split(".", 1)
    rkey, col = rest.rsplit(".", 1)
    if table == "active":
        for tab in ACTIVE.values():
            for r in tab.rows:
                if r.key == rkey and col in r.columns:
                    return "money" if col in r.money else "signed" if col in r.signed else "int"
    return "int"


def _parse(text: str, kind: str):
    return text if kind == "money" else int(text)


def _splits(s: str, kinds: list[str], sum_groups: list[tuple[int, int]], cap: int = 4000) -> list[tuple]:
    """Every way of cutting `s` into len(kinds) cells (a space is always a cut) such that in each
    (start, end) group the last cell is the sum of the others. Stops after `cap`."""
    n = len(kinds)
    last_of = {e - 1: b for b, e in sum_groups}
    out: list[tuple] = []

    def rec(i: int, p: int, acc: list):
        if len(out) > cap:
            return
        if i == n:
            if p == len(s):
                out.append(tuple(acc))
            return
        if i and p < len(s) and s[p] == " ":
            p += 1
        if i in last_of:
            want = str(sum(acc[last_of[i]:i]))
            if s.startswith(want, p):
                rec(i + 1, p + len(want), acc + [int(want)])
            return
        for q in range(p + 1, len(s) + 1):
            t = s[p:q]
            if " " in t:
                break
            if len(s) - q < n - i - 1:
                break
            if not _PAT[kinds[i]].fullmatch(t):
                continue
            v = _parse(t, kinds[i])
            # prune: the group's total must still fit in what is left
            g = next((b for e, b in last_of.items() if b <= i < e), None)
            if g is not None and isinstance(v, int):
                e = next(e for e, b in last_of.items() if b == g)
                partial = sum(acc[g:i]) + v
                if len(s) - q < (e - i - 1) + len(str(partial)):
                    continue
            rec(i + 1, q, acc + [v])

    rec(0, 0, [])
    return out


def _ambiguity(recs: list[_RowRec], fields: dict) -> list[str]:
    """Keys that the run-together digits cannot settle given every identity the truth satisfies."""
    from training.generate import check_identities

    broken = set(b.split(":")[0] for b in check_identities(fields))
    cands: dict[int, list[tuple]] = {}
    for i, rec in enumerate(recs):
        kinds = [_kind_of(k) for k in rec.keys]
        groups: list[tuple[int, int]] = []
        if rec.table == "requests":
            row = rec.keys[0].rsplit(".", 1)[0].split(".", 1)[1]
            if f"requests.row.{row}" not in broken and len(rec.keys) == 7:
                groups = [(0, 7)]
        elif rec.table == "review":
            for gi, r in enumerate(REVIEW.rows):
                if f"review.{r.key}" not in broken:
                    groups.append((gi * 5, gi * 5 + 5))
        truth = tuple(_parse(t, k) if k != "money" else t for t, k in zip(rec.texts, kinds))
        found = _splits(rec.string, kinds, groups)
        if truth not in found:  # e.g. '+14' parsed as 14: compare on values
            found.append(truth)
        cands[i] = found
    amb: list[str] = []
    multi = [i for i in cands if len(cands[i]) > 1]
    if not multi:
        return amb
    # requests rows: the column identities that hold may settle them jointly
    req_multi = [i for i in multi if recs[i].table == "requests"]
    other_multi = [i for i in multi if recs[i].table != "requests"]
    for i in other_multi:
        for j, k in enumerate(recs[i].keys):
            if len({c[j] for c in cands[i]}) > 1:
                amb.append(k)
    if req_multi:
        total = 1
        for i in req_multi:
            total *= len(cands[i])
        base = {k: int(t) for rec in recs if rec.table == "requests" for k, t in zip(rec.keys, rec.texts)}
        seen: dict[str, set] = {}
        if total <= 20000:
            import itertools

            for combo in itertools.product(*(cands[i] for i in req_multi)):
                vals = dict(base)
                for i, c in zip(req_multi, combo):
                    vals.update(zip(recs[i].keys, c))
                bad = set(b.split(":")[0] for b in check_identities({**fields, **vals}))
                if any(b.startswith(("requests.balance", "requests.results")) and b not in broken for b in bad):
                    continue
                for i, c in zip(req_multi, combo):
                    for k, v in zip(recs[i].keys, c):
                        seen.setdefault(k, set()).add(v)
            amb += [k for i in req_multi for k in recs[i].keys if len(seen.get(k, ())) > 1]
        else:
            amb += [k for i in req_multi for k in recs[i].keys]
    return amb


# =========================================================================================
# entry point
# =========================================================================================

def _versions(report: dict) -> tuple[str | None, str | None]:
    from training.generate import versions_of

    av, rv = versions_of(report.get("fields") or {})
    if av is None and rv is None and report.get("template") in ACTIVE:
        av = rv = report["template"]
    return av, rv


def render(report: dict, layout: str, rng: random.Random) -> Rendered:
    """Render `report` in `layout`; see the module docstring."""
    if layout not in FORMATS:
        raise ValueError(f"unknown layout {layout!r}; one of {', '.join(LAYOUTS)}")
    av, rv = _versions(report)
    src = report.get("fields") or {}
    fields: dict = {}
    for k in template_keys(av, rv):
        v = src.get(k)
        if isinstance(v, dict):
            v = _reformat_money(rng, k, v, av or "2019")
        elif isinstance(v, float) and v.is_integer():
            v = int(v)
        fields[k] = v
    if layout == "runtogether":
        for k, v in fields.items():
            if v is None:
                fields[k] = {"text": "0", "yuan": 0} if _kind_of(k) == "money" else 0
    chrome = layout in ("runtogether",) or rng.random() < 0.35
    blocks = _build(report, fields, av, rv, rng, chrome)
    printed = _degrade(blocks, report.get("degrade"), report.get("vary"), report.get("plain_groups"))
    if layout in ("tabs", "cell_per_line", "pipes", "dropped_blanks") and rng.random() < 0.3:
        blocks = _paginate(blocks, rng)
    ambiguous: list[str] = []
    if layout == "tabs":
        content = _ser_tabs(blocks, rng)
    elif layout == "dropped_blanks":
        content = _ser_tabs(blocks, rng, drop_blanks=True)
    elif layout == "cell_per_line":
        content = _ser_cell_per_line(blocks, rng)
    elif layout == "pipes":
        content = _ser_pipes(blocks, rng)
    elif layout == "markdown":
        content = _ser_markdown(blocks, rng)
    elif layout == "html":
        content = _ser_html(blocks, rng, report)
    else:
        recs: list[_RowRec] = []
        content = _ser_runtogether(blocks, rng, report, recs)
        ambiguous = _ambiguity(recs, fields)
    return Rendered(content, FORMATS[layout], fields, ambiguous, layout, printed)


def _degrade(blocks: list[Block], spec: dict | None, vary: dict | None = None,
             plain_groups: dict | None = None) -> tuple:
    """Damage the table's row labels as converters and OCR do (training.degrade), when the
    report asks (its own random stream, so the rest of the rendering is what it would be), and
    print them as other reports do (training.variants: `vary`, its own stream too; with
    vary["traditional"] the whole page in traditional characters; `plain_groups`: the group
    labels - 本年度办理结果, 不予公开, 不予处理 ... - printed without their numbering, each with
    probability plain_groups["p"], training.variants.plain_group).
    Returns (template label, as printed) of every label cell: the truth training labels by."""
    from training.degrade import degrade_label
    from training.variants import plain_group, traditional, vary_label

    rng = random.Random(spec["seed"]) if spec else None
    vrng = random.Random(vary["seed"]) if vary else None
    grng = random.Random(plain_groups["seed"]) if plain_groups else None
    trad = bool(vary and vary.get("traditional"))
    out = []
    for b in blocks:
        if trad and b.text:
            b.text = traditional(b.text)
        for row in (b.table.rows if b.table else []):
            for c in row:
                if c.kind != "label" or not c.text:
                    if trad and c.text:
                        c.text, c.parts = traditional(c.text), tuple(map(traditional, c.parts))
                    continue
                text = c.text
                if grng is not None and grng.random() < plain_groups.get("p", 0.5):
                    c.text = plain_group(c.text)
                if vrng is not None and vrng.random() < vary.get("p", 0.5):
                    c.text = vary_label(c.text, vrng)
                if rng is not None and rng.random() < spec.get("p", 0.35):
                    c.text = degrade_label(c.text, rng)
                if trad:
                    c.text = traditional(c.text)
                out.append((text, c.text))
    return tuple(out)


# =========================================================================================
# CLI
# =========================================================================================

def dev_reports(root=None) -> list[tuple[str, dict]]:
    """(stem, label dict) of every labelled dev report of the corpus (tests/data/corpus)."""
    import json
    import pathlib

    from .corpus import DEV_CORPUS

    base = pathlib.Path(root) if root else DEV_CORPUS
    out = []
    for sub in ("seeds", "real"):
        for lf in sorted((base / sub).glob("*.labels.json")):
            out.append((lf.name[: -len(".labels.json")], json.loads(lf.read_text(encoding="utf-8"))))
    return out


def write(outdir, stem: str, report: dict, r: Rendered) -> str:
    import json
    import pathlib

    out = pathlib.Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    name = f"{stem}__{r.layout}.{r.extension}"
    (out / name).write_text(r.content, encoding="utf-8")
    label = {"doc": name, "template": report.get("template"), "year": report.get("year"),
             "agency": report.get("agency"), "layout": r.layout, "fields": r.fields}
    if r.ambiguous:
        label["ambiguous"] = r.ambiguous
    if report.get("broken") is not None:
        label["broken"] = report["broken"]
    (out / f"{stem}__{r.layout}.labels.json").write_text(json.dumps(label, ensure_ascii=False, indent=1), encoding="utf-8")
    return name


def main(argv: list[str] | None = None) -> int:
    import argparse
    import zlib

    ap = argparse.ArgumentParser(description="Render the labelled dev reports into every layout.")
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--generate", type=int, default=0, help="also render N generated reports (random layout each)")
    ap.add_argument("--corpus", default=None, help="shared/corpus folder (default: found from this file)")
    a = ap.parse_args(argv)
    n = 0
    for stem, rep in dev_reports(a.corpus):
        for layout in LAYOUTS:
            rng = random.Random(f"{a.seed}:{stem}:{layout}:{zlib.crc32(stem.encode())}")
            write(a.outdir, stem, rep, render(rep, layout, rng))
            n += 1
    if a.generate:
        from training.generate import generate_report

        rng = random.Random(a.seed)
        for i in range(a.generate):
            rep = generate_report(rng)
            layout = rng.choice(LAYOUTS)
            write(a.outdir, f"gen{a.seed}_{i:05d}", rep, render(rep, layout, rng))
            n += 1
    print(f"wrote {n} documents to {a.outdir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
