"""The worker pool and batch jobs.

WorkerPool (extractor.batch.Pool, the batch runner's pool) runs service.worker functions
in a concurrent.futures pool: processes by default (spawned, so the server's threads are
never forked; a worker that dies takes only its own file: the pool is rebuilt and the
file retried once on its own), or threads (XXGK_EXECUTOR=thread). Failures are
extractor.batch error records, the vocabulary `xxgk extract` uses too. POST /v1/extract
awaits one call; batch jobs go through JobRunner.

JobRunner: a job's inputs are written to <data>/jobs/<id>/<position> when it is
posted, and its items to the database; a dispatcher thread hands the items to the pool
and records each result as it comes (the item, the stored document and parse, the
job's done/failed counters), so GET /v1/jobs/{id} shows progress from any process. A
server stopped mid-job leaves the unfinished items pending with their inputs on disk:
the next start picks them up (JobRunner.resume).
"""
from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, CancelledError, Future, ThreadPoolExecutor, wait
from concurrent.futures import TimeoutError as FuturesTimeout
from concurrent.futures.process import BrokenProcessPool

from sqlalchemy import select, update

from extractor import batch

from . import records
from .db import Database
from .metrics import Metrics
from .models import Job, JobItem, utcnow
from .storage import Storage
from .worker import analyse_file, worker_init

log = logging.getLogger("xxgk.service")


TIMEOUT = getattr(batch, "TIMEOUT", "timeout")  # the batch runner's codes, where it has them
TOO_LARGE = getattr(batch, "TOO_LARGE", "too_large")


def timed_out(seconds: float) -> dict:
    return {"ok": False, "error": TIMEOUT, "seconds": seconds,
            "message": f"the parse took longer than its budget of {seconds:g} s and was stopped"}


def over_memory(res: dict, mb: int) -> dict:
    """A parse that ran out of its worker's memory cap: too_large, not a bug."""
    return {**{k: v for k, v in res.items() if k != "traceback"}, "error": TOO_LARGE,
            "message": f"the document needs more memory than a worker's budget ({mb} MB) to parse"}


class WorkerPool(batch.Pool):
    """extractor.batch.Pool with a budget per document. Worker processes load the pipeline when
    they start, die with the server (PR_SET_PDEATHSIG and a parent watch) and have their
    address space capped (a parse past it gets MemoryError: `too_large`). At most `workers`
    calls are handed to the pool at once (the others wait for a slot), so a call is running
    from when it is submitted, and one that runs past `timeout` seconds has its pool killed
    (`timeout`; the other calls in flight then die with the pool and are retried once on a
    fresh one). Threads (XXGK_EXECUTOR=thread) cannot be killed: a call past its time is
    answered `timeout` while its thread runs on, holding its slot."""

    def __init__(self, kind: str = "process", workers: int = 2, warm: bool = True, timeout: float | None = None,
                 memory_mb: int = 0):
        import functools
        import os

        init = functools.partial(worker_init, os.getpid(), memory_mb, warm) if kind == "process" else None
        super().__init__(kind, workers, initializer=init)
        self.warm, self.timeout, self.memory_mb = warm, timeout, memory_mb
        self._slots = threading.BoundedSemaphore(self.workers)

    # --- slots ---------------------------------------------------------------------------
    def free_slot(self) -> bool:
        """Take a slot if one is free (then hand_in or give_slot must follow)."""
        return self._slots.acquire(blocking=False)

    def give_slot(self) -> None:
        self._slots.release()

    def hand_in(self, fn, *args) -> Future:
        """Submit in a slot taken with free_slot."""
        return self._hand_in(fn, *args)

    def _hand_in(self, fn, *args) -> Future:
        try:
            fut = batch.Pool.submit(self, fn, *args)
        except BaseException:
            self._slots.release()
            raise
        fut.add_done_callback(lambda _f: self._slots.release())
        fut.started = time.monotonic()  # type: ignore[attr-defined]
        return fut

    def submit(self, fn, *args) -> Future:
        """Blocks (a dispatcher thread) until a worker is free."""
        self._slots.acquire()
        return self._hand_in(fn, *args)

    async def _asubmit(self, fn, *args) -> Future:
        while not self._slots.acquire(blocking=False):  # never block the event loop
            await asyncio.sleep(0.02)
        return self._hand_in(fn, *args)

    # --- budgets -------------------------------------------------------------------------
    def expire(self, fut: Future) -> dict:
        """Stop a call past its time: kill its pool's processes (the pool is rebuilt)."""
        ex = getattr(fut, "executor", None)
        if ex is not None and self.kind == "process":
            for proc in list((getattr(ex, "_processes", None) or {}).values()):
                try:
                    proc.kill()
                except Exception:  # noqa: BLE001 - already gone
                    pass
            self._drop(ex)
        return timed_out(self.timeout or 0)

    def remaining(self, fut: Future) -> float | None:
        if not self.timeout:
            return None
        return max(0.0, self.timeout - (time.monotonic() - getattr(fut, "started", time.monotonic())))

    def _checked(self, res: dict) -> dict:
        if isinstance(res, dict) and not res.get("ok") and res.get("exception") == "MemoryError":
            return over_memory(res, self.memory_mb)
        return res

    def result(self, fut: Future, fn, *args) -> dict:
        """A call's result within its budget; a crashed worker costs one retry on a fresh pool."""
        for retry in (False, True):
            try:
                return self._checked(fut.result(timeout=self.remaining(fut)))
            except FuturesTimeout:
                return self.expire(fut)
            except BrokenProcessPool as e:
                self._drop(getattr(fut, "executor", None) or self._ex)
                if retry:
                    return batch.crashed(e)
            fut = self.submit(fn, *args)
        raise AssertionError("unreachable")

    def call(self, fn, *args) -> dict:
        return self.result(self.submit(fn, *args), fn, *args)

    async def acall(self, fn, *args) -> dict:
        for retry in (False, True):
            fut = await self._asubmit(fn, *args)
            try:
                return self._checked(await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(fut)),
                                                            self.remaining(fut)))
            except (asyncio.TimeoutError, TimeoutError):
                return self.expire(fut)
            except BrokenProcessPool as e:
                self._drop(getattr(fut, "executor", None))
                if retry:
                    return batch.crashed(e)
        raise AssertionError("unreachable")


class JobRunner:
    def __init__(self, db: Database, storage: Storage, pool: WorkerPool, metrics: Metrics,
                 model_version, extractor_version: str | None, concurrent_jobs: int = 2):
        self.db, self.storage, self.pool, self.metrics = db, storage, pool, metrics
        self.model_version = model_version  # callable: the model a parse would use now
        self.extractor_version = extractor_version
        self._dispatch = ThreadPoolExecutor(concurrent_jobs, thread_name_prefix="xxgk-job")
        self._running: dict[str, Future] = {}
        self._stopping = threading.Event()
        self._lock = threading.Lock()

    # --- scheduling ----------------------------------------------------------------------
    def start(self, job_id: str) -> None:
        with self._lock:
            if self._stopping.is_set() or (job_id in self._running and not self._running[job_id].done()):
                return
            self._running[job_id] = self._dispatch.submit(self._run_safely, job_id)

    def resume(self) -> list[str]:
        """Restart the jobs a previous process left unfinished."""
        with self.db.session() as s:
            ids = list(s.scalars(select(Job.id).where(Job.status.in_(("queued", "running"))).order_by(Job.created_at)))
        for i in ids:
            self.start(i)
        return ids

    def wait(self, job_id: str, timeout: float | None = None) -> None:
        fut = self._running.get(job_id)
        if fut is not None:
            fut.result(timeout)

    def close(self) -> None:
        self._stopping.set()
        self.pool.close()  # cancels queued parses; running ones finish
        self._dispatch.shutdown(wait=True, cancel_futures=True)

    # --- running a job -------------------------------------------------------------------
    def _run_safely(self, job_id: str) -> None:
        try:
            self._run(job_id)
        except Exception:  # noqa: BLE001 - a dispatcher bug must not kill the thread pool
            log.exception("job %s: dispatcher failed", job_id)

    def _run(self, job_id: str) -> None:
        with self.db.session() as s:
            job = s.get(Job, job_id)
            if job is None:
                return
            if job.status == "queued":
                job.status, job.started_at = "running", utcnow()
                s.commit()
            items = [(it.id, it.position, it.name, it.sha256)
                     for it in s.scalars(select(JobItem).where(JobItem.job_id == job_id, JobItem.status == "pending")
                                         .order_by(JobItem.position))]
        model = self.model_version()
        todo = deque(items)
        inflight: dict[Future, tuple] = {}
        # a window of at most `workers` parses in flight, so each one's time budget runs from
        # its start and a parse past it is stopped while the others go on
        while todo or inflight:
            if self._stopping.is_set():
                return
            while todo and self.pool.free_slot():
                item_id, position, name, digest = item = todo.popleft()
                path = self.storage.job_input(job_id, position)
                if digest and self._reuse(job_id, item_id, position, digest, model):
                    self.pool.give_slot()
                    continue
                if not path.is_file():
                    self.pool.give_slot()
                    self._record(job_id, item_id, position, batch.failure(batch.INPUT_LOST,
                                                                          f"{name}: the job input is gone"))
                    continue
                try:
                    inflight[self.pool.hand_in(analyse_file, str(path), name)] = item
                except RuntimeError:  # shutting down: the item stays pending for the next start
                    return
            if not inflight:
                if todo:
                    time.sleep(0.05)  # every slot taken by other work (another job, a POST /v1/extract)
                continue
            left = [self.pool.remaining(f) for f in inflight]
            timeout = min(x for x in left if x is not None) if any(x is not None for x in left) else 1.0
            done, _ = wait(list(inflight), timeout=max(timeout, 0.01), return_when=FIRST_COMPLETED)
            if not done:
                done = [f for f in inflight if self.pool.remaining(f) == 0]
            for fut in done:
                item_id, position, name, _ = inflight.pop(fut)
                if self._stopping.is_set() and (fut.cancelled() or not fut.done()):
                    continue
                try:
                    res = self.pool.result(fut, analyse_file, str(self.storage.job_input(job_id, position)), name)
                except (CancelledError, RuntimeError):
                    continue  # shut down while queued: stays pending
                except Exception as e:  # noqa: BLE001 - e.g. a result that cannot be unpickled
                    res = batch.failure(batch.PARSE_FAILED, f"{name}: {type(e).__name__}: {e}", e)
                self._record(job_id, item_id, position, res)
        self._finish(job_id)

    def _reuse(self, job_id: str, item_id: int, position: int, digest: str, model) -> bool:
        with self.db.session() as s:
            hit = records.find_reusable(s, digest, model, self.extractor_version)
            if hit is None:
                return False
            doc, parse = hit
            it = s.get(JobItem, item_id)
            it.status, it.document_id, it.parse_id, it.seconds, it.finished_at = "done", doc.id, parse.id, 0.0, utcnow()
            s.execute(update(Job).where(Job.id == job_id).values(done=Job.done + 1))
            s.commit()
            self.metrics.parsed(True, review=parse.review_required, reused=True)
        self.storage.drop_job_input(job_id, position)
        return True

    def _record(self, job_id: str, item_id: int, position: int, res: dict) -> None:
        ok = bool(res.get("ok"))
        with self.db.session() as s:
            it = s.get(JobItem, item_id)
            if it is None or it.status != "pending":
                return
            if ok:
                try:
                    data = self.storage.job_input(job_id, position).read_bytes()
                    doc, parse = records.store_result(s, self.storage, data, it.name, res, self.extractor_version)
                    it = s.get(JobItem, item_id)
                    it.document_id, it.parse_id, it.sha256 = doc.id, parse.id, doc.id
                except Exception as e:  # noqa: BLE001
                    log.exception("job %s: storing %s failed", job_id, it.name)
                    s.rollback()
                    it = s.get(JobItem, item_id)
                    ok, res = False, batch.failure(batch.STORE_FAILED, f"{it.name}: cannot store: {e}", e)
            it.status = "done" if ok else "failed"
            it.error = None if ok else res.get("message")
            it.seconds = res.get("seconds")
            it.finished_at = utcnow()
            s.execute(update(Job).where(Job.id == job_id)
                      .values(done=Job.done + 1, failed=Job.failed + (0 if ok else 1)))
            s.commit()
        review = bool(ok and ((res.get("report") or {}).get("review") or {}).get("required"))
        self.metrics.parsed(ok, res.get("seconds"), review)
        self.storage.drop_job_input(job_id, position)

    def _finish(self, job_id: str) -> None:
        with self.db.session() as s:
            job = s.get(Job, job_id)
            pending = s.scalar(select(JobItem.id).where(JobItem.job_id == job_id, JobItem.status == "pending").limit(1))
            if job is not None and pending is None and job.status != "done":
                job.status, job.finished_at = "done", utcnow()
                s.commit()
        if pending is None:
            self.storage.drop_job_dir(job_id)

