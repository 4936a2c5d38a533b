"""Turn the tokens printed for one table row into its cells.

A row is printed as value tokens: proper cells (one value each, maybe blank), or pieces
of run-together text whose digits may hold several cells (``640020470`` = 64|0|0|2|0|4|70).
Blank cells may also have been dropped. `candidates` lists every way to read the tokens
as exactly k cells, with a prior score, keeping only readings that satisfy the row's
identities when any does. The assembler then picks among rows' candidates jointly.

The search is bounded: each search of `candidates` has a budget of steps (limits.SOLVE_STEPS,
counted, not timed, so the result is the same on every machine), and a document's searches
draw on one pool (`Budget(limits.DOCUMENT_SOLVE_STEPS)`, passed by the assembler). When
a search runs out, the readings found so far are returned with `cut=True`, and the fields
they give are flagged for review.
"""
from __future__ import annotations

from functools import lru_cache

import math
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import combinations
from typing import Callable, Sequence

from . import limits
from .templates.identities import outcome
from .values import DIGIT_GROUPS, NOT_APPLICABLE, parse_int, parse_money

MAX_CANDIDATES = 4000
# a chunk between spaces/signs; thousands separators ("1,234") keep a number whole
# a lone 万 after a number is its unit too ("103741.2425 万" with "元" wrapped to the next line:
# 万 multiplies whether or not 元 follows, values._MONEY reads it so)
_UNIT = r"(?:万元|元|万(?![\u4e00-\u9fff]))"
_CHUNK = re.compile(rf"[-+]?\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?{_UNIT}?(?!\d)|[-+]?[\d.]+{_UNIT}?")
_GROUPED = re.compile(r"^[-+]?\d{1,3}(?:,\d{3})+")
# a money unit printed apart from its number ("953.318 万元": a PDF's digits and CJK text are
# runs in two fonts, and text extraction puts a space between them) is still that number's unit
_UNIT_GAP = re.compile(rf"(?<=\d)[^\S\n]+(?={_UNIT})")


def _chunks(text: str):
    """The number chunks of a run-together token, each with the money unit printed after it."""
    return _CHUNK.finditer(_UNIT_GAP.sub("", text))
_CELL_OK = re.compile(r"^[-+]?(?:0|[1-9]\d*)(?:\.\d+)?(?:万元|万|元)?$")
# an amount of money printed with its unit as the whole of a line ("953.318万元"; one printed
# "953.318 万元" is read as before, the space taken out by _chunks)
_AMOUNT_LINE = re.compile(r"\s*\d+(?:\.\d+)?(?:万元|元)\s*")


def run_together(text: str, kind: str) -> bool:
    """Whether a value block's text may hold several cells run together (a line of text, a
    piece of one) - not a line that prints one amount with its unit and nothing else: the
    unit closes the amount where the line begins it, so the line is that one cell (a count
    run into an amount prints on the line of the count's label or cell; 169 such lines in
    the dev and G211/G281/G353 conversions, none a count and an amount run together)."""
    return kind in ("line", "piece") and not (kind == "line" and _AMOUNT_LINE.fullmatch(text))


@dataclass
class Token:
    text: str
    splittable: bool = False  # a piece of run-together text: may hold several cells
    blank: bool = False
    ref: object = None  # the source block


@dataclass
class Candidate:
    cells: tuple[str | None, ...]  # printed text per column; None = blank
    refs: tuple[object, ...]
    prior: float
    how: str  # exact | trimmed | placed | split | overflow
    ok: bool = True  # satisfies the row's identities
    cut: bool = False  # the search ran out of budget: a best-so-far reading, not the best
    # columns whose number was printed across two side-by-side cells, read joined (_joined_cells)
    joined: frozenset[int] = frozenset()

    @cached_property
    def nums(self) -> tuple[float, ...]:
        """Cell values for identities (blank = 0)."""
        return tuple(cell_number(c) for c in self.cells)


@dataclass
class RowSpec:
    k: int
    money: frozenset[int] = frozenset()  # column indexes holding money
    signed: frozenset[int] = frozenset()
    # the row identities of the template (templates.identities.row_sums): (part column
    # indexes, total column indexes) that must add up
    sums: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...] = ()
    prior: Callable[[Sequence[str | None]], float] | None = None
    # log-weight of a value being printed in each column (where dropped blanks must be
    # placed): some columns are far more often filled than others
    column_logp: tuple[float, ...] | None = None


@lru_cache(maxsize=65536)
def cell_number(text: str | None, money: bool = False) -> float:
    if text is None:
        return 0.0
    if money:
        m = parse_money(text)
        return float(m["yuan"]) if m else 0.0
    v = parse_int(text)
    return float(v or 0)


def sums_ok(cells: Sequence[str | None], spec: RowSpec, upto: int | None = None) -> bool:
    """No row identity broken by these cells (with `upto`: by the first `upto` of them)."""
    for parts, totals in spec.sums:
        if upto is not None and max(parts + totals) >= upto:
            continue
        # a total alone is "not itemised"; a blank total with printed parts breaks the row
        if outcome([_num(cells[i]) for i in parts], [_num(cells[i]) for i in totals], row_total=True) == "broken":
            return False
    return True


def _num(cell: str | None) -> float | None:
    return None if cell is None else cell_number(cell)


# log-probability of a cell's printed length: lone zeros are common, long numbers rare.
# Every split of one digit string prints the same digits, so within one reading the
# values themselves cost the same and only the lengths tell readings apart.
_LEN_LOGP = {0: math.log(0.35), 1: math.log(0.2), 2: math.log(0.18), 3: math.log(0.13),
             4: math.log(0.08), 5: math.log(0.04), 6: math.log(0.015), 7: math.log(0.005)}


def default_prior(cells: Sequence[str | None]) -> float:
    total = 0.0
    for c in cells:
        if c is None:
            continue
        digits = c.lstrip("+-").split(".")[0].rstrip("万元")
        n = 0 if digits == "0" else len(digits)
        total += _LEN_LOGP.get(n, math.log(0.001))
    return total


class Budget:
    """Steps a search may still take; `cut` once it ran out. Steps spent are also taken
    from `pool` (the document's budget) when there is one."""
    __slots__ = ("left", "cut", "pool")

    def __init__(self, steps: int | None = None, pool: Budget | None = None) -> None:
        self.left = limits.SOLVE_STEPS if steps is None else steps
        self.cut = False
        self.pool = pool

    def spend(self, n: int = 1) -> bool:
        """Take n steps; False (and cut) when the budget is spent."""
        self.left -= n
        if self.pool is not None:
            self.pool.left -= n
        if self.left < 0:
            self.cut = True
        return not self.cut

    def search(self, steps: int | None = None) -> Budget:
        """The budget of one search drawing on this pool: its own steps, fewer when the
        pool is low, never fewer than limits.MIN_SOLVE_STEPS."""
        steps = limits.SOLVE_STEPS if steps is None else steps
        return Budget(max(limits.MIN_SOLVE_STEPS, min(steps, self.left)), self)


def _valid(cell: str, col: int, spec: RowSpec) -> bool:
    if not _CELL_OK.match(cell):
        return False
    if cell[0] in "+-" and col not in spec.signed:
        return False
    money = col in spec.money
    if not money and ("." in cell or "元" in cell or "万" in cell):
        return False
    digits = cell.lstrip("+-").split(".")[0].rstrip("万元")
    return len(digits) <= (13 if money else 9)


def _split(tokens: list[Token], spec: RowSpec, budget: Budget | None = None) -> list[tuple[tuple[str | None, ...], tuple]]:
    """Every reading of the tokens as exactly k cells (run-together digits split), until
    the budget runs out."""
    budget = budget or Budget()
    units: list[tuple[str | None, object, bool]] = []  # (text, ref, splittable)
    for t in tokens:
        if t.splittable:
            for m in _chunks(t.text):
                grouped = bool(_GROUPED.match(m.group(0)))  # one number, never split
                units.append((m.group(0).replace(",", "") if grouped else m.group(0), t.ref, not grouped))
        else:
            units.append((None if t.blank else t.text, t.ref, False))
    k = spec.k
    # cells units[i:] can still give, at least and at most: a whole cell gives one; a run of
    # digits at least one per 9 digits (13 with money: no cell is longer), at most one per digit.
    # Branches that cannot end with exactly k cells are not explored (the same readings,
    # found in the same order, without the dead ends that made long runs exponential).
    longest = 13 if spec.money else 9  # as _valid allows
    fewest = [_fewest_cells(u[0], longest) if u[2] else None for u in units]
    lo = [0] * (len(units) + 1)
    hi = [0] * (len(units) + 1)
    for i in range(len(units) - 1, -1, -1):
        a, b = _cell_range(units[i][0], units[i][2], longest)
        if fewest[i] is not None:
            a = fewest[i][0]
        lo[i], hi[i] = lo[i + 1] + a, hi[i + 1] + b
    out: list[tuple[tuple[str | None, ...], tuple]] = []
    cells: list[str | None] = []
    refs: list[object] = []

    def rec(ui: int, rest: str | None) -> None:
        if len(out) >= MAX_CANDIDATES or not budget.spend():
            return
        col = len(cells)
        if rest is None:
            if not (lo[ui] <= k - col <= hi[ui]):
                return
        else:
            a, b = _cell_range(rest, True, longest)
            if fewest[ui] is not None:
                a = fewest[ui][len(fewest[ui]) - 1 - len(rest)]
            if not (lo[ui + 1] + a <= k - col <= hi[ui + 1] + b):
                return
        if rest is None:
            if ui == len(units):
                if col == k and sums_ok(cells, spec):
                    out.append((tuple(cells), tuple(refs)))
                return
            if col >= k:
                return
            text, ref, splittable = units[ui]
            if not splittable:
                cells.append(text)
                refs.append(ref)
                if not (spec.sums and not sums_ok(cells, spec, upto=len(cells))):
                    rec(ui + 1, None)
                cells.pop()
                refs.pop()
                return
            rec(ui, text)
            return
        # split `rest` (part of units[ui]): take a prefix as the next cell
        if col >= k:
            return
        ref = units[ui][1]
        for n in range(1, len(rest) + 1):
            head, tail = rest[:n], rest[n:]
            if tail[:1] in (".", "万", "元"):
                continue
            if not _valid(head, col, spec):
                if head.lstrip("+-")[:1] == "0" and len(head.lstrip("+-")) > 1:
                    break  # a leading zero only gets worse
                continue
            cells.append(head)
            refs.append(ref)
            if not (spec.sums and not sums_ok(cells, spec, upto=len(cells))):
                rec(ui + 1, None) if not tail else rec(ui, tail)
            cells.pop()
            refs.pop()

    rec(0, None)
    return out


@lru_cache(maxsize=65536)  # asked again for every suffix the search tries
def _cell_range(text: str | None, splittable: bool, longest: int = 13) -> tuple[int, int]:
    """(fewest, most) cells one unit of a row can be read as (`longest`: the most digits
    a cell of the row may have)."""
    if not splittable:
        return 1, 1
    digits = sum(ch.isdigit() for ch in text or "")
    if "." in (text or "") or not digits:  # a fraction may be of any length
        return min(digits, 1), max(digits, 1)
    return -(-digits // longest), digits


def _fewest_cells(text: str | None, longest: int) -> list[float] | None:
    """For a run of plain digits: the fewest cells each suffix text[i:] can be read as
    (a cell has at most `longest` digits, and no leading zero: "00" is two cells); None
    for anything else (signs, fractions, units), where _cell_range's bound stands."""
    if not text or not text.isdigit() or not text.isascii():
        return None
    n = len(text)
    m = [0.0] * (n + 1)
    for i in range(n - 1, -1, -1):
        if text[i] == "0":
            m[i] = 1 + m[i + 1]
        else:
            m[i] = 1 + min(m[i + 1: min(n, i + longest) + 1])
    return m


def _placements(tokens: list[Token], spec: RowSpec, budget: Budget | None = None) -> list[tuple[tuple[str | None, ...], tuple, float]]:
    """Dropped blanks: the m printed values go to m of the k columns, in order."""
    weights = spec.column_logp or tuple(-0.3 * i for i in range(spec.k))
    budget = budget or Budget()
    k, m = spec.k, len(tokens)
    out = []
    for pos in combinations(range(k), m):
        if not budget.spend():
            break
        cells: list[str | None] = [None] * k
        refs: list[object] = [None] * k
        for p, t in zip(pos, tokens):
            cells[p] = None if t.blank else t.text
            refs[p] = t.ref
        if any(c is not None and not _valid(c.strip(), p, spec) for p, c in enumerate(cells)
               if c is not None and c.strip() not in NOT_APPLICABLE):
            continue
        # a row printing fewer values than columns most often prints its total (last
        # column) and fills from the left
        prior = sum(weights[p] for p, c in zip(pos, cells_at(cells, pos)) if c is not None and p != k - 1) \
            - (0.0 if pos and pos[-1] == k - 1 else 2.0)
        out.append((tuple(cells), tuple(refs), prior))
    return out


def _grid_cells(toks: list[Token]) -> tuple[str | None, ...]:
    """A grid row's tokens one cell each: empty cells and not-applicable marks blank."""
    return tuple(None if t.blank or t.text.strip() in NOT_APPLICABLE else t.text for t in toks)


def _drop_surplus_blanks(toks: list[Token], spec: RowSpec, budget: Budget | None = None) -> list[Candidate]:
    """A grid row with more cells than columns: empty cells of a spanned label or an
    expanded colspan, or a value repeated where a span was expanded by copying it
    (markdown). Every way of leaving the surplus out; readings that keep the row's
    identities first, then those that drop empty cells at the row's edges."""
    extra = len(toks) - spec.k
    budget = budget or Budget()
    if any(t.splittable and _needs_split(t) for t in toks):
        return []
    blanks = [i for i, t in enumerate(toks) if t.blank]
    repeats = [i for i in range(1, len(toks)) if not toks[i].blank and toks[i].text == toks[i - 1].text]
    # repeated values are suspects only when the empty cells cannot account for the surplus
    droppable = blanks if len(blanks) >= extra else blanks + repeats
    if len(droppable) < extra or len(droppable) > 24:
        return []
    lead = next((i for i, t in enumerate(toks) if not t.blank), len(toks))
    trail = next((i for i in range(len(toks) - 1, -1, -1) if not toks[i].blank), -1)
    # a printed cell for every column, the surplus all empty cells (a spanned label's, a column
    # other rows print in): one reading, every number in its column in printed order - as
    # certain as a row of exactly its cells, nothing was chosen
    # (not a row of one cell: its lone number among empty cells is read by the rules about a
    # lone value's column, assemble._lone_value_moved)
    how = "exact" if len(toks) - len(blanks) == spec.k > 1 else "trimmed"
    seen: dict[tuple, Candidate] = {}
    for drop in combinations(droppable, extra):
        if not budget.spend():
            break
        kept = [t for i, t in enumerate(toks) if i not in drop]
        cells = _grid_cells(kept)
        cost = sum(0.0 if (i < lead or i > trail) else (2.5 if toks[i].blank else 1.5) for i in drop)
        cand = Candidate(cells, tuple(t.ref for t in kept), -cost, how, sums_ok(cells, spec))
        if cells not in seen or seen[cells].prior < cand.prior:
            seen[cells] = cand
        if len(seen) > 64:
            break
    out = sorted(seen.values(), key=lambda c: (-c.ok, -c.prior))
    if any(c.ok for c in out):
        out = [c for c in out if c.ok]
    return out


_DIGITS = re.compile(r"^\d+$")
MAX_JOINS = 2  # numbers of one row cut across two cells (a table prints its numbers in 6 or 7 columns)


def _joinable(a: Token, b: Token) -> bool:
    """Two printed cells side by side (no empty cell between: table cells, the second in the
    column right after the first's), each only digits: maybe one number cut at a column edge."""
    ra, rb = a.ref, b.ref
    if a.blank or b.blank or a.splittable or b.splittable or ra is None or rb is None:
        return False
    if getattr(ra, "kind", None) != "cell" or getattr(rb, "kind", None) != "cell" or ra is rb:
        return False
    if ra.col + (ra.colspan or 1) != rb.col or ra.row != rb.row:
        return False
    return _DIGITS.match(a.text.strip()) is not None and _DIGITS.match(b.text.strip()) is not None


def _joined_cells(toks: list[Token], spec: RowSpec, budget: Budget) -> list[Candidate]:
    """A PDF table reader that finds a table's columns by the alignment of its text cuts a
    number where it guessed a column edge: "|0|1|6|" for 0 and a total of 16, "|12|04|" for
    1204 (a count never prints a leading zero). A row printing more cells than columns, that no
    reading leaving out its empty cells makes keep its identities, is read with one or two
    pairs of side-by-side printed cells joined as one number - only readings that keep every
    identity of the row, with the cut each makes (`joined`: where the number ends was a guess
    of the reader, not printed)."""
    if not spec.sums and any(not t.blank and not _DIGITS.match(t.text.strip()) for t in toks):
        # a row no identity checks, where a piece that is no number of its own makes the surplus
        # ("|2|2556575271|.9元|": an amount's fraction cut off): any join would "hold", and the
        # cut is elsewhere - none is read (in a row of whole numbers the count of cells says it)
        return []
    pairs = [i for i in range(len(toks) - 1) if _joinable(toks[i], toks[i + 1])]
    if not pairs or len(pairs) > 12:
        return []
    seen: dict[tuple, Candidate] = {}
    for n in range(1, MAX_JOINS + 1):
        for sel in combinations(pairs, n):
            if any(b - a < 2 for a, b in zip(sel, sel[1:])):
                continue  # (a cell joined to both neighbours: a number cut in three, not read)
            if not budget.spend():
                break
            new: list[Token] = []
            joined = []
            i = 0
            while i < len(toks):
                t = toks[i]
                if i in sel:
                    text = t.text.strip() + toks[i + 1].text.strip()
                    new.append(Token(text, False, False, t.ref))
                    joined.append(t.ref)
                    i += 2
                    continue
                new.append(t)
                i += 1
            if len(new) < spec.k or any(not _CELL_OK.match(t.text.strip()) for t in new if not t.blank
                                        and any(t.ref is r for r in joined)):
                continue
            if len(new) == spec.k:
                cells = _grid_cells(new)
                found = [Candidate(cells, tuple(t.ref for t in new), 0.0, "split", sums_ok(cells, spec))]
            else:
                found = _drop_surplus_blanks(new, spec, budget)
            for c in found:
                if not c.ok:
                    continue
                cols = frozenset(j for j, r in enumerate(c.refs) if any(r is x for x in joined))
                c = Candidate(c.cells, c.refs, c.prior - 1.5 * n, "split", True, joined=cols)
                if c.cells not in seen or seen[c.cells].prior < c.prior:
                    seen[c.cells] = c
        if seen:
            break  # (fewer joins first: a second cut only where one does not hold)
    return sorted(seen.values(), key=lambda c: -c.prior)


def cells_at(cells, pos):
    return [cells[p] for p in pos]


def candidates(tokens: list[Token], spec: RowSpec, steps: int | None = None,
               pool: Budget | None = None) -> list[Candidate]:
    """All readings of a row's tokens as spec.k cells, best first: those found within the
    budget (`steps` per search, limits.SOLVE_STEPS by default, drawn from the document's
    `pool` if given), each with `cut=True` when a search ran out before it was done."""
    budgets: list[Budget] = []

    def budget() -> Budget:
        # each search gets its own steps: a fallback still runs when the one before ran out
        budgets.append(pool.search(steps) if pool is not None else Budget(steps))
        return budgets[-1]

    found = Readings(_candidates(tokens, spec, budget))
    if any(b.cut for b in budgets):
        found.cut = True  # also when no reading was found in time
        for c in found:
            c.cut = True
    return found


class Readings(list):
    """What `candidates` returns: the readings, best first, and whether a search was cut."""
    cut = False


def _wrapped(t: Token) -> tuple[str, ...]:
    return () if t.splittable or t.blank else getattr(t.ref, "wrapped", ())


def _both_ways(tokens: list[Token], spec: RowSpec, budget: Callable[[], Budget]) -> list[Candidate]:
    """A row with a cell printing its number over lines ("5<br>3"): read with that cell one
    number (wrapped in a narrow cell) and with its lines as cells (two cells a table reader
    merged). The identities decide first; then the reading whose count of cells is the
    row's (a grid prints its blank cells: a short row is one whose cells were merged)."""
    pieces: list[Token] = []
    for t in tokens:
        pieces += [Token(x, False, False, t.ref) for x in _wrapped(t)] or [t]
    # lines that make no number joined ("0" over "18": a count never prints a leading zero)
    # are two cells, never one number wrapped
    joinable = all(_CELL_OK.match("".join(_wrapped(t))) for t in tokens if _wrapped(t))
    whole = _candidates(tokens, spec, budget, both_ways=False) if joinable else []
    cut = _candidates(pieces, spec, budget, both_ways=False)
    behind = whole if len(pieces) == spec.k and len(tokens) != spec.k else cut
    for c in behind:
        c.prior -= 1.0
    seen: dict[tuple, Candidate] = {}
    for c in whole + cut:
        if c.cells not in seen or (seen[c.cells].ok, seen[c.cells].prior) < (c.ok, c.prior):
            seen[c.cells] = c
    return sorted(seen.values(), key=lambda c: (-c.ok, -c.prior))


def _candidates(tokens: list[Token], spec: RowSpec, budget: Callable[[], Budget],
                both_ways: bool = True) -> list[Candidate]:
    if both_ways and any(_wrapped(t) for t in tokens):
        return _both_ways(tokens, spec, budget)
    toks = list(tokens)
    prior = spec.prior or default_prior
    trimmed = False
    if not toks:
        return [Candidate((None,) * spec.k, (None,) * spec.k, 0.0, "exact")]
    if len(toks) == spec.k and not any(t.splittable and _needs_split(t) for t in toks):
        cells = _grid_cells(toks)
        return [Candidate(cells, tuple(t.ref for t in toks), 0.0, "trimmed" if trimmed else "exact",
                          sums_ok(cells, spec))]
    if len(toks) > spec.k:
        surplus = _drop_surplus_blanks(toks, spec, budget())
        if not any(c.ok for c in surplus):
            surplus = _joined_cells(toks, spec, budget()) or surplus
        if surplus:
            return surplus
        cells = tuple(None if t.blank else t.text for t in toks[: spec.k])
        return [Candidate(cells, tuple(t.ref for t in toks[: spec.k]), -5.0, "overflow", False)]
    found: list[Candidate] = []
    if any(t.splittable for t in toks):
        for cells, refs in _split(toks, spec, budget()):
            found.append(Candidate(cells, refs, prior(cells), "split"))
        if not found:  # no reading keeps the identities: read it anyway, flag it
            relaxed = RowSpec(spec.k, spec.money, spec.signed, (), spec.prior)
            for cells, refs in _split(toks, relaxed, budget()):
                found.append(Candidate(cells, refs, prior(cells), "split", False))
    chunks = sum(sum(1 for _ in _chunks(t.text)) if t.splittable else 1 for t in toks)
    # a single run of digits that can be k cells is split; printed spaces between values
    # (several chunks) may instead be cell boundaries with the blanks dropped
    if not any(c.ok for c in found) and (not found or chunks > 1):
        # too few digits to split into k cells: the printed values are whole cells and
        # the blanks were dropped (a space-separated "9 1 10" row of 7 columns)
        plain = [Token(m.group(0), False, False, t.ref) for t in toks if t.splittable
                 for m in _chunks(t.text)] if any(t.splittable for t in toks) else []
        plain = plain if all(t.splittable for t in toks) else [Token(t.text, False, t.blank, t.ref) for t in toks]
        if len(plain) > spec.k:
            plain = [Token(t.text, False, t.blank, t.ref) for t in toks]
        placed = []
        for cells, refs, p in _placements(plain, spec, budget()):
            placed.append(Candidate(cells, refs, p, "placed", sums_ok(cells, spec)))
        # a blank cell at the row's start may be a column of the printout only (an aligned
        # text's value column that holds a few rows' shifted numbers), not the template's
        # first column: the printed values are also placed without it
        lead = next((i for i, t in enumerate(plain) if not t.blank), 0)
        if 0 < lead < len(plain):
            seen = {c.cells: c for c in placed}
            for cells, refs, p in _placements(plain[lead:], spec, budget()):
                c = Candidate(cells, refs, p - 0.5, "placed", sums_ok(cells, spec))
                if cells not in seen or seen[cells].prior < c.prior:
                    seen[cells] = c
            placed = list(seen.values())
        spaced = _spaced_blanks(toks, spec.k)
        if spaced is not None and placed:
            # the printed gaps count the blanks: the reading they give goes first (still a
            # placement - the gaps are a layout's, not cells printed - so it stays in doubt
            # wherever another placement keeps the row's identities)
            cells = tuple(None if j is None else plain[j].text for j in spaced)
            refs = tuple(None if j is None else plain[j].ref for j in spaced)
            best = max(c.prior for c in placed)
            placed = [c for c in placed if c.cells != cells]
            placed.append(Candidate(cells, refs, best + 1.0, "placed", sums_ok(cells, spec)))
        if any(c.ok for c in placed):
            found = [c for c in placed if c.ok]
        elif not found:
            found = placed
    found.sort(key=lambda c: (-c.ok, -c.prior))
    return found


def _spaced_blanks(toks: list[Token], k: int) -> list[int | None] | None:
    """A row's numbers printed one run, each cell one space after the one before and an empty
    cell one character wide ("134 14       9 157": a text browser's dump of a table it could
    not lay out in columns - adjacent cells one space apart, each blank between two numbers
    two more): a gap of 1 + 2b spaces holds b blank cells. Where some gap is one space (cells
    printed packed, not aligned in columns), every gap is of that form and the printed numbers
    and the blanks between them make exactly the row's k cells: for each column the index of
    its number among the chunks (None: blank). None otherwise."""
    if len(toks) != 1 or not toks[0].splittable:
        return None
    text = toks[0].text.strip()
    if not DIGIT_GROUPS.fullmatch(text):
        return None
    gaps = [len(g) for g in re.findall(r" +", text)]
    if 1 not in gaps or any(g % 2 == 0 for g in gaps) or all(g == 1 for g in gaps):
        return None
    if len(gaps) + 1 + sum((g - 1) // 2 for g in gaps) != k:
        return None
    out: list[int | None] = [0]
    for j, g in enumerate(gaps):
        out += [None] * ((g - 1) // 2) + [j + 1]
    return out


def fewer_cells(text: str, spec: RowSpec, first: int, n: int) -> bool:
    """Whether a printed run of digits that a reading cut into n cells (the first in column
    `first`) can also be read as fewer cells - the rest of its row blank: "15" is 1|5 or 15,
    but "000" is only 0|0|0 (no count prints a leading zero)."""
    return _fewer_cells(text, frozenset(spec.money), frozenset(spec.signed), first, n)


@lru_cache(maxsize=4096)
def _fewer_cells(text: str, money: frozenset, signed: frozenset, first: int, n: int) -> bool:
    # (asked for every cell the run was cut into, and again per row reading: pure, so cached)
    shift = lambda cols: frozenset(c - first for c in cols if c >= first)  # noqa: E731
    tok = [Token(text, True)]
    return any(_split(tok, RowSpec(m, shift(money), shift(signed)), Budget(200))
               for m in range(1, n))


def _needs_split(t: Token) -> bool:
    """A run-together piece that cannot be one cell as printed (spaces inside)."""
    return " " in t.text.strip()
