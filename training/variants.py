"""How real reports print a row label otherwise than the template does, for the LOCO study.

`training.degrade` damages a label as a converter or OCR engine does; this module prints it as
agencies and their web pages print it - each variant taken from a report of the corpus
(/work/shared/corpus: real, seeds, real-pdf; the dev reports in tests/data/corpus):

  * the numbering dropped: "予以公开", "本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量",
    "部分公开 (区分处理的, ...)" (real 009.md, 010.md, 011.md: PDF-to-markdown of official PDFs);
  * the numbering in another style: "1、申请人无正当理由逾期不补正" (seeds), "(一) 予以公开",
    "7. 属于行政执法案卷" (real-pdf, markdown conversions);
  * ASCII punctuation inside the label: "(区分处理的,只计这一情形,不计其他情形)", "逾期不补正, 行政"
    (seeds, real-pdf);
  * a shorter or other wording of the same row: "本机关不掌握相关信息", "危害“三安全一稳定”",
    "属于行政执法案件", "信访举报投诉类", "规范性文件", "(六) 其他" (011.md), "其他法律行政止公开" (a WPS
    PDF's text layer, real-pdf);
  * a space where the cell's line broke: "三、本年度办 理结果" (real 006.txt);
  * the whole page in traditional characters (`traditional`): agencies' sites offer a 繁體版
    view that converts the page (real 013.html's site: "繁體版", jft()), and a crawler or a
    reader that saves that view keeps it.

`vary_label(text, rng)` applies one of the label variants; `training.render` prints a report's
labels through it when the report asks (`report["vary"] = {"seed": ..., "p": ...,
"traditional": bool}`) and records what it printed (`Rendered.printed`), as for damage.
"""
from __future__ import annotations

import random
import re

# other wordings of a row that reports print (longest first where one contains another)
WORDINGS = (
    ("相关政府信息", "相关信息"),
    ("危及", "危害"),
    ("行政执法案卷", "行政执法案件"),
    ("信访举报投诉类申请", "信访举报投诉类"),
    ("行政规范性文件", "规范性文件"),
    ("其他处理", "其他"),
    ("其他法律行政法规禁止公开", "其他法律行政止公开"),
)

_PAREN = re.compile(r"^（([一二三四五六七八九十]+)）")
_SUB = re.compile(r"^(\d{1,2})[.．、]\s*")
_TOP = re.compile(r"^[一二三四五六七八九十]+、")
_HALF = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":", "；": ";", "、": ","})

# simplified -> traditional for the words and characters of the report's tables and text
# (a site's 繁體版 view converts character by character, with these words first)
_TRAD_WORDS = {"重复": "重複", "复议": "復議", "答复": "答復", "制作": "製作", "制发": "製發", "于": "於",
               "后": "後", "只计": "只計"}
_TRAD_CHARS = (
    "开開 关關 门門 问問 间間 们們 个個 这這 为為 发發 务務 动動 区區 县縣 级級 机機 构構 办辦 处處 复復 "
    "议議 讼訟 请請 认認 确確 说說 论論 设設 计計 订訂 记記 许許 评評 询詢 证證 识識 调調 护護 报報 执執 "
    "据據 举舉 担擔 数數 无無 时時 显顯 术術 权權 条條 来來 极極 标標 样樣 检檢 业業 临臨 义義 书書 买買 "
    "争爭 产產 亲親 从從 众眾 优優 会會 传傳 体體 余餘 价價 债債 储儲 儿兒 党黨 兴興 养養 内內 册冊 写寫 "
    "军軍 农農 决決 况況 准準 减減 几幾 击擊 则則 创創 别別 剂劑 劝勸 励勵 劳勞 势勢 医醫 华華 协協 单單 "
    "卖賣 卫衛 厂廠 厅廳 历歷 压壓 参參 双雙 变變 号號 听聽 启啟 员員 响響 园園 围圍 图圖 国國 圆圓 场場 "
    "坏壞 块塊 坚堅 备備 头頭 奖獎 妇婦 学學 宁寧 实實 审審 宪憲 宽寬 对對 导導 将將 层層 属屬 岁歲 币幣 "
    "师師 带帶 帮幫 并並 广廣 库庫 应應 废廢 异異 张張 强強 归歸 当當 录錄 彻徹 征徵 径徑 态態 总總 惯慣 "
    "战戰 户戶 扩擴 拥擁 择擇 挂掛 损損 换換 断斷 旧舊 暂暫 杂雜 欢歡 毕畢 气氣 汇匯 汉漢 沟溝 没沒 泽澤 "
    "测測 济濟 润潤 满滿 灭滅 灵靈 点點 热熱 爱愛 状狀 独獨 环環 现現 电電 画畫 疗療 监監 盖蓋 码碼 础礎 "
    "礼禮 离離 种種 积積 称稱 税稅 稳穩 笔筆 简簡 类類 纠糾 红紅 纪紀 约約 纳納 纸紙 线線 组組 细細 织織 "
    "终終 经經 结結 给給 络絡 统統 继繼 绩績 续續 维維 综綜 编編 缴繳 网網 罚罰 职職 联聯 肃肅 节節 范範 "
    "荣榮 药藥 获獲 营營 补補 见見 观觀 规規 视視 览覽 觉覺 讨討 让讓 训訓 讲講 访訪 诉訴 试試 诚誠 话話 "
    "详詳 语語 误誤 读讀 课課 调調 谈談 质質 购購 贯貫 费費 资資 车車 转轉 轮輪 较較 辅輔 输輸 边邊 达達 "
    "运運 还還 进進 远遠 违違 连連 选選 递遞 适適 遗遺 邮郵 采採 释釋 鉴鑒 针針 钱錢 银銀 长長 闭閉 阅閱 "
    "队隊 阶階 际際 险險 随隨 隐隱 难難 项項 顺順 须須 预預 领領 频頻 题題 风風 驻駐 验驗 齐齊 万萬 与與 "
    "专專 两兩 严嚴 乡鄉 仓倉 伟偉 声聲 尽盡 届屆 巩鞏 咨諮 团團 网網 页頁 镇鎮 街街 苏蘇 东東 广廣 门門 "
    "赁賃 监監 护護 责責 负負 贴貼 备備 迹跡 录錄 获獲 缓緩 纲綱 纷紛 细細 绍紹 贸貿 货貨 质質 贵貴 赋賦")
TRADITIONAL = {p[0]: p[1] for p in _TRAD_CHARS.split() if len(p) == 2 and p[0] != p[1]}


def traditional(text: str) -> str:
    """`text` as a site's 繁體版 view prints it (its words first, then character by character)."""
    for s, t in _TRAD_WORDS.items():
        text = text.replace(s, t)
    return "".join(TRADITIONAL.get(ch, ch) for ch in text)


def _core_len(text: str) -> int:
    return len(_SUB.sub("", _PAREN.sub("", _TOP.sub("", text))))


def _kinds(text: str) -> list[str]:
    """The variants that apply to `text` (a template label as the report printed it)."""
    out = []
    if (_PAREN.match(text) or _SUB.match(text) or _TOP.match(text)) and _core_len(text) >= 4:
        out.append("no_numbering")  # a short label (3.其他, （七）总计) keeps its numbering: "其他" alone is a column
    if _PAREN.match(text) or _SUB.match(text):
        out.append("numbering")
    if any(ch in text for ch in "（），："):
        out.append("halfwidth")
    if any(s in text for s, _ in WORDINGS):
        out.append("wording")
    if _core_len(text) >= 5:
        out.append("space")
    return out


def vary_label(text: str, rng: random.Random) -> str:
    """`text` printed in one of the ways real reports print that row (module docstring);
    unchanged when none applies."""
    kinds = _kinds(text)
    if not kinds:
        return text
    kind = rng.choice(kinds)
    if kind == "no_numbering":
        return _SUB.sub("", _PAREN.sub("", _TOP.sub("", text)), count=1).lstrip()
    if kind == "numbering":
        if m := _PAREN.match(text):
            return rng.choice(["({}) ", "({})"]).format(m.group(1)) + text[m.end():]
        m = _SUB.match(text)
        return rng.choice(["{}、", "{}. "]).format(m.group(1)) + text[m.end():]
    if kind == "halfwidth":
        m = _TOP.match(text)  # "一、" keeps its comma
        head, rest = (text[:m.end()], text[m.end():]) if m else ("", text)
        out = head + rest.translate(_HALF)
        return re.sub(r",(?=\S)", rng.choice([",", ", "]), out)
    if kind == "wording":
        for s, t in WORDINGS:
            if s in text:
                return text.replace(s, t, 1)
    # a space where the label's line broke in its cell, inside the wording
    m = _PAREN.match(text) or _SUB.match(text) or _TOP.match(text)
    start = m.end() if m else 0
    i = rng.randrange(start + 2, len(text) - 1)
    return text[:i] + " " + text[i:]


def vary_spec(rng: random.Random, share: float, p: float = 0.5, traditional_share: float = 0.0) -> dict | None:
    """A report's variation request: `share` of reports get one, each label then printed
    otherwise with probability p; `traditional_share` of those are printed in traditional
    characters throughout (their own seed, so the rest of the rendering is unchanged)."""
    if rng.random() >= share:
        return None
    return {"seed": rng.randrange(1 << 30), "p": p, "traditional": rng.random() < traditional_share}


def plain_group(text: str) -> str:
    """A group label (本年度办理结果, 不予公开, 无法提供, 不予处理: a label with no cells of its own,
    heading the rows under it) printed without its numbering, as real reports print it alone
    in its cell ("本年度办理结果", "不予处理": real 009/010/011.md); `text` unchanged when it is
    no group label, has no numbering, or its bare wording would name another label."""
    from extractor.labels import rule_label

    lab = rule_label(text)
    if not lab.startswith("group."):
        return text
    bare = _SUB.sub("", _PAREN.sub("", _TOP.sub("", text)), count=1).lstrip()
    return bare if bare and bare != text and rule_label(bare) == lab else text


def plain_groups_spec(rng: random.Random, share: float, p: float = 0.8) -> dict | None:
    """A report's request to print its group labels without numbering (`share` of the reports,
    each group label then with probability p; training.render)."""
    if rng.random() >= share:
        return None
    return {"seed": rng.randrange(1 << 30), "p": p}
