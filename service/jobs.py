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

import logging
import threading
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor, as_completed

from sqlalchemy import select, update

from extractor import batch

from . import records
from .db import Database
from .metrics import Metrics
from .models import Job, JobItem, utcnow
from .storage import Storage
from .worker import analyse_file, warm_up

log = logging.getLogger("xxgk.service")


class WorkerPool(batch.Pool):
    """extractor.batch.Pool whose worker processes load the pipeline and classifier when they start."""

    def __init__(self, kind: str = "process", workers: int = 2, warm: bool = True):
        super().__init__(kind, workers, initializer=warm_up if warm else None)
        self.warm = warm


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
        futures: dict[Future, tuple] = {}
        for item in items:
            if self._stopping.is_set():
                return
            item_id, position, name, digest = item
            if digest and self._reuse(job_id, item_id, position, digest, model):
                continue
            path = self.storage.job_input(job_id, position)
            if not path.is_file():
                self._record(job_id, item_id, position, batch.failure(batch.INPUT_LOST,
                                                                      f"{name}: the job input is gone"))
                continue
            try:
                fut = self.pool.submit(analyse_file, str(path), name)
            except RuntimeError:  # shutting down: the item stays pending for the next start
                return
            futures[fut] = item
        for fut in as_completed(futures):
            item_id, position, name, _ = futures[fut]
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

