"""Page furniture: page numbers and running headers/footers, for any input with pages.

A report printed to PDF and then converted (to text with form feeds, to HTML with a page
per box, to an image per page) carries what the printer put in every page's margins: the
page number ("- 3 -", "第 3 页 共 9 页", "3/9"), a running header or footer, and what a
browser prints (the page's address, the time it was printed, "1/4"). Left in place it sits
between the rows of a table continued on the next page. The PDF loader has its own
geometric version (pdf.py, which also knows the margins); this one needs only each page's
lines in reading order.
"""
from __future__ import annotations

import re
from collections import Counter

PAGE_NO = re.compile(
    # a number is a page number where marks stand on both its sides ("- 3 -", "·3·"): a minus
    # before it alone ("-18") is a negative value (本年增/减) at a page's edge, not furniture
    r"^(?:\s*[-—–－~·•][-—–－~·•\s]*\d{1,4}\s*[-—–－~·•][-—–－~·•\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$", re.I)
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
_ADDRESS = re.compile(r"(?:https?|file)\s*:\s*/|www\.", re.I)
_COUNTER_END = re.compile(r"(\d{1,3})\s*/\s*(\d{1,3})\s*$")
_PRINTED_AT = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}[,，]?\s*(?:上午|下午)?\s*\d{1,2}[:：]\d{2}"
                         r"(?:[:：]\d{2})?\s*(?:[AaPp][Mm])?")
EDGE = 3  # lines at the top and at the bottom of a page where furniture can sit


def printed_by_browser(text: str, page_index: int, n_pages: int) -> bool:
    """A margin line with the page's address, the date and time it was printed at, or
    ending in this page's "n/N" counter."""
    if _ADDRESS.search(text) or _PRINTED_AT.match(text.strip()):
        return True
    m = _COUNTER_END.search(text)
    return bool(m) and int(m.group(2)) == n_pages and int(m.group(1)) == page_index + 1


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", "".join(text.split()))


def drop_furniture(pages: list[list[str]]) -> list[set[int]]:
    """For each page (its non-empty lines in reading order), the indexes of its furniture:
    among its first and last EDGE lines, a page number (a bare "3" only as the page's first
    or last line once the other furniture is gone, counting the pages), what a browser prints
    in the margins, or a short line with text that recurs (numbers masked) at the edge of at
    least half of the pages."""
    def edge(n: int) -> list[int]:
        return sorted(set(range(min(EDGE, n))) | set(range(max(0, n - EDGE), n)))

    counts: dict[str, int] = {}
    for lines in pages:
        for k in {_key(lines[k]) for k in edge(len(lines))}:
            counts[k] = counts.get(k, 0) + 1
    n_pages = len(pages)
    repeated = max(2, (n_pages + 1) // 2)
    out: list[set[int]] = []
    bare: list[tuple[int, int, int]] = []  # (page, line, number) of bare numbers at the edges
    for i, lines in enumerate(pages):
        n = len(lines)
        drop: set[int] = set()
        for k in edge(n):
            text = lines[k].strip()
            flat = "".join(text.split())
            if not flat:
                continue
            if _BARE_NUMBER.match(flat):
                # (numbers apart, "8 1 9", are a row of a table; pages are counted from 1: a
                # bare 0 is a table's value, however its page's index lines up with another's)
                if len(text.split()) == 1 and int(flat) > 0:
                    bare.append((i, k, int(flat)))
                continue
            page_no = PAGE_NO.match(text)
            # (numbers masked, rows of a table's values recur too: a line of numbers alone
            # is never a running header)
            running = n_pages >= 2 and len(flat) <= 60 and counts.get(_key(text), 0) >= repeated \
                and not flat.isdigit()
            browser = n_pages >= 2 and printed_by_browser(text, i, n_pages)
            if page_no or running or browser:
                drop.add(k)
        out.append(drop)
    # a bare number is the page number when it is the page's first or last line once the
    # other furniture is gone, and counts the pages (the same offset from the page's index
    # on two pages at least): a table value at a page's edge does neither
    edge_bare = []
    for i, k, v in bare:
        kept = [j for j in range(len(pages[i])) if j not in out[i] and pages[i][j].strip()]
        if kept and k in (kept[0], kept[-1]):
            edge_bare.append((i, k, v))
    offsets = Counter(v - i for i, _, v in edge_bare)
    numbered = {o: sorted({i for i, _, v in edge_bare if v - i == o}) for o in offsets}

    def counts_pages(o: int) -> bool:
        # two pages alone count the pages only side by side: two table values that happen to
        # equal their pages' numbers ("1" ending page 1, "3" ending page 3) skip the page
        # between, whose number a numbered page would print too
        got = numbered[o]
        if len(got) >= 3:
            return True
        return len(got) == 2 and all(not any(ln.strip() for ln in pages[j]) for j in range(got[0] + 1, got[1]))

    for i, k, v in edge_bare:
        if n_pages == 1 or counts_pages(v - i):
            out[i].add(k)
    # a running header printed in pieces ("平潭综合实验区", "2021", "年…年度报告"): the same
    # number on most pages, between two lines of furniture, is one of its pieces
    inside = [(i, k, v) for i, k, v in bare
              if k not in out[i] and {k - 1, k + 1} <= out[i]]
    same = Counter(v for _, _, v in inside)
    for i, k, v in inside:
        if n_pages >= 2 and same[v] >= repeated:
            out[i].add(k)
    return out


_DASH = "[-—–－]"  # the dashes a page number "- 3 -" is printed between
_PAGE_END = re.compile(rf"^\s*(?:{_DASH}\s*\d{{1,4}}\s*{_DASH}"
                       r"|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?"
                       r"|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页)\s*$")


def text_pages(text: str) -> list[list[int]] | None:
    """Line numbers of each printed page of a text file: pages end at form feeds (pdftotext,
    pdfplumber) or, without them, after page-number lines ("- 3 -", "第 3 页 共 9 页") when
    there are at least two. None when the text shows no pages."""
    lines = text.split("\n")
    if "\f" in text:
        pages: list[list[int]] = [[]]
        for k, ln in enumerate(lines):
            parts = ln.split("\f")
            for _ in parts[1:]:
                pages.append([])
            pages[-1].append(k)
        return pages if len(pages) >= 2 else None
    ends = [k for k, ln in enumerate(lines) if _PAGE_END.match(ln)]
    if len(ends) < 2:
        return _counted_pages(lines) or _numbered_pages(lines)
    pages, start = [], 0
    for e in ends:
        pages.append(list(range(start, e + 1)))
        start = e + 1
    pages.append(list(range(start, len(lines))))
    return pages


def _counted_pages(lines: list[str]) -> list[list[int]] | None:
    """Pages joined by nothing but a line break, each with a running line that ends in its
    "n/N" counter (what a browser prints in a page's margin: "file:///…/report.html 2/4"):
    the same line (numbers masked) once on every page, counting 1 … N in order, N >= 2.
    The text's first line being the first counter's says the counter is drawn at a page's
    top (pages start there); else at its bottom (pages end there). None when there is no
    such run."""
    marks = [(k, m) for k, ln in enumerate(lines) if (m := _COUNTER_END.search(ln.strip()))]
    if not marks:
        return None
    n = int(marks[0][1].group(2))
    keys = {_key(lines[k]) for k, _ in marks}
    if n < 2 or len(marks) != n or len(keys) != 1 or any(
            int(m.group(1)) != i + 1 or int(m.group(2)) != n for i, (_, m) in enumerate(marks)):
        return None
    first = next(k for k, ln in enumerate(lines) if ln.strip())
    return _cut(lines, [k for k, _ in marks] if marks[0][0] == first else [k + 1 for k, _ in marks])


def _numbered_pages(lines: list[str]) -> list[list[int]] | None:
    """Pages joined by nothing but a line break (PDF-to-text libraries), each with a bare
    page number as its first line (the footer drawn first) or its last: the numbers 1, 2, 3 …
    in order, each where a page joins the next (by an empty line or a running header), the
    first one the text's first line (or the last one its last line). None when there is no
    such run of at least two."""
    filled = [k for k, ln in enumerate(lines) if ln.strip()]
    if not filled:
        return None
    first, last = filled[0], filled[-1]

    def empty(k: int) -> bool:
        return k < 0 or k >= len(lines) or not lines[k].strip()

    bare = [k for k in filled if _BARE_NUMBER.match(lines[k].strip())]
    for at_start in (True, False):
        # what stands beside the page numbers: an empty line, the text's edge, or the same
        # line beside two of them (the next page's running header, or the footer above)
        step = -1 if at_start else 1
        beside = Counter(lines[k + step].strip() for k in bare if not empty(k + step)
                         and not _BARE_NUMBER.match(lines[k + step].strip()))
        chain: list[int] = []
        for k in bare:
            if not (empty(k + step) or beside[lines[k + step].strip()] >= 2):
                continue
            if int(lines[k]) == len(chain) + 1 and (chain or not at_start or k == first):
                chain.append(k)
        if not at_start:
            # the last page's number ends the text; numbers after it are not page numbers
            while chain and chain[-1] != last:
                chain.pop()
        if len(chain) >= 2:
            return _cut(lines, chain if at_start else [k + 1 for k in chain])
    counted = counted_numbers(lines)
    if counted:
        return _cut(lines, counted if counted[0] == first else [k + 1 for k in counted])
    return None


def counted_numbers(lines: list[str]) -> list[int]:
    """The lines that are page numbers by their count alone, printed right against the page's
    text with no empty line between (a PDF library joining pages with a line break, a page a
    block of HTML): every bare number among the lines, 1 … N in order (N >= 2), the first of
    them the first non-empty line or the last the last one (a table's values alone on lines
    are more, and out of order). [] where the lines show no such run."""
    filled = [k for k, ln in enumerate(lines) if ln.strip()]
    bare = [k for k in filled if _BARE_NUMBER.match(lines[k].strip())]
    if len(bare) >= 2 and [int(lines[k]) for k in bare] == list(range(1, len(bare) + 1)) \
            and (bare[0] == filled[0] or bare[-1] == filled[-1]):
        return bare
    return []


def ruled_page_numbers(lines: list[str | None], rules: list[int]) -> list[int]:
    """The lines that are page numbers of pages a converter separates by rules (pdftohtml
    -noframes: a page's text, then <hr/>): lines[k] is None for what is not a line of text (a
    table's row), rules the line index where each rule stands. On pages cut at the rules (two
    at least), a bare number alone as the page's first or last line that counts the pages (the
    same offset from the page's index on two pages at least), or a marked page number ("- 3 -",
    "第 3 页") at a page's edge, as drop_furniture finds them; its running headers are not read
    here (sections of a web page between rules may repeat a heading). [] where none."""
    cuts = sorted({r for r in rules if 0 < r < len(lines)})
    if not cuts:
        return []
    bounds = [0] + cuts + [len(lines)]
    pages = [[k for k in range(a, b) if lines[k] is None or lines[k].strip()]
             for a, b in zip(bounds, bounds[1:])]
    pages = [p for p in pages if p]
    if len(pages) < 2:
        return []
    # what is not a line stays in place (a number before a table's row is not a page's last
    # line) under text of its own that neither counts nor recurs
    shown = [[lines[k] if lines[k] is not None else f"\x00{chr(0x4E00 + k % 20000)}" for k in page]
             for page in pages]
    out: list[int] = []
    for page, texts, drop in zip(pages, shown, drop_furniture(shown)):
        for j in sorted(drop):
            flat = "".join(texts[j].split())
            if _BARE_NUMBER.match(flat) or PAGE_NO.match(texts[j].strip()):
                out.append(page[j])
    return sorted(out)


def _cut(lines: list[str], cuts: list[int]) -> list[list[int]] | None:
    bounds = [0] + [c for c in cuts if c > 0] + [len(lines)]
    pages = [list(range(a, b)) for a, b in zip(bounds, bounds[1:]) if b > a]
    return pages if len(pages) >= 2 else None


PAGE_MARK = "\f"  # a line of its own where a printed page ends (drop_text_furniture)


# a page number "- 3 -" at the end of a line, after the page's last text
_DASHED_END = re.compile(rf"{_DASH}\s*(\d{{1,4}})\s*{_DASH}\s*$")
_LEAST_RUN_ON = 3  # page numbers counting 1, 2, 3 … that show a text's footers so


def page_numbers_apart(text: str) -> str:
    """The text with page numbers run on to a page's last line put on lines of their own: a
    PDF library that prints a page's text items one after another prints the footer's "- 3 -"
    right after the page's last word or cell, on its line ("… 746 12 0 0 10 1 769 - 5 -"),
    where it reads as the row's numbers. Only where the dashed numbers ending lines count the
    pages, 1, 2, 3 … in order (_LEAST_RUN_ON at least; the first page's number alone on its
    line, or run on too): a row's last cells printed "-" around a number match once, not as
    a count. The text as it is otherwise."""
    lines = text.split("\n")
    marks = [(k, m) for k, ln in enumerate(lines) if (m := _DASHED_END.search(ln))]
    if len(marks) < _LEAST_RUN_ON or [int(m.group(1)) for _, m in marks] != list(range(1, len(marks) + 1)):
        return text
    run_on = {k: m for k, m in marks if lines[k][:m.start()].strip()}
    if not run_on:
        return text
    out: list[str] = []
    for k, ln in enumerate(lines):
        m = run_on.get(k)
        out.extend([ln[:m.start()].rstrip(), ln[m.start():].strip()] if m else [ln])
    return "\n".join(out)


def drop_text_furniture(text: str) -> tuple[str, list[str]]:
    """The text without its page furniture (lines removed, a PAGE_MARK line where each page
    after the first starts), and what was dropped; the text as it is when it shows no pages."""
    text = page_numbers_apart(text)
    pages = text_pages(text)
    if pages is None:
        return text, []
    lines = text.replace("\f", "").split("\n")
    shown = [[k for k in page if lines[k].strip()] for page in pages]
    drops = drop_furniture([[lines[k] for k in page] for page in shown])
    gone = {page[i] for page, d in zip(shown, drops) for i in d}
    dropped = [lines[k].strip() for k in sorted(gone)]
    # each page after the first starts with a line of its own holding a form feed (PAGE_MARK):
    # where a table goes on to the next page, that page's columns may stand elsewhere
    out: list[str] = []
    for n, page in enumerate(pages):
        if n and page:
            out.append(PAGE_MARK)
        out.extend(lines[k] for k in page if k not in gone)
    return "\n".join(out), dropped
