"""Space-aligned text where a row's one part equals its total and stands a column off: its row's
sum holds in any column, and only the column identities tell - a column printing the part and no
total beside one printing the total and no part ("not itemised" both, on opposite sides) is no
proof of either placement (`confidence.shift_mends`; files in tests/data/converted, see its README)."""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields, plain

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen720_00012.chromium-pdftotext-layout.txt"


def test_a_lone_part_pressed_into_the_next_column_is_not_sure():
    # seed 720's gen720_00012 through Chromium's PDF and pdftotext -layout: 一's label (16 CJK
    # characters, printed about 32 wide) presses its "8" to character 32 - 商业企业's left edge,
    # 自然人 at 29 - while （一）予以公开 prints its 自然人 4 at 27. 一 read [blank, 8, …] at 0.999:
    # its sum 0+8+… = 8 holds wherever the 8 stands, 自然人's column prints (七) 8 and no part,
    # 商业企业's prints 一's 8 and no total
    text = (CONVERTED / NAME).read_text(encoding="utf-8")
    assert "\n一、本年新收政府信息公开申请数量                8                              8\n" in text
    assert "\n三、本年度办 （一）予以公开             4                                   4\n" in text
    want = label_fields(CONVERTED / "gen720_00012.chromium-pdftotext-layout.labels.json")
    assert plain(want["requests.new.natural"]) == 8 and not plain(want["requests.new.commercial"])
    fields = extract_bytes(text.encode("utf-8"), NAME)["fields"]
    for key in ("requests.new.natural", "requests.new.commercial"):
        assert fields[key]["confidence"] < 0.9, (key, fields[key])
    wrong = [k for k in want if k in fields and (plain(fields[k]["value"]) or 0) != (plain(want[k]) or 0)]
    assert all(fields[k]["confidence"] < 0.9 for k in wrong), [k for k in wrong if fields[k]["confidence"] >= 0.9]
    # the row's total, which every reading agrees on, stays sure
    assert fields["requests.new.total"]["value"] == 8 and fields["requests.new.total"]["confidence"] >= 0.9
