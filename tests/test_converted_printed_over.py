"""Cells printed over a label's bytes: generated reports through the C++ html2text (Debian's
/usr/bin/html2text, route html2text-c), read from its real output (tests/data/converted, see its
README).

It writes each cell at its byte column, so a label longer than its column is written over:
table 二's "行政许\ufffd1       68      24" (可 lost its last byte to the cell "1") and
"其他对\ufffd0管理\ufffd6\ufffd务事617" (cells 0, 6, 617 over 外, 服 and 项). Read before as one
row with a wrapped label, 68 and 24 went to 其他对外管理服务事项 at 0.93.
"""
from __future__ import annotations

from pathlib import Path

from extractor.loaders import load_bytes, printed_over
from extractor.loaders.encoding import decode
from extractor.pipeline import extract_bytes

DATA = Path(__file__).resolve().parent / "data" / "converted"
OVER = "gen643_00008.html2text-c.txt"  # table 二's rows printed over
SIGNED = "gen771_00007.html2text-c.txt"  # a signed change printed over; table 三 over item numbers


def _extract(name: str) -> dict:
    return extract_bytes((DATA / name).read_bytes(), name)


def _row(fields: dict, row: str) -> list:
    return [fields[f"active.{row}.{k}"] for k in ("prev_items", "change", "decisions")]


def test_cells_printed_over_a_label_give_no_number_near_sure():
    got = _extract(OVER)["fields"]
    for row in ("licensing", "other_admin"):
        assert all(f["confidence"] < 0.9 for f in _row(got, row))


def test_cells_printed_over_a_label_read_at_their_places():
    out = _extract(OVER)
    got = out["fields"]
    # (the first cell, glued to its label's cut character, is no cell a reader sees: left unread)
    assert [f["value"] for f in _row(got, "licensing")][1:] == [68, 24]
    assert [f["value"] for f in _row(got, "other_admin")][1:] == [6, 617]
    assert [f["value"] for f in _row(got, "punishment")][1:] == [22, 863]
    assert out["review"]["required"]


def test_a_signed_number_and_item_numbers_over_cut_labels():
    got = _extract(SIGNED)["fields"]
    assert [f["value"] for f in _row(got, "punishment")] == [169, -42, 0]
    assert [f["value"] for f in _row(got, "coercion")] == [0, 3, 18090]
    assert got["requests.partial.total"]["value"] == 55
    assert got["requests.unable.not_held.total"]["value"] == 754
    assert got["requests.denied.third_party.total"]["value"] == 9


def test_only_lines_with_a_number_printed_over_are_relaid():
    text, _ = decode((DATA / SIGNED).read_bytes())
    lines = text.split("\n")
    relaid = [ln for ln in lines if printed_over.relaid_here(ln)]
    assert relaid and all("\ufffd" in ln for ln in relaid)
    # an item's number is its label's ("(三)不4.保护第三方合\ufffd9\ufffd权益": the cell is 9)
    item = next(ln for ln in relaid if "保护第三方" in ln)
    assert printed_over.head(item).endswith("4.保护第三方合\ufffd")
    # the last number stands apart: its unit stays ("  0元" is no label's rest)
    assert printed_over.relaid_line("政府集\ufffd0采购         0元").endswith(" 0元")
    assert printed_over.relaid_line("其他对\ufffd0管理\ufffd6\ufffd务事617").split() == ["其他对\ufffd0", "6", "617"]


def test_relaid_rows_doubted_in_the_loaded_document():
    doc = load_bytes((DATA / OVER).read_bytes(), OVER)
    cells = [b for b in doc.blocks if b.kind == "cell" and b.text in ("68", "24", "617")]
    assert cells and all(b.text_confidence is not None and b.text_confidence < 0.9 for b in cells)


# table 三 drawn (| bars, _ rules), its labels longer than their cells: each cell written over
# the label's overflow keeps the label's bytes beside its number ("|_9\ufffd\ufffd|", "|_1\ufffd|")
DRAWN = "gen848_00010.html2text-c.txt"


def test_drawn_cells_written_over_a_label_read_as_their_numbers():
    got = _extract(DRAWN)["fields"]
    assert [got[f"requests.new.{k}"]["value"] for k in ("natural", "commercial", "total")] == [9, 2, 12]
    assert [got[f"requests.partial.{k}"]["value"] for k in ("natural", "total")] == [3, 3]
    assert [got[f"requests.unable.not_held.{k}"]["value"] for k in ("natural", "commercial", "total")] == [1, 1, 2]
    # the row's cells are read from bytes a label was printed under: none near-sure
    assert all(got[f"requests.partial.{k}"]["confidence"] < 0.9 for k in ("natural", "total"))


def test_an_item_number_before_its_cut_label_is_no_cell():
    text, _ = decode((DATA / DRAWN).read_bytes())
    line = next(ln for ln in text.split("\n") if "1、本机关不掌" in ln)
    relaid = printed_over.drawn_relaid(line)
    assert "1、本机关不掌" in relaid and "|_1 " in relaid
    got = _extract(DRAWN)["fields"]
    assert got["requests.unable.unclear.natural"]["value"] is None
