"""WeasyPrint's PDF text in pdftotext's default reading order, where a reading kept every sum it
was checked by and was still wrong: what the sums prove and what they do not (files in
tests/data/converted, see its README).

- a table none of whose identities holds is no report's own slip (`outcomes._tables_unconfirmed`);
- a row's sum holds for its parts in any order: where every column identity through a part
  breaks, its column rests on the print order alone (`confidence.order_unconfirmed`);
- two sibling rows' runs exchanged keep every sum: where one of them was placed by inference,
  so is the other (`confidence.swap_unproven`)."""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields, plain

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
ROUTE = "weasyprint-pdftotext-default"


def _read(stem: str):
    text = (CONVERTED / f"{stem}.{ROUTE}.txt").read_text(encoding="utf-8")
    want = label_fields(CONVERTED / f"{stem}.{ROUTE}.labels.json")
    return text, want, extract_bytes(text.encode("utf-8"), f"{stem}.{ROUTE}.txt")


def _wrong(want: dict, fields: dict) -> list[str]:
    return [k for k in want if k in fields and (plain(fields[k]["value"]) or 0) != (plain(want[k]) or 0)]


def test_a_table_whose_every_identity_breaks_is_no_publishers_slip():
    # gen737_00004: table 四 printed blank; 15 numbers of table 三 printed after 四's first
    # headers are read as 四, all three of its row sums broken - judged the report's own slips,
    # scored again as if they held: 0.999
    text, want, out = _read("gen737_00004")
    assert "结果 结果 其他 尚未 总 未经复议直接起诉" in text
    assert all(want[k] is None for k in want if k.startswith("review."))
    fields = out["fields"]
    assert fields["review.litigation_direct.pending"]["value"] == 5
    review = [k for k in fields if k.startswith("review.")]
    assert all(fields[k]["confidence"] < 0.9 for k in review), [k for k in review if fields[k]["confidence"] >= 0.9]
    assert not [f for f in out["review"].get("findings", []) if f["keys"][0].startswith("review.")]
    assert out["review"]["required"]


def test_a_row_in_print_order_whose_columns_all_break_is_not_placed():
    # gen720_00002: 二、上年结转 prints one cell a block, 商业企业's 11 after 法律's and 其他's
    # ("63 / 0 / 0 / 0 / 2 / 11 / 76"): the row's sum holds in any order, every column identity
    # of the table breaks - 0.9864 before
    text, want, out = _read("gen720_00002")
    assert "\n63\n\n0\n\n0\n\n0\n\n2\n\n11\n\n76\n" in text
    assert plain(want["requests.carried_over.commercial"]) == 11
    fields = out["fields"]
    wrong = _wrong(want, fields)
    assert "requests.carried_over.commercial" in wrong
    assert all(fields[k]["confidence"] < 0.9 for k in wrong), [k for k in wrong if fields[k]["confidence"] >= 0.9]
    # a row the column identities confirm keeps its cells sure (研究机构's column holds)
    assert fields["requests.denied.law_forbidden.research"]["confidence"] >= 0.9


def test_a_sibling_of_a_row_placed_by_inference_is_not_sure_of_its_run():
    # gen738_00006: 5.属于三类内部事务信息's run "10 1 0 0 0 0 11" prints before its label, right
    # after 4.保护第三方合法权益's, and is read as row 4's; row 5 (placed by inference) reads
    # another run of zeros. Both rows are parts of the same column sums, each run keeps its
    # row's sum: 4's commercial 1 was 1.0
    text, want, out = _read("gen738_00006")
    assert "4.保护第三方合法权益\n公开\n10 1 0 0 0 0 11\n5.属于三类内部事务信息" in text.replace("\n\n", "\n")
    assert plain(want["requests.denied.internal.commercial"]) == 1
    fields = out["fields"]
    assert fields["requests.denied.third_party.commercial"]["value"] == 1
    wrong = _wrong(want, fields)
    assert all(fields[k]["confidence"] < 0.9 for k in wrong), [k for k in wrong if fields[k]["confidence"] >= 0.9]
    # cells the exchange would not change (0 in both rows) keep their confidence
    assert fields["requests.denied.third_party.research"]["confidence"] >= 0.9
