"""Reports printed in traditional characters (a site's 繁體版 view) are read as the simplified
report they were converted from (extractor/loaders/traditional.py)."""
from pathlib import Path

from extractor.loaders import load_bytes
from extractor.loaders.traditional import FOLDED, fold, fold_text, is_traditional
from extractor.model import Block, Document, Source
from extractor.pipeline import extract_bytes

from corpus import REAL, SEEDS, documents, labels

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def _wrong(name: str, report: Path) -> tuple[list[str], dict]:
    text = (CONVERTED / name).read_text(encoding="utf-8")
    out = extract_bytes(text.encode("utf-8"), name)
    want = labels(report)["fields"]
    return [k for k in want if out["fields"][k]["value"] != want[k]], out


def test_a_taiwan_copy_of_a_real_page_reads_as_the_report():
    # real/013.html through zhconv's zh-tw conversion: 主動公開政府信息情況, 申請人情況, 總計,
    # 行政複議 … every label and heading in traditional characters (the numbers as printed).
    # Was: table 二's sections not found, 21 wrong fields, 3 of them blank at >= 0.9
    wrong, out = _wrong("013.zh-tw.html", REAL / "013.html")
    assert "主動公開" in (CONVERTED / "013.zh-tw.html").read_text(encoding="utf-8")
    assert wrong == []
    assert out["review"]["required"] is False


def test_a_traditional_markdown_report_reads_as_its_simplified_labels():
    # real/009.md through zhconv's zh-hant conversion: the markdown loader's headings and the
    # rows' labels are matched once the characters are folded back
    wrong, out = _wrong("009.zh-hant.md", REAL / "009.md")
    assert wrong == []
    assert out["warnings"] == [FOLDED]


def test_no_simplified_report_of_the_corpus_is_folded():
    # a report in simplified characters is read as printed: the fold never fires on them
    for doc in documents():
        if doc.suffix in (".txt", ".md", ".html"):
            assert not is_traditional(doc.read_text(encoding="utf-8", errors="replace")), doc.name


def test_a_folded_document_keeps_its_offsets_and_warns():
    text = "二、主動公開政府信息情況 申請人情況 自然人 總計 行政複議 結果維持 萬元 處理決定數量"
    doc = Document(Source(name="t.txt", sha256="0", format="text"), text,
                   [Block(text=text[:12], kind="line", start=0, end=12), Block(text="總計", kind="cell", wrapped=("總", "計"))])
    got = fold(doc)
    assert got.text == fold_text(text) and len(got.text) == len(text)
    assert got.text.startswith("二、主动公开政府信息情况")
    assert [b.text for b in got.blocks] == ["二、主动公开政府信息情况", "总计"] and got.blocks[1].wrapped == ("总", "计")
    assert FOLDED in got.warnings
    assert doc.text == text  # the input is not changed


def test_a_simplified_page_quoting_a_few_traditional_characters_is_read_as_printed():
    page = (SEEDS / "001_ae5d534637d2dda6.txt").read_text(encoding="utf-8")
    quoted = page + "\n附：臺灣地區來函（繁體）\n"
    assert not is_traditional(quoted)
    doc = load_bytes(quoted.encode("utf-8"), "q.txt")
    assert "臺灣地區來函（繁體）" in doc.text and FOLDED not in doc.warnings
