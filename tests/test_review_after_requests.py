"""Table 四 where the converter dropped its heading (trafilatura leaves out the <h3> between
tables 三 and 四 of a generated report: tests/data/converted/gen11_00016.trafilatura.txt, see
its README): table 四 starts after table 三's last row - a row of table 三, not a sentence of
part 六 that reads like one ("…共发出收费通知4件" beside 逾期未按收费通知要求缴纳费用)."""
from __future__ import annotations

from pathlib import Path

from corpus import extract_against, label_fields

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_review_table_without_its_heading():
    wrong, _ = extract_against(CONVERTED / "gen11_00016.trafilatura.txt", CONVERTED / "gen11_00016.labels.json")
    assert wrong == []


def test_numbers_read_before_the_tables_own_header_are_not_certain():
    # pymupdf4llm's text tables of a generated report (seed 71; README): table 三's total row is
    # cut into cells "（七）" | "总计" | … | 90 | 9 | …, its 总计 read as table 四's header, so
    # table 四 was read from table 三's totals (90, 9, 4, 5, 2, 1, 10) at 0.999 - while table
    # 四's own header and its row of zeros stand further on, after a sentence the reading
    # stopped at. Numbers under a header of the table after that stop are numbers the
    # reading left out: the fields stay in doubt
    import json

    from extractor.pipeline import extract_bytes

    path = CONVERTED / "gen71_00008.pymupdf4llm-text-tables.md"
    truth = label_fields(CONVERTED / "gen71_00008.labels.json")
    out = extract_bytes(path.read_bytes(), path.name)
    wrong = {k: f for k, f in out["fields"].items() if k.startswith("review.") and (f["value"] or 0) != (truth[k] or 0)}
    # the cut label is one again (markdown._join_cut_labels: "（七）总计", "四、结转下年度继续办理"
    # name their rows), so table 三's totals stay table 三's and table 四 is read from its own row
    assert not wrong
    assert all((out["fields"][k]["value"] or 0) == (truth[k] or 0) for k in ("requests.total.natural",
                                                                            "requests.carried_forward.total"))
    assert out["review"]["required"]


def test_a_table_printed_again_after_the_text_is_no_number_left_out():
    # pdfplumber's text and then its tables as CSV (route pdfplumber-tables, seed 47; README):
    # table 四 read from the text, then printed again under its header after the prose - the
    # same numbers in the same order are the table again, not numbers the reading left out
    import json

    from extractor.pipeline import extract_bytes

    path = CONVERTED / "gen47_00005.pdfplumber-tables.txt"
    text = path.read_text(encoding="utf-8")
    assert text.count("0 0 0 0 0 2 1 2 0 5 0 0 0 2 2") == 1 and "0,0,0,0,0,2,1,2,0,5,0,0,0,2,2" in text
    truth = label_fields(CONVERTED / "gen47_00005.labels.json")
    out = extract_bytes(path.read_bytes(), path.name)["fields"]
    review = {k: f for k, f in out.items() if k.startswith("review.")}
    assert all(f["value"] == truth[k] for k, f in review.items())
    assert min(f["confidence"] for f in review.values()) >= 0.9
