"""Rows whose labels a PDF reader printed as one block and their numbers as another
(pdftotext's default order, tests/data/converted/README.md): a placement the print proves
is read with certainty, one that only fits is not (reorder._proven)."""
from __future__ import annotations

from pathlib import Path

from corpus import REAL, SEEDS, label_fields, labels

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
COLS = ("natural", "commercial", "research", "social", "legal", "other", "total")


def _rows(fields: dict, want: dict, rows: tuple[str, ...]) -> tuple[list, float, float]:
    keys = [f"requests.{r}.{c}" for r in rows for c in COLS]
    wrong = [k for k in keys if (fields[k]["value"] or 0) != (want[k] or 0)]
    confs = [fields[k]["confidence"] for k in keys]
    return wrong, min(confs), max(confs)


GRANTED_TO_DENIED = ("granted", "partial", "denied.state_secret", "denied.law_forbidden",
                     "denied.security", "denied.third_party")


def test_labels_then_every_cell_of_their_rows_is_proven():
    # real/001 through pdftotext: "（一）予以公开" … "5.属于三类内部事务信息" (the group labels one
    # character a line among them), then 49 numbers a line each, 7 0 0 0 0 0 7 first: as many
    # numbers as the seven rows have cells (none dropped), every row's sum holds row by row and
    # breaks column by column, the table's column sums hold - read at 0.85 before (placed by
    # the order); so (四)'s and (五)'s runs
    name = "001.pdftotext-default.txt"
    want = labels(REAL / "001.txt")["fields"]
    f = extract_bytes((CONVERTED / name).read_bytes(), name)["fields"]
    wrong, low, _ = _rows(f, want, GRANTED_TO_DENIED + ("denied.internal", "unable.not_held", "unable.need_creation",
                                                        "unable.unclear", "unprocessed.complaint",
                                                        "unprocessed.confirm"))
    assert not wrong and low >= 0.9


def test_column_blocks_the_sums_settle_are_proven():
    # pdfminer: table 三's 23 labels, then all 161 values in column blocks, 自然人 and 商业企业 a
    # row a line ("21 0", "16 0") or a cell a line: every cell printed, the search over the
    # rows' sums finds one reading, and every column sum of the table holds with it
    name = "000_26fa7c73a70403e4.pdfminer.txt"
    want = labels(SEEDS / "000_26fa7c73a70403e4.txt")["fields"]
    f = extract_bytes((CONVERTED / name).read_bytes(), name)["fields"]
    keys = [k for k in want if k.startswith("requests.")]
    assert [f[k]["value"] or 0 for k in keys] == [want[k] or 0 for k in keys]
    assert min(f[k]["confidence"] for k in keys) >= 0.9


def test_first_two_columns_beside_the_labels_the_rest_in_blocks_is_proven():
    # pdfminer (2021 form): the rows' first two columns printed in boxes beside their labels, a
    # row's pair on one line ("40 7") or a cell a line, the other columns after the last label
    # in blocks ("1 50", "0 0", "0 38" of 其他 and 总计; reorder._interleaved): the values number
    # exactly the run's cells and one reading alone keeps every row's sums, the table's column
    # sums all hold - table 三 read at 0.85 before, every cell now certain and right
    name = "gen211_00010.pdfminer.txt"
    want = label_fields(CONVERTED / "gen211_00010.labels.json")
    f = extract_bytes((CONVERTED / name).read_bytes(), name)["fields"]
    keys = [k for k in want if k.startswith("requests.")]
    assert len(keys) == 175 and [f[k]["value"] or 0 for k in keys] == [want[k] or 0 for k in keys]
    assert min(f[k]["confidence"] for k in keys) >= 0.9


def test_a_proven_order_needs_the_table_sums_as_read():
    # gen23_00018: every cell of table 三 printed in blocks (reorder.table_in_order, one reading
    # order alone keeping the rows' sums), but row 一's values printed in runs, not in column
    # order: its own sum holds, the table's column sums break as read - the blocks' rows stay
    # placed by inference, nothing wrong >= 0.9 (0.9864 with the proof alone)
    name = "gen23_00018.pdftotext-default.txt"
    want = label_fields(CONVERTED / "gen23_00018.labels.json")
    f = extract_bytes((CONVERTED / name).read_bytes(), name)["fields"]
    wrong = [k for k in want if k.startswith("requests.") and (f[k]["value"] or 0) != (want[k] or 0)]
    assert wrong and max(f[k]["confidence"] for k in wrong) < 0.9


def test_a_run_another_reading_order_fits_as_well_stays_in_doubt():
    # 000_26f: the seven rows (一)…(三)5 printed as labels then 49 numbers (16 0 0 0 0 0 16, then
    # zeros) are proven as above; (四)'s three labels then 21 numbers (5 0 0 0 0 0 5, zeros) are
    # not: a reading giving the 5s to another row of (四) keeps every row's sum and every column
    # sum too (rows of one group are parts of the same sums) - only the order says, < 0.9
    name = "000_26fa7c73a70403e4.pdftotext-default.txt"
    want = labels(SEEDS / "000_26fa7c73a70403e4.txt")["fields"]
    f = extract_bytes((CONVERTED / name).read_bytes(), name)["fields"]
    wrong, low, _ = _rows(f, want, GRANTED_TO_DENIED + ("denied.internal",))
    assert not wrong and low >= 0.9
    wrong, _, high = _rows(f, want, ("unable.not_held", "unable.need_creation", "unable.unclear"))
    assert not wrong and high < 0.9


def test_rows_placed_by_the_count_most_rows_print_stay_in_doubt():
    # 013: every row of table 三 prints two of its seven cells ("26 26"), the labels of several
    # rows before their values: the count of cells is not the rows' own (blank cells dropped),
    # so where each number stands is inferred, never certain
    name = "013.pdftotext-default.txt"
    f = extract_bytes((CONVERTED / name).read_bytes(), name)["fields"]
    moved = [v for k, v in f.items() if k.startswith(("requests.granted.", "requests.total."))]
    assert [v["value"] for v in moved if v["value"]] == [26, 26, 26, 26]
    assert max(v["confidence"] for v in moved) < 0.9
