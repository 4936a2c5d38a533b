"""pdftotext -layout of wkhtmltopdf's PDF (a held-out route, never trained on), real output of a
generated report in tests/data/converted (see its README).

Table 三's headings wrap in narrow cells, each line's piece centred: "自然" on one line and "人"
on another two characters right, "商业企" over "业", "法律服务机" over "构", "总" and "计" lines
apart. No line shows every column, and a row printing few numbers ("2 … 1 … 3") cannot place
them by the sums: moving every cell of a column keeps them. The headings' pieces joined into
columns (the line printing most headings, the pieces over each, the rest stacked) place them."""
from __future__ import annotations

from pathlib import Path

from corpus import extract_against, wrong_values

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_a_lone_number_under_a_heading_wrapped_staggered_is_read_there():
    # "1" at column 54 under 法律服务机 (54-58), a character clear of 社会公益组 (48-52): at base
    # read as 商业企业's (the row's few numbers placed by priors), six wrong fields
    name = "gen877_00011.wkhtmltopdf-pdftotext-layout"
    wrong = wrong_values(CONVERTED / f"{name}.txt", CONVERTED / f"{name}.labels.json", "requests.")
    assert wrong == {}
    wrong, decision = extract_against(CONVERTED / f"{name}.txt", CONVERTED / f"{name}.labels.json")
    assert wrong == []
