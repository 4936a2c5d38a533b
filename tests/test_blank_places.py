"""training.blank_places: which cells a text in reading order (blank cells printed as
nothing) still determines through the template's identities, on committed dev labels."""
import json
from pathlib import Path

from training.blank_places import analyse, feasible, placements, row_readings, runs_pinned

DATA = Path(__file__).parent / "data" / "converted"


def _label(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def test_sums_place_most_rows_of_a_report_with_blank_cells():
    # 003_2b6: 20 rows of table 三 leave cells blank ("15 1 16", "14 1 15", "875 39 8 1 923" ...);
    # the per-column sums place all of them but two, whose 1s (科研机构 / 商业企业) may swap
    a = analyse(_label("003_2b6abe27bfe85e6a.chromium-pdfplumber.labels.json"))["requests"]
    several = {r: v["readings"] for r, v in a["rows"].items() if v["readings"] != 1}
    assert several == {"denied.third_party": 2, "denied.internal": 2}
    assert sum(v["blank"] for v in a["rows"].values()) == 20
    assert a["fields"]["requests.unable.not_held.legal"] is True  # 8 only fits 法律服务机构
    assert a["fields"]["requests.denied.third_party.natural"] is True  # 15 in either reading
    assert a["fields"]["requests.denied.third_party.research"] is False


def test_one_part_and_its_total_in_every_row_is_lost():
    # 004_22cd: "1 1" in 一、, 予以公开 and 总计: any one part column keeps every sum
    a = analyse(_label("004_22cd3b9bc5f65582.pandoc-plain.labels.json"))["requests"]
    several = {r: v["readings"] for r, v in a["rows"].items() if v["readings"] != 1}
    assert several == {"new": 6, "granted": 6, "total": 6}


def test_row_readings_keep_the_row_total_and_merge_zeros():
    keys = [f"requests.x.{c}" for c in "abc"]
    truth = dict(zip(keys, [None, 3, 3]))
    from extractor.templates.identities import Sum
    rs = [Sum("row", tuple(keys[:2]), (keys[2],), True)]
    got = row_readings(keys, truth, rs)
    assert {tuple(v[k] for k in keys) for g in got for v in g} == {(3.0, None, 3.0), (None, 3.0, 3.0)}
    assert len(placements([0.0, 0.0], 3)) == 3
    assert len(row_readings(keys, dict(zip(keys, [0, None, 0])), rs)) == 1  # zeros anywhere: one value


def test_feasible_needs_both_sides_printed():
    from extractor.templates.identities import Sum
    s = [Sum("col", ("p",), ("t",))]
    assert feasible([[{"p": 2.0}], [{"t": 2.0}]], s) is True
    assert feasible([[{"p": 2.0}], [{"t": 3.0}]], s) is False
    assert feasible([[{"p": 2.0}], [{"t": None}]], s) is True  # totals blank: not itemised


def test_a_run_one_row_off_keeps_every_sum_among_siblings():
    # 003_2b6: with the labels' places lost as far as one row (a run printed just before the
    # next label instead of after its own), the balance rows stay pinned by the column sums;
    # each result row's run may be its blank neighbour's - the results sum cannot tell siblings
    from extractor.templates import registry
    label = _label("003_2b6abe27bfe85e6a.chromium-pdfplumber.labels.json")
    pins = runs_pinned(label["fields"], registry.Registry().revision("requests", str(label["template"])))
    assert {r for r, v in pins.items() if v is True} == {"new", "carried_over", "total", "carried_forward"}
    assert len(pins) == 20 and all(v is False for r, v in pins.items()
                                   if r not in {"new", "carried_over", "total", "carried_forward"})
