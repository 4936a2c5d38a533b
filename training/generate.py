"""Random but internally consistent annual reports, in the shape of a labels file.

    generate_report(rng, template=None) -> {
        "template": "2019" | "2021",      # version of the `active` table
        "year": int, "agency": str,
        "fields": {key: int | None | {"text": str, "yuan": int | float}},
        "broken": [str, ...],              # identities the values break (normally [])
    }

The keys are exactly `extractor.templates.template_keys(active_version, requests_version)`.
A 2021 report is now and then the hybrid seen in real reports (洪泽区 2023/2024): a 2021
`active` table with the 2019 single （六）其他处理 row (`requests.other.*`).

Values look like real reports: many zeros, legal-person columns often blank (None), a few
large counts, a totals-only style (sub-columns blank, 总计 printed), money as printed text
plus yuan. The requests and review identities of the spec (section 'Identities') hold
(blank counted as 0) unless `broken` lists them: totals-only rows break identity 3 by
construction, and with a small probability one cell gets a typo. `broken` is always
exactly `check_identities(fields)`.
"""
from __future__ import annotations

import random
from decimal import Decimal

from extractor import templates
from extractor.templates import (
    ACTIVE,
    REQUEST_COLUMNS,
    REQUESTS,
    REVIEW,
    REVIEW_COLUMNS,
    template_keys,
)
from extractor.templates.identities import check_tables

PARTS = REQUEST_COLUMNS[:-1]  # natural … other (the columns summed into total)
LEGAL = PARTS[1:]  # the five 法人或其他组织 columns
REVIEW_PARTS = REVIEW_COLUMNS[:-1]


# --- identities ----------------------------------------------------------------------------

def versions_of(fields: dict) -> tuple[str | None, str | None]:
    """(active version, requests version) from the keys of a report."""
    return templates.version_of_keys("active", fields), templates.version_of_keys("requests", fields)


def _n(v) -> int:
    return v if isinstance(v, int) else 0


def _outcome_rows(requests_version: str) -> list[str]:
    """Row keys summed into （七）总计, in template order."""
    keys = [r.key for r in REQUESTS[requests_version].rows]
    return keys[keys.index("carried_over") + 1: keys.index("total")]


def check_identities(fields: dict) -> list[str]:
    """Descriptions ('rule: detail') of every identity the fields break; blank counts as 0
    (the template's identities, extractor.templates.identities)."""
    _, rv = versions_of(fields)
    tables = [REQUESTS[rv]] if rv else []
    if any(k.startswith("review.") for k in fields):
        tables.append(REVIEW)
    zeros = {k: _n(fields.get(k)) for t in tables for k in t.keys()}
    return [f"{c.rule}: {c.detail}" for c in check_tables(zeros, tables) if c.status == "broken"]


# --- money ---------------------------------------------------------------------------------

def money_yuan(text: str, bare_unit: str) -> int | float:
    """'594417.23万元' -> 5944172300; a bare number is in `bare_unit` ('元' or '万元')."""
    t = text.strip()
    unit = bare_unit
    for u in ("万元", "元"):
        if t.endswith(u):
            unit, t = u, t[: -len(u)]
            break
    d = Decimal(t) * (10000 if unit == "万元" else 1)
    d = d.quantize(Decimal("0.01"))
    return int(d) if d == d.to_integral_value() else float(d)


def format_wan(yuan: int | float) -> str:
    """5944172300 -> '594417.23' (万元, no trailing zeros)."""
    d = (Decimal(str(yuan)) / 10000).normalize()
    s = format(d, "f")
    return s


def make_money(rng: random.Random, yuan: int | float, style: str) -> dict:
    """style: 'yuan' (…元), 'wan' (…万元), 'bare_wan' (bare number meaning 万元), 'bare' (0 only)."""
    if style == "yuan":
        y = Decimal(str(yuan)).quantize(Decimal("0.01"))
        s = format(y.normalize(), "f") if y != y.to_integral_value() else str(int(y))
        text = s + "元"
        return {"text": text, "yuan": money_yuan(text, "元")}
    if style == "wan":
        text = format_wan(yuan) + "万元"
        return {"text": text, "yuan": money_yuan(text, "元")}
    if style == "bare_wan":
        text = format_wan(yuan)
        return {"text": text, "yuan": money_yuan(text, "万元")}
    return {"text": "0", "yuan": 0}


# --- agencies ------------------------------------------------------------------------------

_C1 = "南北东西新安永丰临江海宁清长金华平龙兴德泰昌云宝青白桂武洪沭张嘉淮盐通滨盘富乐吉"
_C2 = "湖山阳城江河宁安平海泽州川源林丰口台桥原溪港田水都明昌化远陵"
_DEPTS = (
    "人民政府", "人民政府", "人民政府", "人民政府办公室", "发展和改革局", "发展和改革委员会", "教育局", "公安局",
    "民政局", "司法局", "财政局", "人力资源和社会保障局", "自然资源和规划局", "生态环境局", "住房和城乡建设局",
    "交通运输局", "水利局", "农业农村局", "商务局", "文化广电和旅游局", "卫生健康委员会", "应急管理局", "审计局",
    "市场监督管理局", "统计局", "医疗保障局", "城市管理局", "行政审批局", "行政审批服务局", "退役军人事务局",
    "政务服务和数据资源管理局（行政审批局）", "科学技术局", "工业和信息化局", "林业局", "体育局", "档案馆",
)


def _place(rng: random.Random) -> str:
    return rng.choice(_C1) + rng.choice(_C2)


def random_agency(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.08:  # '市行政审批局' (the report's own short form)
        return rng.choice("市区县") + rng.choice(_DEPTS[4:])
    if r < 0.16:  # town / street
        return _place(rng) + rng.choice(("县", "区", "市")) + _place(rng) + rng.choice(("镇人民政府", "街道办事处", "乡人民政府"))
    base = _place(rng) + rng.choice(("区", "县", "市", "市", "县"))
    if base.endswith(("区", "县")) and rng.random() < 0.3:
        base = _place(rng) + "市" + base
    return base + rng.choice(_DEPTS)


# --- counts --------------------------------------------------------------------------------

def _multinomial(rng: random.Random, n: int, weights: list[float]) -> list[int]:
    out = [0] * len(weights)
    if n <= 0 or not any(weights):
        return out
    for i in rng.choices(range(len(weights)), weights=weights, k=n):
        out[i] += 1
    return out


def _loguniform(rng: random.Random, lo: float, hi: float) -> int:
    import math
    return int(round(math.exp(rng.uniform(math.log(lo), math.log(hi)))))


def _scale(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.08:
        return 0
    if r < 0.42:
        return rng.randint(1, 12)
    if r < 0.72:
        return _loguniform(rng, 10, 120)
    if r < 0.93:
        return _loguniform(rng, 100, 1200)
    return _loguniform(rng, 1000, 6000)


_OUTCOME_WEIGHTS = {
    "granted": 45, "partial": 5,
    "denied.state_secret": 0.3, "denied.law_forbidden": 0.3, "denied.security": 0.3,
    "denied.third_party": 1.5, "denied.internal": 1.2, "denied.process": 1.5,
    "denied.enforcement": 0.6, "denied.query": 1.5,
    "unable.not_held": 22, "unable.need_creation": 3, "unable.unclear": 2,
    "unprocessed.complaint": 3, "unprocessed.duplicate": 2, "unprocessed.publication": 0.3,
    "unprocessed.massive": 0.3, "unprocessed.confirm": 0.5,
    "other": 5, "other.no_correction": 3, "other.no_fee": 0.1, "other.other": 3,
}


def _requests(rng: random.Random, rv: str) -> dict[str, dict[str, int]]:
    """row -> column -> count, every identity satisfied."""
    rows = [r.key for r in REQUESTS[rv].rows]
    outcomes = _outcome_rows(rv)
    n_new = _scale(rng)
    # applicant mix: natural persons dominate
    col_w = [rng.uniform(0.6, 1.0), rng.uniform(0, 0.25), rng.uniform(0, 0.02), rng.uniform(0, 0.03),
             rng.uniform(0, 0.05), rng.uniform(0, 0.06)]
    if rng.random() < 0.5:
        col_w[2] = col_w[3] = 0.0
    new = _multinomial(rng, n_new, col_w)
    co_rate = 0.0 if rng.random() < 0.45 else rng.uniform(0, 0.12)
    carried_over = [int(v * co_rate + (rng.random() < co_rate * 2 and v > 0)) for v in new]
    fw_rate = 0.0 if rng.random() < 0.4 else rng.uniform(0, 0.12)
    # per-report outcome weights: some outcomes simply never occur
    w = {}
    for k in outcomes:
        base = _OUTCOME_WEIGHTS[k]
        if base < 5 and rng.random() < 0.5:
            w[k] = 0.0
        else:
            w[k] = base * rng.lognormvariate(0, 0.8)
    if not any(w.values()):
        w["granted"] = 1.0
    vals: dict[str, dict[str, int]] = {r: {} for r in rows}
    for i, c in enumerate(PARTS):
        avail = new[i] + carried_over[i]
        fwd = min(avail, int(avail * fw_rate + (rng.random() < fw_rate and avail > 0)))
        tot = avail - fwd
        split = _multinomial(rng, tot, [w[k] for k in outcomes])
        vals["new"][c], vals["carried_over"][c] = new[i], carried_over[i]
        vals["total"][c], vals["carried_forward"][c] = tot, fwd
        for k, v in zip(outcomes, split):
            vals[k][c] = v
    for r in rows:
        vals[r]["total"] = sum(vals[r][c] for c in PARTS)
    return vals


def _review(rng: random.Random) -> dict[str, dict[str, int]]:
    out = {}
    busy = rng.random()
    for row in REVIEW.rows:
        if busy < 0.55 or rng.random() < 0.3:
            v = [0, 0, 0, 0]
        else:
            hi = 3 if busy < 0.9 else 40
            v = [rng.randint(0, hi) if rng.random() < 0.6 else 0 for _ in range(4)]
            v[1] = v[1] // 3  # corrections are rare
        d = dict(zip(REVIEW_PARTS, v))
        d["total"] = sum(v)
        out[row.key] = d
    return out


def _active(rng: random.Random, av: str) -> dict:
    f: dict = {}
    dept = rng.random() < 0.7  # departments make no 规章
    small = lambda hi: 0 if rng.random() < 0.4 else _loguniform(rng, 1, hi)  # noqa: E731
    big = lambda: 0 if rng.random() < 0.25 else _loguniform(rng, 1, 60000)  # noqa: E731
    if av == "2019":
        for row in ("rules", "normative"):
            made = 0 if (row == "rules" and dept) else small(30 if row == "rules" else 300)
            pub = made if rng.random() < 0.8 else max(0, made - rng.randint(0, max(1, made)))
            tot = pub + (0 if rng.random() < 0.2 else small(3000))
            f[f"active.{row}.made"], f[f"active.{row}.published"], f[f"active.{row}.total"] = made, pub, tot
        for row in ("licensing", "other_admin", "punishment", "coercion"):
            prev = small(800)
            change = 0 if rng.random() < 0.55 else rng.randint(-min(prev, 80), 80)
            f[f"active.{row}.prev_items"], f[f"active.{row}.change"] = prev, change
            f[f"active.{row}.decisions"] = big() if prev + change > 0 or rng.random() < 0.3 else 0
        prev = small(60)
        f["active.fees.prev_items"], f["active.fees.change"] = prev, 0 if rng.random() < 0.7 else rng.randint(-min(prev, 5), 5)
        items = small(2000)
        f["active.procurement.items"] = items
        if items == 0:
            f["active.procurement.amount"] = make_money(rng, 0, rng.choice(("bare", "bare", "yuan", "wan")))
        else:
            yuan = _loguniform(rng, 5000, 5e9)
            if rng.random() < 0.4:
                yuan = round(yuan / 100) * 100 if rng.random() < 0.5 else yuan + rng.randint(0, 99) / 100
            f["active.procurement.amount"] = make_money(rng, yuan, rng.choice(("yuan", "yuan", "wan")))
        if rng.random() < 0.06:  # not applicable: the whole 规章 row left blank
            f["active.rules.made"] = f["active.rules.published"] = f["active.rules.total"] = None
    else:
        for row in ("rules", "normative"):
            if row == "rules" and dept:
                iss = rep = force = 0
            else:
                iss, rep = small(40 if row == "rules" else 200), small(30)
                force = iss + (0 if rng.random() < 0.2 else small(2000))
            f[f"active.{row}.issued"], f[f"active.{row}.repealed"], f[f"active.{row}.in_force"] = iss, rep, force
        for row in ("licensing", "punishment", "coercion"):
            f[f"active.{row}.decisions"] = big()
        if rng.random() < 0.45:
            f["active.fees.amount"] = make_money(rng, 0, "bare")
        else:
            yuan = _loguniform(rng, 1000, 3e9)
            r = rng.random()
            if r < 0.4:  # 万元 with up to 6 decimals (fractional yuan)
                yuan = round(yuan, 2)
            elif r < 0.7:
                yuan = round(yuan / 100) * 100
            else:
                yuan = round(yuan / 10000) * 10000
            f["active.fees.amount"] = make_money(rng, yuan, "bare_wan" if rng.random() < 0.85 else "wan")
        if rng.random() < 0.06:
            f["active.rules.issued"] = f["active.rules.repealed"] = f["active.rules.in_force"] = None
    return f


# --- blanks and typos ----------------------------------------------------------------------

def _apply_blanks(rng: random.Random, fields: dict, rv: str) -> None:
    rows = [r.key for r in REQUESTS[rv].rows]
    r = rng.random()
    if r < 0.44:
        style = "zeros"
    elif r < 0.64:
        style = "blank_zero_legal"
    elif r < 0.78:
        style = "blank_zero_all"
    elif r < 0.92:
        style = "blank_zero_rows"
    else:
        style = "totals_only"
    key = lambda row, c: f"requests.{row}.{c}"  # noqa: E731
    if style == "blank_zero_legal":
        for row in rows:
            for c in LEGAL:
                if fields[key(row, c)] == 0:
                    fields[key(row, c)] = None
    elif style == "blank_zero_all":
        for row in rows:
            for c in REQUEST_COLUMNS:
                if fields[key(row, c)] == 0:
                    fields[key(row, c)] = None
    elif style == "blank_zero_rows":
        for row in rows:
            if all(fields[key(row, c)] == 0 for c in REQUEST_COLUMNS) and row not in ("new",):
                for c in REQUEST_COLUMNS:
                    fields[key(row, c)] = None
            else:
                for c in LEGAL:
                    if fields[key(row, c)] == 0:
                        fields[key(row, c)] = None
    elif style == "totals_only":
        # seeds/001: the first rows printed in full, the outcome rows only in 总计
        keep_natural = rng.random() < 0.3
        for row in rows:
            if row in ("new", "carried_over") and rng.random() < 0.7:
                continue
            for c in PARTS:
                if keep_natural and c == "natural":
                    continue
                fields[key(row, c)] = None
    if rng.random() < 0.2:  # review zeros printed blank
        for k in [k for k in fields if k.startswith("review.")]:
            if fields[k] == 0:
                fields[k] = None


def _typo(rng: random.Random, fields: dict) -> bool:
    """Change one count so that an identity breaks; False when no candidate worked."""
    cands = [k for k, v in fields.items() if k.startswith(("requests.", "review.")) and isinstance(v, int)]
    before = set(check_identities(fields))
    for _ in range(20):
        if not cands:
            return False
        k = rng.choice(cands)
        v = fields[k]
        s = str(v)
        r = rng.random()
        if r < 0.3 and len(s) >= 2 and s[0] != s[1]:
            nv = int(s[1] + s[0] + s[2:]) if s[1] != "0" else v + 1
        elif r < 0.5 and len(s) >= 2:
            nv = int(s[:-1])
        elif r < 0.8:
            nv = v + rng.choice((-1, 1, 2, 10))
        else:
            nv = v * 10 + rng.randint(0, 9)
        if nv < 0 or nv == v:
            continue
        fields[k] = nv
        if set(check_identities(fields)) - before:
            return True
        fields[k] = v
    return False


# --- the report ----------------------------------------------------------------------------

def generate_report(rng: random.Random, template: str | None = None) -> dict:
    """A random report in the labels shape (see module docstring)."""
    av = template or ("2019" if rng.random() < 0.4 else "2021")
    if av not in ACTIVE:
        raise ValueError(f"unknown template {template!r}")
    rv = av if (av == "2019" or rng.random() >= 0.08) else "2019"  # hybrid: 2021 active + 2019 （六）
    year = rng.choice((2019, 2020)) if av == "2019" else rng.randint(2021, 2025)
    fields: dict = {}
    fields.update(_active(rng, av))
    req = _requests(rng, rv)
    for r, cols in req.items():
        for c, v in cols.items():
            fields[f"requests.{r}.{c}"] = v
    for r, cols in _review(rng).items():
        for c, v in cols.items():
            fields[f"review.{r}.{c}"] = v
    keys = template_keys(av, rv)
    assert set(keys) == set(fields), set(keys) ^ set(fields)
    fields = {k: fields[k] for k in keys}
    _apply_blanks(rng, fields, rv)
    if rng.random() < 0.06:
        _typo(rng, fields)
    return {
        "template": av,
        "year": year,
        "agency": random_agency(rng),
        "fields": fields,
        "broken": check_identities(fields),
    }


if __name__ == "__main__":  # pragma: no cover - a quick look
    import json
    import sys

    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    print(json.dumps(generate_report(random.Random(seed)), ensure_ascii=False, indent=1))
