"""Every cap on the work one document may cost, in one place.

A report is a few pages and three small tables; input far beyond that is a mistake or an
attack (a 30 MB text run, rowspan=1000 on every cell, a 14400 pt page, one cell of 90
run-together digits). Loaders refuse what is over a cap with a LoadError that names the
cap; the digit-split search stops at its budget and returns the best reading found so far,
flagged for review. Searches count operations, never seconds, so results do not depend on
the machine or its load.

Each cap can be changed without editing code: the environment variable named beside it
(`XXGK_MAX_INPUT_BYTES=200000000 xxgk extract ...`), read when this module is imported.
"""
from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip().replace("_", "")
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r}: not a whole number") from None
    if value <= 0:
        raise ValueError(f"{name}={raw!r}: must be positive")
    return value


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r}: not a number") from None


# --- input -------------------------------------------------------------------------------
# bytes of one input file (real reports: up to ~10 MB, scans included); the CLI's --max-size
# default is the same 256 MiB, checked before the file is read
MAX_INPUT_BYTES = _int("XXGK_MAX_INPUT_BYTES", 256 * 1024 * 1024)
# pages of one PDF (reports run to a few dozen)
MAX_PAGES = _int("XXGK_MAX_PAGES", 500)
# characters of text once loaded (a 100-page report is ~200,000): checked before the later
# stages, whose memory grows with it (a DOCX of one 30 MB text run took 4.4 GB)
MAX_TEXT_CHARS = _int("XXGK_MAX_TEXT_CHARS", 2_000_000)
# blocks of one document once its lines are cut into pieces (a report has a few hundred to a
# few thousand; a 1 MB line of run-together text makes ~400,000, whose labelling and assembly
# take minutes)
MAX_BLOCKS = _int("XXGK_MAX_BLOCKS", 50_000)

# --- tables ------------------------------------------------------------------------------
# rowspan/colspan of one cell (browsers stop at 1000 columns too)
MAX_SPAN = _int("XXGK_MAX_SPAN", 1000)
# grid slots of all tables of one document once spans are expanded
MAX_GRID_CELLS = _int("XXGK_MAX_GRID_CELLS", 200_000)
# horizontal × vertical rules drawn on one PDF page (a table has tens of each): beyond it
# the page is read without ruled tables (hatching, a chart) instead of testing every pair
MAX_RULE_PAIRS = _int("XXGK_MAX_RULE_PAIRS", 1_000_000)

# --- scans -------------------------------------------------------------------------------
# pixels of one page image handed to OCR (A4 at 300 dpi is ~8.7 M); a page beyond it is
# rendered at a lower resolution, and refused when even MIN_OCR_DPI is over it
MAX_RASTER_PIXELS = _int("XXGK_MAX_RASTER_PIXELS", 40_000_000)
MIN_OCR_DPI = _int("XXGK_MIN_OCR_DPI", 100)

# --- decoding ----------------------------------------------------------------------------
# undecodable bytes a text file may hold and still be read (replaced by U+FFFD, with a
# warning and lower confidence on the blocks they touch): at most this many ...
MAX_BAD_BYTES = _int("XXGK_MAX_BAD_BYTES", 64)
# ... and at most this share of the file
MAX_BAD_BYTE_SHARE = _float("XXGK_MAX_BAD_BYTE_SHARE", 0.002)
# text confidence of a block holding a replaced character (OCR confidences are on the
# same scale): below the review threshold, so a person looks at the fields it gives
REPLACED_TEXT_CONFIDENCE = _float("XXGK_REPLACED_TEXT_CONFIDENCE", 0.5)

# --- search ------------------------------------------------------------------------------
# steps of one search for the readings of a table row (digit splits, dropped or surplus
# blanks; a step is ~10 µs): the corpus as published needs at most ~3,000, a report with every
# row's digits run together over 10,000 (tests/test_layouts.py, seed 003 run together) ...
SOLVE_STEPS = _int("XXGK_SOLVE_STEPS", 20_000)
# ... and all searches of one document together at most ~16,000 as published. Once a document
# has spent this, each further search still gets MIN_SOLVE_STEPS (enough for an ordinary row)
DOCUMENT_SOLVE_STEPS = _int("XXGK_DOCUMENT_SOLVE_STEPS", 80_000)
MIN_SOLVE_STEPS = _int("XXGK_MIN_SOLVE_STEPS", 200)
# combinations of row readings the assembler scores exhaustively when choosing them jointly
# (~45 µs each; the corpus needs at most 6); beyond it, coordinate ascent
JOINT_STEPS = _int("XXGK_JOINT_STEPS", 4_000)
