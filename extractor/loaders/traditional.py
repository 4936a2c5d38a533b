"""Reports printed in traditional characters (a site's 繁體版 view, a Hong Kong or Taiwan copy)
read as the simplified form they were converted from.

Sites convert their pages character by character, so the fold is one too: each character of the
template's wording (labels, headings, units) back to its simplified form. A character-for-character
fold keeps every offset into the text. Only a document mostly in traditional characters is folded:
a simplified report that quotes a name in traditional characters is read as printed.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..model import Block, Document

# traditional -> simplified, the characters of the templates' wording and the words around the tables
# (each pair: traditional then simplified)
_PAIRS = (
    "萬万 與与 專专 業业 東东 兩两 嚴严 個个 臨临 為为 舉举 麼么 義义 鄉乡 書书 買买 "
    "爭争 於于 雲云 產产 親亲 從从 倉仓 們们 價价 眾众 優优 會会 偉伟 傳传 體体 餘余 "
    "債债 儲储 兒儿 黨党 關关 興兴 養养 內内 冊册 寫写 軍军 農农 衝冲 決决 況况 準准 "
    "減减 幾几 擊击 則则 創创 別别 製制 劑剂 勸劝 辦办 務务 動动 勵励 勞劳 勢势 區区 "
    "醫医 華华 協协 單单 賣卖 衛卫 捲卷 廠厂 廳厅 歷历 曆历 壓压 縣县 參参 雙双 發发 "
    "髮发 變变 隻只 臺台 號号 後后 聽听 啟启 員员 週周 諮咨 響响 團团 園园 圍围 國国 "
    "圖图 圓圆 場场 壞坏 塊块 堅坚 聲声 處处 備备 復复 複复 頭头 獎奖 婦妇 學学 寧宁 "
    "實实 審审 憲宪 寬宽 對对 導导 將将 盡尽 儘尽 層层 屆届 屬属 歲岁 鞏巩 幣币 師师 "
    "帶带 幫帮 幹干 並并 廣广 庫库 應应 廢废 開开 異异 張张 強强 歸归 當当 錄录 徹彻 "
    "徵征 徑径 誌志 態态 總总 慣惯 戰战 戶户 紮扎 執执 擴扩 護护 報报 擔担 擁拥 擇择 "
    "掛挂 損损 換换 據据 數数 斷断 無无 舊旧 時时 顯显 暫暂 術术 機机 雜杂 權权 條条 "
    "來来 極极 構构 標标 樣样 檢检 歡欢 畢毕 氣气 匯汇 彙汇 漢汉 溝沟 沒没 澤泽 測测 "
    "濟济 潤润 滿满 滅灭 靈灵 點点 熱热 愛爱 狀状 獨独 環环 現现 電电 畫画 療疗 監监 "
    "蓋盖 碼码 礎础 確确 禮礼 離离 種种 祕秘 積积 稱称 稅税 穩稳 筆笔 簡简 類类 繫系 "
    "糾纠 紅红 約约 級级 紀纪 綱纲 納纳 紛纷 紙纸 線线 組组 細细 織织 終终 紹绍 經经 "
    "結结 給给 絡络 統统 繼继 績绩 續续 維维 綜综 緩缓 編编 繳缴 網网 罰罚 職职 聯联 "
    "肅肃 緻致 節节 蘇苏 範范 榮荣 藥药 獲获 營营 補补 見见 觀观 規规 視视 覽览 覺觉 "
    "計计 訂订 認认 討讨 讓让 訓训 議议 記记 講讲 許许 論论 訟讼 設设 訪访 證证 評评 "
    "識识 訴诉 試试 誠诚 話话 詢询 詳详 語语 誤误 說说 請请 讀读 課课 調调 談谈 負负 "
    "責责 貨货 質质 購购 貫贯 貼贴 貴贵 貿贸 費费 賃赁 資资 賦赋 車车 轉转 輪轮 較较 "
    "輔辅 輸输 邊边 達达 過过 運运 還还 這这 進进 遠远 違违 連连 跡迹 適适 選选 遞递 "
    "遺遗 郵邮 採采 釋释 裏里 鑒鉴 針针 鐘钟 錢钱 銀银 鎮镇 長长 門门 閉闭 問问 間间 "
    "閱阅 隊队 階阶 際际 險险 隨随 隱隐 難难 麵面 頁页 項项 順顺 須须 預预 領领 頻频 "
    "題题 額额 風风 駐驻 驗验 齊齐 ")
FOLD = {p[0]: p[1] for p in _PAIRS.split()}
_TABLE = str.maketrans(FOLD)
_SIMPLIFIED = frozenset(FOLD.values())

FOLDED = "繁体字已按简体字读取 (traditional characters read as simplified)"

# at least this many traditional characters, more than their simplified forms: a traditional copy
MIN_TRADITIONAL = 10


_TRADITIONAL_CHAR = re.compile("[" + "".join(FOLD) + "]")
_SIMPLIFIED_CHAR = re.compile("[" + "".join(_SIMPLIFIED) + "]")


def is_traditional(text: str) -> bool:
    """Printed mostly in traditional characters (of the ones the templates use)."""
    trad = len(_TRADITIONAL_CHAR.findall(text))  # a regex scan: every document asks, most have none
    if trad < MIN_TRADITIONAL:
        return False
    return trad > len(_SIMPLIFIED_CHAR.findall(text))


def fold_text(text: str) -> str:
    return text.translate(_TABLE)


def fold(doc: Document) -> Document:
    """`doc` with its text and every block's read in simplified characters, where it is a traditional copy."""
    if not is_traditional(doc.text):
        return doc
    blocks: list[Block] = [replace(b, text=fold_text(b.text), wrapped=tuple(fold_text(w) for w in b.wrapped))
                           for b in doc.blocks]
    warnings = doc.warnings + [FOLDED]
    return replace(doc, text=fold_text(doc.text), blocks=blocks,
                   title=fold_text(doc.title) if doc.title else doc.title, warnings=warnings)
