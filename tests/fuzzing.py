"""Mutations of real reports for fuzzing: what tests/test_fuzz.py (hypothesis, briefly, in CI)
and benchmarks/fuzz_extract.py (a thousand through the CLI, on demand) feed xxgk.

Seeds are the corpus reports (tests/data/corpus: text, markdown, HTML, PDF), the DOCX
fixtures, and every input of tests/data/reliability (the files that broke xxgk once). A
mutation is a pure function of (seed bytes, kind, random.Random): the same arguments give
the same bytes, so a failure is reproduced from its kind and seed number.

    byte-level   flip, ff (a stray \\xff), cut_char (a multi-byte character cut), truncate,
                 delete, duplicate, nul
    table-level  shuffle_lines, shuffle_cells (within rows: tab, | or <td>), digits (the
                 separators between a row's numbers dropped), long_digits (a 16-90 digit
                 run), negative (a sign before a count)
    markup       nest (wrappers thousands deep), spans (rowspan/colspan in the hundreds)
"""
from __future__ import annotations

import random
import re
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
CORPUS = DATA / "corpus"
RELIABILITY = DATA / "reliability"

_SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf", ".docx"}
_NUMBER = re.compile(rb"(?<![\d.])\d{1,6}(?![\d.])")
_ROW_OF_NUMBERS = re.compile(rb"^[^\n]*\d[ \t|]+\d[^\n]*$", re.M)
_TD = re.compile(rb"<t[dh]\b", re.I)
_BODY = re.compile(rb"<body[^>]*>", re.I)

KINDS = ("flip", "ff", "cut_char", "truncate", "delete", "duplicate", "nul", "shuffle_lines",
         "shuffle_cells", "digits", "long_digits", "negative", "nest", "spans")


def seeds() -> list[Path]:
    """Every seed file, sorted (stable across runs)."""
    out = [p for p in CORPUS.rglob("*") if p.is_file() and p.suffix.lower() in _SUFFIXES]
    out += [p for p in (DATA / "docx").glob("*.docx") if "encrypted" not in p.name]
    out += [p for p in RELIABILITY.rglob("*") if p.is_file() and p.suffix.lower() in _SUFFIXES]
    return sorted(p for p in out if not p.name.upper().startswith("README"))


def mutate(data: bytes, kind: str, rng: random.Random) -> bytes:
    """`data` changed by one mutation of `kind` (KINDS), drawn from `rng`."""
    return bytes(_MUTATIONS[kind](bytearray(data), rng))


def _flip(b: bytearray, rng: random.Random) -> bytearray:
    for _ in range(rng.randint(1, 20)):
        if b:
            b[rng.randrange(len(b))] = rng.randrange(256)
    return b


def _ff(b, rng):
    b.insert(rng.randrange(len(b) + 1), 0xFF)
    return b


def _cut_char(b, rng):
    i = rng.randrange(len(b) + 1)
    while i < len(b) and b[i] < 0x80:
        i += 1
    del b[i:i + 1]
    return b


def _truncate(b, rng):
    return b[: rng.randrange(len(b) + 1)]


def _delete(b, rng):
    i = rng.randrange(len(b) + 1)
    del b[i:i + rng.randint(1, 2000)]
    return b


def _duplicate(b, rng):
    i = rng.randrange(len(b) + 1)
    b[i:i] = b[i:i + rng.randint(1, 3000)]
    return b


def _nul(b, rng):
    for _ in range(rng.randint(1, 5)):
        b.insert(rng.randrange(len(b) + 1), 0)
    return b


def _shuffle_lines(b, rng):
    lines = bytes(b).split(b"\n")
    if len(lines) > 2:
        i = rng.randrange(len(lines))
        window = lines[i:i + rng.randint(2, 60)]
        rng.shuffle(window)
        lines[i:i + len(window)] = window
    return bytearray(b"\n".join(lines))


def _shuffle_cells(b, rng):
    text = bytes(b)
    if _TD.search(text):  # HTML: swap the contents of two cells of the page
        cells = list(re.finditer(rb"(<t[dh]\b[^>]*>)(.*?)(</t[dh]>)", text, re.I | re.S))
        if len(cells) >= 2:
            x, y = sorted(rng.sample(range(len(cells)), 2))
            a, c = cells[x], cells[y]
            text = (text[:a.start(2)] + c.group(2) + text[a.end(2):c.start(2)] + a.group(2) + text[c.end(2):])
        return bytearray(text)
    rows = list(_ROW_OF_NUMBERS.finditer(text))
    for m in rng.sample(rows, min(len(rows), rng.randint(1, 5))):
        line = m.group(0)
        sep = b"\t" if b"\t" in line else (b"|" if b"|" in line else b" ")
        cells = line.split(sep)
        rng.shuffle(cells)
        new = sep.join(cells)
        text = text[:m.start()] + new + text[m.start() + len(line):]  # same length: offsets hold
    return bytearray(text)


def _digits(b, rng):
    text = bytes(b)
    rows = list(_ROW_OF_NUMBERS.finditer(text))
    for m in rng.sample(rows, min(len(rows), rng.randint(1, 8))):
        line = m.group(0)
        joined = re.sub(rb"(?<=\d)[ \t|]+(?=\d)", b"", line)
        text = text[:m.start()] + joined.ljust(len(line)) + text[m.start() + len(line):]
    return bytearray(text)


def _long_digits(b, rng):
    text = bytes(b)
    nums = list(_NUMBER.finditer(text))
    if nums:
        m = rng.choice(nums)
        run = str(rng.randint(1, 9)).encode() + bytes(rng.choice(b"0123456789") for _ in range(rng.randint(15, 89)))
        text = text[:m.start()] + run + text[m.end():]
    return bytearray(text)


def _negative(b, rng):
    text = bytes(b)
    nums = list(_NUMBER.finditer(text))
    for m in sorted(rng.sample(nums, min(len(nums), rng.randint(1, 3))), key=lambda m: -m.start()):
        text = text[:m.start()] + b"-" + text[m.start():]
    return bytearray(text)


def _nest(b, rng):
    text = bytes(b)
    depth = rng.choice([300, 3000, 10000])
    tag = rng.choice([b"div", b"span", b"font", b"table><tr><td"])
    close = b"td></tr></table" if tag.startswith(b"table") else tag
    m = _BODY.search(text)
    at = m.end() if m else 0
    return bytearray(text[:at] + (b"<" + tag + b">") * depth + text[at:] + (b"</" + close + b">") * depth)


def _spans(b, rng):
    text = bytes(b)
    n = rng.choice([50, 500, 1000, 65534])
    every = rng.choice([1, 3, 10])
    count = 0

    def span(m):
        nonlocal count
        count += 1
        return m.group(0) + (b' rowspan="%d" colspan="%d"' % (n, n) if count % every == 0 else b"")
    return bytearray(_TD.sub(span, text))


_MUTATIONS = {"flip": _flip, "ff": _ff, "cut_char": _cut_char, "truncate": _truncate, "delete": _delete,
              "duplicate": _duplicate, "nul": _nul, "shuffle_lines": _shuffle_lines,
              "shuffle_cells": _shuffle_cells, "digits": _digits, "long_digits": _long_digits,
              "negative": _negative, "nest": _nest, "spans": _spans}
assert set(_MUTATIONS) == set(KINDS)
