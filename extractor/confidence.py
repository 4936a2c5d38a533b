"""Confidence of each field and of the document, and the review decision.

A field's raw score combines the evidence the assembler kept (how sure the row label
was, whether the row was placed by a label or by its position, how many readings of
run-together digits or dropped blanks were possible and how many agreed) with the
identities the field takes part in. A monotone calibration map fitted on labelled data
(the model bundle's `calibration.json`, written by `xxgk train` for the bundle's classifier,
see extractor.bundle) turns the score into a probability.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from . import reasons as R
from .assemble import FieldResult
from .evidence import INFERRED, INFERRED_READINGS
from .checks import Check

# Routing reads the raw evidence score, not the calibrated probability: calibration is
# fitted over all fields (most of them easy), so it compresses the low end that matters
# for deciding which documents a person must see.
FIELD_REVIEW_BELOW = 0.9  # a field whose raw score is below this sends the document to review
DOC_REVIEW_BELOW = 0.5
NOT_FOUND_CONFIDENCE = 0.3
# A row that is printed but whose cells fit no reading: its value is unknown, not blank,
# and the blank it is given is right only where the truth is blank or 0 - as often as
# cells of these tables are (measured by `xxgk train`; this without a calibration file).
UNREAD_CONFIDENCE = 0.5
# What was not read is never near-certain: a cell whose row or table was not found, a row
# whose cells fit no reading, a blank the layout implies (no cell printed it). On clean
# renderings such a cell is mostly blank in truth, but through real converters it is as
# often a value that got lost; the calibration measures it, and this caps it.
NOT_READ_MAX = 0.85
INFERRED_BLANK_MAX = 0.85  # raw score of a blank no printed cell gave
DROPPED_VALUE_FACTOR = 0.5  # a reading that left a printed number of its row out
UNUSED_VALUES_MAX = 0.5  # numbers printed in the table's region that no cell took
# A cell whose text the loader is unsure of (OCR: the recogniser's probability of its least
# sure digit, or a digit put for a look-alike letter; a replaced undecodable byte) below this:
# the digit may be another one (page images read 1 as 4 at 0.4-0.85: dev, 10 of 73 such cells
# wrong, 0 of 5,691 read surer); one identity that holds does not prove it (a total misread
# with a part keeps it), so it is never near-certain and its document goes to a person (raw
# score kept below FIELD_REVIEW_BELOW) - unless two identities hold over it whose other cells
# are all printed and read surely (`cross_proven`): its row's and its column's sums would
# both need a second misread by the same amount
TEXT_SURE = 0.9


def not_read(fr: FieldResult) -> bool:
    """The field's value was not read from a printed cell: never found, unread, or inferred."""
    ev = fr.evidence
    return not ev.get("found") or bool(ev.get("blank_inferred"))


def undecided(fr: FieldResult) -> bool:
    """Run-together digits cut (or cells placed) several ways that disagree on this cell, and
    no identity tells the readings apart: which digits are the cell is a prior's guess."""
    ev = fr.evidence
    if ev.get("how") not in ("split", "placed", "trimmed") or ev.get("n_cands", 1) <= 1:
        return False
    if ev.get("checked", True) is False and ev.get("share", 1.0) < 1.0:
        return True
    # run-together digits cut several ways that keep every identity alike (assemble: the
    # readings that tie with the chosen one on the table's identities, alone or with another
    # row cut the same way), disagreeing on this cell: a split chosen among several that all
    # hold is no evidence of where the digits part
    if ev.get("how") == "split" and ev.get("share", 1.0) < 1.0:
        return True
    # blank cells dropped, the values placed, and no identity confirms the row: that these
    # are the row's own numbers rests on the reading order alone
    return ev.get("how") == "placed" and ev.get("identities", 1) == 0


def placed_row(fr: FieldResult) -> bool:
    """The field's row was placed by its position among the labelled rows, not by a label of
    its own, and the placement is uncertain - or its own sums break, so nothing confirms it:
    which row the values are is then an inference (the identities do not tell rows of one
    group apart: both are parts of the same sums)."""
    ev = fr.evidence
    return not ev.get("labelled", True) and (ev.get("placement", 1.0) < 0.9 or ev.get("row_ok", True) is False)


def contradicted_choice(fr: FieldResult) -> bool:
    """The row could be read several ways, and the reading chosen breaks the row's own sums (table
    四's, read as one run of cells: any of its rows'): no identity confirms the choice, the
    prior alone made it."""
    ev = fr.evidence
    return ev.get("n_cands", 1) > 1 and ev.get("row_ok", True) is False


def unparsed(fr: FieldResult) -> bool:
    """The cell printed digits that give no value of its type ("采购总金额9.98万元": a header's
    words run into the amount): blank by a failed reading, not by the print."""
    return fr.value is None and any(ch.isdigit() for ch in fr.raw or "")


def cut_unchecked(fr: FieldResult) -> bool:
    """A cell cut out of a printed run of digits (assemble: `digits_cut`) in a row no identity
    checks: the cut is the only one that gives the row its cells, but a blank dropped beside the
    run ("15" of a two-cell row: 15 and a blank, or 1 and 5) reads the same, and nothing tells
    them apart - where the cell ends was inferred, not printed. So is the column of every other
    cell of that row (`cut_beside`)."""
    ev = fr.evidence
    return bool(ev.get("digits_cut") or ev.get("cut_beside")) and ev.get("checked", True) is False


def gap_blank(fr: FieldResult) -> bool:
    """A blank the layout implies in a row read cell for cell: a gap in a column of positioned
    or space-aligned text, where the other rows print their numbers (not a dropped blank placed
    by inference, nor a cell of a row whose columns were guessed), or a cell of a row whose label
    is printed with nothing after it (assemble.printed_blank)."""
    ev = fr.evidence
    return bool(ev.get("found") and ev.get("blank_inferred") and fr.value is None and ev.get("how") == "exact"
                and not ev.get("position_inferred"))


@lru_cache(maxsize=1)
def _sums() -> dict[tuple[str, tuple[str, ...]], object]:
    """(rule, keys) of every identity of the templates -> its Sum (to weigh it on other values;
    Check.keys is its parts then its totals)."""
    from . import templates
    from .templates.identities import expand

    tables = [*templates.REQUESTS.values(), templates.REVIEW]
    return {(s.rule, s.parts + s.totals): s for t in tables for s in expand(t)}


@lru_cache(maxsize=1)
def _parts() -> dict[tuple[str, tuple[str, ...]], frozenset[str]]:
    """(rule, keys) of every identity of the templates -> its part keys."""
    return {k: frozenset(s.parts) for k, s in _sums().items()}


def _parts_of(c: Check) -> frozenset[str] | None:
    """The part keys of a check that is one of the templates' identities; None for any other
    check (its keys say nothing of which side a cell is on)."""
    return _parts().get((c.rule, tuple(c.keys)))


def placement_unproven(c: Check, blank: FieldResult, x: FieldResult, fields: dict[str, FieldResult],
                       checks: list[Check]) -> bool:
    """Whether `x`, a number placed in its cell after blank cells were dropped (`how` "placed": its
    row or column is the reading order's inference), could as well stand in `blank`'s cell: moved
    there it keeps `c` (both are parts of it, on one side), and every other identity that holds
    now and takes either cell still holds - nothing printed says which of the two cells is the
    number's, so the sum that holds is no evidence that `blank` is blank (dev unstructured-pdf:
    a lone total printed after a later row's label). A number whose row keeps its own sum with
    other printed numbers (moved alone it breaks it) stays where it is."""
    from .templates.identities import evaluate

    values = {k: fr.value for k, fr in fields.items()}
    values[blank.key], values[x.key] = x.value, None
    sums = _sums()
    for o in checks:
        if o is c or o.status != "ok" or (blank.key not in o.keys and x.key not in o.keys):
            continue
        s = sums.get((o.rule, tuple(o.keys)))
        if s is None or evaluate(s, values).status != "ok":
            return False
    return True


def pinned(c: Check, frs: list[FieldResult], lone: frozenset[str] | set[str] = frozenset(),
           fields: dict[str, FieldResult] | None = None, checks: list[Check] | None = None) -> bool:
    """A holding identity whose cells not read are all gap blanks on one side of it, with a
    printed number that is not 0: what is printed already adds up, and counts are never
    negative, so those cells are 0 - the identity, not the layout, says they are blank. Where
    every cell is 0 or blank, only where the other side's cells are all printed (`_printed`: a
    column's total printed "0", or blank by its own no-break space), its parts so 0.
    Not where a number on the blanks' side is a row's lone total (`lone_totals`) whose place
    was inferred (`position_inferred`: a row's only number put in a row by the reading order,
    a label printed right before it with nothing after it): moved to the blank row, the number
    keeps the sum just as well - the identity says one of the two rows is blank, not which.
    Nor where a number on the blanks' side was placed by inference and could stand in a blank's
    cell with every identity that holds still holding (`placement_unproven`, given the fields
    and checks)."""
    unread = [fr for fr in frs if not_read(fr)]
    if not unread or not all(gap_blank(fr) for fr in unread):
        return False
    if any(fr.evidence.get("dropped_values") or fr.evidence.get("unused_values") for fr in frs):
        return False  # (printed numbers a reading left out may be the blanks': what adds up is not all)
    parts = _parts_of(c)
    if parts is None:
        return False
    sides = {fr.key in parts for fr in unread}
    if len(sides) != 1:
        return False
    side = sides.pop()
    if not any(fr.value not in (None, 0) for fr in frs):
        # all 0: pinned only by the other side's cells printed, each a cell of its own read as 0
        # or blank (a column's total printed "0", or a blank cell's own no-break space): the
        # parts of a total printed 0 are 0 - not where that side's blanks are gaps too (blank =
        # blank + blank holds whatever was lost)
        other = [fr for fr in frs if (fr.key in parts) != side]
        if not other or not all(_printed(fr) for fr in other):
            return False
    if any(fr.key in lone and fr.evidence.get("position_inferred") and fr.value not in (None, 0)
           for fr in frs if (fr.key in parts) == side):
        return False
    if fields is None or checks is None:
        return True
    placed = [fr for fr in frs if (fr.key in parts) == side and fr.value not in (None, 0)
              and fr.evidence.get("how") == "placed"]
    return not any(placement_unproven(c, b, x, fields, checks) for x in placed for b in unread)


def _printed(fr: FieldResult) -> bool:
    """A cell read from text printed for it (its own characters: a number, a blank cell's mark),
    not inferred, placed or guessed."""
    ev = fr.evidence
    return bool(ev.get("found")) and not ev.get("blank_inferred") and ev.get("how", "exact") == "exact" \
        and not ev.get("position_inferred")


def lone_totals(fields: dict[str, FieldResult], checks: list[Check]) -> set[str]:
    """Totals of rows read "not itemised" - every part blank and none of them printed (`not_read`)
    - in a table whose other rows print their parts and add up: a form filled in row by row
    does not leave one row's parts out, so its parts were lost, or the total read is a piece of
    another cell (a number wrapped in a narrow column, "12" over "7"). The total alone keeps no
    identity, and its reading is no surer than the row's."""
    rows = [(c, parts) for c in checks if c.keys and len({k.rsplit(".", 1)[0] for k in c.keys}) == 1
            and (parts := _parts_of(c)) is not None]
    itemised = {c.keys[0].split(".", 1)[0] for c, parts in rows if c.status == "ok"
                and any(fields[k].value not in (None, 0) for k in parts if k in fields)}
    out: set[str] = set()
    for c, parts in rows:
        if c.status != "not_itemised" or c.keys[0].split(".", 1)[0] not in itemised:
            continue
        frs = [fields[k] for k in c.keys if k in parts and k in fields]
        if frs and all(fr.value is None and not_read(fr) for fr in frs):
            out.update(k for k in c.keys if k not in parts)
    return out


def evidence_checks(fields: dict[str, FieldResult], checks: list[Check],
                    lone: set[str] | None = None) -> list[Check]:
    """The checks that are evidence about the values they involve: all but identities that hold
    only because cells were left blank - one with a cell not read (`not_read`; except gap
    blanks it pins, `pinned`), or one whose cells are all blank (blank = blank + blank holds
    whatever was lost; printed zeros were read). An identity over nothing but blanks and zeros
    ("blank", "not_itemised") is evidence where it pins its unread cells by its other side's
    printed cells (a column's total printed 0, or blank by a blank cell's own mark: `pinned`),
    as an identity that holds."""
    out = []
    for c in checks:
        if c.status in ("blank", "not_itemised"):
            frs = [fields[k] for k in c.keys if k in fields]
            if any(fr.value not in (None, 0) for fr in frs) or not any(not_read(fr) for fr in frs):
                continue
            if lone is None:
                lone = lone_totals(fields, checks)
            if _pin_unread(c, frs, lone, fields, checks):
                out.append(replace(c, ok=True, status="ok"))
            continue
        if c.status == "ok":
            frs = [fields[k] for k in c.keys if k in fields]
            if all(fr.value is None for fr in frs):
                continue
            if _through_misread_row(c, frs):
                continue
            if _ocr_blank_beside_blank(c, frs, fields):
                continue
            if any(not_read(fr) for fr in frs):
                if lone is None:
                    lone = lone_totals(fields, checks)
                if not _pin_unread(c, frs, lone, fields, checks):
                    continue
        out.append(c)
    return out


def _through_misread_row(c: Check, frs: list[FieldResult]) -> bool:
    """An identity across rows (a column's) that holds through numbers placed by inference
    (`position_inferred`: blanks dropped, the reading order put them in their columns) of two
    rows whose own sums break: each run is misread somewhere, and two misread numbers of one
    identity may cancel - it holds by chance as well as by right, no evidence about its other
    cells (one misread row alone would break it, so it says that row's fault is elsewhere) (gen872_00003,
    WeasyPrint + pdftotext: 新收 and 总计 misread, 结转 "1 1" read 1 … 1, and
    新收 + 结转上年 = 总计 + 结转下年 holding as 1 + 0 = 0 + 1)."""
    if len({k.rsplit(".", 1)[0] for k in c.keys}) < 2:
        return False
    misread = {fr.key.rsplit(".", 1)[0] for fr in frs if fr.value is not None
               and fr.evidence.get("position_inferred") and fr.evidence.get("row_ok") is False}
    return len(misread) >= 2


def _pin_unread(c: Check, frs: list[FieldResult], lone: set[str], fields: dict[str, FieldResult],
                checks: list[Check]) -> bool:
    """Does `c` pin its cells not read (`pinned`)? If so they are marked pinned (raw_score: a
    blank the identity says)."""
    if not pinned(c, frs, lone, fields, checks):
        return False
    for fr in frs:
        if not_read(fr):
            fr.evidence["pinned"] = True
    return True


def _ocr_blank_beside_blank(c: Check, frs: list[FieldResult], fields: dict[str, FieldResult]) -> bool:
    """A holding identity of an OCR reading (a cell read with a text confidence) with a blank on
    both sides (a part and the total both blank, `blank_beside_blank`): an OCR loses a cell's
    ink and reads it blank, and the same number lost from a part and the total keeps the sum
    holding - it is no evidence about the values it takes."""
    if not any(fr.evidence.get("text_confidence") is not None for fr in frs):
        return False
    return any(blank_beside_blank(fr, c, fields) for fr in frs)


def blank_beside_blank(fr: FieldResult, c: Check, fields: dict[str, FieldResult]) -> bool:
    """A printed blank cell of a holding identity with a blank on the other side of it (a part
    and the total both blank: "0 0 _ 0 | _"): the same number lost from both keeps it holding,
    so it says nothing about this blank (as `pinned` asks of blanks the layout implies)."""
    if fr.value is not None:
        return False
    parts = _parts_of(c)
    if parts is None:
        return False
    side = fr.key in parts
    return any((k in parts) != side and fields[k].value is None for k in c.keys if k in fields)


def unproven_blank(fr: FieldResult, involved: list[Check], fields: dict[str, FieldResult]) -> bool:
    """A blank read from a printed cell that an identity breaks over (a column's sum), whose
    holding identities all hold only with another blank beside it (`blank_beside_blank`): where
    the other cells print their zeros, a cell printed empty may be a number the converter lost
    with its row's total - the break says something is missing, and nothing says it is not this."""
    if fr.value is not None or not fr.evidence.get("found") or not_read(fr):
        return False
    if not any(c.status == "broken" for c in involved):
        return False
    held = [c for c in involved if c.status == "ok"]
    return bool(held) and all(blank_beside_blank(fr, c, fields) for c in held)


def raw_score(fr: FieldResult, involved: list[Check]) -> float:
    """`involved`: the checks on this field that are evidence (`evidence_checks`)."""
    ev = fr.evidence
    if not ev.get("found"):
        return 0.02
    s = ev.get("placement", 0.5)
    if ev.get("labelled"):
        s = min(s, ev.get("label_proba", 1.0))
    how = ev.get("how")
    if how in ("split", "placed", "trimmed"):
        share = ev.get("share", 0.5)
        if ev.get("checked", True) is False and (ev.get("n_cands", 1) > 1 or ev.get("digits_cut")):
            # several readings and no identity to tell them apart: priors about typical
            # magnitudes may pick the right one, but a person must confirm it
            share = min(share, 0.6)
        s *= share
    elif how == "overflow":
        s *= 0.3
    if not ev.get("row_ok", True):
        s *= 0.5
    s *= ev.get("block_proba", 1.0)
    if ev.get("malformed") and not ev.get("joined_proven"):
        s *= 0.4  # a fractional count, digit groups apart ...: which digits are the value is a guess
    if ev.get("text_confidence") is not None and not ev.get("text_proven"):
        s *= ev["text_confidence"]  # an OCR reading of the digits themselves may be wrong
    # (text_proven: identities over sure cells fix the value whatever the reading - `proven_unsure`)
    if ev.get("search_cut"):
        s *= 0.3  # a best-so-far reading: the search stopped before it saw every reading
    if ev.get("dropped_values"):
        s *= DROPPED_VALUE_FACTOR
    strong = [c for c in involved if c.status == "ok"]
    broken = [c for c in involved if c.status == "broken"]
    for _ in broken[:2]:
        s *= 0.6
    if not ev.get("blank_inferred") or (strong and ev.get("pinned")):  # (a gap blank an identity pins)
        for _ in strong[:2]:
            s = 1 - (1 - s) * 0.5
    else:
        s = min(s, INFERRED_BLANK_MAX)
    if ev.get("position_inferred") or ev.get("lone_total"):
        s = min(s, INFERRED_BLANK_MAX)
    if ev.get("unused_values"):
        s = min(s, UNUSED_VALUES_MAX)
    if fr.evidence.get("unsure_text"):
        s = min(s, INFERRED_BLANK_MAX)
    if ev.get("heading_cut"):
        s = min(s, INFERRED_BLANK_MAX)  # (a cell under a heading the converter cut: its text may be lost)
    return float(min(max(s, 0.0), 1.0))


def _sure_text(fr: FieldResult) -> bool:
    tc = fr.evidence.get("text_confidence")
    return tc is None or tc >= TEXT_SURE


def _read_surely(o: FieldResult | None, proven: frozenset[str] | set[str]) -> bool:
    """A cell an identity may prove another by: found and read (not a blank the layout implied),
    its text sure (TEXT_SURE) or itself proven (`proven_unsure`)."""
    return o is not None and bool(o.evidence.get("found")) and not not_read(o) and (_sure_text(o) or o.key in proven)


def cross_proven(fr: FieldResult, involved: list[Check], fields: dict[str, FieldResult],
                 proven: frozenset[str] | set[str] = frozenset()) -> bool:
    """Two or more identities hold over the field in which every other cell was found, printed
    a value (not a blank) and read surely (TEXT_SURE) or is itself cross-proven (`proven`)."""
    n = 0
    for c in involved:
        if c.status != "ok":
            continue
        others = [fields.get(k) for k in c.keys if k != fr.key]
        if others and all(_read_surely(o, proven) and o.value is not None for o in others):
            n += 1
    return n >= 2


def zero_proven(fr: FieldResult, involved: list[Check], fields: dict[str, FieldResult],
                proven: frozenset[str] | set[str] = frozenset()) -> bool:
    """A 0 on one side of an identity that holds whose other side is printed and read surely (or
    proven) as all 0s: counts are never negative, so every cell of a side summing to 0 is 0."""
    if fr.value != 0 or isinstance(fr.value, (bool, dict)):
        return False
    for c in involved:
        if c.status != "ok" or not c.n_parts or fr.key not in c.keys:
            continue
        i = c.keys.index(fr.key)
        other = [fields.get(k) for k in (c.keys[c.n_parts:] if i < c.n_parts else c.keys[:c.n_parts])]
        if other and all(_read_surely(o, proven) and o.value == 0 and not isinstance(o.value, (bool, dict))
                         for o in other):
            return True
    return False


def proven_unsure(fields: dict[str, FieldResult], by_key: dict[str, list[Check]]) -> set[str]:
    """The cells read unsurely that `cross_proven` or `zero_proven` proves, a proven cell counting
    as sure for the next (two doubtful cells of one row: the one a sure 0 total proves, then the
    other by its row and column) - one pass per cell proven at most."""
    todo = {}
    for k, fr in fields.items():
        involved = by_key.get(k, [])
        if fr.evidence.get("found") and not _sure_text(fr) and not unproven_blank(fr, involved, fields):
            todo[k] = involved
    proven: set[str] = set()
    for _ in range(len(todo)):
        new = {k for k, inv in todo.items() if k not in proven and (
            cross_proven(fields[k], inv, fields, proven) or zero_proven(fields[k], inv, fields, proven))}
        if not new:
            break
        proven |= new
    return proven


def unsure_text(fr: FieldResult, involved: list[Check], fields: dict[str, FieldResult],
                proven: frozenset[str] | set[str] = frozenset()) -> bool:
    """A value read from text the loader is unsure of (TEXT_SURE) that no two identities prove
    (`cross_proven`, `proven_unsure`): never near-certain."""
    return bool(fr.evidence.get("found")) and not _sure_text(fr) and fr.key not in proven \
        and not cross_proven(fr, involved, fields, proven)


@dataclass
class Calibration:
    """Piecewise-linear monotone map from raw score to probability (isotonic fit)."""
    x: list[float] = field(default_factory=lambda: [0.0, 1.0])
    y: list[float] = field(default_factory=lambda: [0.0, 1.0])

    def __call__(self, s: float) -> float:
        # the knots as arrays, converted once, and the scores already mapped (fields share few
        # distinct raw scores): the same float as np.interp on the lists, without its cost per field
        xy = self.__dict__.get("_xy")
        if xy is None or xy[0] is not self.x or xy[1] is not self.y or len(xy[4]) > 100_000:
            xy = self.__dict__["_xy"] = (self.x, self.y, np.asarray(self.x, dtype=float),
                                         np.asarray(self.y, dtype=float), {})
        memo = xy[4]
        p = memo.get(s)
        if p is None:
            p = memo[s] = float(np.interp(s, xy[2], xy[3]))
        return p

    @classmethod
    def from_dict(cls, d: dict | None) -> "Calibration":
        return cls(d["x"], d["y"]) if d else cls()


@lru_cache(maxsize=1)
def calibration_file() -> dict:
    """The calibration of the model bundle the default classifier comes from (written by
    `xxgk train`), read once; a missing or mismatched one is a bundle.BundleError."""
    from .bundle import default_bundle

    return default_bundle().read_calibration()


@lru_cache(maxsize=1)
def default_calibration() -> Calibration:
    return Calibration.from_dict(calibration_file() or None)


def not_found_confidence() -> float:
    """How often a cell that was never found is right anyway (its true value blank), as
    measured when calibrating (never above NOT_READ_MAX); a fixed guess for a calibration that
    does not measure it."""
    return round(min(float(calibration_file().get("not_found", NOT_FOUND_CONFIDENCE)), NOT_READ_MAX), 4)


def unread_confidence() -> float:
    """How often a cell of a printed but unreadable row is blank or 0 (the bundle's calibration.json),
    never above NOT_READ_MAX."""
    return round(min(float(calibration_file().get("unread", UNREAD_CONFIDENCE)), NOT_READ_MAX), 4)


@lru_cache(maxsize=1)
def document_calibration() -> Calibration:
    """Lowest raw field score of a document -> probability that every field is right."""
    return Calibration.from_dict(calibration_file().get("document"))


def unread_numbers(fields: dict[str, FieldResult]) -> dict[str, tuple[int, ...] | None]:
    """Table -> the numbers printed in its region that no cell took (`unused_numbers`, kept by
    extractor.assemble), for every table with `unused_values`; None where they are not all known
    (a table whose reader kept only how many, a number no count reads)."""
    out: dict[str, tuple[int, ...] | None] = {}
    for k, fr in fields.items():
        if not fr.evidence.get("unused_values"):
            continue
        t = k.split(".", 1)[0]
        nums = fr.evidence.get("unused_numbers")
        known = nums is not None and all(isinstance(x, int) for x in nums)
        if not known or (t in out and out[t] != tuple(nums)):
            out[t] = None
        elif t not in out:
            out[t] = tuple(nums)
    return out


def could_hold(shortfall: int, numbers: tuple[int, ...] | None) -> bool:
    """Whether a sum that falls `shortfall` short could lack one of the unread `numbers` (None:
    not known - it could): one of them is not 0 and no more than the shortfall. (Not that they
    add up to it: a sum may lack a number lost elsewhere too.)"""
    return numbers is None or any(0 < x <= shortfall for x in numbers)


def unused_beside(fr: FieldResult, unused: dict[str, tuple[int, ...] | None],
                  by_key: dict[str, list[Check]], fields: dict[str, FieldResult], printed_rows: set[str]) -> bool:
    """A cell of a row read all zeros (or blank; `printed_rows`: the rows read with another
    value), a part of a sum that falls short of its total, in a table that printed numbers no
    cell took: what the sum lacks may be those numbers, and the row's (a row label paired with
    the run of zeros next to it, its own run left over, as a row read all blank beside unread
    numbers in extractor.assemble) - which printed run is the row's rests on the reading order.
    Where the unread numbers are known (`unread_numbers`), only a shortfall one of them fits in:
    a sum that lacks less than any of them (or an unread run of zeros) lacks something else,
    not this row's run."""
    table = fr.key.split(".", 1)[0]
    if fr.value not in (None, 0) or table not in unused:
        return False
    numbers = unused[table]
    if fr.key.rsplit(".", 1)[0] in printed_rows:
        return False
    for c in by_key.get(fr.key, []):
        parts = _parts_of(c) if c.status == "broken" else None
        if not parts or fr.key not in parts:
            continue
        have = sum(fields[k].value or 0 for k in c.keys if k in parts and k in fields)
        want = sum(fields[k].value or 0 for k in c.keys if k not in parts and k in fields)
        if have < want and could_hold(want - have, numbers):
            return True
    return False


def _column_order(fields: dict[str, FieldResult]) -> dict[str, list[str]]:
    """{table: its column names in the order the fields list them} (the template's order)."""
    cols: dict[str, list[str]] = {}
    for k in fields:
        head, _, col = k.rpartition(".")
        order = cols.setdefault(head.split(".", 1)[0], [])
        if col not in order:
            order.append(col)
    return cols


def _prints_no_total(c: Check, fields: dict[str, FieldResult]) -> bool:
    """An identity "not itemised" by its totals: its parts print, every total is blank."""
    parts = _parts_of(c)
    return c.status == "not_itemised" and parts is not None \
        and all(fields[k].value is None for k in c.keys if k not in parts and k in fields)


def shift_mends(fields: dict[str, FieldResult], checks: list[Check]) -> set[str]:
    """Cells whose column the layout does not prove: a column's identity is broken (or holds only
    as "not itemised", one side blank: a column printing a part and no total is no surer), the
    column to its left is blank on some rows where it prints numbers, and those rows' numbers
    moved one column left make the left column's same identity hold (it did not before). Rows
    read one column off keep their row sums (every cell moves together), so only the column
    identities tell the two placements apart - and they say the other one. Those rows' cells,
    from the left column up to the one before the table's last (the row total), are not proven
    where the shift would change them (the cell to their right reads otherwise)."""
    cols = _column_order(fields)
    by_keys = {tuple(c.keys): c for c in checks}
    out: set[str] = set()
    for c in checks:
        if not c.keys or not (c.status == "broken" or _prints_no_total(c, fields)):
            continue
        heads = [k.rpartition(".")[0] for k in c.keys]
        b = {k.rpartition(".")[2] for k in c.keys}
        order = cols.get(heads[0].split(".", 1)[0], [])
        if len(b) != 1 or (b := b.pop()) not in order or order.index(b) == 0:
            continue
        a = order[order.index(b) - 1]
        left = by_keys.get(tuple(f"{h}.{a}" for h in heads))
        if left is None or left.status == "ok":
            continue
        parts = _parts_of(left)
        if parts is None:
            continue
        moved = {h for h in {k.rpartition(".")[0] for k in fields}
                 if f"{h}.{a}" in fields and f"{h}.{b}" in fields
                 and fields[f"{h}.{a}"].value is None and fields[f"{h}.{b}"].value is not None}
        if not any(h in moved and fields[f"{h}.{b}"].value for h in heads):
            continue

        def value(h: str) -> int:
            return (fields[f"{h}.{b}"] if h in moved else fields[f"{h}.{a}"]).value or 0

        lhs = sum(value(h) for h, k in zip(heads, left.keys) if k in parts)
        rhs = sum(value(h) for h, k in zip(heads, left.keys) if k not in parts)
        if lhs != rhs:
            continue
        shifting = order[order.index(a):-1]
        for h in moved:
            for col, nxt in zip(shifting, order[order.index(a) + 1:]):
                here, there = fields.get(f"{h}.{col}"), fields.get(f"{h}.{nxt}")
                if here is not None and there is not None and (here.value or 0) != (there.value or 0):
                    out.add(f"{h}.{col}")  # (a cell the shift leaves as it is, e.g. 0 beside 0, keeps its value either way)
    return out


def _by_print_order(fr: FieldResult) -> bool:
    """A cell whose column is where its row's printed order put it: read from text that has no
    grid and no positions (a reading order's lines), not placed by inference."""
    b = fr.block
    return b is not None and getattr(b, "table", None) is None and getattr(b, "x0", None) is None \
        and fr.evidence.get("how") in ("exact", "split")


def _rows_in_order(fields: dict[str, FieldResult]) -> dict[str, list[str]]:
    """{row: its keys} in the order the fields list them (the template's: rows, then columns)."""
    rows: dict[str, list[str]] = {}
    for k in fields:
        rows.setdefault(k.rsplit(".", 1)[0], []).append(k)
    return rows


def _swap_keeps(a: list[str], b: list[str], fields: dict[str, FieldResult], checks: list[Check]) -> bool:
    """Whether rows `a` and `b` (keys in column order) exchanging their values keep every identity
    over their cells that holds now, one of them taking cells of both rows (a column's sum)."""
    from .templates.identities import evaluate

    values = {k: fr.value for k, fr in fields.items()}
    for ka, kb in zip(a, b):
        values[ka], values[kb] = fields[kb].value, fields[ka].value
    mine = set(a) | set(b)
    sums = _sums()
    joint = False
    for c in checks:
        if not mine.intersection(c.keys):
            continue
        joint = joint or (bool(set(a).intersection(c.keys)) and bool(set(b).intersection(c.keys)))
        s = sums.get((c.rule, tuple(c.keys)))
        if c.status == "ok" and (s is None or evaluate(s, values).status != "ok"):
            return False
    return joint


def swap_unproven(fields: dict[str, FieldResult], checks: list[Check]) -> set[str]:
    """Cells of a row read in print order whose next row (in the form's order), every cell
    printed, was placed by inference (`position_inferred`: its run may be the label's before it,
    assemble.cross_out_of_order), where the two rows' runs exchanged keep every identity that
    holds (siblings of the same column sums, each run adding up to its own total): the sums do
    not tell the two rows apart, so the doubt is this row's too (a run printed before its label,
    right after the label before, read as that row's: gen738_00006). Only the cells the exchange
    would change."""
    rows = _rows_in_order(fields)
    names = list(rows)
    out: set[str] = set()
    for s, r in zip(names, names[1:]):
        a, b = rows[r], rows[s]
        if r.split(".", 1)[0] != s.split(".", 1)[0] or len(a) != len(b) \
                or [k.rsplit(".", 1)[1] for k in a] != [k.rsplit(".", 1)[1] for k in b]:
            continue
        # (a run printing every cell: what was inferred is which row it is, not its columns)
        if not all(fields[k].evidence.get("position_inferred") and fields[k].value is not None for k in a):
            continue
        # (a row read in print order: a grid's row or a position places its run by itself)
        changed = [kb for ka, kb in zip(a, b) if (fields[ka].value or 0) != (fields[kb].value or 0)
                   and not fields[kb].evidence.get("position_inferred") and _by_print_order(fields[kb])]
        if changed and _swap_keeps(a, b, fields, checks):
            out.update(changed)
    return out


def _empty_row(keys: list[str], fields: dict[str, FieldResult]) -> bool:
    """A row that took no number: its label printed with nothing after it (`row_blank`), or not
    found at all (its label run into another's, "4.保护第三方合法权益属于三类内部事务信息 54 14 …") -
    none of its blanks pinned by an identity over printed cells (`pinned`)."""
    frs = [fields[k] for k in keys]
    return all(fr.value is None and not fr.evidence.get("pinned") for fr in frs) and all(
        fr.evidence.get("row_blank") or not fr.evidence.get("found") for fr in frs)


def run_beside_empty_row(fields: dict[str, FieldResult], checks: list[Check]) -> set[str]:
    """Cells of a row whose run was placed with blank cells dropped (`position_inferred`: the
    run's own shape places no cell), next (in the form's order) to a row that took no number
    (`_empty_row`), where the run moved to that row keeps every identity that holds (siblings of
    the same column sums, the run adding up to its own total either way): only the line the run
    is printed on says which of the two rows it is, and a reading order prints a tall row's
    numbers on its neighbour's line (gen872_00001, pdf2json: （二）部分公开's "80 15 3 98" after
    "1. 属于国家秘密", the total read at 0.9998). Its cells still above the cap (the total, which
    the row's sum places in its column, not in its row) are in doubt too."""
    rows = _rows_in_order(fields)
    names = list(rows)
    out: set[str] = set()
    for s, r in zip(names, names[1:]):
        for run, empty in ((rows[s], rows[r]), (rows[r], rows[s])):
            if s.split(".", 1)[0] != r.split(".", 1)[0] or len(run) != len(empty) \
                    or [k.rsplit(".", 1)[1] for k in run] != [k.rsplit(".", 1)[1] for k in empty]:
                continue
            if not _empty_row(empty, fields) or all(fields[k].value is None for k in run) \
                    or not any(fields[k].evidence.get("position_inferred") for k in run):
                continue
            if _move_keeps(run, empty, fields, checks):
                out.update(k for k in run if fields[k].value is not None)
    return out


def _move_keeps(run: list[str], empty: list[str], fields: dict[str, FieldResult], checks: list[Check]) -> bool:
    """Whether row `run`'s values moved to row `empty` (keys in column order; `run` left blank)
    keep every identity over their cells that holds now - the run's own sum holding as the
    other row's - one of them taking cells of both rows (a column's sum)."""
    from .templates.identities import evaluate

    values = {k: fr.value for k, fr in fields.items()}
    for ka, kb in zip(run, empty):
        values[ka], values[kb] = None, fields[ka].value
    mine, own = set(run) | set(empty), set(run)
    sums = _sums()
    joint = False
    for c in checks:
        if not mine.intersection(c.keys):
            continue
        joint = joint or (bool(own.intersection(c.keys)) and bool(set(empty).intersection(c.keys)))
        if c.status != "ok":
            continue
        if set(c.keys) <= own:
            c = next((o for o in checks if set(o.keys) == {e for k, e in zip(run, empty) if k in c.keys}), None)
            if c is None:
                return False
        s = sums.get((c.rule, tuple(c.keys)))
        if s is None or evaluate(s, values).status != "ok":
            return False
    return joint


def order_unconfirmed(fields: dict[str, FieldResult], checks: list[Check]) -> set[str]:
    """Parts of a row read in print order whose own sum holds while every column identity they
    are in breaks: a row's sum holds for its parts in any order, so it proves which numbers are
    the row's, not which column each stands in - only the column identities do, and they say
    something is misplaced (a reading order printing a row's cells out of column order:
    "63 / 0 / 0 / 0 / 2 / 11 / 76", 商业企业's 11 after 法律's and 其他's), in a table where most
    column identities break. Only parts an exchange with another part of the row would change;
    the row's total stands."""
    rows: dict[str, list[Check]] = {}
    cols: dict[str, list[Check]] = {}
    for c in checks:
        heads = {k.rsplit(".", 1)[0] for k in c.keys}
        for k in c.keys:
            (rows if len(heads) == 1 else cols).setdefault(k, []).append(c)
    # (only where most of the table's column identities break: the reading order failed across
    # the table, not one row read wrong breaking the columns it is in)
    decided: dict[str, list[bool]] = {}
    for c in {id(c): c for cs in cols.values() for c in cs}.values():
        if c.status in ("ok", "broken"):
            decided.setdefault(c.keys[0].split(".", 1)[0], []).append(c.status == "broken")
    failed = {t for t, v in decided.items() if 2 * sum(v) > len(v)}
    out: set[str] = set()
    for c in checks:
        parts = _parts_of(c)
        if c.status != "ok" or parts is None or len({k.rsplit(".", 1)[0] for k in c.keys}) != 1 \
                or c.keys[0].split(".", 1)[0] not in failed:
            continue
        mine = [fields[k] for k in c.keys if k in parts and k in fields]
        if len({fr.value or 0 for fr in mine}) < 2:
            continue
        for fr in mine:
            column = cols.get(fr.key, [])
            if column and all(o.status == "broken" for o in column) and _by_print_order(fr) \
                    and any((o.value or 0) != (fr.value or 0) for o in mine):
                out.add(fr.key)
    return out


def joined_proven(fr: FieldResult, involved: list[Check], fields: dict[str, FieldResult]) -> bool:
    """A count printed as digit groups apart in one cell ("10 1": a narrow cell wrapped it) is
    read joined, but the text cannot say whether it is one number or several (values.
    malformed_count). An identity that holds with the joined number - the number its other
    cells, each read whole and some not blank, need - says which: no group alone, nor their sum,
    is that number."""
    from .values import _SPACED

    if fr.value is None or not isinstance(fr.value, int) or not _SPACED.match(fr.raw or ""):
        return False
    groups = [int(g) for g in re.findall(r"\d+", fr.raw)]
    for c in involved:
        parts = _parts_of(c)
        if c.status != "ok" or parts is None or fr.key not in c.keys:
            continue
        frs = [fields[k] for k in c.keys if k in fields and k != fr.key]
        if any(o.evidence.get("malformed") or not isinstance(o.value, (int, type(None))) for o in frs) \
                or not any(o.value for o in frs):
            continue
        need = sum(o.value or 0 for o in frs if o.key not in parts) - sum(o.value or 0 for o in frs if o.key in parts)
        if fr.key not in parts:
            need = -need
        if fr.value == need and need not in (*groups, sum(groups)):
            return True
    return False


def total_shift_mends(fields: dict[str, FieldResult], checks: list[Check]) -> set[str]:
    """Cells of a row whose own sum breaks with its total cell blank while its last part equals
    the sum of the others: the row read one column left from some blank cell on (its total then
    stands in the last part's column). Which blank the converter lost the layout alone may tell;
    the column identities cannot (a whole column read one column left keeps its sum), so the
    row's printed cells are not proven where they are."""
    cols = _column_order(fields)
    out: set[str] = set()
    for c in checks:
        if c.status != "broken" or len(c.keys) < 3 or any(k not in fields for k in c.keys):
            continue
        heads = {k.rpartition(".")[0] for k in c.keys}
        parts = _parts_of(c)
        if len(heads) != 1 or parts is None:
            continue
        totals = [k for k in c.keys if k not in parts]
        order = cols.get(next(iter(heads)).split(".", 1)[0], [])
        names = [k.rpartition(".")[2] for k in c.keys]
        if len(totals) != 1 or names != order[-len(names):] or totals[0] != c.keys[-1]:
            continue
        vals = [fields[k].value for k in c.keys[:-1]]
        last = vals[-1]
        if fields[totals[0]].value is not None or not last or sum(v or 0 for v in vals[:-1]) != last \
                or sum(1 for v in vals[:-1] if v) < 2:
            continue
        out.update(k for k in c.keys[:-1] if fields[k].value is not None)
    return out


def _cut_pieces(fields: dict[str, FieldResult]) -> dict[str, tuple[int, int, int, str]]:
    """Key -> (length of the run of digits, where the cell's piece starts in it, the piece's length,
    the run's other digits) of every printed cell that rests on a cut (`digits_cut`: cut out of a
    run; `cut_beside`: its column rests on another cell's cut - a whole run, one piece). The run is
    its row's cells read out of the same printed block, in column order."""
    runs: dict[tuple[str, int], list[FieldResult]] = {}
    for k, fr in fields.items():
        ev = fr.evidence
        if fr.value is None or not (ev.get("digits_cut") or ev.get("cut_beside")):
            continue
        block = id(fr.block) if fr.block is not None else id(fr)
        runs.setdefault((k.rsplit(".", 1)[0], block), []).append(fr)
    out: dict[str, tuple[int, int, int, str]] = {}
    for frs in runs.values():
        pieces = [(fr.raw or "").strip() for fr in frs]
        # (a block printing several runs apart by spaces: each piece within its own run)
        words = (frs[0].block.text or "").split() if frs[0].block is not None else []
        groups: list[list[int]] = []
        i = 0
        for w in words:
            if i >= len(pieces):
                break
            j, text = i, ""
            while j < len(pieces) and len(text) < len(w):
                text += pieces[j]
                j += 1
            if text == w:
                groups.append(list(range(i, j)))
                i = j
        if i != len(pieces):
            groups = [list(range(len(pieces)))]  # (the pieces are no runs the block prints apart)
        for g in groups:
            run = "".join(pieces[n] for n in g)
            at = 0
            for n in g:
                piece = pieces[n]
                out[frs[n].key] = (len(run), at, len(piece), run[:at] + run[at + len(piece):])
                at += len(piece)
    return out


def proves_cut(c: Check, fields: dict[str, FieldResult], pieces: dict[str, tuple[int, int, int, str]],
               proven: set[str] | frozenset[str] = frozenset()) -> bool:
    """Whether a holding identity is evidence about the cuts its cells rest on (`_cut_pieces`; those
    in `proven` count as read). Not where its cut cells pair off across its two sides as cut the same
    way, in two rows - runs of the same length cut at the same place, the pieces equal, or each the
    run's end with the digits before it equal ("2833" and "2814" read 2|833 and 2|814 where a
    converter lost two cells of each row: 833 + 84 = 814 + 103 holds as 2833 + 84 = 2814 + 103 does,
    the digits cut off cancel, and so do the 2s they leave under 其他): the identity then holds
    whether or not the cut is right. Nor where every printed cell of it rests on a cut of one row
    (the row's own sum, which the cut was chosen to keep)."""
    printed = [fields[k] for k in c.keys if k in fields and fields[k].value is not None]
    cut = [fr for fr in printed if fr.key in pieces and fr.key not in proven]
    if not cut:
        return True
    if len(cut) == len(printed) and len({fr.key.rsplit(".", 1)[0] for fr in cut}) == 1:
        return False
    parts = _parts_of(c)
    if parts is None:
        return True
    left = [fr for fr in cut if fr.key in parts]
    right = [fr for fr in cut if fr.key not in parts]
    if len(left) != len(right):
        return True

    def alike(a: FieldResult, b: FieldResult) -> bool:
        pa, pb = pieces[a.key], pieces[b.key]
        if pa[:3] != pb[:3] or a.key.rsplit(".", 1)[0] == b.key.rsplit(".", 1)[0]:
            return False
        return a.value == b.value or (pa[1] + pa[2] == pa[0] and pa[3] == pb[3])

    for a in left:
        b = next((b for b in right if alike(a, b)), None)
        if b is None:
            return True
        right.remove(b)
    return False


_CUT_PROOF_ROUNDS = 6  # rounds of cuts proven through cuts proven before (identical rows: 新收 and 总计)


def cut_unproven(fields: dict[str, FieldResult], by_key: dict[str, list[Check]],
                 pieces: dict[str, tuple[int, int, int, str]]) -> set[str]:
    """The printed cells resting on a cut (`_cut_pieces`) that no holding identity proves
    (`proves_cut`): a converter that lost cells of a row leaves runs that a cut keeps the row's
    sum with by chance, and rows cut alike keep the identities between them - the cut is the
    reader's guess. A cell proven counts as read for the next round (本年新收 printed like (七)总计,
    "801000081" both: the balance between them holds for any cut alike, but 总计's cut is proven
    by 三's column sums over rows cut otherwise, and the balance then proves 新收's); the row's own
    sum proves its cuts where an identity across rows proved one of them (the row's runs are then
    its cells' digits, none lost), or where every cell of the row is one digit of its run (四's
    "110024001510102": the count of cells fixed the cut). At most _CUT_PROOF_ROUNDS rounds."""
    def rows(c: Check) -> set[str]:
        return {k.rsplit(".", 1)[0] for k in c.keys}

    # (a row cut one digit a cell: its count of cells fixed the cut, and its own sums check the digits)
    by_row: dict[str, list[str]] = {}
    for k in pieces:
        by_row.setdefault(k.rsplit(".", 1)[0], []).append(k)
    digits = {row for row, ks in by_row.items() if all(pieces[k][2] == 1 for k in ks)}
    proven: set[str] = set()
    for _ in range(_CUT_PROOF_ROUNDS):
        anchored = digits | {k.rsplit(".", 1)[0] for k in proven}
        new = set()
        for k in pieces:
            if k in proven:
                continue
            row = k.rsplit(".", 1)[0]
            for c in by_key.get(k, []):
                if c.status != "ok":
                    continue
                if rows(c) == {row}:
                    if row in anchored:
                        new.add(k)
                        break
                elif proves_cut(c, fields, pieces, proven):
                    new.add(k)
                    break
        if not new:
            break
        proven |= new
    return set(pieces) - proven


def numbers_kept(fields: dict[str, FieldResult], checks: list[Check], own: frozenset[int] = frozenset()) -> bool:
    """Whether the report's checked tables show the converter kept its numbers: an identity of
    table 三 holds over printed numbers not all 0 and none of 三 or 四 breaks but the report's own
    breaks (`own`: ids of checks outcomes.judge_all found the publisher's). A converter that drops
    glyphs (one-digit numbers, single digits of a run) prints a row whose numbers it lost as its
    label alone - as a converter that drops blank cells prints a row left blank; the text of the
    row is the same, the other tables tell them apart."""
    if any(c.status == "broken" and id(c) not in own and c.keys and c.keys[0].split(".", 1)[0] in ("requests", "review")
           for c in checks):
        return False
    for c in checks:
        if c.status != "ok" or not c.keys or c.keys[0].split(".", 1)[0] != "requests":
            continue
        frs = [fields[k] for k in c.keys if k in fields]
        if frs and all(fr.evidence.get("found") and not not_read(fr) for fr in frs) \
                and any(fr.value not in (None, 0) for fr in frs):
            return True
    return False


def unkept_blank_rows(fields: dict[str, FieldResult], checks: list[Check], verdicts: list) -> list[str]:
    """A row of table 二 read as printed blank (its label alone, assemble_active: every other row
    printing its own numbers), in a report whose checked tables do not show the converter kept its
    numbers (`numbers_kept`, given the verdicts on the broken identities): the row is not read, its
    numbers may be lost - never near-certain (evidence `numbers_unkept`, a blank by inference).
    Table 四 read blank from its headers alone (evidence `headers_alone`, assemble._headers_alone)
    is the same text: a row of blank cells dropped, or a row of numbers lost.
    Run after outcomes.settle; returns the keys lowered."""
    rows = [fr for k, fr in fields.items() if (k.startswith("active.") and fr.evidence.get("row_blank")
            or fr.evidence.get("headers_alone")) and not fr.evidence.get("blank_inferred")]
    if not rows or numbers_kept(fields, checks, frozenset(id(v.check) for v in verdicts if v.source)):
        return []
    for fr in rows:
        fr.evidence.update(blank_inferred=True, numbers_unkept=True)
        fr.evidence["raw_score"] = min(fr.evidence.get("raw_score", 1.0), INFERRED_BLANK_MAX)
        fr.confidence = min(fr.confidence, NOT_READ_MAX)
    return [fr.key for fr in rows]


def score_fields(fields: dict[str, FieldResult], checks: list[Check],
                 calibration: Calibration | None = None) -> None:
    """Set FieldResult.confidence in place."""
    cal = calibration or default_calibration()
    by_key: dict[str, list[Check]] = {}
    lone = lone_totals(fields, checks)
    for c in evidence_checks(fields, checks, lone):
        for k in c.keys:
            by_key.setdefault(k, []).append(c)
    for k in lone:
        fields[k].evidence["lone_total"] = True
    # a cell whose printed digits give no value (a header's words run into it) was misread, and
    # so may be where its row's other cells stand: the label cell that printed a number, a blank
    # beside it
    misread = {k.rsplit(".", 1)[0] for k, fr in fields.items() if fr.evidence.get("found") and unparsed(fr)}
    for k, fr in fields.items():
        if k.rsplit(".", 1)[0] in misread and not unparsed(fr):
            fr.evidence["misread_beside"] = "unparsed"
    # numbers printed in a table's region that no cell took (`unused_values`): where a sum of that
    # table breaks, what it lacks may be those numbers, and which printed run each row took is the
    # reading order's inference - a cell of a broken sum there is not near-certain
    unused = unread_numbers(fields)
    for k in shift_mends(fields, checks):
        fields[k].evidence["shift_mends"] = True
    for k in total_shift_mends(fields, checks):
        fields[k].evidence["total_shift"] = True
    for k in swap_unproven(fields, checks):
        fields[k].evidence["swap_unproven"] = True
    for k in run_beside_empty_row(fields, checks):
        fields[k].evidence["empty_beside"] = True
    for k in order_unconfirmed(fields, checks):
        fields[k].evidence["order_unconfirmed"] = True
    printed_rows = {k.rsplit(".", 1)[0] for k, fr in fields.items() if unused and fr.value not in (None, 0)}
    proven = proven_unsure(fields, by_key)
    unproven_cuts = cut_unproven(fields, by_key, _cut_pieces(fields))
    through_misread = {k for c in checks if c.status == "ok"
                       and _through_misread_row(c, [fields[x] for x in c.keys if x in fields]) for k in c.keys}
    # a blank whose column rests on a cut (`cut_beside`: a cell of its row holds two columns'
    # numbers, ",,1096 229,32,…" a grid row whose first cell is empty) is where it is only if that
    # cut is: where no identity proves the row's cut, the blank may be a number's column
    # (gen872_00001 camelot: 自然人 read blank at 0.9998, its 1096 printed in the next cell)
    cut_rows = {k.rsplit(".", 1)[0] for k in unproven_cuts}
    unproven_cuts |= {k for k, fr in fields.items() if fr.value is None and fr.evidence.get("cut_beside")
                      and k.rsplit(".", 1)[0] in cut_rows}
    for k, fr in fields.items():
        involved = by_key.get(k, [])
        if fr.evidence.get("malformed") and joined_proven(fr, involved, fields):
            fr.evidence["joined_proven"] = True
        if unproven_blank(fr, involved, fields):
            fr.evidence["unproven_blank"] = True
            involved = [c for c in involved if c.status != "ok"]
        fr.evidence.pop("text_proven", None)
        if unsure_text(fr, involved, fields, proven):
            fr.evidence["unsure_text"] = True
        else:
            fr.evidence.pop("unsure_text", None)
            if fr.evidence.get("found") and not _sure_text(fr):
                fr.evidence["text_proven"] = True
        if k in unproven_cuts:
            fr.evidence["cut_unproven"] = True
        fr.evidence["raw_score"] = raw_score(fr, involved)
        # a number placed by inference (blanks dropped) that an identity holding only through a
        # misread row's number would confirm, and no other holding identity does: its column is
        # the reading order's guess (as `undecided`'s, in a table without identities)
        if fr.value is not None and fr.evidence.get("how") == "placed" and fr.evidence.get("found") \
                and k in through_misread and not any(c.status == "ok" for c in involved):
            fr.evidence["placed_unconfirmed"] = True
        # a cell that was never found is right only if the truth happens to be blank:
        # no evidence either way, so it is not calibrated with the cells that were read
        found = fr.evidence.get("found")
        if found:
            fr.confidence = round(cal(fr.evidence["raw_score"]), 4)
            inferred = [x for x in INFERRED if fr.evidence.get(x)]
            if inferred == ["blank_inferred"] and fr.evidence.get("pinned"):
                inferred = []  # a blank an identity says (evidence_checks)
            if inferred or undecided(fr) or placed_row(fr) or cut_unchecked(fr) or unparsed(fr) or k in lone \
                    or fr.evidence.get("misread_beside") or fr.evidence.get("blank_total_beside") \
                    or fr.evidence.get("heading_cut") or fr.evidence.get("unit_unstated") \
                    or contradicted_choice(fr) \
                    or fr.evidence.get("search_cut") or fr.evidence.get("shift_mends") or fr.evidence.get("total_shift") \
                    or fr.evidence.get("swap_unproven") or fr.evidence.get("order_unconfirmed") \
                    or fr.evidence.get("empty_beside") or fr.evidence.get("placed_unconfirmed") \
                    or unused_beside(fr, unused, by_key, fields, printed_rows) \
                    or fr.evidence.get("unproven_blank") or fr.evidence.get("unsure_text") \
                    or fr.evidence.get("cut_unproven") or (  # (search_cut: the best reading seen, not a proven one)
                    fr.evidence.get("how") in INFERRED_READINGS
                    and any(c.status == "broken" for c in by_key.get(k, []))):
                fr.confidence = min(fr.confidence, NOT_READ_MAX)
        elif fr.evidence.get("row_seen"):
            fr.confidence = unread_confidence()
        else:
            # an absent row, or a whole table of which nothing was found: with blanks
            # dropped an all-blank table leaves nothing to find, and blank is then right
            fr.confidence = not_found_confidence()


# --- a second classifier's opinion (opt-in: `xxgk extract --classifier ensemble`) -----------
# Where two block classifiers label the blocks a field rests on differently, its reading
# depends on which one is right. The default pipeline never runs this.
VALUE_DISAGREE_FACTOR = 0.5  # with the other model's labels the assembler reads another value (or none)
BLOCK_DISAGREE_FACTOR = 0.9  # same value, but its value cell or its row label is labelled differently


def disagreement_evidence(fields: dict[str, FieldResult], blocks: list, other_labels: list[str],
                          other_fields: dict[str, FieldResult],
                          calibration: Calibration | None = None) -> dict[str, str]:
    """Lower, in place, the raw score (and recalibrate the confidence) of every found field the
    two classifiers disagree on; `blocks` carry the primary labels, `other_labels` (aligned with
    them) the other model's, `other_fields` the assembly made from those. Returns {key: "value"
    | "blocks"} of the fields lowered; their evidence gets "disagreement" and "raw_before"."""
    if len(other_labels) != len(blocks):
        return {}
    cal = calibration or default_calibration()
    mism_blocks: set[int] = set()
    mism_labels: set[str] = set()
    for b, lab in zip(blocks, other_labels):
        if b.label != lab:
            mism_blocks.add(id(b))
            mism_labels.update((b.label, lab))
    out: dict[str, str] = {}
    for k, fr in fields.items():
        if not fr.evidence.get("found"):
            continue
        of = other_fields.get(k)
        if of is None or not of.evidence.get("found") or of.value != fr.value:
            kind, factor = "value", VALUE_DISAGREE_FACTOR
        elif (fr.block is not None and id(fr.block) in mism_blocks) or "row." + k.rsplit(".", 1)[0] in mism_labels:
            kind, factor = "blocks", BLOCK_DISAGREE_FACTOR
        else:
            continue
        raw = fr.evidence.get("raw_score", 1.0)
        fr.evidence.update(disagreement=kind, raw_before=raw, raw_score=raw * factor)
        fr.confidence = round(cal(raw * factor), 4)
        out[k] = kind
    return out


# the review reasons that name the fields sending their document to review (sends_to_review):
# a row found but unread, a row not found, a cell read in doubt - every such field is in one;
# and an amount printed with no unit anywhere (its evidence score may be high: the number was
# read surely, its unit is what is unknown)
FIELD_REVIEW_CODES = ("rows_unread", "rows_not_found", "uncertain_cells", "unit_unstated")


def sends_to_review(fr: FieldResult) -> bool:
    """A field that sends its document to review: its raw evidence score (证据分), not its
    calibrated confidence (置信度, what the output prints), below FIELD_REVIEW_BELOW."""
    return fr.evidence.get("raw_score", fr.confidence) < FIELD_REVIEW_BELOW


def sent_to_review(review: dict, fields=()) -> list[str]:
    """The field keys a review decision (review_decision's dict, the output's "review") sends to
    review, in its reasons' order: those its field reasons name (sends_to_review) and, `fields`
    being the output's field keys, the cells of a table it says is not found (none of them read)."""
    keys: list[str] = []
    for it in review.get("items") or ():
        code = it.get("code")
        if code in FIELD_REVIEW_CODES:
            keys += it.get("keys") or ()
        elif code == "missing_table":
            table = (it.get("detail") or {}).get("table")
            keys += [*(it.get("keys") or ()), *(k for k in fields if table and k.startswith(table + "."))]
    return list(dict.fromkeys(keys))


def review_decision(fields: dict[str, FieldResult], checks: list[Check], missing_tables: list[str],
                    template: str | None, extra_reasons: list | None = None, verdicts: list | None = None,
                    versions: dict | None = None, partial: bool = False) -> dict:
    """{"required", "confidence", "reasons": [Chinese sentence], "items": [typed reason],
    "source_inconsistent", "findings": [typed reason]}.

    Two outcomes are kept apart: `items` are the extraction doubts (a person can make the data
    better; `required` says there is one), `findings` what the report itself gets wrong, read
    with certainty (extractor.outcomes). `verdicts`: outcomes.Verdict of the broken identities
    (without them every broken identity is a doubt). `partial`: statutory tables were found but
    none that tells the templates apart (table 四 alone; `template` None): the tables found are
    scored, the missing ones named, never "not a report". `extra_reasons`: reasons.Reason objects (or
    bare strings) the pipeline adds after these; one whose outcome is SOURCE is a finding."""
    reasons: list[R.Reason] = []
    findings: list[R.Reason] = []
    if template is None and not partial:
        reasons.append(R.not_a_report())
    for i, t in enumerate(missing_tables):  # (the template unknown said once, with the first)
        reasons.append(R.missing_table(t, [k for k in fields if k.startswith(t + ".")],
                                       template_unknown=template is None and i == 0))
    broken = [c for c in checks if c.status == "broken"]
    verdict = {id(v.check): v for v in verdicts or []}
    doubtful = []
    for c in broken:
        v = verdict.get(id(c))
        reason = R.identity_broken(c, versions)
        if v is not None and v.source:
            findings.append(reason.as_source())
        else:
            doubtful.append(c)
            reasons.append(reason.with_detail(doubts=v.doubts) if v is not None else reason)
    unsure = sorted((fr for fr in fields.values() if sends_to_review(fr)), key=lambda f: f.confidence)
    unread = [fr.key for fr in unsure if not fr.evidence.get("found") and fr.evidence.get("row_seen")]
    if unread:
        reasons.append(R.rows_unread(unread, versions))
    not_found = [fr.key for fr in unsure if not fr.evidence.get("found") and not fr.evidence.get("row_seen")]
    if not_found:
        reasons.append(R.rows_not_found(not_found, versions))
    ambiguous = [fr for fr in unsure if fr.evidence.get("found")]
    if ambiguous:
        reasons.append(R.uncertain_cells(ambiguous, versions, FIELD_REVIEW_BELOW,
                                           {k for c in broken for k in c.keys}))
    for r in extra_reasons or []:
        r = r if isinstance(r, R.Reason) else R.Reason.from_text(str(r))
        (findings if r.outcome == R.SOURCE else reasons).append(r)
    # probability that every field is right, calibrated at the document level: field
    # errors are not independent (one misread row takes several cells with it)
    lowest = min((fr.evidence.get("raw_score", fr.confidence) for fr in fields.values()), default=0.0)
    doc_conf = document_calibration()(lowest) if fields else 0.0
    if doubtful:
        doc_conf = min(doc_conf, 0.5)
    # every field right is never likelier than the weakest field right
    doc_conf = min(doc_conf, min((fr.confidence for fr in fields.values()), default=0.0))
    required = bool(reasons) or doc_conf < DOC_REVIEW_BELOW
    if required and not reasons:
        reasons.append(R.low_document_confidence(doc_conf))
    return {"required": required, "confidence": round(doc_conf, 4), "reasons": [r.message for r in reasons],
            "items": [r.as_dict() for r in reasons],
            "source_inconsistent": bool(findings), "findings": [r.as_dict() for r in findings]}
