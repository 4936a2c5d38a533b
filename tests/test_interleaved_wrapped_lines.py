"""Table 三's rows whose numbers wrap in narrow cells, the lines interleaved (pdfplumber's text of
Chromium's PDF, tests/data/converted, see its README): a row's wrapped numbers print their first
pieces on one line and their rests on a line below, the numbers printed whole on either line or on
the label's line between them ("104 55 1 24 113" / "（一）予以公开 8 2" / "3 3" for 1043 55 8 1 24 2
1133). The columns are a merge of the lines, each keeping its order (assemble._line_merges); the
row's sum picks the joins, the table's column sums where the whole numbers stand."""
from __future__ import annotations

from pathlib import Path

from extractor import templates as T
from extractor.assemble import _line_merges, _merges_pinned
from extractor.pipeline import extract_bytes
from extractor.solve import Candidate, RowSpec, Token
from corpus import label_fields, wrong_counts

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
SPEC = RowSpec(7, sums=(((0, 1, 2, 3, 4, 5), (6,)),))


class _Line:
    def __init__(self, row: int) -> None:
        self.row = row


def _merges(*lines: str) -> list[tuple[str, ...]]:
    toks = [[Token(text, True, False, _Line(i))] for i, text in enumerate(lines)]
    return [tuple(x for x, _ in cells) for cells in _line_merges(toks, SPEC) or []]


def test_rows_read_as_merges_of_their_lines():
    name = "003_2b6abe27bfe85e6a.chromium-pdfplumber.txt"
    data = (CONVERTED / name).read_bytes()
    assert "三、本年度办 104 55 1 24 113\n（一）予以公开 8 2\n3 3\n" in data.decode("utf-8")
    want = label_fields(CONVERTED / "003_2b6abe27bfe85e6a.chromium-pdfplumber.labels.json")
    out = extract_bytes(data, name)["fields"]
    # was: 一 read "3 0 … 3" (its own "3" / "0 3" add up), 予以公开 "8 2 1043 55 1 24 1133" and
    # 总计 "10 2642 119 1 39 3 2814" (each line a run of columns)
    for row in ("new", "granted", "partial", "total"):
        assert not wrong_counts(want, out, f"requests.{row}."), row
    assert out["requests.granted.natural"]["value"] == 1043
    assert out["requests.granted.research"]["value"] == 8
    assert out["requests.total.total"]["value"] == 2814
    wrong = wrong_counts(want, out)
    assert not wrong or max(out[k]["confidence"] for k in wrong) < 0.9


def test_merges_glue_first_pieces_of_one_line_to_rests_of_one_line_below():
    got = _merges("104 55 1 24 113", "8 2", "3 3")
    # the pieces: 104|3 and 113|3 (its rests on the last line); 8 and 2 anywhere between, in order
    assert len(got) == 15 and all("1043" in m and m[-1] == "1133" for m in got)
    assert ("1043", "55", "8", "1", "24", "2", "1133") in got
    # (a rest longer than its first piece, or pieces of two line pairs in one row, never:
    # "1048" would glue the label's line to the line above while 113|3 glues the last)
    assert not any("1048" in m for m in got)


def test_merges_prefer_lines_read_one_after_another():
    # (where sums cannot tell - zeros - the fewest changes of line come first)
    got = _merges("0 0 3", "32 2 0 0", "4")
    assert got[0] == ("0", "0", "32", "2", "0", "0", "34") or got[0] == ("32", "2", "0", "0", "0", "0", "34")
    assert got.index(("32", "2", "0", "0", "0", "0", "34")) < got.index(("32", "0", "2", "0", "0", "0", "34"))


def test_no_merge_where_the_parts_cannot_reach_the_total():
    assert _merges("266 120 10 1 39 999", "3", "0 3") == []


def test_blank_dropping_lines_merged_only_where_each_prints_a_run():
    # 部分公开's "7 261" / "243 10 1" (two blank cells dropped) are merged; a number alone on its
    # line may be a stray piece (pdfminer's "8" / "1 9" under 结转下年度, whose cells are blank)
    assert ("243", "10", "1", "7", "261") in _merges("7 261", "243 10 1")
    assert _merges("8", "1 9") == [] and _merges("1", "1") == []


def test_every_row_wrapped_alike_moves_together():
    # seed 281: 2-digit columns, 1977 / 352 / 2562 printed "19 35 13 25" / "一、… 0 0 97" / "77 2 6
    # 62"; 部分公开, 属于四类过程性信息, 本机关不掌握, 信访举报 each wrap their 自然人 only, and read
    # with it last (the lines one after another) every column sum breaks until all four move: the
    # rows merged move one at a time toward the column sums holding (assemble._rows_together),
    # kept where more identities hold. (七)总计's own "0 0" / "42 4 0 1 47" add up (0 + 0 + 42 + 4 + 0 +
    # 1 = 47): the line above it, "20 36 10 14 26", under 3.其他's zeros, is its first pieces
    name = "gen281_00003.chromium-pdfplumber.txt"
    data = (CONVERTED / name).read_bytes()
    assert "20 36 10 14 26\n（七）总计 0 0\n42 4 0 1 47\n" in data.decode("utf-8")
    want = label_fields(CONVERTED / "gen281_00003.chromium-pdfplumber.labels.json")
    out = extract_bytes(data, name)["fields"]
    assert not wrong_counts(want, out, "requests.")  # was: 40 wrong
    assert out["requests.total.legal"]["value"] == 100 and out["requests.other.other.total"]["value"] == 0


def test_a_merge_the_sums_allow_alone_is_proven():
    # gen281_00003: the seven rows read as merges of their lines - every merge the search allows,
    # each keeping its row's sum (一 20 readings, 予以公开 and 总计 15, the others 6) - and of all
    # their joint readings one alone keeps the 14 column identities, the other rows as read:
    # which column each number stands in is proven, not inferred (was: every cell of them at 0.85,
    # the document in review)
    name = "gen281_00003.chromium-pdfplumber.txt"
    want = label_fields(CONVERTED / "gen281_00003.chromium-pdfplumber.labels.json")
    got = extract_bytes((CONVERTED / name).read_bytes(), name)
    out = got["fields"]
    assert not wrong_counts(want, out)
    for row in ("new", "granted", "partial", "denied.process", "unable.not_held", "unprocessed.complaint", "total"):
        for col in ("natural", "commercial", "research", "social", "legal", "other", "total"):
            assert out[f"requests.{row}.{col}"]["confidence"] >= 0.9, (row, col)
    assert got["review"]["required"] is False


def _reading(*cells):
    return Candidate(tuple(None if c is None else str(c) for c in cells), (None,) * len(cells), 0.0, "split", True)


def test_cells_two_joint_readings_disagree_on_are_not_pinned():
    # 一, 予以公开 and 总计 read as merges, each with its 自然人 and 商业企业 (1 / 0) printed either
    # way round (gen281_00011's "35 0 4" / "1 0 4 1" / "1"): every other row prints the same in
    # those columns (0 / 0), so the joint reading with all three swapped keeps every column
    # identity too - those two columns are not pinned, the others are
    tpl = T.REQUESTS["2021"]
    zeros = _reading(0, 0, 0, 0, 0, 0, 0)
    ways = [_reading(1, 0, 0, 0, 2, 0, 3), _reading(0, 1, 0, 0, 2, 0, 3), _reading(1, 0, 0, 0, 0, 2, 3)]
    choice = {r.key: zeros for r in tpl.rows}
    choice.update({"new": ways[0], "total": ways[0], "granted": ways[0]})
    # (总计's third reading, 法律服务机构 and 其他 swapped, no reading of the others matches)
    pinned = _merges_pinned(choice, {"new": ways[:2], "total": ways, "granted": ways[:2]}, tpl)
    assert pinned == {key: frozenset({2, 3, 4, 5, 6}) for key in ("new", "total", "granted")}
    # 予以公开 printed on one line, read cell for cell (1 0 …): 总计 = Σ results pins 总计, and
    # 一 + 二 = 总计 + 结转 then 一
    pinned = _merges_pinned(choice, {"new": ways[:2], "total": ways}, tpl)
    assert pinned == {key: frozenset(range(7)) for key in ("new", "total")}
    # a chosen reading that is not among its row's readings: no proof
    assert _merges_pinned(choice, {"new": ways[1:2], "total": ways}, tpl) == {}
