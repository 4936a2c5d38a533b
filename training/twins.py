"""Which conversions keep WHERE each value stood: twin tables, proof of lost positions.

Many converters drop blank cells (a PDF's text layer prints nothing for an empty cell; one
cell a line, blanks omitted), so a row "1, blank x5, 1" prints "1 1" and nothing says
whether the 1 was 自然人 or 商业企业. *values kept* (training.converters.content_kept)
cannot see that: every digit is still printed. This module measures it per document.

A **twin** is a pair of tables (A, B) of one labelled report that differ in at least one
cell while every identity of extractor.checks that holds in the report holds in both:

- ``columns``: two part columns of a table exchanged whole (A = the report);
- ``rows``: two rows of one group exchanged whole, totals included (A = the report);
- ``rect``: a 1 added to two blank cells at (r1, c1), (r2, c2) in A and at (r1, c2),
  (r2, c1) in B, plus the sums they enter (the same sums in both);
- ``blank``: a blank cell and a 0 of one row exchanged (A = the report): "1 0 0 0 0 0 _"
  and "1 0 0 0 0 _ 0" differ only in which cell was left empty, so a route that drops
  blanks prints both as "1 0 0 0 0 0" (a blank sums as 0: every identity is unmoved).

Both are rendered through a route exactly as the harness renders the report (training.
converters.sources and convert: same seed, same stem, same converter). Two different tables
that print the same output prove that the route lost those cells' positions for that
document ("lost", with the twin that proves it): no reader and no arithmetic can tell A from
B. A document whose twins all print differently is "kept" - evidence, not proof.

The moves are taken from the template (rows, groups, part columns, identities), for table
三 (requests) and table 四 (review); candidates that change where a blank stands come first,
then a seeded shuffle picks a small fixed set (`PLAN`). Binary outputs (PDF, DOCX, ODT) are
compared as the loader sees them (extractor.loaders: block texts, grid places, geometry);
page images are not measured (OCR costs ~12 s a page).

    from training.twins import twins, positions
    for t in twins(report):                      # report: labels-shaped (template, fields)
        t.name, t.a, t.b, t.differ
    positions(item, ["pdftotext-default", "w3m"], seed=0)
        -> {route: {"positions": "kept" | "lost" | None, "twin": name, "twins": n}}
"""
from __future__ import annotations

import html as _html
import random
import re
from dataclasses import dataclass
from functools import lru_cache

from extractor import templates
from extractor.checks import check
from extractor.templates.identities import expand

# how many twins of each kind per table (the cost: one or two renderings each)
PLAN = {"requests": (("columns", 2), ("rows", 2), ("rect", 3), ("blank", 1)),
        "review": (("columns", 1), ("rows", 1), ("rect", 1), ("blank", 1))}
IMAGE_EXTS = ("png", "jpg", "jpeg", "tif", "tiff")
BINARY_EXTS = ("pdf", "docx", "odt")


@dataclass
class Twin:
    name: str        # e.g. "requests columns natural<>commercial"
    table: str       # "requests" | "review"
    kind: str        # "columns" | "rows" | "rect" | "blank"
    a: dict          # fields of table A (the report itself for exchanges)
    b: dict          # fields of table B
    differ: list     # the keys where A and B differ


def _tables(report: dict):
    """The report's tables that twins are made of: 三 of its revision, and 四."""
    out = []
    if report.get("template"):
        out.append(templates.revision("requests", report["template"]))
    out.append(templates.REVIEW)
    return out


def _part_columns(table) -> list[str]:
    """Columns that are parts of the row identities (all but the row total)."""
    row_totals = {t.rsplit(".", 1)[1] for s in expand(table) if s.row_total for t in s.totals}
    return [c for c in table.column_keys if c not in row_totals]


def _itemised(table):
    """The rows printed under a group label (（三）不予公开 …): the itemised rows whose
    exchange or +1 is carried by the group's sums; a table without groups (四): every row."""
    grouped = [r for r in table.rows if r.group]
    return grouped or list(table.rows)


def _holds(fields: dict, template) -> dict:
    """rule -> ok of every identity (of tables 三 and 四)."""
    return {c.rule: c.ok for c in check(fields, template)
            if c.rule.startswith("requests.") or c.rule.startswith("review.")}


def _keeps_identities(report: dict, fields: dict) -> bool:
    before, after = _holds(report["fields"], report.get("template")), _holds(fields, report.get("template"))
    return all(after.get(rule, False) for rule, ok in before.items() if ok)


def _blank(v) -> bool:
    return v is None


def exchange(fields: dict, pairs) -> dict:
    """`fields` with the values of each pair of keys exchanged."""
    f = dict(fields)
    for x, y in pairs:
        f[x], f[y] = fields.get(y), fields.get(x)
    return f


def _plus_one(fields: dict, cells, sums) -> dict | None:
    """`fields` with 1 added to each cell and the differences carried into the sums they
    enter (an unbalanced identity gets the difference on its short side: its first total,
    or its first part), until every identity of `sums` is balanced again; None if that
    does not settle."""
    delta = dict.fromkeys(cells, 1)
    for _ in range(50):
        moved = False
        for s in sums:
            d = sum(delta.get(k, 0) for k in s.parts) - sum(delta.get(k, 0) for k in s.totals)
            if d:
                key = s.totals[0] if d > 0 else s.parts[0]
                delta[key] = delta.get(key, 0) + abs(d)
                moved = True
        if not moved:
            f = dict(fields)
            for k, d in delta.items():
                f[k] = (f.get(k) or 0) + d
            return f
    return None


def _ordered(cands: list, rank, rng: random.Random) -> list:
    """Candidates by rank (0 best), each rank in a seeded order."""
    rng.shuffle(cands)
    return sorted(cands, key=rank)  # stable: the shuffle orders each rank


def _dropped(f: dict, t: str, row: str, cols) -> tuple:
    """A row as a converter that drops blank cells prints it: its non-blank values in order."""
    return tuple(f.get(f"{t}.{row}.{c}") for c in cols if f.get(f"{t}.{row}.{c}") is not None)


def _candidates(kind: str, table, f: dict, rng: random.Random):
    """(name, A or None for the report itself, B) of every move of `kind` on `table`, best
    first: rank 0, A and B print the same where blank cells are dropped (every row's
    non-blank values in the same order), so only a route that keeps the blanks' places
    can tell them apart; rank 1, a blank changes place; rank 2, the rest."""
    t = table.name
    cols = _part_columns(table)
    allcols = list(table.column_keys)
    rows = [r.key for r in table.rows]
    key = lambda r, c: f"{t}.{r}.{c}"  # noqa: E731

    def rank_of(pairs) -> int:
        b = exchange(f, pairs)
        if all(_dropped(f, t, r, allcols) == _dropped(b, t, r, allcols) for r in rows):
            return 0
        return 1 if any(_blank(f.get(x)) != _blank(f.get(y)) for x, y in pairs) else 2

    if kind in ("columns", "rows"):
        if kind == "columns":
            cands = [(f"{t} columns {c1}<>{c2}", [(key(r, c1), key(r, c2)) for r in rows])
                     for i, c1 in enumerate(cols) for c2 in cols[i + 1:]]
        else:
            groups: dict = {}
            for r in _itemised(table):
                groups.setdefault(r.group, []).append(r.key)
            cands = [(f"{t} rows {r1}<>{r2}", [(key(r1, c), key(r2, c)) for c in allcols])
                     for g in groups.values() for i, r1 in enumerate(g) for r2 in g[i + 1:]]
        cands = [c for c in cands if any(f.get(x) != f.get(y) for x, y in c[1])]
        ranks = {c[0]: rank_of(c[1]) for c in cands}
        for name, pairs in _ordered(cands, lambda c: ranks[c[0]], rng):
            yield name, None, exchange(f, pairs)
        return
    if kind == "blank":
        # every (blank, 0) pair of a row; a converter that drops blanks prints A and B alike
        cands = [(f"{t} blank {r} {c1}<>{c2}", [(key(r, c1), key(r, c2))])
                 for r in rows for c1 in allcols for c2 in allcols
                 if _blank(f.get(key(r, c1))) and f.get(key(r, c2)) == 0]
        for name, pairs in _ordered(cands, lambda c: 0, rng):
            yield name, None, exchange(f, pairs)
        return
    sums = expand(table)
    items = [r.key for r in _itemised(table)]
    cands = [(r1, r2, c1, c2) for i, r1 in enumerate(items) for r2 in items[i + 1:]
             for j, c1 in enumerate(cols) for c2 in cols[j + 1:]
             if all(not f.get(key(r, c)) for r in (r1, r2) for c in (c1, c2))]  # blank or 0

    def rank(q) -> int:
        r1, r2, c1, c2 = q
        if not all(_blank(f.get(key(r, c))) for r in (r1, r2) for c in (c1, c2)):
            return 2
        between = cols[cols.index(c1) + 1:cols.index(c2)]
        return 0 if all(_blank(f.get(key(r, c))) for r in (r1, r2) for c in between) else 1

    for r1, r2, c1, c2 in _ordered(cands, rank, rng):
        a = _plus_one(f, [key(r1, c1), key(r2, c2)], sums)
        b = _plus_one(f, [key(r1, c2), key(r2, c1)], sums)
        if a is not None and b is not None:
            yield f"{t} rect {r1}/{r2} x {c1}/{c2}", a, b


def twins(report: dict, seed: int = 0, plan=None, accept=None, tries: int = 12) -> list[Twin]:
    """The twin tables of a labelled report (labels-shaped: template, fields): per table
    and kind, the first `plan` candidates (seeded by `seed` and the report's name) that
    differ and keep every identity that holds in the report. `accept(twin)`, if given,
    is asked of each such candidate (at most `tries` per kind): those it accepts come
    first, the others fill what is left of the plan."""
    plan = plan or PLAN
    f = report["fields"]
    out = []
    for table in _tables(report):
        if not any(k.startswith(f"{table.name}.") for k in f):
            continue
        for kind, n in plan.get(table.name, ()):
            rng = random.Random(f"twins:{seed}:{table.name}:{kind}:{report.get('doc') or ''}")
            good, spare = [], []
            for name, a, b in _candidates(kind, table, f, rng):
                a = f if a is None else a
                differ = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
                if not differ or not _keeps_identities(report, a) or not _keeps_identities(report, b):
                    continue
                t = Twin(name, table.name, kind, a, b, differ)
                (good if accept is None or accept(t) else spare).append(t)
                if len(good) >= n or len(good) + len(spare) >= max(n, tries if accept else n):
                    break
            out += (good + spare)[:n]
    return out


# --- the renderings: does a twin differ only in its cells? ---------------------------------

_TABLE = re.compile(r"(?is)<table\b.*?</table>")
_CELL = re.compile(r"(?is)(<t[dh]\b[^>]*>)(.*?)</t[dh]>")


def _cell_text(inner: str) -> str:
    return re.sub(r"\s+|&nbsp;", "", _html.unescape(re.sub(r"<[^>]+>", "", inner)).replace("\xa0", " "))


def divergence(a: str, b: str) -> str | None:
    """Why two renderings of a report's HTML page differ elsewhere than in the text of
    table cells (None: they do not). The renderer draws its random choices (cell widths,
    label spans, narrative wording) from one stream, and some draws depend on the values
    (a blank cell draws nothing; the narrative quotes row totals): such a twin's A and B
    may print differently for reasons that are not the cells. It can still prove a loss
    (identical outputs), never a keep."""
    if _TABLE.sub("", a) != _TABLE.sub("", b):
        return "the text outside the tables differs (narrative)"
    ca, cb = _CELL.findall(a), _CELL.findall(b)
    if len(ca) != len(cb):
        return "the tables have other cells"
    for (oa, ia), (ob, ib) in zip(ca, cb):
        if oa != ob:
            return "cell attributes differ (random draws shifted)"
        if ia != ib and _cell_text(ia) == _cell_text(ib):
            return "cell markup differs (random draws shifted)"
    return None


# --- the routes: does a twin print differently? -------------------------------------------


@lru_cache(maxsize=1)
def _temp_path() -> re.Pattern:
    from .converters import TEMP_PREFIX

    return re.compile(rb"[^\s<>\"']*" + re.escape(TEMP_PREFIX.encode()) + rb"[^\s<>\"'/]*")


def view(content: bytes, name: str):
    """What a reader gets of a converter's output: the text as printed; for a binary
    document (PDF, DOCX, ODT) the loader's blocks (text, grid place, geometry); None for
    an image (not measured)."""
    ext = name.rsplit(".", 1)[-1].lower()
    if ext in IMAGE_EXTS:
        return None
    if ext not in BINARY_EXTS:
        # (pdftohtml prints the path it was given as the <title>: two conversions would differ
        # by their temporary folders alone)
        return _temp_path().sub(b"", content)
    from extractor.loaders import load_bytes

    doc = load_bytes(content, name)
    return tuple((b.text, b.kind, b.row, b.col, b.table, b.rowspan, b.colspan, b.blank, b.page,
                  *(None if v is None else round(v, 1) for v in (b.x0, b.x1, b.y0, b.y1))) for b in doc.blocks)


def measurable(route: str) -> bool:
    """Twins apply to a route that renders the report (not the published file) into
    something other than a page image."""
    from . import converters as C

    r = C.ROUTES[route]
    return r.source != "original" and r.ext not in IMAGE_EXTS


def positions(item, routes, seed: int = 0, source=None) -> dict:
    """Per route: {"positions": "lost" | "kept" | None, "twin": the proving twin, "twins": n,
    "clean": m}. "lost": a twin's A and B print the same (proof); "kept": every twin prints
    differently and at least one twin's renderings differ only in its cells (evidence);
    None: no twin applies, none is clean, or a conversion failed. `item`:
    training.converters.Item; `source`: its Source if the caller rendered it already."""
    from . import converters as C
    from .render import render

    routes = [r for r in routes if measurable(r)]
    report, stem = item.report, item.stem
    page = lambda fields: render({**report, "fields": fields}, "html", C._rng(seed, stem, "html")).content  # noqa: E731
    base = source.html if source is not None else page(report["fields"])
    why: dict = {}

    def accept(t: Twin) -> bool:
        why[t.name] = divergence(base if t.a is report["fields"] else page(t.a), page(t.b))
        return why[t.name] is None

    tw = twins(report, seed, accept=accept)
    clean = [t for t in tw if why.get(t.name) is None]
    out = {r: {"positions": None, "twin": None, "twins": len(tw), "clean": len(clean)} for r in routes}
    if not tw or not routes:
        return out
    need_pdf = any(C.ROUTES[r].source == "pdf" for r in routes)
    rendered: dict = {}

    def src(fields: dict):
        if fields is report["fields"] and source is not None and (source.pdf is not None or not need_pdf):
            return source
        k = id(fields)
        if k not in rendered:
            rendered[k] = (fields, C.sources({**report, "fields": fields}, stem, seed, need_pdf))
        return rendered[k][1]

    outputs: dict = {}

    def output(route: str, s):
        k = (route, id(s))
        if k not in outputs:
            try:
                data = C.convert(route, s, C._rng(seed, stem, route))
                outputs[k] = view(data, f"{stem}__{route}.{C.ROUTES[route].ext}")
            except Exception as e:  # a failed conversion decides nothing
                outputs[k] = e
        return outputs[k]

    open_ = set(routes)
    failed: set = set()
    # clean twins first: a route proven lost needs no more conversions
    for t in sorted(tw, key=lambda t: why.get(t.name) is not None):
        sa, sb = src(t.a), src(t.b)
        # the rendered tables must differ where the labels do (the printed truth)
        if not any(sa.fields.get(k) != sb.fields.get(k) for k in t.differ):
            continue
        todo = sorted(open_)
        for s in (sa, sb):  # one source through every route, then the other (converters cache per page)
            for r in todo:
                output(r, s)
        for r in todo:
            oa, ob = output(r, sa), output(r, sb)
            if isinstance(oa, Exception) or isinstance(ob, Exception):
                failed.add(r)
                open_.discard(r)
            elif oa == ob:
                out[r].update(positions="lost", twin=t.name)
                open_.discard(r)
        if not open_:
            break
    # a keep is claimed only where every table with twins has one that differs only in its cells
    covered = {t.table for t in tw} <= {t.table for t in clean}
    for r in open_:
        out[r]["positions"] = "kept" if covered and r not in failed else None
    return out


def positions_markdown(res: dict) -> str:
    """The harness's positions table (training.evaluate.evaluate_converters(positions=True)):
    per route, the documents whose values / places of values it kept, the proofs of a loss (a
    labelled value whose digits the output does not print as such - dropped, or run into a
    neighbour's, which a reader may still split by the sums - or a twin printed alike), the
    lenient score of the documents with no such proof and those of them still wrong (issue
    10's "lenient >= 99 % wherever the converter kept the content"), and the auto-accepted
    documents among those that kept both (each cell "model / rules", the classifiers in the
    order asked)."""
    cl = res["classifiers"]
    lines = [f"Where values stand (training.twins; {res['positions_cpu_seconds']:.0f} s CPU for the twins):", "",
             "| route | docs | values kept (docs) | positions kept | positions lost | proved by | "
             "lenient %, not proven lost (docs) | wrong, not proven lost | "
             "auto-accepted, values + positions kept | auto-accepted, all |", "|" + "---|" * 10]
    proofs: dict = {}
    for d in res["per_document"]:
        if d["classifier"] != cl[0]:
            continue
        why = []
        k = d.get("values_kept")
        if k and k[0] < k[1]:
            why.append(f"{k[1] - k[0]}/{k[1]} values not printed as such")
        if d.get("positions") == "lost":
            why.append(d["positions_twin"])
        if why:
            proofs.setdefault(d["route"], []).append(f"{d['doc'].split('__')[0]}: {', '.join(why)}")
    for row in res["routes"]:
        s0 = row[cl[0]]
        n = s0["documents"]
        values = "n/a" if s0["documents_losing_values"] is None else f"{n - s0['documents_losing_values']}/{n}"
        if not s0.get("positions_measured") and not s0.get("positions_lost"):
            pk, pl, both = "n/a", "n/a", "n/a"
        else:
            pk = f"{s0['positions_kept']}/{n}"
            pl = f"{s0['positions_lost']}/{n}"
            both = " / ".join(f"{row[c]['kept_auto_accepted']}/{row[c]['kept_documents']}" for c in cl)
        auto = " / ".join(f"{row[c]['auto_accepted']}/{n}" for c in cl)
        shown = proofs.get(row["route"], [])
        proof = "; ".join(shown[:3]) + (f"; … (+{len(shown) - 3}, converters.json)" if len(shown) > 3 else "") or "–"
        open_ = " / ".join("–" if row[c]["not_lost_lenient"] is None else f"{100 * row[c]['not_lost_lenient']:.1f}"
                           for c in cl) + f" ({s0['not_lost_documents']})"
        wrong = ", ".join(x.split("__")[0] for x in s0["not_lost_wrong"]) or "–"
        lines.append(f"| {row['route']} | {n} | {values} | {pk} | {pl} | {proof} | {open_} | {wrong} | {both} | {auto} |")
    return "\n".join(lines) + "\n"

