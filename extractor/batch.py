"""Many documents through the pipeline: the one batch runner and its error vocabulary.

Every per-document outcome is a plain, picklable dict: {"ok": True, "report": …, …} or an
error record {"ok": False, "error": CODE, "message": …} (plus "exception" and "traceback"
for a bug). `xxgk extract` writes the records to errors.jsonl; the service answers with
them (API error codes) and stores them on job items. The codes (ERRORS):

    unreadable      the input is not a document the loaders can read (LoadError: empty,
                    encrypted, truncated, not a report file …)
    input_lost      the input file could not be read at all (gone, no permission)
    parse_failed    the extractor raised on this document (a bug: "exception", "traceback")
    worker_crashed  the worker process died on this document (segfault, out of memory)
    write_failed    the report could not be written (xxgk extract --out)
    store_failed    the report could not be stored (service)

`run(items, fn, args, n_workers)` runs `fn(item, *args)` (a top-level function returning
an outcome, e.g. pipeline.extract_path) over a list, in worker processes when n_workers > 1, in chunks; a worker that
dies takes the pool with it, and the items of its chunk are retried one by one, each in a
fresh process, so only the culprit is lost. `Pool` is the same idea for a long-running
server: submit one call at a time; a crash rebuilds the pool and retries the call once.
"""
from __future__ import annotations

import asyncio
import threading
import time
import traceback
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool

UNREADABLE = "unreadable"
INPUT_LOST = "input_lost"
PARSE_FAILED = "parse_failed"
WORKER_CRASHED = "worker_crashed"
WRITE_FAILED = "write_failed"
STORE_FAILED = "store_failed"
ERRORS = {
    UNREADABLE: "the input is not a document the loaders can read",
    INPUT_LOST: "the input file could not be read",
    PARSE_FAILED: "the extractor failed on this document (a bug)",
    WORKER_CRASHED: "the worker process died on this document",
    WRITE_FAILED: "the report could not be written",
    STORE_FAILED: "the report could not be stored",
}


class ItemFailed(Exception):
    """Pipeline.pipe(errors="raise"): an item failed; `record` is its error record."""

    def __init__(self, record: dict):
        super().__init__(f"{record.get('error')}: {record.get('message')}")
        self.record = record


def failure(code: str, message: str, exc: BaseException | None = None, with_traceback: bool = False) -> dict:
    """An error record of the vocabulary above."""
    assert code in ERRORS, code
    rec = {"ok": False, "error": code, "message": message}
    if exc is not None:
        rec["exception"] = type(exc).__name__
    if with_traceback:
        rec["traceback"] = traceback.format_exc()
    return rec


def crashed(exc: BaseException) -> dict:
    return failure(WORKER_CRASHED, f"the worker process died while extracting this file ({exc or type(exc).__name__})")


def attempt(work, *args, name: str | None = None, **kwargs) -> dict:
    """`work(*args, **kwargs)` returning a dict of results, as an outcome: {"ok": True, **results,
    "seconds"} or the error record of what it raised. Never raises."""
    from .model import LoadError

    t0 = time.perf_counter()
    try:
        res = {"ok": True, **work(*args, **kwargs)}
    except LoadError as e:
        res = failure(UNREADABLE, str(e) or repr(e))
    except Exception as e:  # a bug on one file must not cost the run
        who = f"{name}: " if name else ""
        res = failure(PARSE_FAILED, f"{who}the extractor failed on this file ({type(e).__name__}: {e})", e,
                      with_traceback=True)
    res["seconds"] = round(time.perf_counter() - t0, 4)
    return res


def _chunk(fn, items: list, args: tuple) -> list[dict]:
    return [fn(it, *args) for it in items]


# --- one-shot runs (xxgk extract, Pipeline.pipe) ---------------------------------------------------

def run(items: Iterable, fn, args: tuple = (), n_workers: int = 1, ordered: bool = False,
        chunk: int | None = None, mp_context=None, local=None) -> Iterator[tuple[int, dict]]:
    """Yield (index, outcome) of `fn(item, *args)` for every item: as they finish, or in input
    order with `ordered`; in this process when n_workers <= 1 (`local`, if given, is passed
    as a last argument there: an object that need not be pickled)."""
    if n_workers <= 1:
        extra = (local,) if local is not None else ()
        for i, it in enumerate(items):
            yield i, fn(it, *args, *extra)
        return
    items = list(items)
    if len(items) <= 1:
        for i, it in enumerate(items):
            yield i, fn(it, *args)
        return
    size = chunk or max(1, min(8, len(items) // (n_workers * 4)))
    lost: list[int] = []
    done: dict[int, dict] = {}
    next_out = 0

    def emit(i: int, outcome: dict):
        nonlocal next_out
        if not ordered:
            yield i, outcome
            return
        done[i] = outcome
        while next_out in done:
            yield next_out, done.pop(next_out)
            next_out += 1

    with ProcessPoolExecutor(max_workers=n_workers, mp_context=mp_context) as ex:
        futures = {}
        for s in range(0, len(items), size):
            idx = list(range(s, min(s + size, len(items))))
            futures[ex.submit(_chunk, fn, [items[i] for i in idx], args)] = idx
        for fut in as_completed(futures):
            idx = futures[fut]
            try:
                outcomes = fut.result()
            except BrokenProcessPool:
                lost.extend(idx)  # the pool is gone: retried below
                continue
            except Exception as e:  # e.g. a result that cannot be pickled back
                outcomes = [failure(PARSE_FAILED, f"{type(e).__name__}: {e}", e) for _ in idx]
            for i, o in zip(idx, outcomes):
                yield from emit(i, o)
    # A worker died (segfault, out of memory, os._exit) and took the pool with it. Retry
    # those items one by one, each in a fresh process, so only the culprit is lost.
    for i in sorted(set(lost)):
        try:
            with ProcessPoolExecutor(max_workers=1, mp_context=mp_context) as ex:
                outcome = ex.submit(fn, items[i], *args).result()
        except BrokenProcessPool as e:
            outcome = crashed(e)
        yield from emit(i, outcome)
    for i in sorted(done):  # (nothing is left here unless an index never came back)
        yield i, done[i]


# --- a long-running pool (the service) -------------------------------------------------------------

class Pool:
    """A concurrent.futures pool of processes (spawned by default, so a server's threads are never
    forked) or threads, which survives its workers: a call whose worker died is retried once on
    a fresh pool; a second death is a worker_crashed record. `initializer` runs in each process."""

    def __init__(self, kind: str = "process", workers: int = 2, initializer=None, mp_context=None):
        self.kind, self.workers = kind, max(1, int(workers))
        self.initializer = initializer
        self.mp_context = mp_context
        self._ex = None
        self._lock = threading.Lock()
        self._closed = False

    def _make(self):
        if self.kind == "process":
            import multiprocessing

            ctx = self.mp_context or multiprocessing.get_context("spawn")
            return ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=self.initializer)
        return ThreadPoolExecutor(self.workers, thread_name_prefix="xxgk-parse")

    def _executor(self):
        with self._lock:
            if self._closed:
                raise RuntimeError("the worker pool is shut down")
            if self._ex is None:
                self._ex = self._make()
            return self._ex

    def _drop(self, ex) -> None:
        """Forget a broken pool (the next submit builds a fresh one)."""
        with self._lock:
            if self._ex is ex:
                self._ex = None
        try:
            ex.shutdown(wait=False, cancel_futures=True)
        except Exception:  # noqa: BLE001
            pass

    def submit(self, fn, *args) -> Future:
        ex = self._executor()
        try:
            fut = ex.submit(fn, *args)
        except BrokenProcessPool:
            self._drop(ex)
            ex = self._executor()
            fut = ex.submit(fn, *args)
        fut.executor = ex  # type: ignore[attr-defined]
        return fut

    def result(self, fut: Future, fn, *args) -> dict:
        """A submitted call's result; a crashed worker costs one retry on a fresh pool."""
        try:
            return fut.result()
        except BrokenProcessPool:
            self._drop(getattr(fut, "executor", None) or self._ex)
        try:
            return self.submit(fn, *args).result()
        except BrokenProcessPool as e:
            self._drop(self._ex)
            return crashed(e)

    def call(self, fn, *args) -> dict:
        return self.result(self.submit(fn, *args), fn, *args)

    async def acall(self, fn, *args) -> dict:
        fut = self.submit(fn, *args)
        try:
            return await asyncio.wrap_future(fut)
        except BrokenProcessPool:
            self._drop(getattr(fut, "executor", None))
        try:
            return await asyncio.wrap_future(self.submit(fn, *args))
        except BrokenProcessPool as e:
            self._drop(self._ex)
            return crashed(e)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            ex, self._ex = self._ex, None
        if ex is not None:
            ex.shutdown(wait=True, cancel_futures=True)

