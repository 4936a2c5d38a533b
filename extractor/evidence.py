"""The evidence a field's confidence is computed from, named and typed.

The assembler records it per field (`assemble.FieldResult.evidence`), confidence adds the
score it computes from it; `confidence.raw_score` says how each key weighs. `FieldEvidence`
names every key; `typed(evidence)` is the JSON-safe view the output's opt-in `explain`
entries carry, and `describe(evidence)` says in words (Chinese first) what lowered a score.
"""
from __future__ import annotations

from typing import Literal, TypedDict

# evidence (extractor.assemble) that a value rests on an inference about the layout, not on a
# reading: its probability stays below confidence.NOT_READ_MAX whatever the calibration says
INFERRED = ("blank_inferred", "position_inferred", "dropped_values", "unused_values")
# readings that chose among several ways to cut or place the printed cells: when an identity
# the cell takes part in breaks, the choice is contradicted, and the cell is not near-certain
INFERRED_READINGS = ("split", "placed", "trimmed", "overflow")

How = Literal["exact", "trimmed", "placed", "split", "overflow"]


class FieldEvidence(TypedDict, total=False):
    # set by the assembler (extractor/assemble.py)
    found: bool  # a reading of the cell was found
    row_seen: bool  # not found, but its row label was there (the cells fit no reading)
    placement: float  # how sure the row is the template row it was matched to
    labelled: bool  # the row was placed by its label (else by its position among the rows)
    label_proba: float  # the classifier's probability of that row label
    how: How  # how the cell was read from its row's tokens (solve.Candidate.how)
    row_ok: bool  # the row's reading satisfies the row's own sums
    n_cands: int  # readings of the row that were possible (run-together digits, dropped blanks)
    share: float  # share of the readings' prior mass that agrees on this cell
    block_proba: float  # the classifier's probability that the value block is a value
    text_confidence: float | None  # how sure the loader is of the cell's text: OCR confidence, lowered where undecodable bytes were replaced (None: a clean text layer)
    search_cut: bool  # the search for the row's readings ran out of budget (limits.SOLVE_STEPS): the best reading found so far
    malformed: bool  # values.malformed_count / malformed_money: a fractional count, digit groups apart, digits after an amount
    identities: int  # column identities the table's joint reading satisfies
    checked: bool  # False: no identity can tell the row's readings apart
    blank_inferred: bool  # a blank no printed cell gave (dropped blanks placed, a gap in positioned text)
    row_blank: bool  # the row's label is printed with nothing after it: every cell blank (blank_inferred too)
    headers_alone: bool  # table 四 printed as its headers alone, the next part's heading after them, no number that may be its (assemble._headers_alone): read blank, as its dropped row of blank cells
    blank_seen: bool  # a blank read where the layout shows its place (a drawn cell; a gap under columns established by full rows)
    position_inferred: bool  # which column the value stands in was inferred from the layout, not printed
    heading_placed: bool  # that column only the header's headings place, and they do not prove it (character text: a number at the edge of two headings, no row printing every column; aligned._at_heading_edges)
    digits_cut: bool  # a run of digits cut into cells where fewer cells read as well (one number one digit a cell, ...)
    cut_beside: bool  # another cell of the row was cut out of a run of digits: this cell's column rests on that cut
    dropped_values: int  # printed numbers of the row that its reading left out
    merged_span: int  # the cell is a merged cell printed once per grid column it spans (this many, as the header row above shows): read once
    unused_values: int  # numbers printed in the table's region that no cell took
    unused_numbers: tuple[int, ...] | None  # those numbers, where kept (table 三's; None: not all known)
    order_unproven: bool  # the table's numbers were printed one a line, apart from any row or label, while its headings print side by side on a line: the order they were read in is the converter's (a broken sum among them is no certain reading)
    unit_unstated: bool  # table 二: an amount read from a bare non-zero number ("52.15") whose unit neither the form (2021 fees: 万元), the column's heading, a note of the table ("单位：万元") nor the prose stating the same number states - read as yuan, it may be 万元 (assemble._units_known)
    unit_apart: str  # table 二: a bare amount's unit printed as a cell of its own in the amount's row ("75394432.52 元" read as two cells; assemble._amount_units)
    unit_in_prose: str  # table 二: a bare amount's unit, as the prose stating the same number gives it ("采购总金额52.15万元": 万元; assemble._amount_units)
    heading_cut: str  # table 二: a cell (blank or number) under a column whose heading the converter printed cut (this piece of it: 年废止件数 for 本年废止件数, assemble._cut_columns) - the converter lost that column's text
    # set by confidence (extractor/confidence.py)
    pinned: bool  # an inferred blank that a holding identity with read cells fixes
    blank_total_beside: bool  # table 四's total read blank beside printed parts (outcomes.judge_all): its run may be read a column off
    shift_mends: bool  # confidence.shift_mends: the row's numbers moved one column left make a broken column identity's neighbour hold - its column is not proven
    total_shift: bool  # confidence.total_shift_mends: the row's total read blank, its last part the sum of the others - the row may be read one column left from a lost blank on; its cells' columns are not proven
    swap_unproven: bool  # confidence.swap_unproven: a neighbouring row of the same column sums, every cell printed, was placed by inference, and the two rows' runs exchanged keep every identity - which row this run is, is not proven
    placed_unconfirmed: bool  # confidence.score_fields: a number placed with blanks dropped that only an identity through a misread row's placed number (confidence._through_misread_row) would confirm - its column is not proven
    empty_beside: bool  # confidence.run_beside_empty_row: the row's run was placed with blanks dropped, next to a row that took no number, and the run moved there keeps every identity - which row it is, is not proven
    order_unconfirmed: bool  # confidence.order_unconfirmed: a part of a row read in print order whose own sum holds (in any order of its parts) while every column identity through it breaks - its column is not proven
    cut_unproven: bool  # confidence.cut_unproven: the cell rests on a cut of a run of digits that no holding identity proves (rows cut alike keep the identities between them; the row's own sum the cut was chosen to keep)
    numbers_unkept: bool  # confidence.numbers_kept: a row of table 二 printed as its label alone, in a report whose checked tables do not show the converter kept its numbers - not read
    unproven_blank: bool  # a printed blank in a broken identity whose holding identities hold only with another blank beside it
    joined_proven: bool  # confidence.joined_proven: a count printed as digit groups apart (a wrapped cell) that an identity holds with, read joined
    unsure_text: bool  # confidence.unsure_text: the loader read the cell unsurely (text_confidence < 0.9) and no identity proves it
    text_proven: bool  # confidence.proven_unsure: a cell read unsurely whose value identities over surely read cells fix
    raw_score: float  # the evidence combined, before calibration; routing reads it
    disagreement: Literal["value", "blocks"]  # ensemble only: what the second classifier reads differently
    raw_before: float  # ensemble only: raw_score before the disagreement lowered it
    # set by outcomes (extractor/outcomes.py)
    implausible: Literal["negative", "too_large", "above_intake", "above_amount", "number_word"]  # a value no report prints
    misread_beside: str  # another cell of the row was misread (its `implausible` kind, or "unparsed": printed digits that give no value): this one's column is in doubt too
    source_inconsistent: bool  # in an identity the report itself breaks, every cell read with certainty
    raw_with_breaks: float  # raw_score before that break was taken as the report's


KEYS: tuple[str, ...] = tuple(FieldEvidence.__annotations__)


def typed(evidence: dict) -> FieldEvidence:
    """The known keys of an evidence dict as plain JSON values (floats rounded to 4 places)."""
    out: dict = {}
    for k in KEYS:
        if k not in evidence:
            continue
        v = evidence[k]
        if hasattr(v, "item"):  # numpy scalars
            v = v.item()
        if isinstance(v, float):
            v = round(v, 4)
        out[k] = v
    return out  # type: ignore[return-value]


_SEARCH_CUT = ("该行读法的搜索超出了计算预算而提前停止，所取读法是已找到的最佳读法（或未能读出），未必正确",
               "the search for this row's readings hit its budget and stopped early: the reading is the best "
               "found so far (or none), not necessarily right")


UNIT_UNSTATED_ZH = "金额未注明单位（元或万元）：表格、表头、表注和正文均未说明，按元读取，请核对原文"
UNIT_UNSTATED_EN = ("the amount prints no unit (yuan or 10,000 yuan) and neither the table, its heading, a note nor the "
                    "text says which: read as yuan, check the original")


def describe(ev: dict) -> list[tuple[str, str]]:
    """What lowered a field's score, as (Chinese, English) sentences, strongest first-ish."""
    out: list[tuple[str, str]] = []
    if not ev.get("found"):
        if ev.get("row_seen"):
            out.append(("找到了行标签，但该行的单元格无法读取", "the row label is there but its cells fit no reading"))
        else:
            out.append(("未找到该单元格所在的行", "the cell's row was not found"))
        if ev.get("search_cut"):
            out.append(_SEARCH_CUT)
        return out
    if not ev.get("labelled", True):
        out.append(("该行按位置而非行标签定位", "the row was placed by its position, not by its label"))
    elif ev.get("label_proba", 1.0) < 0.9:
        out.append((f"行标签识别不确定（概率 {ev['label_proba']:.2f}）",
                    f"the row label is uncertain (probability {ev['label_proba']:.2f})"))
    if ev.get("placement", 1.0) < 0.9:
        out.append((f"行的对应关系不确定（{ev['placement']:.2f}）", f"the row's placement is uncertain ({ev['placement']:.2f})"))
    how = ev.get("how")
    if how in ("split", "placed", "trimmed"):
        what = {"split": ("连在一起的数字被拆分", "run-together digits were split"),
                "placed": ("空白单元格被省略，数值按位置摆放", "blank cells were dropped and the values placed"),
                "trimmed": ("多余的数字被去掉", "surplus tokens were trimmed")}[how]
        n = ev.get("n_cands", 1)
        share = ev.get("share", 1.0)
        zh = f"{what[0]}：{n} 种读法，其中与此读数一致的占 {share:.2f}"
        en = f"{what[1]}: {n} readings, {share:.2f} of them agree on this cell"
        if ev.get("checked", True) is False and n > 1:
            zh += "；没有勾稽关系能区分这些读法"
            en += "; no identity tells the readings apart"
        out.append((zh, en))
        if ev.get("digits_cut") and ev.get("checked", True) is False:
            out.append(("单元格的分界由一串相连的数字推断（未印出），且没有勾稽关系可核对",
                        "the cell's boundaries were inferred from one run of digits (not printed), "
                        "and no identity checks them"))
        elif ev.get("cut_beside") and ev.get("checked", True) is False:
            out.append(("同行另一单元格的分界由一串相连的数字推断，此单元格所在的列随之而定，且没有勾稽关系可核对",
                        "another cell of the row was cut out of a run of digits, and this cell's column rests on "
                        "that cut; no identity checks it"))
    elif how == "overflow":
        out.append(("该行的数值多于列数", "the row has more values than columns"))
    if ev.get("order_unproven") and ev.get("row_ok") is False:
        out.append(("表中数值每行只印一个，不与任何标签或同行数值相邻：其顺序是转换工具给出的，而该表的和不成立",
                    "the table's numbers were printed one a line, beside no label or other number: their order is "
                    "the converter's, and the table's sums do not hold"))
    if ev.get("numbers_unkept"):
        pass  # (said below: not read)
    elif ev.get("row_blank"):
        out.append(("行标签已印出，其后没有数值：整行为空白" + ("（勾稽关系确认其为 0）" if ev.get("pinned") else ""),
                    "the row's label is printed with no values after it: the whole row is blank"
                    + (" (an identity confirms it is 0)" if ev.get("pinned") else "")))
    elif ev.get("blank_inferred") and not ev.get("pinned"):
        out.append(("该单元格为空白是由版式推断的，并非印出的空白单元格",
                    "the cell is blank by inference from the layout, not a printed blank cell"))
    if ev.get("blank_seen"):
        out.append(("该空白单元格在版式中可见（画线表格中的空格，或多行完整数值确定的列位置上的空白），按印出的空白读取",
                    "the blank is seen in the layout (a drawn empty cell, or a gap under columns that full rows "
                    "establish) and is read as a printed blank"))
    if ev.get("heading_placed"):
        out.append(("列位置仅由表头位置推断：没有一行在每一列都印有数字，而数字落在两个表头的交界处"
                    "（字符排版的文本中表头与数字各按本行前面的字符排位），各列的勾稽关系在任一列都成立",
                    "the value's column rests on the headings' places alone: no row prints every column, and the "
                    "number stands at the edge of two headings (character text places headings and numbers each by "
                    "the characters before them on their line); the column sums hold in any column"))
    if ev.get("position_inferred"):
        out.append(("列位置由版式推断（转换时丢失了空白单元格或行列对应）",
                    "the value's column was inferred from the layout (blank cells or the row/column association "
                    "were lost in conversion)"))
    if ev.get("merged_span"):
        out.append((f"合并单元格：其数值在所跨的 {ev['merged_span']} 列中重复印出（上方表头显示该跨列），按一个单元格读取",
                    f"a merged cell: its value is printed in each of the {ev['merged_span']} columns it spans (the "
                    "header row above shows the span), read as one cell"))
    if ev.get("dropped_values"):
        out.append((f"该行有 {ev['dropped_values']} 个印出的数字未被采用",
                    f"{ev['dropped_values']} printed number(s) of the row were left out"))
    if ev.get("unused_values"):
        out.append((f"表格区域内有 {ev['unused_values']} 个数字未归入任何单元格",
                    f"{ev['unused_values']} number(s) printed in the table were not given to any cell"))
    if not ev.get("row_ok", True):
        out.append(("该行自身的合计不成立", "the row's own sums do not hold"))
    if ev.get("block_proba", 1.0) < 0.9:
        out.append((f"数值块识别不确定（{ev['block_proba']:.2f}）", f"the value block is uncertain ({ev['block_proba']:.2f})"))
    if ev.get("malformed") and not ev.get("joined_proven"):
        # (values.malformed_count / malformed_money: spaced digit groups as well as fractions)
        out.append(("数字印写异常（计数带小数、数字间有空格，或金额后另有数字）：哪些数字属于该值无法确定",
                    "a malformed number (a count with a fractional part, digit groups apart, or digits after an "
                    "amount): which digits are the value is unknown"))
    if ev.get("text_confidence") is not None and ev["text_confidence"] < 0.95:
        out.append((f"文字读取置信度 {ev['text_confidence']:.2f}（OCR 识别，或含无法解码而被替换的字节）",
                    f"text confidence {ev['text_confidence']:.2f} (read by OCR, or undecodable bytes replaced)"))
    if ev.get("search_cut"):
        out.append(_SEARCH_CUT)
    if ev.get("heading_cut"):
        out.append((f"该列表头只印出「{ev['heading_cut']}」（表头文字缺失）：转换时该列单元格的文字可能丢失，空白或数字均未经证实",
                    f"the column's heading prints only '{ev['heading_cut']}' (characters lost): the converter may have "
                    "lost that column's cell text, a blank or a number there is not proven"))
    if ev.get("unit_unstated"):
        out.append((UNIT_UNSTATED_ZH, UNIT_UNSTATED_EN))
    if ev.get("blank_total_beside"):
        out.append(("表四的总计读为空白而分项印有数字：整组数值可能错位一列",
                    "table 四's total read blank beside parts that print numbers: its run may be read a column off"))
    if ev.get("shift_mends"):
        out.append(("列勾稽关系不成立，而这些行的数值整体左移一列后相邻列的勾稽关系即成立：数值所在的列未经证实",
                    "a column identity breaks, and these rows' numbers moved one column left make the neighbouring column's identity hold: their column is not proven"))
    if ev.get("total_shift"):
        out.append(("该行总计读为空白，而最后一个分项恰等于其余分项之和：该行数值可能自某一空白单元格起整体左移了一列，所在的列未经证实",
                    "the row's total reads blank and its last part is the sum of the others: the row may be read one column left from some blank cell on - its columns are not proven"))
    if ev.get("swap_unproven"):
        out.append(("相邻的同组行（同属各列合计的分项）按推断定位，两行数值互换后所有勾稽关系仍成立：这一行数值属于哪一行未经证实",
                    "a neighbouring row of the same column sums was placed by inference, and the two rows' values "
                    "exchanged keep every identity: which row these values are is not proven"))
    if ev.get("placed_unconfirmed"):
        out.append(("数值按位置摆放（空白单元格被省略），只有经过另一误读行（其行合计不成立）数值的勾稽关系能证实它：数值所在的列未经证实",
                    "the value was placed with blank cells dropped, and only an identity through another row's "
                    "misread numbers (its own sum breaks) would confirm it: its column is not proven"))
    if ev.get("empty_beside"):
        out.append(("相邻的同组行印出了行标签而没有数值（或未找到其行标签），本行数值按位置摆放（空白单元格被省略），数值移到那一行后所有勾稽关系仍成立：这些数值属于哪一行未经证实",
                    "a neighbouring row of the same column sums took no number (its label printed with nothing "
                    "after it, or not found), this row's run was placed with blank cells dropped, and the run "
                    "moved to that row keeps every identity: which row these values are is not proven"))
    if ev.get("order_unconfirmed"):
        out.append(("该行按印出顺序读取，行合计对任何顺序都成立，而该单元格所在列的勾稽关系全部不成立：数值所在的列未经证实",
                    "the row was read in print order, its sum holds in any order of its parts, and every column "
                    "identity through this cell breaks: its column is not proven"))
    if ev.get("cut_unproven"):
        out.append(("单元格由一串相连的数字拆分而来，而没有成立的勾稽关系能证实这一拆分（同样拆分的各行之间的勾稽关系不论拆分对错都成立）",
                    "the cell was cut out of a run of digits, and no holding identity proves the cut (rows cut alike "
                    "keep the identities between them whether the cut is right or not)"))
    if ev.get("numbers_unkept") and ev.get("headers_alone"):
        out.append(("表四只印出表头，其后即为下一部分，而报告中可核对的表格未能表明转换工具保留了全部数字：该表未读出，不能视为空白",
                    "table 四 prints its headers alone, the next part right after them, and the report's checked "
                    "tables do not show that the converter kept its numbers: the table was not read, it is not "
                    "known to be blank"))
    elif ev.get("numbers_unkept"):
        out.append(("行标签后没有数值，而报告中可核对的表格未能表明转换工具保留了全部数字：该行未读出，不能视为空白",
                    "the row's label has no numbers after it, and the report's checked tables do not show that the "
                    "converter kept its numbers: the row was not read, it is not known to be blank"))
    if ev.get("unproven_blank"):
        out.append(("空白单元格所在的勾稽关系不成立，成立的勾稽关系只因另一空白而成立：可能是丢失的数值",
                    "a blank in a broken identity, whose holding identities hold only with another blank beside it: it may be a lost number"))
    if ev.get("disagreement"):
        out.append(("两个块分类器对该单元格判断不一致", "the two block classifiers disagree on this cell"))
    if ev.get("implausible"):
        out.append((f"数值不合常理（{ev['implausible']}）", f"an implausible value ({ev['implausible']})"))
    if ev.get("misread_beside"):
        out.append((f"同行另一单元格读取有误（{ev['misread_beside']}），此单元格所在的列同样存疑",
                    f"another cell of the row was misread ({ev['misread_beside']}): this cell's column is in doubt too"))
    return out
