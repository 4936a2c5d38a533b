"""extractor.templates: the form's data files against the spec (docs/spec/statutory-tables.md),
the one identity evaluator on hand-built values, version detection, and a new revision
added as one data file in a folder of its own."""
from __future__ import annotations

import json
import pathlib
import re

import pytest

from extractor import templates as T
from extractor.assemble import row_spec
from extractor.checks import check
from extractor.templates.identities import decided, expand, outcome
from extractor.templates.registry import HERE, Registry

SPEC = pathlib.Path(__file__).resolve().parents[1] / "docs" / "spec" / "statutory-tables.md"


# --- the spec, parsed ----------------------------------------------------------------------

def _spec() -> str:
    return SPEC.read_text(encoding="utf-8")


def _section(text: str, start: str, end: str) -> str:
    i = text.index(start)
    return text[i: text.index(end, i + len(start))]


def _ticks(s: str) -> list[str]:
    return re.findall(r"`([^`]+)`", s)


def _spec_active(version: str) -> list[tuple[str, list[str]]]:
    """[(row key, [column keys])] of the spec's active table of a template version."""
    text = _spec()
    i = text.index(f"{version} template:\n\n| key prefix")
    block = text[i: text.index("\n\n", text.index("| key prefix", i))]
    rows = []
    for line in block.splitlines():
        if line.startswith("| `active."):
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows.append((_ticks(cells[0])[0].split(".", 1)[1], _ticks(cells[2])))
    assert rows
    return rows


def _spec_headings(version: str) -> dict[str, str]:
    """column key -> heading, where the spec's active table prints one (`made` 本年新制作数量)."""
    text = _spec()
    i = text.index(f"{version} template:\n\n| key prefix")
    block = text[i: text.index("\n\n", text.index("| key prefix", i))]
    return dict(re.findall(r"`(\w+)` ([^,|`]+?)\s*(?=,|\||$)", block, flags=re.M))


def _spec_requests() -> tuple[list[str], dict[str, str], list[tuple[str, str, str | None]]]:
    """(columns, column headings, [(row key, label, only-in-version or None)])."""
    text = _spec()
    para = _section(text, "Columns (same in both templates), in order:", "\n\n")
    cols = _ticks(para)
    heads = dict(re.findall(r"`(\w+)` ([^\s,(`.]+)", para))
    rows = []
    block = _section(text, "| row key | label |", "\n\n")
    for line in block.splitlines()[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        label, only = cells[1], None
        m = re.search(r" — (\d{4}) template( only)?$", label)
        if m:
            label, only = label[: m.start()], m.group(1)
        rows.append((_ticks(cells[0])[0], label, only))
    return cols, heads, rows


def _spec_review() -> tuple[list[str], dict[str, str], list[str]]:
    text = _spec()
    para = _section(text, "Three groups, each with the same five columns", "\n\n")
    cols = _ticks(para)
    heads = dict(re.findall(r"`(\w+)` ([^\s,:`]+)", para))
    block = _section(text, "| group key | label |", "\n\n")
    groups = [_ticks(line)[0].split(".", 1)[1] for line in block.splitlines()[2:]]
    return cols, heads, groups


# --- the data files against the spec ----------------------------------------------------

def test_data_files_load_into_the_registry():
    files = sorted(p.name for p in HERE.glob("*.json"))
    assert files == ["common.json", "revision-2019.json", "revision-2021.json"]
    for p in HERE.glob("*.json"):
        json.loads(p.read_text(encoding="utf-8"))
    assert T.versions("active") == ["2019", "2021"]
    assert T.versions("requests") == ["2019", "2021"]
    assert T.versions("review") == ["any"]
    assert list(T.SECTIONS) == ["overview", "active", "requests", "review", "problems", "other"]


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_active_rows_and_columns_are_the_spec_s(version):
    tab = T.get("active", version)
    assert [(r.key, list(r.columns)) for r in tab.rows] == _spec_active(version)
    for col, heading in _spec_headings(version).items():
        assert tab.column(col).heading == heading, (col, heading)


def test_active_2019_headings_as_printed():
    heads = {c.key: c.heading for c in T.get("active", "2019").columns}
    assert heads["made"] == "本年新制作数量" and heads["change"] == "本年增/减" and heads["amount"] == "采购总金额"
    assert T.get("active", "2021").column("amount").heading == "本年收费金额（单位：万元）"


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_requests_rows_and_columns_are_the_spec_s(version):
    cols, heads, rows = _spec_requests()
    tab = T.get("requests", version)
    assert list(tab.column_keys) == cols == list(T.REQUEST_COLUMNS)
    assert {c.key: c.heading for c in tab.columns} == heads
    want = [(k, label) for k, label, only in rows if only in (None, version)]
    assert [r.key for r in tab.rows] == [k for k, _ in want]
    for r, (_, label) in zip(tab.rows, want):
        # the spec prints the group's wording before a group's first row
        assert label.endswith(r.label), (r.key, label, r.label)
        assert r.columns == tuple(cols)


def test_review_is_the_spec_s():
    cols, heads, groups = _spec_review()
    assert list(T.REVIEW.column_keys) == cols
    assert {c.key: c.heading for c in T.REVIEW.columns} == heads
    assert [r.key for r in T.REVIEW.rows] == groups


def test_template_keys():
    keys = T.template_keys("2021", "2019")
    assert keys[:3] == ["active.rules.issued", "active.rules.repealed", "active.rules.in_force"]
    assert "requests.other.natural" in keys and "requests.other.no_fee.total" not in keys
    assert keys[-1] == "review.litigation_after.total"
    assert len(T.template_keys("2019", "2019")) == 22 + 23 * 7 + 15
    assert len(T.template_keys("2021", "2021")) == 10 + 25 * 7 + 15
    assert len(set(T.template_keys("2021", "2021"))) == len(T.template_keys("2021", "2021"))


def test_the_data_is_consistent():
    """What the code relies on: groups, identities and signatures name rows and columns that exist."""
    for name in T.TABLES:
        for v in T.versions(name):
            tab = T.get(name, v)
            assert tab.title and tab.columns
            keys = [r.key for r in tab.rows]
            assert len(set(keys)) == len(keys)
            for r in tab.rows:
                assert set(r.columns) <= set(tab.column_keys) and r.aliases
                assert set(r.money) | set(r.signed) <= set(r.columns)
                assert r.group is None or r.group in {g.key for g in tab.groups}
            for g in tab.identities:
                universe = set(tab.column_keys) if g.each == "row" else set(keys)
                for i in g.rules:
                    assert set(i.parts) | set(i.totals) <= universe, i.name
                    assert "{" + g.each + "}" in i.name
            assert set(tab.signature.rows) <= set(keys)
            if tab.signature.width_row:
                assert all(tab.signature.width_row in [r.key for r in T.get(name, w).rows] for w in T.versions(name))
        if len(T.versions(name)) > 1:
            assert sum(T.get(name, v).signature.fallback for v in T.versions(name)) == 1


# --- the identity evaluator --------------------------------------------------------------

def _statuses(values: dict, rv: str | None = "2021") -> dict[str, tuple[str, str]]:
    return {c.rule: (c.status, c.detail) for c in check(values, rv)}


def test_rule_names_and_order():
    rules = [c.rule for c in check({}, "2021")]
    assert rules[:4] == ["requests.balance.natural", "requests.results.natural",
                         "requests.balance.commercial", "requests.results.commercial"]
    assert rules[14:16] == ["requests.row.new", "requests.row.carried_over"]
    assert rules[-3:] == ["review.reconsideration", "review.litigation_direct", "review.litigation_after"]
    assert len(rules) == 7 * 2 + 25 + 3
    assert len(check({}, "2019")) == 7 * 2 + 23 + 3
    assert [c.rule for c in check({}, None)] == rules[-3:]


def test_balance_holds_breaks_not_itemised_blank():
    k = "requests.{}.natural".format
    ok = {k("new"): 5, k("carried_over"): 1, k("total"): 4, k("carried_forward"): 2}
    assert _statuses(ok)["requests.balance.natural"] == ("ok", "5+1 == 4+2")
    assert _statuses({**ok, k("total"): 3})["requests.balance.natural"] == ("broken", "5+1 != 3+2")
    # a blank cell counts as 0 when both sides are printed
    assert _statuses({**ok, k("carried_over"): None, k("carried_forward"): 1})["requests.balance.natural"] == \
        ("ok", "5+0 == 4+1")
    assert _statuses({k("total"): 4, k("carried_forward"): 2})["requests.balance.natural"] == \
        ("not_itemised", "parts blank (not itemised)")
    assert _statuses({k("new"): 4})["requests.balance.natural"] == ("not_itemised", "totals blank (not itemised)")
    assert _statuses({})["requests.balance.natural"] == ("blank", "all cells blank")


def test_results_sum_every_outcome_row_of_the_revision():
    v21 = {"requests.granted.total": 3, "requests.other.no_fee.total": 2, "requests.total.total": 5}
    assert _statuses(v21)["requests.results.total"] == ("ok", "+".join(["3"] + ["0"] * 18 + ["2", "0"]) + " == 5")  # 21 outcome rows
    v19 = {"requests.granted.total": 3, "requests.other.total": 2, "requests.total.total": 5}
    assert _statuses(v19, "2019")["requests.results.total"][0] == "ok"
    # 2021's sub-rows are no part of a 2019 table
    assert _statuses({**v21, "requests.other.total": 9}, "2021")["requests.results.total"][0] == "ok"
    assert _statuses({**v19, "requests.other.no_fee.total": 9}, "2019")["requests.results.total"][0] == "ok"


def test_row_total_breaks_when_the_total_is_blank():
    row = {f"requests.granted.{c}": 1 for c in T.REQUEST_COLUMNS[:-1]}
    assert _statuses({**row, "requests.granted.total": 6})["requests.row.granted"] == ("ok", "1+1+1+1+1+1 == 6")
    assert _statuses({**row, "requests.granted.total": 7})["requests.row.granted"][0] == "broken"
    # a row's own 总计 left blank under printed parts breaks it (a column total does not)
    assert _statuses(row)["requests.row.granted"] == ("broken", "1+1+1+1+1+1 != 0")
    assert _statuses({"requests.granted.total": 6})["requests.row.granted"][0] == "not_itemised"


def test_review_groups():
    g = {"review.reconsideration.upheld": 1, "review.reconsideration.pending": 2, "review.reconsideration.total": 3}
    assert _statuses(g, None)["review.reconsideration"] == ("ok", "1+0+0+2 == 3")
    assert _statuses({**g, "review.reconsideration.total": 4}, None)["review.reconsideration"] == \
        ("broken", "1+0+0+2 != 4")
    assert _statuses({}, None)["review.litigation_direct"][0] == "blank"


def test_money_values_count_in_yuan():
    sums = expand(T.get("requests", "2021"))
    assert sums[0].parts == ("requests.new.natural", "requests.carried_over.natural")
    assert sums[0].totals == ("requests.total.natural", "requests.carried_forward.natural")
    from extractor.templates.identities import evaluate
    c = evaluate(sums[0], {"requests.new.natural": {"text": "1万元", "yuan": 10000},
                           "requests.total.natural": 10000})
    assert c.status == "ok" and c.detail == "10000+0 == 10000+0"


def test_outcome_and_decided():
    assert outcome([1, None], [1]) == "ok"
    assert outcome([None, None], [3]) == "not_itemised"
    assert outcome([2], [None]) == "not_itemised" and outcome([2], [None], row_total=True) == "broken"
    assert outcome([None], [None], row_total=True) == "blank"
    # the assembler's variant: None = a row not read
    assert decided([1, 2], [3], False) is True and decided([1, 2], [4], False) is False
    assert decided([1, None], [1], False) is None  # every part row must be read
    assert decided([1, None], [1], True) is True  # an outcome row not read counts as 0
    assert decided([None, None], [0], True) is None and decided([1], [None], True) is None


def test_solver_row_sums_come_from_the_identities():
    req = T.get("requests", "2019")
    assert row_spec(req.row("new"), req).sums == ((tuple(range(6)), (6,)),)
    assert row_spec(req.row("new")).sums == ()
    act = T.get("active", "2019")
    assert row_spec(act.row("rules"), act).sums == ()  # 制作+公开 need not make 总数
    assert row_spec(req.row("new")).column_logp == (0.0, -1.0, -2.5, -2.5, -1.5, -1.5, 0.0)
    assert row_spec(act.row("rules")).column_logp is None


# --- versions ---------------------------------------------------------------------------

def test_active_version_from_headers_rows_and_width():
    assert T.detect_version("active", "信息内容 本年制发件数 本年废止件数 现行有效件数") == "2021"
    assert T.detect_version("active", "本年新 制作数量 本年新公开数量 对外公开总数量") == "2019"
    # a row only 2019 has outweighs a stray header phrase of 2021
    assert T.detect_version("active", "本年制发件数", rows={"procurement"}) == "2019"
    # no header: 行政许可 printed with three cells is 2019, with one 2021; unseen: the fallback
    assert T.detect_version("active", "", rows={"licensing"}, width=3) == "2019"
    assert T.detect_version("active", "", rows={"licensing"}, width=1) == "2021"
    assert T.detect_version("active", "") == "2021"


def test_requests_version_from_the_sub_rows():
    assert T.detect_version("requests", rows={"granted", "other"}) == "2019"
    assert T.detect_version("requests", rows={"granted", "other.no_fee"}) == "2021"
    assert T.detect_version("requests") == "2019"


def test_version_of_keys():
    keys = T.template_keys("2021", "2019")
    assert T.version_of_keys("active", keys) == "2021" and T.version_of_keys("requests", keys) == "2019"
    assert T.version_of_keys("requests", T.template_keys("2019", "2021")) == "2021"
    assert T.version_of_keys("active", ["review.reconsideration.total"]) is None


# --- a new revision is one data file ----------------------------------------------------

def test_a_new_revision_file_is_picked_up(tmp_path):
    data = json.loads((HERE / "revision-2021.json").read_text(encoding="utf-8"))
    data["revision"] = "2027"
    del data["tables"]["requests"]  # it changes only table 二
    active = data["tables"]["active"]
    active["columns"].append({"key": "cancelled", "heading": "本年取消件数"})
    active["rows"].append({"key": "filing", "label": "行政备案", "columns": ["decisions", "cancelled"],
                           "aliases": ["行政备案"]})
    active["signature"] = {"markers": ["本年取消件数"], "rows": ["filing"], "width_row": "licensing"}
    (tmp_path / "revision-2027.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    reg = Registry([HERE, tmp_path])
    assert reg.versions("active") == ["2019", "2021", "2027"]
    assert reg.versions("requests") == ["2019", "2021"]
    assert reg.get("active", "2027").row("filing").columns == ("decisions", "cancelled")
    keys = reg.template_keys("2027", "2021")
    assert "active.filing.cancelled" in keys and "requests.other.no_fee.total" in keys
    assert reg.detect_version("active", "本年制发件数 本年取消件数", rows={"filing"}) == "2027"
    assert reg.detect_version("active", "本年制发件数 本年废止件数") == "2021"
    assert reg.version_of_keys("active", keys) == "2027"
    # a report of the 2027 template prints the requests table of 2021
    assert reg.revision("requests", "2027").version == "2021"
    assert reg.template_keys("2027", "2027") == keys
    # the default registry is untouched
    assert T.versions("active") == ["2019", "2021"]


def test_a_new_identity_is_one_entry_in_the_data(tmp_path):
    data = json.loads((HERE / "common.json").read_text(encoding="utf-8"))
    data["tables"]["review"]["identities"].append(
        {"each": "column", "rules": [{"name": "review.litigation.{column}",
                                      "parts": ["litigation_direct", "litigation_after"],
                                      "totals": ["reconsideration"]}]})
    (tmp_path / "common.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    reg = Registry([HERE, tmp_path])
    from extractor.templates.identities import check_tables
    vals = {"review.litigation_direct.total": 1, "review.litigation_after.total": 2,
            "review.reconsideration.total": 3}
    got = {c.rule: c.status for c in check_tables(vals, [reg.get("review", "any")])}
    assert got["review.litigation.total"] == "ok" and got["review.litigation.upheld"] == "blank"
    assert list(got)[:3] == ["review.reconsideration", "review.litigation_direct", "review.litigation_after"]
