"""Two outcomes of a broken identity: the extraction is in doubt, or the report itself is
inconsistent - and values no report prints.

An identity that does not hold is evidence of a misread as much as of a publisher's slip.
It is told to be the report's own (a *source inconsistency*) only when nothing in the
reading of any of its cells leaves room for another value: every cell was read

* exactly as printed: the row printed one token per column (`how == "exact"`), so no digits
  were split, no dropped blanks placed, no surplus cells trimmed;
* with no alternative: the solver kept a single reading of the row (`n_cands == 1`, all the
  prior mass on it) - so no reading that would satisfy the identity was set aside;
* in a row placed by its own label with high probability (not by its position among the
  rows), from a block the classifier is sure is a value;
* from a text layer, not by OCR, and as a plausible value (no negative count, no absurd
  magnitude, no fractional count).

Anything else makes it extraction doubt: a person can make the data better. The same test
settles a contradiction between the prose and the table. Measured in
benchmarks/bench_outcomes.py (the labelled reports, and generated reports with misreads
and publisher errors injected).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from . import reasons as R
from . import templates as T
from .assemble import FieldResult
from .checks import Check
from .templates.identities import expand, outcome
from .confidence import NOT_READ_MAX, Calibration, not_read, score_fields

CERTAIN = 0.9  # the least label / placement / block probability of a certain reading
# the largest count a table's cell can hold: applications and cases of one agency in a year
# stay far below 10^7; decisions of table 二 reach 10^7 (a labelled report prints 10,569,008)
COUNT_MAX = {"requests": 10**7, "review": 10**7, "active": 10**9}
MONEY_MAX = 10**12  # yuan: above any fee or procurement total of one report
# evidence flags of a value inferred rather than read (extractor/assemble.py, where set)
INFERRED = ("blank_inferred", "position_inferred", "dropped_values", "unused_values")
NUMBER_WORDS = re.compile(r"^\s*[零〇○]\s*$")  # a count printed as a word (零) is 0, not blank


@dataclass
class Verdict:
    """A broken identity (or a prose-vs-table contradiction) and who is to blame."""
    check: Check
    source: bool  # True: read with certainty, the report prints it so
    doubts: dict[str, list[str]] = field(default_factory=dict)  # key -> why its reading is in doubt


def reading_doubts(fr: FieldResult | None) -> list[str]:
    """Why a cell's reading leaves room for another value (empty: it does not)."""
    if fr is None:
        return ["missing"]
    ev = fr.evidence
    if not ev.get("found"):
        return ["not_found"]
    out = []
    if ev.get("how") != "exact":
        out.append(str(ev.get("how") or "unknown"))  # split | placed | trimmed | overflow
    if ev.get("n_cands", 1) > 1 or ev.get("share", 1.0) < 0.999:
        out.append("alternatives")
    if not ev.get("labelled"):
        out.append("unlabelled")
    elif min(ev.get("placement", 0.0), ev.get("label_proba", 0.0)) < CERTAIN:
        out.append("placement")
    if ev.get("block_proba", 1.0) < CERTAIN:
        out.append("block")
    if ev.get("text_confidence") is not None:
        out.append("ocr")
    if ev.get("malformed"):
        out.append("malformed")
    if ev.get("implausible"):
        out.append("implausible")
    if ev.get("misread_beside"):
        out.append("misread_beside")
    if ev.get("order_unproven"):
        out.append("order_unproven")
    if ev.get("blank_total_beside"):
        out.append("blank_total_beside")
    if ev.get("disagreement"):
        out.append("disagreement")
    if ev.get("unproven_blank"):
        out.append("unproven_blank")  # (confidence.unproven_blank: a printed blank nothing pins)
    # what the assembler says it inferred rather than read (a blank no cell printed, a value
    # placed by position, numbers of the row or table that no cell took)
    out += [k for k in INFERRED if ev.get(k)]
    return out


def short_rows(fields: dict[str, FieldResult]) -> set[str]:
    """Keys read from a printed grid row that ends before the other rows of its grid: in an
    HTML, markdown, DOCX or PDF table every value row ends in the same column (the 总计), so a
    shorter one lost or merged a cell and its values may sit one column off."""
    rows: dict[tuple, int] = {}
    members: dict[tuple, list[str]] = {}
    for k, fr in fields.items():
        b = fr.block
        if b is None or getattr(b, "table", None) is None or getattr(b, "col", None) is None:
            continue
        rk = (k.split(".", 1)[0], b.table, b.row)
        rows[rk] = max(rows.get(rk, -1), b.col + (getattr(b, "colspan", 1) or 1) - 1)
        members.setdefault(rk, []).append(k)
    widths: dict[tuple, Counter] = {}
    for (t, grid, _), end in rows.items():
        widths.setdefault((t, grid), Counter())[end] += 1
    out = set()
    for rk, end in rows.items():
        common, n = widths[rk[:2]].most_common(1)[0]
        if end < common and n >= 3 and not _columns_seen(members[rk], fields):
            out.update(members[rk])  # (a row reading one printed or seen cell per column lost none)
    return out


def aligned_rows(fields: dict[str, FieldResult]) -> set[str]:
    """Keys of rows rebuilt from character positions (space-aligned text: no printed cell
    boundaries, blank cells inferred where nothing is printed): which column a value is in is
    read off its position, so a break there may be a value one column off."""
    rows: dict[tuple, list[str]] = {}
    aligned: set[tuple] = set()
    for k, fr in fields.items():
        b = fr.block
        if b is None or getattr(b, "table", None) is not None or getattr(b, "row", None) is None:
            continue
        rk = (k.split(".", 1)[0], b.row)
        rows.setdefault(rk, []).append(k)
        if getattr(b, "x0", None) is not None:
            aligned.add(rk)
    if aligned:
        # a row of blanks only, none of them seen, in position-rebuilt text: a line the reader
        # made cells of (a wrapped label's first line), not a row printed blank
        aligned |= {rk for rk, keys in rows.items()
                    if all(fields[k].block.blank and not fields[k].block.blank_seen for k in keys)}
    return {k for rk in aligned for k in rows[rk] if not _columns_seen(rows[rk], fields)}


def _columns_seen(keys: list[str], fields: dict[str, FieldResult]) -> bool:
    """A position-rebuilt row whose columns are read, not inferred: one printed cell per column
    (`exact`), each blank's place seen by the loader (a drawn cell, a gap under columns that full
    rows establish) and no column put in doubt - the same certainty as a printed grid row."""
    printed = []
    # (a column in doubt leaves a number's column open only beside a blank: a row printing a
    # number in every column reads them in printed order, wherever the columns stand)
    full = all(fields[k].block is not None and not fields[k].block.blank for k in keys)
    for k in keys:
        fr, b = fields[k], fields[k].block
        if fr.evidence.get("how") != "exact" or b is None or (b.column_doubt and not full) \
                or (b.blank and not b.blank_seen):
            return False
        if not b.blank:
            printed.append(k)
    # one number among seen blanks, placed by character columns, in an inner column with the
    # row's last (its total) blank: its column is only where its x falls, and a converter
    # that pads text by characters, not by printed width, moves it (pypdf's layout mode after
    # a row label of wide CJK characters puts a lone total two columns left)
    lone = (len(printed) == 1 and len(keys) >= 3 and printed[0] != keys[-1]
            and fields[printed[0]].block.x0 is not None)
    return not lone


def judge(check: Check, fields: dict[str, FieldResult], doubtful: set[str] = frozenset(),
          layout: dict[str, str] | None = None) -> Verdict:
    """`doubtful`: keys already in doubt (cells of identities judged doubtful): a contradiction
    they take part in is no more certain than they are. `layout`: key -> a doubt about the
    row's layout (`layout_doubts`)."""
    doubts = {k: d for k in check.keys if (d := reading_doubts(fields.get(k)))}
    doubts.update({k: doubts.get(k, []) + [(layout or {})[k]] for k in check.keys if k in (layout or {})})
    doubts.update({k: ["identity"] for k in check.keys if k in doubtful and k not in doubts})
    return Verdict(check, source=bool(check.keys) and not doubts, doubts=doubts)


def layout_doubts(fields: dict[str, FieldResult]) -> dict[str, str]:
    """key -> "short_row" | "aligned": what about its printed row leaves its column in doubt."""
    out = {k: "aligned" for k in aligned_rows(fields)}
    out.update({k: "short_row" for k in short_rows(fields)})
    return out


def doubtful_keys(verdicts: list[Verdict]) -> set[str]:
    """The cells of the broken identities judged doubtful."""
    return {k for v in verdicts if not v.source for k in v.check.keys}


def judge_all(checks: list[Check], fields: dict[str, FieldResult]) -> list[Verdict]:
    """A verdict for every broken check, in order. A break that two neighbouring cells read
    in each other's place would explain (`swaps`) is a doubt, however clean each reading."""
    layout = layout_doubts(fields) if any(c.status == "broken" for c in checks) else {}
    verdicts = [judge(c, fields, layout=layout) for c in checks if c.status == "broken"]
    if any(v.source for v in verdicts):
        for k1, k2 in swaps(checks, fields):
            for v in verdicts:
                if v.source and (k1 in v.check.keys or k2 in v.check.keys):
                    v.source = False
                    v.doubts.setdefault(k1, []).append("swap")
                    v.doubts.setdefault(k2, []).append("swap")
    # a row read printed blank (its label alone, assemble.printed_blank) in the identity's table:
    # values printed away from their labels leave labels empty, and the numbers read in the
    # broken row may be that row's - a misplacement explains the break as well as the publisher
    blank_rows = {k.split(".", 1)[0] for k, fr in fields.items() if fr.evidence.get("row_blank")}
    # the same where a row was read printing only its total, its parts blanks no cell printed:
    # its parts may have been printed elsewhere, and be what the broken row read ("52" after
    # （七）总计, its other numbers after the next label, read as that row's)
    lost = _parts_unprinted(fields, checks) if verdicts else set()
    for v in verdicts:
        table = v.check.keys[0].split(".", 1)[0] if v.check.keys else None
        if v.source and (table in blank_rows or table in lost):
            v.source = False
            for k in v.check.keys:
                v.doubts.setdefault(k, []).append("blank_row" if table in blank_rows else "lost_parts")
    # table 四's total read blank beside parts that print numbers (not 0): its fifteen cells
    # are read as one run, and a run read a column off (a PDF table reader's guessed column
    # edges: "|||2|2||||1||1|...") leaves a row's total blank as well as a report that left it
    # so - no certain reading of the report's arithmetic. (Table 三's rows are read each from
    # its own label: a real report prints a row's 1 and leaves its total blank, 009.md.)
    sums = _sums() if verdicts else {}
    for v in verdicts:
        s = sums.get((v.check.rule, tuple(v.check.keys)))
        if not v.source or s is None or not v.check.rule.startswith("review."):
            continue
        totals = [fields.get(k) for k in s.totals]
        if totals and all(fr is not None and fr.value is None for fr in totals) \
                and any(fields.get(k) is not None and fields[k].value not in (None, 0) for k in s.parts):
            v.source = False
            for k in s.totals:
                v.doubts.setdefault(k, []).append("blank_total")
            # every cell of the run may be read a column off with it (a shifted run keeps its
            # other rows' sums: 0+0+1+0 == 1)
            for k in [k for k in fields if k.startswith("review.")]:
                fr = fields[k]
                if fr.evidence.get("found"):
                    fr.evidence["blank_total_beside"] = True
                    fr.confidence = min(fr.confidence, NOT_READ_MAX)
    # table 四's parts read blank beside printed parts that fall short of the row's printed
    # total: a number lost from its cell (a PDF table reader drops the text of a narrow cell:
    # "0,0,0,0,0,0,0,0,0,0,,,3,,5" for 复议后起诉's 3 + 2 = 5) explains the break as well as the
    # publisher does - no certain reading of the report's arithmetic, nor of those blanks
    for v in verdicts:
        s = sums.get((v.check.rule, tuple(v.check.keys)))
        if not v.source or s is None or not v.check.rule.startswith("review."):
            continue
        parts = [fields.get(k) for k in s.parts]
        totals = [fields.get(k) for k in s.totals]
        if any(fr is None for fr in parts + totals) or any(fr.value is None for fr in totals):
            continue
        blanks = [k for k, fr in zip(s.parts, parts) if fr.value is None]
        short = _number(totals[0].value) - sum(_number(fr.value) or 0 for fr in parts if fr.value is not None)
        if blanks and len(totals) == 1 and short is not None and short > 0:
            v.source = False
            for k in blanks:
                v.doubts.setdefault(k, []).append("blank_part")
                fields[k].evidence["blank_part_short"] = True
                fields[k].confidence = min(fields[k].confidence, NOT_READ_MAX)
    # a table none of whose identities holds: nothing shows its cells are the table's numbers
    # (another table's run read under its headers - 三's 总计 column printed after 四's first
    # headers read as 四, every row of it broken); a publisher's slip breaks a sum among sums
    # that hold, not all of them
    unconfirmed = _tables_unconfirmed(checks, fields) if any(v.source for v in verdicts) else set()
    for v in verdicts:
        if v.source and v.check.keys and v.check.keys[0].split(".", 1)[0] in unconfirmed:
            v.source = False
            for k in v.check.keys:
                v.doubts.setdefault(k, []).append("table_unconfirmed")
    # a cell that also breaks an identity judged doubtful may be the misread one there, and
    # then here too (a row of another row's numbers, put together by a reading order, breaks
    # its own sum and every column sum it is in): its break is no certain reading either
    doubtful = doubtful_keys(verdicts)
    for v in verdicts:
        shared = [k for k in v.check.keys if k in doubtful]
        if v.source and shared:
            v.source = False
            for k in shared:
                v.doubts.setdefault(k, []).append("identity")
    return verdicts


def _tables_unconfirmed(checks: list[Check], fields: dict[str, FieldResult]) -> set[str]:
    """Tables with a broken identity and none that holds over a printed value (a sum of blanks
    holds whatever was lost; one that is all zeros printed is a reading that adds up)."""
    broken: set[str] = set()
    held: set[str] = set()
    for c in checks:
        if not c.keys:
            continue
        table = c.keys[0].split(".", 1)[0]
        if c.status == "broken":
            broken.add(table)
        elif c.status == "ok" and any(fields.get(k) is not None and fields[k].value is not None for k in c.keys):
            held.add(table)
    return broken - held


def _parts_unprinted(fields: dict[str, FieldResult], checks: list[Check]) -> set[str]:
    """Tables with a row read "not itemised" (a total, every part blank) whose parts no cell
    printed (`confidence.not_read`: blanks inferred from the layout)."""
    sums = _sums()
    out = set()
    for c in checks:
        s = sums.get((c.rule, c.keys))
        if c.status != "not_itemised" or s is None or len({k.rsplit(".", 1)[0] for k in c.keys}) != 1:
            continue
        parts = [fields.get(k) for k in s.parts]
        if all(fr is not None and fr.value is None and not_read(fr) for fr in parts):
            out.add(c.keys[0].split(".", 1)[0])
    return out


@lru_cache(maxsize=1)
def _sums() -> dict:
    """(rule, keys) -> identities.Sum, over every table revision."""
    return {(s.rule, s.parts + s.totals): s for name in T.TABLES for v in T.versions(name)
            for s in expand(T.get(name, v))}


def _neighbours(keys: list[str], involved: set[str]) -> list[tuple[str, str]]:
    """Pairs of cells a misplacement can exchange, one of them in `involved`: two cells of a
    row (blank cells printed nowhere let any two values of a row meet), or two cells of a
    column (rows misplaced)."""
    rows: dict[str, list[str]] = {}
    cols: dict[tuple[str, str], list[str]] = {}
    for k in keys:
        row, col = k.rsplit(".", 1)
        rows.setdefault(row, []).append(k)
        cols.setdefault((k.split(".", 1)[0], col), []).append(k)
    out = []
    for seq in list(rows.values()) + list(cols.values()):
        out += [(a, b) for i, a in enumerate(seq) for b in seq[i + 1:] if a in involved or b in involved]
    # consecutive cells in the form's order: table 四 is printed as one run of cells, a row's
    # last cell next to the next row's first
    seen = set(out)
    out += [(a, b) for a, b in zip(keys, keys[1:]) if (a in involved or b in involved) and (a, b) not in seen
            and a.split(".", 1)[0] == b.split(".", 1)[0]]
    return out


def swaps(checks: list[Check], fields: dict[str, FieldResult]) -> list[tuple[str, str]]:
    """Neighbouring cells of a broken identity whose values, exchanged, make every broken
    identity hold without breaking another: a misplacement explains the break as well as
    the publisher does, so the reading is in doubt."""
    sums = _sums()
    broken = [c for c in checks if c.status == "broken" and (c.rule, c.keys) in sums]
    if not broken or len(broken) != sum(c.status == "broken" for c in checks):
        return []
    values = {k: fr.value for k, fr in fields.items()}
    # numbers once, not once per tried exchange (this loop runs for thousands of pairs)
    nums = {k: None if v is None else _number(v) for k, v in values.items()}
    involved = {k for c in broken for k in c.keys}
    by_key: dict[str, list[Check]] = {}
    for c in checks:
        if (c.rule, c.keys) in sums:
            for k in c.keys:
                by_key.setdefault(k, []).append(c)

    def holds(c) -> bool:
        s = sums[(c.rule, c.keys)]
        return outcome([nums.get(k) for k in s.parts], [nums.get(k) for k in s.totals], s.row_total) != "broken"

    # a broken identity with neither cell of a pair is as it was whatever the exchange: one
    # that does not hold as read rules out every pair outside it (tried once, not per pair)
    stuck = [frozenset(c.keys) for c in broken if not holds(c)]
    out = []
    for k1, k2 in _neighbours(list(fields), involved):
        if values.get(k1) == values.get(k2):
            continue
        if any(k1 not in ks and k2 not in ks for ks in stuck):
            continue
        n1, n2 = nums.get(k1), nums.get(k2)
        nums[k1], nums[k2] = n2, n1  # exchanged in place, put back below
        touched = {id(c): c for c in by_key.get(k1, []) + by_key.get(k2, []) + broken}.values()
        if all(holds(c) for c in touched):
            out.append((k1, k2))
        nums[k1], nums[k2] = n1, n2
    return out


def _row_breaks(key: str, broken: list[Check]) -> list[Check]:
    """The broken identities that made the key's row reading `row_ok=False`: its own row's sums
    (table 四 is read as one run of cells, so any of its rows' sums)."""
    if key.startswith("review."):
        return [c for c in broken if c.rule.startswith("review.")]
    row = key.rsplit(".", 1)[0]
    return [c for c in broken if c.keys and all(k.rsplit(".", 1)[0] == row for k in c.keys) and key in c.keys]


def settle(fields: dict[str, FieldResult], checks: list[Check], verdicts: list[Verdict],
           calibration: Calibration | None = None) -> list[str]:
    """Score again the cells of source inconsistencies: the break is the report's, so it says
    nothing against their reading - an identity whose every cell is certain counts as one that
    was checked (as a holding one does), and the row is not held against its cells. The fields
    are scored as confidence.score_fields scores them, on copies with those identities taken as
    holding. Sets evidence `source_inconsistent`, keeps the score before in `raw_with_breaks`,
    recalibrates the confidence. Returns the keys scored again."""
    source = [v.check for v in verdicts if v.source]
    if not source:
        return []
    source_ids = {id(c) for c in source}
    broken = [c for c in checks if c.status == "broken"]
    touched = {k for c in source for k in c.keys}
    if any(c.rule.startswith("review.") for c in source):
        touched |= {k for k in fields if k.startswith("review.")}
    copies = {k: replace(fr, evidence=dict(fr.evidence)) for k, fr in fields.items()}
    rescore = []
    for k in sorted(touched):
        fr = copies.get(k)
        if fr is None or not fr.evidence.get("found"):
            continue
        if any(id(c) not in source_ids for c in _row_breaks(k, broken)):
            continue  # a doubtful break in its row: the row keeps counting against it
        fr.evidence["row_ok"] = True
        rescore.append(k)
    held = [replace(c, ok=True, status="ok") if id(c) in source_ids else c for c in checks]
    score_fields(copies, held, calibration)
    in_source = {k for c in source for k in c.keys}
    out = []
    for k in rescore:
        before = fields[k].evidence.get("raw_score", fields[k].confidence)
        after = copies[k].evidence.get("raw_score", before)
        if after <= before:
            continue
        fields[k].evidence.update(raw_with_breaks=before, raw_score=after, source_inconsistent=k in in_source)
        fields[k].confidence = copies[k].confidence
        out.append(k)
    return out


# --- plausibility ------------------------------------------------------------------------

def _row(key: str, versions: dict) -> tuple[T.Row | None, str]:
    return _template_row(key, versions.get(key.split(".", 1)[0]))


@lru_cache(maxsize=8192)  # the templates are fixed data: a key's row is looked up once per revision
def _template_row(key: str, version: str | None) -> tuple[T.Row | None, str]:
    table, rest = key.split(".", 1)
    row, col = rest.rsplit(".", 1)
    try:
        return T.revision(table, version or T.versions(table)[-1]).row(row), col
    except KeyError:
        return None, col


def _number(v) -> float | None:
    if isinstance(v, dict):
        return v.get("yuan")
    return v if isinstance(v, (int, float)) else None


def implausible(fields: dict[str, FieldResult], keys: list[str], versions: dict) -> list[R.Reason]:
    """Values no report prints: a negative count where the form allows none, a count above
    COUNT_MAX (money above MONEY_MAX yuan), a result of table 三 above what its column received
    (本年新收 + 上年结转), a count of purchases above the yuan they cost, a cell printed as a number word and read as blank. Marks each such
    field's evidence `implausible` (its reading is then never certain) and caps its confidence:
    the printed value may be right, but no reading that produced it is trusted unseen."""
    out: list[R.Reason] = []

    def flag(k, kind, raw, bound=None):
        fr = fields[k]
        fr.evidence["implausible"] = kind
        fr.confidence = min(fr.confidence, 0.5)
        out.append(R.implausible_value(k, kind, raw, bound, versions))

    shown = [k for k in keys if k in fields and fields[k].evidence.get("found")]
    for k in shown:
        fr = fields[k]
        row, col = _row(k, versions)
        if row is None:
            continue
        v = _number(fr.value)
        money = col in row.money
        if fr.value is None and fr.raw and NUMBER_WORDS.match(fr.raw):
            flag(k, "number_word", fr.raw.strip())
        elif v is not None and v < 0 and col not in row.signed:
            flag(k, "negative", fr.raw)
        elif v is not None and abs(v) > (limit := MONEY_MAX if money else COUNT_MAX.get(k.split(".", 1)[0], 10**9)):
            flag(k, "too_large", fr.raw, f"{limit:,} 元" if money else f"{limit:,}")
    # table 三: no result of a column exceeds what the column received and carried over
    for k in shown:
        if not k.startswith("requests.") or "implausible" in fields[k].evidence:
            continue
        row, col = _row(k, versions)
        if row is None or row.group is None and row.key in ("new", "carried_over", "total", "carried_forward"):
            continue
        intake = [fields.get(f"requests.{r}.{col}") for r in ("new", "carried_over")]
        if any(f is None or not f.evidence.get("found") for f in intake):
            continue
        bound = sum(_number(f.value) or 0 for f in intake)
        v = _number(fields[k].value)
        if v is not None and bound > 0 and v > bound:
            flag(k, "above_intake", fields[k].raw, int(bound))
    # a count of purchases above the yuan they cost (each costs at least 1 元): the two numbers of
    # the row were placed in each other's columns - where a converter prints them away from their
    # headings (the amount's 元 on a line of its own, the count between), the print does not prove
    # which is which; gen307_00003 lo-pdf-pdftotext-default: 25459200 items for 9 元 read at 1.0
    for k in shown:
        row, col = _row(k, versions)
        if row is None or col != "items" or "implausible" in fields[k].evidence:
            continue
        for m in row.money:
            amount = fields.get(f"{k.rsplit('.', 1)[0]}.{m}")
            spent = _number(amount.value) if amount is not None and amount.evidence.get("found") else None
            v = _number(fields[k].value)
            if v is not None and spent is not None and 0 < spent < v:
                flag(k, "above_amount", fields[k].raw, amount.raw)
                break
    # a value no report prints is a misread, most often of where the row's cells stand (an
    # amount read in the count's column, the count in the amount's): the cells read beside it
    # in its row are no surer of their columns than it is
    rows = {k.rsplit(".", 1)[0]: fields[k].evidence["implausible"] for k in shown
            if fields[k].evidence.get("implausible") not in (None, "number_word")}
    for k in shown:
        if k.rsplit(".", 1)[0] in rows and "implausible" not in fields[k].evidence:
            fields[k].evidence["misread_beside"] = rows[k.rsplit(".", 1)[0]]
            fields[k].confidence = min(fields[k].confidence, NOT_READ_MAX)
    return out


def unstated_units(fields: dict[str, FieldResult], keys: list[str], versions: dict) -> list[R.Reason]:
    """Amounts printed bare whose unit nothing states (evidence `unit_unstated`, confidence
    capped by confidence.score_fields): one doubt naming them - the number is read surely, its
    unit (元 or 万元, a factor of 10,000) a person must look up."""
    shown = [fields[k] for k in keys if k in fields and fields[k].evidence.get("unit_unstated")]
    return [R.unit_unstated(shown, versions)] if shown else []


def number_words(doc, regions: dict, fields: dict[str, FieldResult], versions: dict) -> list[R.Reason]:
    """A cell of a table printed as 零 that the reading left out (labelled noise, its row read
    without it): the row is named by the fields read from the same printed row."""
    out = []
    for table, (s, e) in regions.items():
        for b in doc.blocks[s:e]:
            if not NUMBER_WORDS.match(b.text or "") or (b.label or "").startswith("value"):
                continue
            keys = tuple(k for k, fr in fields.items() if k.startswith(table + ".") and fr.block is not None
                         and getattr(fr.block, "row", None) == b.row and b.row is not None)
            where = keys[0].rsplit(".", 1)[0] if keys else table
            out.append(R.implausible_value(where, "number_word", b.text.strip(), None, versions, keys=keys))
    return out
