"""What converters and OCR do to the Chinese row labels of a report, for training and testing.

A report's labels reach xxgk damaged in ways no alias list holds: an OCR engine reads a
character as a look-alike (理/埋, 申/甲, 已/己), drops or doubles one, a PDF without a
ToUnicode map prints a glyph as U+FFFD or a private-use code, a narrow cell clips the end of
a label, a font maps characters to Kangxi radicals or compatibility ideographs (NFKC undoes
those, the rules read them). `degrade_label(text, rng)` applies one or two of these to a
label's wording (never to its numbering); `training.render` prints a report's labels through
it when the report asks (`report["degrade"] = {"seed": ..., "p": ...}`) and records what it
printed (`Rendered.printed`), so training labels the damaged blocks with their true row
(training.annotate.truth_labels) and the leave-one-converter-out study can measure what the
rules lose on them.
"""
from __future__ import annotations

import random
import re

# look-alikes an OCR engine confuses (both directions), from the characters of the row labels
_PAIRS = ("理埋 申甲 申由 已己 己巳 未末 人入 日曰 请清 政玫 处外 复夏 议仪 公分 开幵 数效 量重 "
          "行彳 信言 决快 定走 机杌 关美 其具 他地 法去 律津 规观 章竟 项顶 目自 本木 年午 "
          "新亲 制刺 作昨 总思 计汁 受爱 理里 拒担 绝纯 不木 予子 部郎 分公 重童 复获 诉拆 "
          "讼松 维准 持特 正止 审宙 结给 转传 访仿 举学 报极 投设 类娄 商啇 业亚 科料 "
          "研砰 构沟 社杜 会合 益盖 组细 织识 服眼 务各 然燃 许浒 可司 罚罸 强弦 收牧 "
          "费贵 采釆 金全 件伴 据掘 案桉 卷券 危尼 及乃 安实 内肉 容客 "
          "无天 法汰 提捉 供洪 申串 请靖 息患 告吉 知如 程稈 序字 接按 补朴 正五 获茯")
CONFUSABLE: dict[str, list[str]] = {}
for _p in _PAIRS.split():
    a, b = _p[0], _p[1]
    if a != b:
        CONFUSABLE.setdefault(a, []).append(b)
        CONFUSABLE.setdefault(b, []).append(a)

# characters a PDF font may map to a Kangxi radical or a compatibility ideograph (NFKC folds them)
_KANGXI = {"一": "⼀", "人": "⼈", "入": "⼊", "八": "⼋", "力": "⼒", "十": "⼗", "又": "⼜", "口": "⼝",
           "土": "⼟", "大": "⼤", "子": "⼦", "工": "⼯", "己": "⼰", "年": "年", "日": "⽇", "月": "⽉",
           "本": "本", "不": "不", "行": "⾏", "见": "⻅", "言": "⾔", "金": "⾦", "长": "⻓", "门": "⻔",
           "非": "⾮", "面": "⾯", "高": "⾼"}
_KANGXI = {k: v for k, v in _KANGXI.items() if k != v}
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]\s*)?(?:[（(][一二三四五六七八九十\d]+[)）]\s*|\d{1,2}[.．、]\s*)?")


def _one(t: list[str], rng: random.Random) -> None:
    """One damage to the characters t (in place)."""
    if not t:
        return
    kind = rng.choices(["confuse", "drop", "double", "unmapped", "clip", "kangxi", "swap"],
                       [8, 4, 1, 2, 2, 2, 1])[0]
    idx = [i for i, ch in enumerate(t) if "\u4e00" <= ch <= "\u9fff"] or list(range(len(t)))
    i = rng.choice(idx)
    if kind == "confuse":
        opts = [j for j in idx if t[j] in CONFUSABLE]
        if opts:
            j = rng.choice(opts)
            t[j] = rng.choice(CONFUSABLE[t[j]])
            return
        kind = "drop"
    if kind == "drop" and len(t) > 3:
        del t[i]
    elif kind == "double":
        t.insert(i, t[i])
    elif kind == "unmapped":
        t[i] = rng.choice(["\ufffd", "□", "\ue000", "?"])
    elif kind == "clip" and len(t) > 5:
        del t[len(t) - rng.randint(1, 2):]
    elif kind == "kangxi":
        opts = [j for j in range(len(t)) if t[j] in _KANGXI]
        if opts:
            j = rng.choice(opts)
            t[j] = _KANGXI[t[j]]
    elif kind == "swap" and i + 1 < len(t):
        t[i], t[i + 1] = t[i + 1], t[i]


def degrade_label(text: str, rng: random.Random) -> str:
    """`text` with its wording damaged once or twice (its numbering kept, so a reader still
    sees the row's place); texts of four characters or fewer are left alone."""
    m = _NUMBERING.match(text)
    head, core = text[:m.end()], text[m.end():]
    if len(core) <= 4:
        return text
    t = list(core)
    for _ in range(rng.choices([1, 2], [3, 1])[0]):
        _one(t, rng)
    out = "".join(t)
    return head + out if out.strip() else text


def degrade_spec(rng: random.Random, share: float, p: float = 0.35) -> dict | None:
    """A report's degradation request: `share` of reports get one, each label then damaged
    with probability p (its own seed, so the rest of the rendering is unchanged)."""
    return {"seed": rng.randrange(1 << 30), "p": p} if rng.random() < share else None
