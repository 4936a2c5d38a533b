"""Tests of the synthetic training data: training.render and training.generate."""
from __future__ import annotations

import json
import pathlib
import random
import re
import subprocess
import sys

import pytest

from corpus import CORPUS
from extractor.templates import REQUESTS, REVIEW, template_keys
from training.generate import check_identities, generate_report, versions_of
from training.render import LAYOUTS, Rendered, dev_reports, render

DEV = dev_reports(CORPUS)  # the labelled seeds and real reports of tests/data/corpus
DEV_IDS = [stem for stem, _ in DEV]
PARTS = ("natural", "commercial", "research", "social", "legal", "other")
COLS = PARTS + ("total",)


def _printed(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, dict):
        return v["text"]
    return str(v)


def _yuan(v):
    return round(float(v["yuan"]), 2) if isinstance(v, dict) else v


def test_dev_reports_found():
    assert len(DEV) >= 10
    assert any(s.startswith("000_") for s in DEV_IDS) and "013" in DEV_IDS


# (i) + (ii) -----------------------------------------------------------------------------------

@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("stem,report", DEV, ids=DEV_IDS)
def test_dev_report_renders(stem, report, layout):
    for seed in range(3):
        r = render(report, layout, random.Random(seed))
        assert isinstance(r, Rendered) and r.layout == layout
        assert r.format == {"html": "html", "markdown": "markdown"}.get(layout, "text")
        assert r.content.strip()
        av, rv = versions_of(report["fields"])
        assert list(r.fields) == template_keys(av, rv)
        # every non-blank value is printed
        for key, v in r.fields.items():
            s = _printed(v)
            if s is not None:
                assert s in r.content, (stem, layout, seed, key, s)
        # what was printed keeps the report's values (money may be re-formatted; runtogether: blank -> 0)
        for key, v in r.fields.items():
            orig = report["fields"].get(key)
            if layout == "runtogether" and orig is None:
                assert v in (0, {"text": "0", "yuan": 0})
            else:
                assert _yuan(v) == _yuan(orig), (key, v, orig)
        if layout == "runtogether":
            assert None not in r.fields.values()
            assert "\n" not in r.content.strip().split("==================== 正文 ====================\n")[-1]
            assert set(r.ambiguous) <= set(r.fields)
        else:
            assert r.ambiguous == []


@pytest.mark.parametrize("layout", LAYOUTS)
def test_generated_reports_render(layout):
    rng = random.Random(1234)
    for i in range(40):
        rep = generate_report(rng)
        r = render(rep, layout, random.Random(i))
        for key, v in r.fields.items():
            s = _printed(v)
            if s is not None:
                assert s in r.content, (i, key, s)


def test_headings_title_and_variety():
    stem, rep = DEV[0]
    seen = set()
    for seed in range(30):
        c = render(rep, "tabs", random.Random(seed)).content
        assert "政府信息公开工作年度报告" in c
        assert "总体情况" in c and "主动公开政府信息情况" in c and "收到和处理政府信息公开申请情况" in c
        assert "行政复议" in c and "行政诉讼" in c
        assert "第二十条" in c
        for variant in ("危害", "行政执法案件", "商业机构", "社会组织", "(一)", "1、", "当前位置", "打印本页", "本年新 制作数量"):
            if variant in c:
                seen.add(variant)
    assert len(seen) >= 6, seen


# structure: rowspan/colspan model read back from html and markdown -----------------------------

def _expected_request_rows(fields: dict) -> list[tuple]:
    _, rv = versions_of(fields)
    return [tuple(_printed(fields.get(f"requests.{r.key}.{c}")) for c in COLS) for r in REQUESTS[rv].rows]


def _expected_review(fields: dict) -> tuple:
    return tuple(_printed(fields.get(f"review.{r.key}.{c}")) for r in REVIEW.rows
                 for c in ("upheld", "corrected", "other", "pending", "total"))


def _html_grids(content: str) -> list[list[list[str]]]:
    import lxml.html

    doc = lxml.html.fromstring(content)
    grids = []
    for t in doc.iter("table"):
        occ: dict[tuple[int, int], str] = {}
        for r, tr in enumerate(t.iter("tr")):
            c = 0
            for td in tr:
                if td.tag not in ("td", "th"):
                    continue
                while (r, c) in occ:
                    c += 1
                txt = re.sub(r"\s+", "", td.text_content().replace("\xa0", " "))
                rs, cs = int(td.get("rowspan", 1)), int(td.get("colspan", 1))
                for dr in range(rs):
                    for dc in range(cs):
                        occ[(r + dr, c + dc)] = txt if dr == dc == 0 else "\0span"
                c += cs
        nrows = max(r for r, _ in occ) + 1
        ncols = max(c for _, c in occ) + 1
        grids.append([[occ.get((r, c), "") for c in range(ncols)] for r in range(nrows)])
    return grids


def _value_rows(grid: list[list[str]], n: int) -> list[tuple]:
    out = []
    for row in grid:
        vals = row[-n:]
        if all(re.fullmatch(r"\d*", v) for v in vals) and any(re.search(r"[\u4e00-\u9fff]", x) for x in row[:-n]):
            out.append(tuple(v or None for v in vals))
    return out


@pytest.mark.parametrize("seed", range(12))
def test_html_tables_read_back(seed):
    rng = random.Random(seed)
    rep = generate_report(rng)
    r = render(rep, "html", random.Random(seed))
    grids = _html_grids(r.content)
    assert len(grids) == 3
    active, req, rev = grids
    assert len(req[0]) == 10 and len(rev[0]) == 15
    assert _value_rows(req, 7) == _expected_request_rows(r.fields)
    assert tuple(v or None for v in rev[-1]) == _expected_review(r.fields)
    assert "法人或其他组织" in "".join(req[1])


@pytest.mark.parametrize("seed", range(12))
def test_markdown_tables_read_back(seed):
    rep = generate_report(random.Random(seed))
    r = render(rep, "markdown", random.Random(seed))
    assert re.search(r"^\|(?: ?---? ?\|)+$", r.content, re.M)
    rows = []
    for line in r.content.splitlines():
        if line.startswith("|") and "---" not in line:
            rows.append([c.strip() for c in line.strip()[1:-1].split("|")])
    req = [row for row in rows if len(row) == 10]
    got = _value_rows(req, 7)
    assert got == _expected_request_rows(r.fields)
    rev = [row for row in rows if len(row) == 15 and all(re.fullmatch(r"\d*", c) for c in row)]
    assert tuple(v or None for v in rev[-1]) == _expected_review(r.fields)


@pytest.mark.parametrize("seed", range(12))
def test_dropped_blanks_rows(seed):
    rep = generate_report(random.Random(seed))
    r = render(rep, "dropped_blanks", random.Random(seed))
    lines = r.content.splitlines()
    # each requests row prints its non-blank values, in order, at the end of one line
    pos = 0
    for row in _expected_request_rows(r.fields):
        vals = [v for v in row if v is not None]
        while pos < len(lines):
            cells = re.split(r"\t| +", lines[pos].strip())
            pos += 1
            if not re.search(r"[\u4e00-\u9fff]", lines[pos - 1]):
                continue
            tail = cells[len(cells) - len(vals):] if vals else []
            if vals and tail == vals and not re.fullmatch(r"\d+", cells[-len(vals) - 1] if len(cells) > len(vals) else "x"):
                break
            if not vals and not re.search(r"\d\s*$", lines[pos - 1]) and re.search(r"申请|公开|提供|处理|总计|出版物|秘密|事项|信息|权益|稳定|案卷|案件|其他|办理", lines[pos - 1]):
                break
        else:
            pytest.fail(f"row {row} not found")


def test_cell_per_line_and_pipes_blank_conventions():
    rep = next(r for s, r in DEV if s.startswith("002_"))  # many blank cells
    for seed in range(10):
        c = render(rep, "cell_per_line", random.Random(seed)).content
        lines = c.splitlines()
        assert any(ln and not ln.strip() for ln in lines)  # whitespace-only = blank cell
        assert "" in lines  # empty line between rows
        p = render(rep, "pipes", random.Random(seed)).content
        assert re.search(r"^\|$", p, re.M) and re.search(r"^\S.* \|$", p, re.M)


def test_tabs_group_labels_share_first_subrow():
    rep = next(r for s, r in DEV if s.startswith("003_"))
    for seed in range(10):
        c = render(rep, "tabs", random.Random(seed)).content
        assert re.search(r"本年度办理结果\t[（(]一[）)] ?予以公开\t", c)
        assert re.search(r"[（(]三[）)] ?不予公开\t1[.、．] ?属于国家秘密\t", c)
        # the review table: 15 values on one row
        assert any(len(ln.strip("\t").split("\t")) == 15 and all(x.strip().isdigit() for x in ln.strip("\t").split("\t"))
                   for ln in c.splitlines())


def test_runtogether_body_on_one_line_and_ambiguity():
    rep = next(r for s, r in DEV if s == "003")
    r = render(rep, "runtogether", random.Random(0))
    body = r.content.strip().splitlines()[-1]
    assert "一、本年新收政府信息公开申请数量" in body and "行政许可" in body
    # 693665 (69|3|665) cannot be split from the text alone; the requests rows can (identities)
    assert "active.normative.issued" in r.ambiguous
    assert not [k for k in r.ambiguous if k.startswith("requests.")]
    # an all-zero report has nothing ambiguous
    zero = {"template": "2021", "year": 2022, "agency": "某局",
            "fields": {k: ({"text": "0", "yuan": 0} if k == "active.fees.amount" else 0) for k in template_keys("2021", "2021")}}
    assert render(zero, "runtogether", random.Random(1)).ambiguous == []


def test_hybrid_report_renders():
    fields = {k: 0 for k in template_keys("2021", "2019")}
    fields["active.fees.amount"] = {"text": "12.5", "yuan": 125000}
    rep = {"template": "2021", "year": 2023, "agency": "洪泽区人民政府", "fields": fields}
    for layout in LAYOUTS:
        r = render(rep, layout, random.Random(3))
        assert "本年制发件数" in r.content
        assert "逾期不补正" not in r.content
        assert re.search(r"[（(]六[）)] ?其他", r.content)


def test_unknown_layout():
    with pytest.raises(ValueError):
        render(DEV[0][1], "pdf", random.Random(0))


# (iii) generated reports ----------------------------------------------------------------------

def _identities(fields: dict) -> set[str]:
    """An independent reading of the spec's identities (blank = 0): names of broken ones."""
    n = lambda k: fields.get(k) or 0  # noqa: E731
    _, rv = versions_of(fields)
    rows = [r.key for r in REQUESTS[rv].rows]
    outcomes = rows[rows.index("carried_over") + 1: rows.index("total")]
    bad = set()
    for c in COLS:
        if n(f"requests.new.{c}") + n(f"requests.carried_over.{c}") != n(f"requests.total.{c}") + n(f"requests.carried_forward.{c}"):
            bad.add(f"requests.balance.{c}")
        if n(f"requests.total.{c}") != sum(n(f"requests.{r}.{c}") for r in outcomes):
            bad.add(f"requests.results.{c}")
    for r in rows:
        if n(f"requests.{r}.total") != sum(n(f"requests.{r}.{c}") for c in PARTS):
            bad.add(f"requests.row.{r}")
    for g in ("reconsideration", "litigation_direct", "litigation_after"):
        if n(f"review.{g}.total") != sum(n(f"review.{g}.{c}") for c in ("upheld", "corrected", "other", "pending")):
            bad.add(f"review.{g}")
    return bad


def test_generated_reports_identities():
    rng = random.Random(7)
    n_broken = n_hybrid = n_typo = 0
    templates = set()
    for i in range(600):
        rep = generate_report(rng)
        f = rep["fields"]
        av, rv = versions_of(f)
        assert av == rep["template"]
        templates.add(av)
        assert list(f) == template_keys(av, rv)
        if av == "2019":
            assert rep["year"] in (2019, 2020) and rv == "2019"
        else:
            assert 2021 <= rep["year"] <= 2025
            n_hybrid += rv == "2019"
        assert rep["agency"] and re.search(r"[区县市局镇乡处会府室馆]", rep["agency"])
        for k, v in f.items():
            assert v is None or isinstance(v, (int, dict)), (k, v)
            if isinstance(v, int) and not k.endswith(".change"):
                assert v >= 0, (k, v)
        broken = {b.split(":")[0] for b in rep["broken"]}
        assert broken == _identities(f), (i, rep["broken"])
        assert rep["broken"] == check_identities(f)
        if broken:
            n_broken += 1
            # a broken report that is not totals-only holds a typo
            if not any(f[f"requests.{r.key}.natural"] is None and f[f"requests.{r.key}.total"] not in (None, 0)
                       for r in REQUESTS[rv].rows):
                n_typo += 1
    assert templates == {"2019", "2021"}
    assert 0 < n_hybrid < 60
    assert 0 < n_broken < 150
    assert 0 < n_typo < 60


def test_generated_values_look_real():
    rng = random.Random(11)
    zeros = blanks = cells = big = 0
    totals_only = 0
    for _ in range(300):
        f = generate_report(rng)["fields"]
        for k, v in f.items():
            if k.startswith("requests."):
                cells += 1
                zeros += v == 0
                blanks += v is None
                big += isinstance(v, int) and v >= 1000
        totals_only += f["requests.granted.commercial"] is None and f["requests.granted.natural"] is None and f["requests.granted.total"] not in (None, 0)
    assert zeros / cells > 0.4
    assert 0.05 < blanks / cells < 0.5
    assert big > 0 and totals_only > 0


def test_money_values():
    from training.generate import money_yuan

    assert money_yuan("594417.23万元", "元") == 5944172300
    assert money_yuan("9533180元", "元") == 9533180
    assert money_yuan("454万元", "元") == 4540000
    assert money_yuan("12.5", "万元") == 125000
    assert money_yuan("24252.311082", "万元") == 242523110.82
    rng = random.Random(5)
    for _ in range(300):
        rep = generate_report(rng)
        for k, v in rep["fields"].items():
            if isinstance(v, dict):
                bare = "万元" if k == "active.fees.amount" else "元"
                assert money_yuan(v["text"], bare) == v["yuan"], (k, v)


def test_generate_with_template():
    for t in ("2019", "2021"):
        for s in range(20):
            assert generate_report(random.Random(s), t)["template"] == t
    with pytest.raises(ValueError):
        generate_report(random.Random(0), "2018")


# (iv) reproducibility -------------------------------------------------------------------------

@pytest.mark.parametrize("layout", LAYOUTS)
def test_same_seed_same_output(layout):
    for stem, rep in DEV[:4]:
        a = render(rep, layout, random.Random(42))
        b = render(rep, layout, random.Random(42))
        assert a == b
    outs = {render(DEV[0][1], layout, random.Random(s)).content for s in range(5)}
    assert len(outs) > 1


def test_same_seed_same_report():
    assert generate_report(random.Random(9)) == generate_report(random.Random(9))
    assert generate_report(random.Random(9)) != generate_report(random.Random(10))


def test_reproducible_across_processes(tmp_path):
    """No dependence on hash randomisation: two interpreters give byte-identical files."""
    root = pathlib.Path(__file__).resolve().parents[1]
    code = ("import random,sys; from training.generate import generate_report; from training.render import render;"
            "r=generate_report(random.Random(3)); x=render(r,'html',random.Random(3));"
            "sys.stdout.write(x.content)")
    outs = [subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                           env={"PYTHONHASHSEED": str(h), "PATH": "/usr/bin:/bin"}, check=True).stdout for h in (1, 2)]
    assert outs[0] == outs[1] and outs[0]


# CLI ------------------------------------------------------------------------------------------

def test_cli_writes_scorable_labels(tmp_path):
    root = pathlib.Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-m", "training.render", str(tmp_path), "--generate", "3", "--corpus", str(CORPUS)],
                   cwd=root, check=True, capture_output=True)
    labels = sorted(tmp_path.glob("*.labels.json"))
    assert len(labels) == len(DEV) * len(LAYOUTS) + 3
    for lf in labels:
        lab = json.loads(lf.read_text(encoding="utf-8"))
        assert (tmp_path / lab["doc"]).exists()
        assert lab["doc"].startswith(lf.name[: -len(".labels.json")])
        assert lab["fields"]
