"""PDF text in reading order (WeasyPrint's PDF of the page through `pdftotext`, default order;
tests/data/converted, see its README): table 三 prints some rows' numbers above their labels.
A run read into the row above, its own label then looking printed blank, keeps every sum
where the two rows are siblings of one sum: the sums cannot say which row it is, so neither
row is read as certain (extractor.assemble._shifted_runs)."""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_run_printed_above_its_label_is_not_certain_where_the_sums_let_it_move():
    # gen874_00000: 4.保护第三方合法权益's "1 / 1 2" printed after 3.危及's label, 不掌握's "8 1 / 9"
    # after 8.属于行政查询事项's, 信访举报's "1 1 / 2" after 补正后's: each run read into the row
    # above, the run's own row read blank; moving the runs keeps the results sum (every row is
    # one of its parts) - those rows were read at 0.9998-1.0
    name = "gen874_00000.weasyprint-pdftotext-default.txt"
    data = (CONVERTED / name).read_bytes()
    assert "3.危及“三安全一稳定”\n1\n1 2\n（三）不 4.保护第三方合法权益" in data.decode("utf-8")
    want = label_fields(CONVERTED / "gen874_00000.labels.json")
    f = extract_bytes(data, name)["fields"]
    wrong = {k: f[k]["confidence"] for k, v in want.items() if k.startswith("requests.")
             and not isinstance(v, dict) and (f[k]["value"] or 0) != (v or 0)}
    assert wrong  # (the print order puts the runs in the row above: read so, in doubt)
    assert all(c < 0.9 for c in wrong.values()), {k: c for k, c in wrong.items() if c >= 0.9}
    for row in ("denied.third_party", "unable.not_held", "unprocessed.complaint"):
        assert all(f[f"requests.{row}.{c}"]["confidence"] < 0.9 for c in ("natural", "total")), row
