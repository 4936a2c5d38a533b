"""Reports through inscriptis (HTML -> text that lays tables out in columns; a held-out route
of training/converters.py, never trained on), read from its real output of generated reports
(tests/data/converted, see its README).

inscriptis pads every row's n-th cell to the n-th column and ignores merged cells' spans: the
first row under a merged group label ("三、本年度办理结果 (一)予以公开", "(三)不予公开
1.属于国家秘密") prints its second label where the other rows print their first value and
every value one column to the right, into a last column no other row uses.
"""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields
from extractor.loaders import aligned
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
COLUMNS = ("natural", "commercial", "research", "social", "legal", "other", "total")


def _read(name: str, labels: str) -> tuple[dict, dict]:
    path = CONVERTED / name
    want = label_fields(CONVERTED / labels)
    return want, extract_bytes(path.read_bytes(), path.name)["fields"]


def _row(fields: dict, row: str) -> list:
    return [(fields[f"requests.{row}.{c}"]["value"] if isinstance(fields[f"requests.{row}.{c}"], dict)
             else fields[f"requests.{row}.{c}"]) for c in COLUMNS]


def _truth(want: dict, row: str) -> list:
    return [want.get(f"requests.{row}.{c}") for c in COLUMNS]


def test_row_with_an_extra_label_cell_has_its_values_moved_back():
    # "三、本年度办理结果  (一)予以公开  295  4 ... 316": its values one column right of the
    # other rows'; no row prints the social column, so the rows of the usual shape print six
    # value columns (766 12 · 2 44 824): read in the row's own columns, not shifted into the
    # total's place, and never near-certain where a column was placed by inference
    want, got = _read("gen11_00020.inscriptis.txt", "gen11_00020.labels.json")
    for row in ("new", "granted", "total", "carried_forward"):
        assert _row(got, row) == _truth(want, row), row
    wrong_sure = [k for k, v in got.items() if k.startswith("requests.") and k in want
                  and v["value"] != want[k] and v["confidence"] >= 0.9]
    assert wrong_sure == []


def test_numbering_with_a_space_before_its_dot_is_part_of_the_label():
    # "6 . 属于四类过程性信息": the 6 is the label's numbering, not a value in a column of its own
    frags = aligned.text_frags("      6 . 属于四类过程性信息          0        0", 0)
    assert [f.text for f in frags] == ["6 . 属于四类过程性信息", "0", "0"]
    want, got = _read("gen11_00005.inscriptis.txt", "gen11_00005.labels.json")
    requests = [k for k in want if k.startswith("requests.")]
    assert [k for k in requests if got[k]["value"] != want[k]] == []


def test_a_column_blank_in_every_row_keeps_its_slot_by_its_separator():
    # gen211_00018: 法律服务机构 is blank on every row of table 三 and has no heading over its
    # slot (the headings row is printed a cell left, blind to the merged 自然人), so inscriptis
    # prints that column with no width - only its separator: "其他  3" stands 4 spaces after
    # the column before it ends where every other column stands 2 after. Read by the numbers
    # alone, 其他's values fell into 法律服务机构 (0.85); by the padded grid they keep their slot
    want, got = _read("gen211_00018.inscriptis.txt", "gen211_00018.inscriptis.labels.json")
    for row in ("new", "carried_over", "unable.not_held", "other.no_correction", "total"):
        assert _row(got, row) == _truth(want, row), row
    requests = [k for k in want if k.startswith("requests.")]
    assert [k for k in requests if got[k]["value"] != want[k]] == []
    # (where the slot is only inferred, no blank beside it is near-certain)
    assert all(got[f"requests.new.{c}"]["confidence"] < 0.9 for c in ("research", "social", "legal"))
