"""Ruled tables from line segments: the geometry that PDF drawings (pdf.py) and scanned
page images (ocr.py) share.

A rule is a sequence (pos, lo, hi, ...): (y, x0, x1) for a horizontal one, (x, y0, y1) for
a vertical one (OCR adds the stroke thickness). Both loaders find tables the same way:
rules that cross or touch (within a tolerance) are one table (`connected`); its column and
row edges are the rules' positions clustered (`cluster`); a slot border exists where rules
cover it; slots without a border between them are one (merged) cell.

What differs, and why it stays with each loader:
* which segments are rules: a PDF's strokes and thin rectangles are drawn lines and are
  joined along their line first; in a scan, line-like ink may be a glyph stroke, so a
  vertical piece counts only where it meets a horizontal one, and tiny grids are glyphs;
* which borders exist: a drawn border covers its slot side or not at all, so pdf.py sums
  the rules' lengths over the whole side and grows each cell right then down from its
  top-left slot; a scanned rule is broken by noise and overshoots at crossings, so a scan's
  border is measured on the middle 60% of the side (`grid_from_rules`: the union of the
  pieces), and a union of slots that is no rectangle (a rowspan cell continued from the
  previous page has no rules) is cut where rules are.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass


def crosses(h, v, tol: float) -> bool:
    """Do horizontal rule h and vertical rule v meet (within tol)?"""
    return h[1] - tol <= v[0] <= h[2] + tol and v[1] - tol <= h[0] <= v[2] + tol


def connected(hs: list, vs: list, tol: float) -> list[tuple[list, list]]:
    """The rules grouped into connected tables, each (its horizontal, its vertical rules);
    every rule in exactly one group (a lone one alone), groups in order of first rule."""
    n = len(hs)
    parent = list(range(n + len(vs)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i, j):
        a, b = find(i), find(n + j)
        if a != b:
            parent[a] = b

    xs = [v[0] for v in vs]
    if any(x != x for x in xs):  # a NaN position: no order to search in, test every pair
        for i, h in enumerate(hs):
            for j, v in enumerate(vs):
                if crosses(h, v, tol):
                    union(i, j)
    else:
        # only the vertical rules whose x lies within a horizontal rule's reach can cross it:
        # found by bisection in x order instead of testing every pair (the groups depend
        # only on which pairs cross, not on the order they are joined in)
        order = sorted(range(len(vs)), key=xs.__getitem__)
        sx = [xs[j] for j in order]
        for i, h in enumerate(hs):
            y = h[0]
            for k in range(bisect_left(sx, h[1] - tol), bisect_right(sx, h[2] + tol)):
                j = order[k]
                v = vs[j]
                if v[1] - tol <= y <= v[2] + tol:
                    union(i, j)
    groups: dict[int, tuple[list, list]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(n + j), ([], []))[1].append(v)
    return list(groups.values())


def cluster(values: list[float], tol: float) -> list[float]:
    """Positions within tol of the previous one are one edge (their mean); sorted."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


@dataclass
class Grid:
    """A ruled table: column edges xs, row edges ys, and merged cells (r0, c0, r1, c1)."""
    xs: list[float]
    ys: list[float]
    cells: list[tuple[int, int, int, int]]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def rect(self, cell) -> tuple[float, float, float, float]:
        r0, c0, r1, c1 = cell
        return self.xs[c0], self.ys[r0], self.xs[c1], self.ys[r1]

    def cell_at(self, x: float, y: float):
        x0, y0, x1, y1 = self.bbox
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            return None
        for cell in self.cells:
            a, b, c, d = self.rect(cell)
            if a <= x <= c and b <= y <= d:
                return cell
        return None


def covered_share(segs, pos: float, lo: float, hi: float, tol: float) -> float:
    """Share of [lo, hi] covered by the pieces lying at pos."""
    if hi <= lo:
        return 1.0
    iv = sorted((max(lo, a), min(hi, b)) for p, a, b, *_ in segs if abs(p - pos) <= tol and b > lo and a < hi)
    tot, cur = 0.0, lo
    for a, b in iv:
        if b <= cur:
            continue
        tot += b - max(a, cur)
        cur = b
    return tot / (hi - lo)


def grid_from_rules(hs, vs, tol: float) -> Grid | None:
    """The cells of one table from its (broken, overshooting) rules: scans."""
    x0 = min(min(h[1] for h in hs), min(v[0] for v in vs))
    x1 = max(max(h[2] for h in hs), max(v[0] for v in vs))
    y0 = min(min(h[0] for h in hs), min(v[1] for v in vs))
    y1 = max(max(h[0] for h in hs), max(v[2] for v in vs))
    xs = cluster([v[0] for v in vs] + [x0, x1], tol * 1.5)
    ys = cluster([h[0] for h in hs] + [y0, y1], tol * 1.5)
    if len(xs) < 2 or len(ys) < 2:
        return None
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = list(range(nr * nc))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # outer edges are always boundaries (a border may be missing at a page break)
    vb = [[True] * nc for _ in range(nr)]  # vb[r][c]: a rule between (r, c) and (r, c+1)
    hb = [[True] * nc for _ in range(nr)]  # hb[r][c]: a rule between (r, c) and (r+1, c)
    for r in range(nr):
        for c in range(nc - 1):
            lo, hi = ys[r], ys[r + 1]
            m = (hi - lo) * 0.2
            if covered_share(vs, xs[c + 1], lo + m, hi - m, tol) < 0.5:
                vb[r][c] = False
                parent[find(r * nc + c)] = find(r * nc + c + 1)
    for r in range(nr - 1):
        for c in range(nc):
            lo, hi = xs[c], xs[c + 1]
            m = (hi - lo) * 0.2
            if covered_share(hs, ys[r + 1], lo + m, hi - m, tol) < 0.5:
                hb[r][c] = False
                parent[find(r * nc + c)] = find((r + 1) * nc + c)
    comps: dict[int, list[tuple[int, int]]] = {}
    for r in range(nr):
        for c in range(nc):
            comps.setdefault(find(r * nc + c), []).append((r, c))
    cells = []
    for slots in comps.values():
        cells.extend(rectangles(slots, vb, hb))
    return Grid(xs, ys, sorted(cells))


def rectangles(slots: list[tuple[int, int]], vb, hb) -> list[tuple[int, int, int, int]]:
    """Grid slots joined by missing rules -> cells (r0, c0, r1, c1): per row, runs of
    slots with no rule between them; runs of consecutive rows with the same extent and
    no rule between them stack into one cell. A plain rowspan/colspan cell comes out
    whole; a union that is no rectangle (a rowspan cell continued from the previous page
    has no rules and runs into the rows beside it) is cut where rules are."""
    have = set(slots)
    r0, r1 = min(r for r, _ in slots), max(r for r, _ in slots) + 1
    c0, c1 = min(c for _, c in slots), max(c for _, c in slots) + 1
    runs: list[list[int]] = []  # [r0, c0, r1, c1]
    open_: dict[tuple[int, int], list[int]] = {}
    for r in range(r0, r1):
        nxt: dict[tuple[int, int], list[int]] = {}
        c = c0
        while c < c1:
            if (r, c) not in have:
                c += 1
                continue
            a = c
            c += 1
            while c < c1 and (r, c) in have and not vb[r][c - 1]:
                c += 1
            prev = open_.get((a, c))
            if prev is not None and not any(hb[r - 1][k] for k in range(a, c)):
                prev[2] = r + 1
                nxt[(a, c)] = prev
            else:
                run = [r, a, r + 1, c]
                runs.append(run)
                nxt[(a, c)] = run
        open_ = nxt
    return [tuple(x) for x in runs]
