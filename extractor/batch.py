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
    timeout         the document ran past its time budget: its worker was killed
    too_large       the document is over its size or memory budget (input size cap,
                    MemoryError under the worker's address-space cap, or the worker
                    killed by the system for memory)

`run(items, fn, args, n_workers)` runs `fn(item, *args)` (a top-level function returning
an outcome, e.g. pipeline.extract_path) over a list, in worker processes when n_workers > 1, in chunks; a worker that
dies takes the pool with it, and the items of its chunk are retried one by one, each in a
fresh process, so only the culprit is lost. `Pool` is the same idea for a long-running
server: submit one call at a time; a crash rebuilds the pool and retries the call once.

`Workers` runs documents under a `Budget` (folder runs of `xxgk extract`): forked worker
processes, one document at a time each, an address-space cap per worker, a CPU-time
budget per document with a wall-clock backstop (past either the worker is killed: `timeout`), workers that die with
the parent and ignore Ctrl-C (the parent stops them), tasks pulled lazily from an iterator
so the parent holds only what is in flight.
"""
from __future__ import annotations

import os
import pickle
import signal
import threading
import time
import traceback
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import Future

# concurrent.futures and asyncio are imported where they are used: `xxgk extract` on one
# file needs neither (its worker is a forked `Workers` process), and together they cost
# ~40 ms of start-up


def __getattr__(name: str):  # batch.BrokenProcessPool etc. for callers that expect them here
    if name in ("ProcessPoolExecutor", "ThreadPoolExecutor", "as_completed", "Future"):
        import concurrent.futures as cf

        return getattr(cf, name)
    if name == "BrokenProcessPool":
        from concurrent.futures.process import BrokenProcessPool

        return BrokenProcessPool
    raise AttributeError(name)

UNREADABLE = "unreadable"
INPUT_LOST = "input_lost"
PARSE_FAILED = "parse_failed"
WORKER_CRASHED = "worker_crashed"
WRITE_FAILED = "write_failed"
STORE_FAILED = "store_failed"
TIMEOUT = "timeout"
TOO_LARGE = "too_large"
ERRORS = {
    UNREADABLE: "the input is not a document the loaders can read",
    INPUT_LOST: "the input file could not be read",
    PARSE_FAILED: "the extractor failed on this document (a bug)",
    WORKER_CRASHED: "the worker process died on this document",
    WRITE_FAILED: "the report could not be written",
    STORE_FAILED: "the report could not be stored",
    TIMEOUT: "the document ran past its time budget (its worker was stopped)",
    TOO_LARGE: "the document is over its size or memory budget",
}


class ItemFailed(Exception):
    """Pipeline.pipe(errors="raise"): an item failed; `record` is its error record."""

    def __init__(self, record: dict):
        super().__init__(f"{record.get('error')}: {record.get('message')}")
        self.record = record


def clean(text: str) -> str:
    """Text that can be written anywhere (UTF-8 files, SQLite, a terminal): the undecodable
    bytes of a file name (os.fsdecode keeps them as lone surrogates) become \\xNN escapes."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def failure(code: str, message: str, exc: BaseException | None = None, with_traceback: bool = False) -> dict:
    """An error record of the vocabulary above (its text always writable: see `clean`)."""
    assert code in ERRORS, code
    rec = {"ok": False, "error": code, "message": clean(str(message))}
    if exc is not None:
        rec["exception"] = type(exc).__name__
    if with_traceback:
        rec["traceback"] = clean(traceback.format_exc())
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
    except MemoryError as e:  # over the worker's address-space cap: the input's fault, not a bug
        who = f"{name}: " if name else ""
        res = failure(TOO_LARGE, f"{who}the document needs more memory than its budget allows", e)
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
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

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
        from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

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
        from concurrent.futures.process import BrokenProcessPool

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
        from concurrent.futures.process import BrokenProcessPool

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
        import asyncio
        from concurrent.futures.process import BrokenProcessPool

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



# --- budgeted workers (xxgk extract) ----------------------------------------------------------------

class Budget:
    """What one document may cost. seconds: CPU time the worker spends on it (user + system,
    all its threads; the worker is killed past it) - CPU, not wall time, so a busy or shared
    machine does not fail documents that are merely waiting for a core; wall_seconds: a
    wall-clock backstop for a document that waits without computing (default WALL_FACTOR ×
    seconds; also the only clock where a process's CPU time cannot be read); memory_mb:
    address space a worker may add to what it had when it started (RLIMIT_AS: an allocation
    past it raises MemoryError → too_large); max_bytes: input size, checked from the file's
    size before it is read."""

    WALL_FACTOR = 5

    def __init__(self, seconds: float | None = 120.0, memory_mb: int | None = 4096,
                 max_bytes: int | None = 256 * 2**20, wall_seconds: float | None = None):
        self.seconds, self.memory_mb, self.max_bytes = seconds, memory_mb, max_bytes
        self.wall_seconds = wall_seconds if wall_seconds or not seconds else seconds * self.WALL_FACTOR

    def __repr__(self) -> str:
        return (f"Budget(seconds={self.seconds}, memory_mb={self.memory_mb}, max_bytes={self.max_bytes}, "
                f"wall_seconds={self.wall_seconds})")


def too_large(size: int, cap: int) -> dict:
    return failure(TOO_LARGE, f"the file is {size:,} bytes, over the input size cap of {cap:,} bytes "
                              "(--max-size)")


def timed_out(seconds: float, cpu: bool = False) -> dict:
    if cpu:
        return failure(TIMEOUT, f"the document used more than its budget of {seconds:g} s of CPU time; "
                                "its worker was stopped (--timeout)")
    return failure(TIMEOUT, f"the document took longer than {seconds:g} s (wall clock); its worker was "
                            "stopped (--timeout)")


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system, every thread) the process has used; None where /proc cannot tell."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime: fields 14, 15 of stat(5)
    except (OSError, IndexError, ValueError):
        return None


def die_with_parent(parent: int, name: str | None = None) -> None:
    """Linux: the kernel kills this child process when the parent dies (no orphans after a
    kill -9); `name` is what ps and top show for it."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if name:
            libc.prctl(15, name.encode()[:15])  # PR_SET_NAME
    except Exception:  # noqa: BLE001 - not Linux: the parent's own cleanup still applies
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _cap_memory(memory_mb: int) -> None:
    import resource

    try:
        with open("/proc/self/statm") as f:
            now = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        now = 0
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = now + memory_mb * 2**20
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


# Plain pickle over the pipe: Connection.send builds a ForkingPickler (a copy of the reducers'
# table) per message, a good share of the parent's CPU per document.
def _send(conn, obj) -> None:
    conn.send_bytes(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


def _recv(conn):
    return pickle.loads(conn.recv_bytes())


def _worker_main(conn, fn, args: tuple, memory_mb: int | None, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent, "xxgk-worker")
    if memory_mb:
        _cap_memory(memory_mb)
    while True:
        try:
            msg = _recv(conn)
        except (EOFError, OSError):
            break
        if msg is None:
            break
        key, item = msg
        try:
            out = fn(item, *args)
        except MemoryError as e:
            out = failure(TOO_LARGE, "the document needs more memory than its budget allows", e)
        except BaseException as e:  # noqa: BLE001 - fn should not raise; keep the worker alive if it does
            out = failure(PARSE_FAILED, f"{type(e).__name__}: {e}", e, with_traceback=True)
        try:
            _send(conn, (key, out))
        except Exception as e:  # noqa: BLE001 - e.g. a result that cannot be pickled
            _send(conn, (key, failure(PARSE_FAILED, f"the result cannot be sent back ({type(e).__name__}: {e})", e)))
    os._exit(0)


class _Slot:
    __slots__ = ("proc", "conn", "key", "started", "cpu0")

    def __init__(self, proc, conn):
        self.proc, self.conn, self.key, self.started, self.cpu0 = proc, conn, None, 0.0, None

    def begin(self, key) -> None:
        self.key, self.started, self.cpu0 = key, time.monotonic(), cpu_seconds(self.proc.pid)

    def wall(self, budget: "Budget") -> float | None:
        """The wall-clock limit of this document: the backstop where its CPU time is read, else
        the budget itself."""
        return budget.wall_seconds if budget.seconds and self.cpu0 is not None else budget.seconds

    def over(self, budget: "Budget", now: float) -> dict | None:
        """The timeout this document has run into, if any: its CPU budget where the worker's CPU
        time can be read, else (and as a backstop) its wall-clock budget."""
        if budget.seconds and self.cpu0 is not None:
            used = cpu_seconds(self.proc.pid)
            if used is not None and used - self.cpu0 > budget.seconds:
                return timed_out(budget.seconds, cpu=True)
        wall = self.wall(budget)
        if wall and now - self.started > wall:
            return timed_out(wall)
        return None


class Workers:
    """`fn(item, *args)` over (key, item) tasks in `n` forked worker processes under a Budget.

    `run(tasks)` yields (key, outcome) as documents finish; it pulls a task only when a worker
    is free. A worker past the deadline is killed (`timeout`), one that dies is reported
    (`worker_crashed`, or `too_large` when the system killed it) and replaced; the run goes on.
    `stop()` (e.g. from a signal handler) ends `run` soon: no new tasks, the workers killed,
    what is in flight abandoned (a resumable caller redoes it)."""

    POLL = 0.2  # seconds between looks at deadlines and the stop flag

    def __init__(self, fn, args: tuple = (), n: int = 1, budget: Budget | None = None):
        import multiprocessing

        self.fn, self.args, self.n = fn, args, max(1, int(n))
        self.budget = budget or Budget()
        self.ctx = multiprocessing.get_context("fork")  # workers inherit the imported pipeline
        self.stopped = False
        self.slots: list[_Slot] = []

    def stop(self) -> None:
        self.stopped = True

    def _spawn(self) -> _Slot:
        parent_conn, child_conn = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker_main, daemon=True, name="xxgk-worker",
                                args=(child_conn, self.fn, self.args, self.budget.memory_mb, os.getpid()))
        proc.start()
        child_conn.close()
        return _Slot(proc, parent_conn)

    def _kill(self, slot: _Slot) -> None:
        try:
            slot.proc.kill()
        except Exception:  # noqa: BLE001
            pass
        slot.proc.join(5)
        slot.conn.close()

    def close(self) -> None:
        for s in self.slots:
            if s.key is None and s.proc.is_alive():
                try:
                    _send(s.conn, None)
                except Exception:  # noqa: BLE001
                    pass
        deadline = time.monotonic() + 2
        for s in self.slots:
            if s.key is None:
                s.proc.join(max(0.0, deadline - time.monotonic()))
            if s.proc.is_alive():
                self._kill(s)
            else:
                s.proc.join(0)
                s.conn.close()
        self.slots = []

    def _died(self, slot: _Slot) -> dict:
        slot.proc.join(1)
        code = slot.proc.exitcode
        if code == -signal.SIGKILL:
            return failure(TOO_LARGE, "the worker was killed by the system while reading this document "
                                      "(most likely out of memory)")
        return crashed(RuntimeError(f"exit status {code}"))

    def run(self, tasks) -> Iterator[tuple[object, dict]]:
        import select

        tasks = iter(tasks)
        exhausted = False
        # one poll set for the whole run, updated as tasks start and end (a selector built per
        # wait was a good part of the parent's CPU per document)
        poller = select.poll()
        watched: dict[int, _Slot] = {}

        def watch(slot: _Slot) -> None:
            for fd in (slot.conn.fileno(), slot.proc.sentinel):
                poller.register(fd, select.POLLIN)
                watched[fd] = slot

        def unwatch(slot: _Slot) -> None:
            for fd in [fd for fd, s in watched.items() if s is slot]:
                poller.unregister(fd)
                del watched[fd]

        try:
            while True:
                if self.stopped:
                    return
                # give every idle worker a task
                while not exhausted and not self.stopped:
                    idle = next((s for s in self.slots if s.key is None), None)
                    if idle is None and len(self.slots) < self.n:
                        idle = self._spawn()
                        self.slots.append(idle)
                    if idle is None:
                        break
                    try:
                        key, item = next(tasks)
                    except StopIteration:
                        exhausted = True
                        break
                    idle.begin(key)
                    try:
                        _send(idle.conn, (key, item))
                    except (OSError, ValueError):  # the idle worker died meanwhile: replace it
                        self._kill(idle)
                        self.slots.remove(idle)
                        idle = self._spawn()
                        self.slots.append(idle)
                        idle.begin(key)
                        _send(idle.conn, (key, item))
                    watch(idle)
                busy = [s for s in self.slots if s.key is not None]
                if not busy:
                    if exhausted:
                        return
                    continue
                timeout = self.POLL  # CPU budgets are looked at every POLL; wall ones waited for exactly
                walls = [s.started + w for s in busy if (w := s.wall(self.budget))]
                if walls:
                    timeout = max(0.0, min(timeout, min(walls) - time.monotonic()))
                fired = {fd for fd, _ in poller.poll(int(timeout * 1000) + 1)}
                now = time.monotonic()
                for s in busy:
                    if s.conn.fileno() in fired or s.proc.sentinel in fired:
                        answered = s.conn.fileno() in fired
                        unwatch(s)
                        if answered:
                            try:
                                key, out = _recv(s.conn)
                            except (EOFError, OSError):
                                key, out = s.key, self._died(s)
                                self._replace(s)
                            else:
                                s.key = None
                        else:  # its process ended without an answer
                            key, out = s.key, self._died(s)
                            self._replace(s)
                        yield key, out
                    elif (late := s.over(self.budget, now)) is not None:
                        unwatch(s)
                        key = s.key
                        self._replace(s)
                        yield key, late
        finally:
            if self.stopped:
                for s in self.slots:
                    self._kill(s)
                self.slots = []
            else:
                self.close()

    def _replace(self, slot: _Slot) -> None:
        self._kill(slot)
        self.slots.remove(slot)
