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
    return {"report": _plain(parsed), "rank": _rank(doc, name, parsed), "text": text, "pages": pages}


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
