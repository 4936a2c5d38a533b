"""Every input that broke xxgk when it was fuzzed (tests/data/reliability/, described in its
README) ends as a clear LoadError or a result flagged for review, within its budget.

Budgets are counted in steps, not seconds (limits.py), so these tests assert step counts and
flags; how long the inputs take is measured by benchmarks/fuzz_extract.py.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor import limits, solve
from extractor.loaders import load, load_bytes
from extractor.model import LoadError
from extractor.pipeline import extract_bytes, extract_file

DATA = Path(__file__).resolve().parent / "data" / "reliability"


def inputs(folder: str) -> list[Path]:
    return sorted(p for p in (DATA / folder).iterdir() if p.is_file())


class Spent:
    """Counts the steps every search budget takes while it is installed."""

    def __init__(self, monkeypatch) -> None:
        self.steps = 0
        self.cut = 0
        spend = solve.Budget.spend
        counter = self

        def counting(budget, n=1):
            counter.steps += n
            ok = spend(budget, n)
            counter.cut += not ok
            return ok

        monkeypatch.setattr(solve.Budget, "spend", counting)


def flagged_cut_fields(report: dict) -> list[str]:
    return [k for k, f in report["fields"].items()
            if (f.get("explain") or {}).get("evidence", {}).get("search_cut")]


# --- the digit-split search ----------------------------------------------------------------

@pytest.mark.parametrize("path", inputs("hang_huge_number") + inputs("slow_shuffle"), ids=lambda p: p.name)
def test_search_is_bounded_and_a_cut_search_is_flagged(path, monkeypatch):
    spent = Spent(monkeypatch)
    report = extract_file(path, explain=True)
    # a document's searches draw on one pool; once it is spent each further search gets the
    # minimum (three searches at most per table row: split, relaxed split, placements)
    rows = sum(1 for _ in report["fields"]) // 5 + 40
    assert spent.steps <= limits.DOCUMENT_SOLVE_STEPS + 3 * rows * limits.MIN_SOLVE_STEPS + limits.SOLVE_STEPS
    assert report["review"]["required"]
    if spent.cut:
        cut = flagged_cut_fields(report)
        assert cut, "a search ran out of budget but no field says so"
        for key in cut:
            f = report["fields"][key]
            assert f["confidence"] < 0.9
            assert any("预算" in why for why in f["explain"]["why"]), f["explain"]


def test_search_budget_is_deterministic():
    """The same input gives the same output, byte for byte: the budget counts steps, not time."""
    path = DATA / "hang_huge_number" / "req_first5.txt"
    a, b = extract_file(path), extract_file(path)
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def test_a_long_digit_run_returns_the_best_reading_so_far():
    """A 60-digit run of one 7-column row: the search stops at its budget with readings found
    so far, every one marked cut; a larger budget finds at least as many."""
    spec = solve.RowSpec(7, sums=(((0, 1, 2, 3, 4, 5), (6,)),))
    tok = [solve.Token("9" * 20 + "1234567890" * 4, True)]
    small = solve.candidates(tok, spec, steps=500)
    assert small and all(c.cut for c in small)
    assert all(len(c.cells) == 7 for c in small)
    assert len(solve.candidates(tok, spec, steps=5000)) >= len(small)


def test_a_search_within_budget_is_not_cut():
    spec = solve.RowSpec(7, sums=(((0, 1, 2, 3, 4, 5), (6,)),))
    cands = solve.candidates([solve.Token("3000003", True)], spec)
    assert cands[0].cells == ("3", "0", "0", "0", "0", "0", "3") and not cands[0].cut


def test_surplus_blanks_search_is_bounded():
    """A row of many empty cells around a few values (a shuffled report): every way of
    dropping the surplus is C(24, 12) = 2.7 M; the budget stops it."""
    spec = solve.RowSpec(5, sums=(((0, 1, 2, 3), (4,)),))
    toks = [solve.Token("", blank=True) for _ in range(12)] + [solve.Token("1"), solve.Token("1")] \
        + [solve.Token("", blank=True) for _ in range(12)]
    budget = solve.Budget(1000)
    out = solve._drop_surplus_blanks(toks, spec, budget)
    assert budget.cut and out


def test_the_document_pool_limits_every_search_after_it_is_spent():
    pool = solve.Budget(limits.MIN_SOLVE_STEPS * 10)
    first = pool.search()
    assert first.left == limits.MIN_SOLVE_STEPS * 10  # the pool is below SOLVE_STEPS
    assert not first.spend(limits.MIN_SOLVE_STEPS * 11) and first.cut
    assert pool.left < 0
    assert pool.search().left == limits.MIN_SOLVE_STEPS


# --- a sign before a sub-row label -----------------------------------------------------------

def test_minus_before_a_label_is_read_and_flagged():
    """`-` printed before a sub-row label used to raise IndexError in the solver."""
    report = extract_file(DATA / "indexerror" / "009_minus_before_label.md")
    assert report["template"] == "2021"
    assert report["review"]["required"]
    assert report["fields"]["requests.new.total"]["value"] == 34


def test_a_row_of_only_signs_has_a_reading():
    spec = solve.RowSpec(7)
    cands = solve.candidates([solve.Token("-", True)], spec)
    assert cands and all(len(c.cells) == 7 for c in cands)


# --- undecodable bytes -----------------------------------------------------------------------

@pytest.mark.parametrize("path", inputs("decode"), ids=lambda p: p.name)
def test_a_few_undecodable_bytes_are_replaced_with_a_warning(path):
    data = path.read_bytes()
    doc = load(path)
    assert any("U+FFFD" in w for w in doc.warnings)
    marked = [b for b in doc.blocks if "\ufffd" in b.text]
    assert marked and all(b.text_confidence == limits.REPLACED_TEXT_CONFIDENCE for b in marked)
    # the tables are intact: every value is what the file without the bad bytes gives
    clean = data.decode("utf-8", errors="ignore").encode("utf-8")
    want = {k: f["value"] for k, f in extract_bytes(clean, path.name)["fields"].items()}
    got = extract_file(path)
    assert {k: f["value"] for k, f in got["fields"].items()} == want
    assert any("U+FFFD" in w for w in got["warnings"])


def test_a_bad_byte_inside_a_value_is_flagged():
    path = DATA / "decode" / "decode_one_ff_byte_mid.txt"
    data = path.read_bytes().replace(b"\t\t21\t0\t0\t0\t0\t0\t21\t", b"\t\t2\xff1\t0\t0\t0\t0\t0\t21\t", 1)
    report = extract_bytes(data, "mutant.txt")
    field = report["fields"]["requests.new.natural"]
    # the cell "2\ufffd1" is read (raw kept) or left unread, never a sure number
    assert "\ufffd" in field["raw"] or field["raw"] == ""
    assert field["confidence"] < 0.9
    assert report["review"]["required"] and "requests.new.natural" in {
        k for it in report["review"]["items"] for k in it["keys"]}


def test_many_undecodable_bytes_are_a_clear_load_error():
    data = bytearray((DATA / "decode" / "decode_one_ff_byte_mid.txt").read_bytes())
    for i in range(100, len(data), 97):
        data[i] = 0xFF
    with pytest.raises(LoadError, match="undecodable"):
        load_bytes(bytes(data), "garbled.txt")


# --- memory bombs and lying files: a clear error naming the cap --------------------------------

@pytest.mark.parametrize("path", inputs("membombs") + inputs("pdf_runtimeerror"), ids=lambda p: p.name)
def test_bombs_and_lying_files_are_clear_load_errors(path):
    with pytest.raises(LoadError) as e:
        load(path)
    message = str(e.value)
    assert message.startswith(path.name + ": ")
    assert "XXGK_" in message or "corrupt PDF" in message or "OCR" in message


# --- wrong but confident ---------------------------------------------------------------------

@pytest.mark.parametrize("path", inputs("negative_counts"), ids=lambda p: p.name)
def test_negative_counts_are_never_auto_accepted(path):
    report = extract_file(path)
    negative = [k for k, f in report["fields"].items()
                if isinstance(f["value"], (int, float)) and f["value"] < 0]
    assert negative and report["review"]["required"]
    flagged = {k for item in report["review"]["items"] for k in item["keys"]}
    assert set(negative) <= flagged


# --- script payloads: data, never markup ------------------------------------------------------

@pytest.mark.parametrize("path", inputs("xss"), ids=lambda p: p.name)
def test_script_payloads_do_not_disturb_extraction(path):
    """Script in the name, text, agency line and cells: the tables are read as usual, and
    whatever markup is kept is kept as text (the review page must escape it)."""
    report = extract_file(path)
    assert report["template"] and all(c["status"] != "broken" for c in report["checks"])
    assert all("<script" not in (f["raw"] or "") for f in report["fields"].values())


def test_markdown_rows_are_recognised_within_one_line():
    """The pipe-table separator and grid rules are matched a line at a time. With `\\s` the
    separator pattern ran over line ends: a text of many lines of spaces (blank cells printed
    as " ") made format detection backtrack without end (2,000 such lines: 87 s CPU)."""
    from extractor.loaders.signatures import _GRID_RULE, _MD_SEP, text_format

    text = "规章\n" + " \n" * 3 + "| a | b |\n|---|---|\n \n+---+---+\n"
    seps = [m.group(0) for m in _MD_SEP.finditer(text)]
    assert seps == ["|---|---|"]
    assert [m.group(0) for m in _GRID_RULE.finditer(text)] == ["+---+---+"]
    assert text_format(text) == "markdown"
    assert text_format("报告\n" + " \n" * 5000 + "1\n") == "text"
