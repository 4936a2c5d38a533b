"""A table drawn with "+---+" rules (pandoc's reStructuredText and Muse grid tables) prints a cell
between every two of its column joints in each row: a spanned label's padding cells and a blank
total stand in their grid columns. 009's 四、结转下年度继续办理 prints "| 四 | | | 1 | 0 | … | 0 | |"
(two padding cells, six values, its total blank, as the report prints it): read as tab rows with
no grid, its nine cells were two more than the seven columns, and which blanks were padding
was the solver's guess (the row "trimmed", its values at 0.85). The bars place them
(boxdrawn._full_row, Block.table): its values are read in their columns, sure."""
from pathlib import Path

from extractor.pipeline import extract_bytes

from corpus import REAL, labels

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
ROW = ("natural", "commercial", "research", "social", "legal", "other")


def _read(name: str) -> tuple[dict, dict]:
    text = (CONVERTED / name).read_text(encoding="utf-8")
    return extract_bytes(text.encode("utf-8"), name)["fields"], labels(REAL / "009.md")["fields"]


def test_rst_grid_row_with_padding_and_a_blank_total_is_read_in_its_columns():
    got, want = _read("009.pandoc-rst-c40.txt")
    for col in ROW + ("total",):
        key = f"requests.carried_forward.{col}"
        assert got[key]["value"] == want[key], key
        assert got[key]["confidence"] >= 0.9, key
    assert got["requests.carried_forward.total"]["value"] is None
    assert [k for k in want if got[k]["value"] != want[k]] == []


def test_muse_grid_row_with_padding_is_read_in_its_columns():
    got, want = _read("009.pandoc-muse.txt")
    for col in ROW:
        key = f"requests.carried_forward.{col}"
        assert got[key]["value"] == want[key] and got[key]["confidence"] >= 0.9, key
    # (Muse's mid-tag wraps print "3 4" for 34: the cut numbers' totals stay in doubt)
    assert [k for k in want if got[k]["value"] != want[k]] == []
