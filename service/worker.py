"""What runs in the worker pool: one document through the pipeline, plus its rank score.

Everything here is a plain top-level function taking and returning picklable values, so
it runs the same in a process pool (the default: a crash or a leak stays in the worker)
and in a thread pool. Nothing raises: the outcome is a dict, {"ok": True, "report": …}
or {"ok": False, "error": kind, "message": …}.
"""
from __future__ import annotations

import json
import logging
import time
import traceback

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
    from extractor.cli import __version__

    return __version__


def analyse(data: bytes, name: str) -> dict:
    """Load, parse and rank one document."""
    t0 = time.perf_counter()
    try:
        from extractor.loaders import load_bytes
        from extractor.model import LoadError
        from extractor.pipeline import parse_document

        try:
            doc = load_bytes(data, name)
        except LoadError as e:
            return {"ok": False, "error": "unreadable", "message": str(e) or repr(e)}
        text = doc.text.replace("\x00", " ")  # PostgreSQL text cannot hold NUL; offsets stay put
        pages = _pages(doc)
        parsed = parse_document(doc)  # labels the blocks in place, which the rank reads
        report = _plain(parsed)
        rank = _rank(doc, name, parsed)
        return {"ok": True, "report": report, "rank": rank, "text": text, "pages": pages,
                "seconds": round(time.perf_counter() - t0, 4)}
    except Exception as e:  # noqa: BLE001 - a pipeline bug on one file must not cost the server
        log.error("parse of %s failed:\n%s", name, traceback.format_exc())
        return {"ok": False, "error": "parse_failed",
                "message": f"{name}: the extractor failed on this file ({type(e).__name__}: {e})",
                "traceback": traceback.format_exc()}


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
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        return {"ok": False, "error": "input_lost", "message": f"{name}: job input cannot be read ({e})"}
    return analyse(data, name)


def _rank(doc, name: str, parsed: dict) -> dict:
    """training.rank's uncertainty score of a parsed document, computed once and stored."""
    try:
        from training.rank import score_document

        r = score_document(doc, None, name, out=parsed)
        return {"score": r["score"], "why": r["why"], "components": r["components"],
                "uncertain_fields": r.get("uncertain_fields", [])}
    except Exception as e:  # noqa: BLE001 - the parse stands without a rank
        return {"score": None, "why": f"not ranked: {type(e).__name__}: {e}", "components": {}}
