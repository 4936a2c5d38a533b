"""Which of a table's values a text in reading order still determines, once blank cells
are printed as nothing.

A PDF turned into text in reading order (pdftotext's default mode, pdfminer) prints a row's
values and nothing for its blank cells: "3 3" for a row of 7 columns, and which columns the
two 3s stood in is not printed. What is left to tell them apart is the template's identities
(extractor/templates: each row's 总计, table 三's per-column balance and results sums). This
measures, per labelled report, how many readings of its tables keep the printed numbers of
every row (the label's non-blank cells, in column order - what such a converter prints when
it keeps the row together) and every identity the report itself keeps:

- a field is *determined* when every such reading gives it the same value (a blank read as
  0, as the lenient score does);
- a row (a report) is *determined* when all its fields (all its rows) are.

With the extractor's output (PRED_DIR) each wrong field is put in one kind: `order` (its row
holds other numbers than the row printed - read from another row's print), `unread` (its row
left blank where it printed numbers), or - its row holding its printed numbers in order, in
other columns - `lost` (several readings keep everything printed: the converter lost the
blanks' places) or `determined` (one reading: the text and the sums say it); `other` is a
table without identities. `order`/`unread` say `(run movable)` where a reading that moves the
row's printed run one row up or down (numbers printed above their label) keeps every sum
(`runs_pinned`), `(run pinned)` where none does. Also counted: undetermined fields read right (by the column
priors) and at what confidence. A solver (scipy's milp) decides whether a choice of a
placement per row keeps every column identity printed on both of its sides.

    python -m training.blank_places LABELS_DIR [PRED_DIR] [--routes a,b] [--docs]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

from extractor.templates import registry as _registry
from extractor.templates.identities import Sum, expand, outcome

TABLES = ("requests", "review")  # the tables with identities (table 二 has none)
MAX_STATES = 20_000  # a joint search past this is reported as not measured


def _num(v) -> float | None:
    if v is None:
        return None
    if isinstance(v, dict):
        v = v.get("yuan")
    return float(v) if isinstance(v, (int, float)) else None


def lenient(v) -> float:
    n = _num(v)
    return 0.0 if n is None else n


def table_rows(fields: dict, table) -> list[tuple[str, list[str]]]:
    """[(row key, [field keys in column order])] for the rows the label has."""
    out = []
    for row in table.rows:
        keys = [f"{table.name}.{row.key}.{c}" for c in row.columns]
        if all(k in fields for k in keys):
            out.append((row.key, keys))
    return out


def placements(printed: list[float], k: int) -> list[tuple[float | None, ...]]:
    """Every way to put a row's printed values, in order, into k columns (the rest blank)."""
    out = []
    for pos in combinations(range(k), len(printed)):
        cells: list[float | None] = [None] * k
        for p, v in zip(pos, printed):
            cells[p] = v
        out.append(tuple(cells))
    return out


def _holds(s: Sum, values: dict) -> bool:
    return outcome([values.get(k) for k in s.parts], [values.get(k) for k in s.totals], s.row_total) != "broken"


def row_readings(keys: list[str], truth: dict, row_sums: list[Sum]) -> list[list[dict]]:
    """The placements of a row's printed values that keep its own identities ({key: value
    or None}), grouped by their lenient values (a blank read as 0): one list per group."""
    printed = [_num(truth[k]) for k in keys if truth[k] is not None]
    seen: dict[tuple, list[dict]] = {}
    for cells in placements(printed, len(keys)):
        vals = dict(zip(keys, cells))
        if all(_holds(s, vals) for s in row_sums):
            seen.setdefault(tuple(0.0 if c is None else c for c in cells), []).append(vals)
    return list(seen.values())


def _effect(vals: dict, sums: list[Sum]) -> tuple[tuple[float, ...], int]:
    """What one row's placement adds to the column identities: per identity parts - totals,
    and a bit mask of the sides it prints a cell in (bit 2j: identity j's parts, 2j+1: its
    totals)."""
    ds, mask = [], 0
    for j, s in enumerate(sums):
        d = 0.0
        for k in s.parts:
            if vals.get(k) is not None:
                d += vals[k]
                mask |= 1 << (2 * j)
        for k in s.totals:
            if vals.get(k) is not None:
                d -= vals[k]
                mask |= 1 << (2 * j + 1)
        ds.append(d)
    return tuple(ds), mask


def feasible(options: list[list[dict]], sums: list[Sum]) -> bool | None:
    """Whether one choice of a placement per row (`options`: each row's placements) keeps
    every column identity that the choice prints on both sides - a mixed-integer program
    (one 0/1 variable per placement; per identity two 0/1 variables, its parts / its totals
    printed; the sum must hold where both are). None: the solver did not finish."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    eff = [[_effect(v, sums) for v in opts] for opts in options]
    n_x = sum(len(e) for e in eff)
    n_j = len(sums)
    n = n_x + 2 * n_j  # x..., then (parts printed, totals printed) per identity
    big = 1.0 + sum(max((abs(d) for d in dd), default=0.0) for e in eff for dd, _ in e)
    rows, lo, hi = [], [], []

    def add(coef: dict[int, float], a: float, b: float) -> None:
        r = np.zeros(n)
        for k, v in coef.items():
            r[k] += v
        rows.append(r)
        lo.append(a)
        hi.append(b)

    idx = 0
    printed = {(j, side): [] for j in range(n_j) for side in (0, 1)}
    for e in eff:
        add({idx + q: 1.0 for q in range(len(e))}, 1.0, 1.0)  # one placement per row
        for q, (_, mask) in enumerate(e):
            for j in range(n_j):
                for side in (0, 1):
                    if mask >> (2 * j + side) & 1:
                        printed[(j, side)].append(idx + q)
        idx += len(e)
    for (j, side), xs in printed.items():
        y = n_x + 2 * j + side
        for x in xs:  # y >= x
            add({y: 1.0, x: -1.0}, 0.0, np.inf)
        add({y: 1.0, **{x: -1.0 for x in xs}}, -np.inf, 0.0)  # y <= sum of them
    for j in range(n_j):
        d: dict[int, float] = {}
        idx = 0
        for e in eff:
            for q, (dd, _) in enumerate(e):
                if dd[j]:
                    d[idx + q] = dd[j]
            idx += len(e)
        yp, yt = n_x + 2 * j, n_x + 2 * j + 1
        # |d| <= big * (2 - yp - yt): the sum holds where both sides are printed
        add({**d, yp: big, yt: big}, -np.inf, 2 * big)
        add({**{k: -v for k, v in d.items()}, yp: big, yt: big}, -np.inf, 2 * big)
    res = milp(np.zeros(n), constraints=LinearConstraint(np.array(rows), lo, hi),
               integrality=np.ones(n), bounds=Bounds(0, 1), options={"time_limit": 20})
    if res.status == 0:
        return True
    if res.status == 2:
        return False
    return None


def analyse_table(truth: dict, table) -> dict | None:
    """{"rows": {row: {"readings": n, "blank": bool}}, "fields": {key: determined?},
    "broken": [identities the report itself breaks]} for one table of one labelled report."""
    rows = table_rows(truth, table)
    if not rows:
        return None
    every = expand(table)
    vals = {k: _num(truth[k]) for _, keys in rows for k in keys}
    broken = [s.rule for s in every if all(k in vals for k in s.parts + s.totals) and not _holds(s, vals)]
    kept = [s for s in every if s.rule not in broken and all(k in vals for k in s.parts + s.totals)]
    row_keys = {r: set(keys) for r, keys in rows}
    per_row = {r: [s for s in kept if set(s.parts + s.totals) <= row_keys[r]] for r, _ in rows}
    column = [s for s in kept if not any(set(s.parts + s.totals) <= row_keys[r] for r, _ in rows)]
    groups = [row_readings(keys, truth, per_row[r]) for r, keys in rows]
    every_placement = [[v for g in gs for v in g] for gs in groups]
    # rows of one reading first: the bound on what is still to come prunes from there on
    order = sorted(range(len(rows)), key=lambda i: (len(groups[i]) > 1, -max((_num(truth[k]) or 0) for k in rows[i][1]),
                                                    len(every_placement[i])))
    out_rows, fields = {}, {}
    for i, (r, keys) in enumerate(rows):
        blank = any(truth[k] is None for k in keys)
        ok = []
        for g in groups[i]:
            if len(groups[i]) == 1:
                ok.append(g)
                continue
            opts = [g if j == i else every_placement[j] for j in order]
            f = feasible(opts, column)
            if f is None:
                ok = None
                break
            if f:
                ok.append(g)
        if ok is None:
            out_rows[r] = {"readings": None, "blank": blank}
            for k in keys:
                fields[k] = None
            continue
        out_rows[r] = {"readings": len(ok), "blank": blank}
        for k in keys:
            fields[k] = len({lenient(g[0][k]) for g in ok}) == 1
    return {"rows": out_rows, "fields": fields, "broken": broken}


def runs_pinned(truth: dict, table, reach: int = 1, time_limit: float = 20.0) -> dict[str, bool | None] | None:
    """Row attribution with the labels' places lost too: each row that prints numbers prints
    them as one run, the runs in table order; which row each run belongs to is to be found.
    For each such row: True where no reading that gives its run to another row (runs to rows
    in order, each run placed in its row's columns as `placements`, keeping each row's
    identities and every column identity printed on both sides) exists; False where one
    does; None: the solver did not finish. (A bound: the printed labels may still say which
    row a run follows; where even without them a run is pinned, the sums alone place it.)
    `reach`: how far from its own row a run may land - 1: the run printed just after the
    label above or just before the label below, the shifts a reading order makes where a
    row's numbers print between two labels (numbers above their label)."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    rows = table_rows(truth, table)
    if not rows:
        return None
    every = expand(table)
    vals = {k: _num(truth[k]) for _, keys in rows for k in keys}
    broken = {x.rule for x in every if all(k in vals for k in x.parts + x.totals) and not _holds(x, vals)}
    kept = [x for x in every if x.rule not in broken and all(k in vals for k in x.parts + x.totals)]
    row_keys = {r: keys for r, keys in rows}
    cols = [k.rsplit(".", 1)[1] for k in rows[0][1]]
    if any([k.rsplit(".", 1)[1] for k in keys] != cols for _, keys in rows):
        return None  # rows of different widths: not this measure
    column = [x for x in kept if not any(set(x.parts + x.totals) <= set(keys) for _, keys in rows)]
    row_rule = [x for x in every if set(x.parts + x.totals) <= set(rows[0][1])]
    runs = [(i, [vals[k] for k in keys if vals[k] is not None]) for i, (r, keys) in enumerate(rows)
            if any(vals[k] is not None for k in keys)]
    n, R = len(runs), len(rows)

    def keeps_row(cells, run_row: int) -> bool:
        if not row_rule or any(x.rule in broken for x in every if set(x.parts + x.totals) <= set(rows[run_row][1])):
            return True  # (the report breaks its own row sum there: the sum decides nothing)
        probe = dict(zip(rows[0][1], cells))
        return all(_holds(x, probe) for x in row_rule)

    # variables: x[(run, row, placement)]
    var: list[tuple[int, int, tuple]] = []
    for q, (own, printed) in enumerate(runs):
        pls = [c for c in placements(printed, len(cols)) if keeps_row(c, own)]
        for r in range(max(q, own - reach), min(R - (n - 1 - q), own + reach + 1)):
            for c in pls:
                var.append((q, r, c))
    nv = len(var)
    # identity j: its column, and per row +1 (a part) / -1 (a total)
    ident = []
    for x in column:
        sign = {}
        for k in x.parts:
            sign[k.rsplit(".", 1)[0]] = 1.0
        for k in x.totals:
            sign[k.rsplit(".", 1)[0]] = -1.0
        ident.append((cols.index(x.parts[0].rsplit(".", 1)[1]), sign))
    prefix = table.name + "."
    rkey = [prefix + r for r, _ in rows]
    nj = len(ident)
    n_all = nv + 2 * nj
    data, ri, ci, lo, hi = [], [], [], [], []

    def add(coef, a, b):
        k = len(lo)
        for c_, v in coef:
            ri.append(k)
            ci.append(c_)
            data.append(v)
        lo.append(a)
        hi.append(b)

    for q in range(n):
        add([(v, 1.0) for v in range(nv) if var[v][0] == q], 1.0, 1.0)
    for q in range(n - 1):  # runs keep their order, one row each
        add([(v, float(var[v][1])) for v in range(nv) if var[v][0] == q + 1]
            + [(v, -float(var[v][1])) for v in range(nv) if var[v][0] == q], 1.0, np.inf)
    big = 1.0 + 2 * sum(sum(p) for _, p in runs)
    for j, (c, sign) in enumerate(ident):
        d, sides = [], {1.0: [], -1.0: []}
        for v, (q, r, cells) in enumerate(var):
            sg = sign.get(rkey[r])
            if sg is not None and cells[c] is not None:
                sides[sg].append(v)
                if cells[c]:
                    d.append((v, sg * cells[c]))
        for side, y in ((1.0, nv + 2 * j), (-1.0, nv + 2 * j + 1)):
            for v in sides[side]:
                add([(y, 1.0), (v, -1.0)], 0.0, np.inf)
            add([(y, 1.0)] + [(v, -1.0) for v in sides[side]], -np.inf, 0.0)
        yp, yt = nv + 2 * j, nv + 2 * j + 1
        add(d + [(yp, big), (yt, big)], -np.inf, 2 * big)
        add([(v, -w) for v, w in d] + [(yp, big), (yt, big)], -np.inf, 2 * big)
    base_rows = len(lo)
    out: dict[str, bool | None] = {}
    for q, (own, _) in enumerate(runs):
        extra_lo, extra_hi = list(lo), list(hi)
        ri2, ci2, d2 = list(ri), list(ci), list(data)
        for v in range(nv):
            if var[v][0] == q and var[v][1] == own:
                ri2.append(base_rows)
                ci2.append(v)
                d2.append(1.0)
        extra_lo.append(0.0)
        extra_hi.append(0.0)
        A = coo_matrix((d2, (ri2, ci2)), shape=(base_rows + 1, n_all)).tocsr()
        res = milp(np.zeros(n_all), constraints=LinearConstraint(A, extra_lo, extra_hi),
                   integrality=np.ones(n_all), bounds=Bounds(0, 1), options={"time_limit": time_limit})
        out[rows[own][0]] = True if res.status == 2 else (False if res.status == 0 else None)
    return out


def analyse(label: dict, reg=None) -> dict:
    """analyse_table for each table with identities of a labelled report."""
    reg = reg or _registry.Registry()
    truth = label["fields"]
    out = {}
    for name in TABLES:
        try:
            table = reg.revision(name, str(label.get("template")))
        except KeyError:
            continue
        a = analyse_table(truth, table)
        if a:
            a["pinned"] = runs_pinned(truth, table) or {}
            out[name] = a
    return out


def _pred_value(pred: dict | None, key: str):
    f = ((pred or {}).get("fields") or {}).get(key)
    return (f.get("value"), f.get("confidence")) if isinstance(f, dict) else (None, None)


def kind_of(key: str, analysis: dict, label: dict, pred: dict | None) -> str:
    """What a wrong field is: `order` (its row holds other numbers than the row printed: read
    from elsewhere), or - its row holding the printed numbers in their order, in other
    columns - `lost` (several readings keep everything printed) or `determined` (one does);
    `other`: a table without identities; `unmeasured`: the solver did not finish."""
    t = analysis.get(key.split(".")[0])
    if not t or key not in t["fields"]:
        return "other"
    row = key.rsplit(".", 1)[0]
    keys = [k for k in t["fields"] if k.rsplit(".", 1)[0] == row]
    got = [lenient(_pred_value(pred, k)[0]) for k in keys]
    want = [lenient(label["fields"][k]) for k in keys]
    if [v for v in got if v] != [v for v in want if v]:
        unread = all(_pred_value(pred, k)[0] is None for k in keys)
        pinned = t.get("pinned", {}).get(row.split(".", 1)[1])
        # where the row printed nothing itself, what moved is a neighbour's run
        how = "" if pinned is None and not [v for v in want if v] else (" (run pinned)" if pinned else " (run movable)")
        return ("unread" if unread else "order") + how
    if not t["rows"][key.split(".", 1)[1].rsplit(".", 1)[0]]["blank"]:
        return "in-row order"  # every cell printed: its zeros and numbers out of order
    d = t["fields"][key]
    return "unmeasured" if d is None else ("determined" if d else "lost")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("labels")
    ap.add_argument("pred", nargs="?")
    ap.add_argument("--routes", default="")
    ap.add_argument("--docs", action="store_true")
    a = ap.parse_args(argv)
    routes = set(filter(None, a.routes.split(",")))
    reg = _registry.Registry()
    per_route: dict[str, Counter] = {}
    cache: dict[str, dict] = {}  # a report's routes share its label
    for lf in sorted(Path(a.labels).glob("*.labels.json")):
        stem = lf.name[: -len(".labels.json")]
        route = stem.split("__", 1)[1] if "__" in stem else ""
        if routes and route not in routes:
            continue
        label = json.loads(lf.read_text())
        doc = stem.split("__", 1)[0]
        if doc not in cache:
            cache[doc] = analyse(label, reg)
        an = cache[doc]
        c = per_route.setdefault(route, Counter())
        c["docs"] += 1
        blank_rows = [(t, r) for t, x in an.items() for r, v in x["rows"].items() if v["blank"]]
        several = [(t, r) for t, x in an.items() for r, v in x["rows"].items() if v["blank"] and v["readings"] != 1]
        c["docs with blank cells"] += bool(blank_rows)
        c["docs determined"] += bool(blank_rows) and not several
        c["rows with blank cells"] += len(blank_rows)
        c["rows with several readings"] += len(several)
        undetermined = [k for x in an.values() for k, d in x["fields"].items() if d is not True]
        c["fields undetermined"] += len(undetermined)
        c["docs breaking own identities"] += any(x["broken"] for x in an.values())
        pins = [v for x in an.values() for v in x.get("pinned", {}).values()]
        c["runs"] += len(pins)
        c["runs pinned by the sums (reach 1)"] += sum(v is True for v in pins)
        pred = None
        if a.pred:
            pf = Path(a.pred) / f"{stem}.json"
            pred = json.loads(pf.read_text()) if pf.exists() else {}
            wrong = []
            for key, truth in label["fields"].items():
                if key in (label.get("ambiguous") or []):
                    continue
                v, conf = _pred_value(pred, key)
                if lenient(v) != lenient(truth) or (v is None and key not in (pred.get("fields") or {})):
                    kind = kind_of(key, an, label, pred)
                    c[f"wrong {kind}"] += 1
                    c[f"wrong {kind} >=0.9"] += (conf or 0) >= 0.9
                    wrong.append((key, kind, truth, v, conf))
            for x in an.values():
                for key, d in x["fields"].items():
                    v, conf = _pred_value(pred, key)
                    if d is False and lenient(v) == lenient(label["fields"][key]):
                        c["undetermined read right"] += 1
                        c["undetermined read right >=0.9"] += (conf or 0) >= 0.9
            if a.docs and (wrong or several):
                print(f"{stem}: blank rows {len(blank_rows)}, several readings {len(several)}: "
                      + ", ".join(f"{t}.{r}={an[t]['rows'][r]['readings']}" for t, r in several))
                for key, kind, truth, v, conf in wrong:
                    print(f"   {kind:10s} {key} truth={truth} got={v} conf={conf}")
        elif a.docs and several:
            print(f"{stem}: " + ", ".join(f"{t}.{r}={an[t]['rows'][r]['readings']}" for t, r in several))
    for route, c in sorted(per_route.items()):
        print(route, dict(sorted(c.items())))
    tot = sum(per_route.values(), Counter())
    print("ALL", dict(sorted(tot.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
