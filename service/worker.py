"""What runs in the worker pool: one document through the pipeline, plus its rank score.

Everything here is a plain top-level function taking and returning picklable values, so
it runs the same in a process pool (the default: a crash or a leak stays in the worker)
and in a thread pool. Nothing raises: the outcome is a dict, {"ok": True, "report": …}
or an error record of extractor.batch ({"ok": False, "error": code, "message": …}; the
codes are batch.ERRORS, the same `xxgk extract` writes to errors.jsonl).
"""
from __future__ import annotations

import json
import logging

log = logging.getLogger("xxgk.service")


def _plain(obj):
    """The report as plain JSON types (numpy scalars and the like become numbers)."""
    def default(o):
        if hasattr(o, "item"):
            return o.item()
        if hasattr(o, "tolist"):
            return o.tolist()
        if isinstance(o, (set, frozenset)):
            return sorted(o)
        return str(o)

    return json.loads(json.dumps(obj, ensure_ascii=False, default=default))


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent_pid: int | None = None) -> None:
    """The worker is killed when the server process dies, even by kill -9 (a pool worker is
    otherwise orphaned and goes on parsing): prctl(PR_SET_PDEATHSIG, SIGKILL) on Linux, plus
    a thread that watches the parent elsewhere (and in case the parent died before prctl)."""
    import os
    import signal
    import sys
    import threading
    import time

    parent = parent_pid or os.getppid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent is already gone
        os._exit(1)

    def watch():
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="xxgk-parent-watch", daemon=True).start()


def limit_memory(mb: int) -> None:
    """Cap the worker's address space: a parse that needs more gets MemoryError (answered as
    too_large) instead of taking the machine's memory."""
    if not mb:
        return
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        want = _address_space() + mb * 1024 * 1024  # on top of what the warmed-up worker holds
        if hard != resource.RLIM_INFINITY:
            want = min(want, hard)
        resource.setrlimit(resource.RLIMIT_AS, (want, hard))
    except (ImportError, ValueError, OSError):  # not POSIX, or not allowed: the timeout still bounds it
        pass


def _address_space() -> int:
    """Bytes of address space this process has mapped now (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def worker_init(parent_pid: int | None = None, memory_mb: int = 0, warm: bool = True) -> None:
    """Process pool initializer: die with the server, cap memory, load the pipeline."""
    die_with_parent(parent_pid)
    if warm:
        warm_up()
    limit_memory(memory_mb)  # after warming up: the classifier's one-off loading is not a parse


def warm_up() -> None:
    """Pool initializer: import the pipeline and load the shipped classifier once per worker."""
    try:
        from extractor import pipeline
        from extractor.classify import default_classifier

        del pipeline  # imported for its side effect: the modules load once per worker

        default_classifier()
    except Exception:  # noqa: BLE001 - the first parse will report it
        pass


def model_version() -> str | None:
    """Version of the block classifier a parse would use now (the output's "model")."""
    from extractor.classify import default_classifier

    clf = default_classifier()
    return getattr(clf, "version", clf.__class__.__name__)


def extractor_version() -> str:
    from extractor.version import __version__

    return __version__


def analyse(data: bytes, name: str) -> dict:
    """Load, parse and rank one document."""
    from extractor import batch

    res = batch.attempt(_analyse, data, name, name=name)
    if not res["ok"] and res["error"] == batch.PARSE_FAILED:  # a bug: the log keeps the traceback
        log.error("parse of %s failed:\n%s", name, res.get("traceback"))
    return res


def _analyse(data: bytes, name: str) -> dict:
    from extractor.loaders import load_bytes
    from extractor.pipeline import default_pipeline

    doc = load_bytes(data, name)
    text = doc.text.replace("\x00", " ")  # PostgreSQL text cannot hold NUL; offsets stay put
    pages = _pages(doc)
    parsed = default_pipeline().run(doc)  # labels the blocks in place, which the rank reads
    return {"report": _plain(parsed), "rank": _rank(doc, name, parsed), "text": text, "pages": pages,
            "locations": locations(doc, parsed, data)}


def _block_at(blocks: list, starts: list[int], pos: int):
    import bisect

    i = bisect.bisect_right(starts, pos) - 1
    if i >= 0 and blocks[i].start <= pos < max(blocks[i].end, blocks[i].start + 1):
        return blocks[i]
    return None


def _pdf_words(data: bytes) -> dict[int, list]:
    """Each page's words (PyMuPDF): {page: [(x0, y0, x1, y1, text), …]} in reading order
    (top to bottom by line, then left to right)."""
    try:
        import pymupdf
    except ImportError:  # older PyMuPDF
        import fitz as pymupdf
    out: dict[int, list] = {}
    with pymupdf.open(stream=data, filetype="pdf") as pdf:
        for i, page in enumerate(pdf):
            words = [(w[0], w[1], w[2], w[3], w[4]) for w in page.get_text("words")]
            words.sort(key=lambda w: (round((w[1] + w[3]) / 2 / 4), w[0]))
            out[i + 1] = words
    return out


def _page_words(doc, data: bytes | None) -> tuple[dict, dict]:
    if not data:
        return {}, {}
    try:
        words = _pdf_words(data)
    except Exception:  # noqa: BLE001 - no boxes, the page image still shows
        return {}, {}
    nth: dict = {}
    for b in sorted(doc.blocks, key=lambda b: b.start):
        if b.page is None or not b.text.strip():
            continue
        t = b.text.strip()
        nth[(b.page, t, b.start)] = nth.get((b.page, t), 0)
        nth[(b.page, t)] = nth.get((b.page, t), 0) + 1
    return words, nth


def _pdf_box(b, words: dict[int, list], nth: dict) -> list[float] | None:
    """The box of block `b` (a cell, its page known, no geometry of its own) among its page's
    words: the k-th word printing its text, where k counts the blocks of that page with the same
    text before it; only when the page has as many such words as blocks (else: no box)."""
    text = b.text.strip()
    same = [w for w in words.get(int(b.page), []) if w[4] == text]
    k, total = nth.get((b.page, text, b.start)), nth.get((b.page, text))
    if k is None or total != len(same):
        return None
    w = same[k]
    return [w[0], w[1], w[2], w[3]]


def locations(doc, parsed: dict, data: bytes | None = None) -> dict | None:
    """Where each field's cell is in the source, for the review page to point at it: on a PDF
    page, the box of the block its text was read from (narrowed to the field's characters
    within the block, in pt); in an HTML page, the loader's table index, the n-th row of cells
    of that table and the grid column. From the loader's blocks (offsets, page, geometry)."""
    fmt = doc.source.format
    if fmt not in ("pdf", "html"):
        return None
    blocks = sorted((b for b in doc.blocks if b.end > b.start or b.blank), key=lambda b: b.start)
    starts = [b.start for b in blocks]
    rows: dict[tuple[int, int], int] = {}  # (table, layout row) -> n-th row of that table
    if fmt == "html":
        seen: dict[int, int] = {}
        for b in doc.blocks:
            if b.table is not None and (b.table, b.row) not in rows:
                rows[(b.table, b.row)] = seen.get(b.table, 0)
                seen[b.table] = seen.get(b.table, 0) + 1
    out: dict[str, dict] = {}
    pdf_words = nth = None
    for key, f in (parsed.get("fields") or {}).items():
        src = f.get("source") if isinstance(f, dict) else None
        if not src or not isinstance(src.get("start"), int):
            continue
        b = _block_at(blocks, starts, src["start"])
        if b is None:
            continue
        if fmt == "pdf":
            if b.page is None:
                continue
            if None in (b.x0, b.x1, b.y0, b.y1):  # a text-layer cell: find it among the page's words
                if pdf_words is None:
                    pdf_words, nth = _page_words(doc, data)
                box = _pdf_box(b, pdf_words, nth) if pdf_words else None
                if box is None:
                    continue
                out[key] = {"page": int(b.page), "box": [round(v, 1) for v in box]}
                continue
            x0, x1 = float(b.x0), float(b.x1)
            n = max(b.end - b.start, 1)
            if n > 1 and src["end"] - src["start"] < n:  # a run of several values: the field's share of it
                a, z = (src["start"] - b.start) / n, (src["end"] - b.start) / n
                x0, x1 = x0 + (x1 - x0) * max(a, 0.0), x0 + (x1 - x0) * min(z, 1.0)
            out[key] = {"page": int(b.page), "box": [round(x0, 1), round(float(b.y0), 1), round(x1, 1),
                                                     round(float(b.y1), 1)]}
        elif b.table is not None and (b.table, b.row) in rows:
            out[key] = {"table": int(b.table), "row": rows[(b.table, b.row)], "col": int(b.col)}
    return out or None


def _pages(doc) -> dict | None:
    """For a paged source (PDF): the page count and where each page starts in the text, so the
    review page can show the page a field was read from."""
    if doc.source.format != "pdf":
        return None
    starts: dict[int, int] = {}
    for b in doc.blocks:
        if b.page is not None and b.page not in starts:
            starts[int(b.page)] = int(b.start)
    count = doc.meta.get("pages") if isinstance(doc.meta.get("pages"), int) else max(starts, default=0)
    if not count:
        return None
    return {"count": int(count), "starts": sorted([p, s] for p, s in starts.items())}


def analyse_file(path: str, name: str) -> dict:
    from extractor import batch

    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        return batch.failure(batch.INPUT_LOST, f"{name}: job input cannot be read ({e})", e)
    return analyse(data, name)


def _rank(doc, name: str, parsed: dict) -> dict:
    """extractor.uncertainty's score of a parsed document (how useful its review would be),
    computed once and stored: the review queue's order."""
    try:
        from extractor.uncertainty import score_document

        r = score_document(doc, None, name, out=parsed)
        return {"score": r["score"], "why": r["why"], "components": r["components"],
                "uncertain_fields": r.get("uncertain_fields", [])}
    except Exception as e:  # noqa: BLE001 - the parse stands without a rank
        return {"score": None, "why": f"not ranked: {type(e).__name__}: {e}", "components": {}}
