"""Rows whose labels a PDF reader printed as one block and their numbers as another
(pdftotext's default order, tests/data/converted/README.md): a placement the print proves
is read with certainty, one that only fits is not (reorder._proven)."""
from __future__ import annotations

import json
from pathlib import Path

from corpus import SEEDS, labels

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
    # gen11_00006: "（一）予以公开" … "4.保护第三方合法权益" (group labels one character a line
    # among them), then 42 numbers, 38 1 0 0 3 0 42 | 4 0 0 0 0 0 4 | zeros: as many numbers
    # as the six rows have cells (none dropped), every row's sum holds row by row and breaks
    # column by column, the table's column sums hold - read at 0.85 before (placed by order)
    name = "gen11_00006.pdftotext-default.txt"
    want = json.loads((CONVERTED / "gen11_00006.labels.json").read_text(encoding="utf-8"))["fields"]
    f = extract_bytes((CONVERTED / name).read_bytes(), name)["fields"]
    wrong, low, _ = _rows(f, want, GRANTED_TO_DENIED + ("unable.not_held", "unable.need_creation",
                                                        "unable.unclear"))
    assert not wrong and low >= 0.9


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
