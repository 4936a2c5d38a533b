"""A folder run (`xxgk extract ... --out OUT`): walk → manifest → budgeted workers → export.

The parent walks the inputs into the manifest (SQLite; nothing per document is held in
memory), hashes each file (reusing the hash while size/mtime/inode are unchanged), skips
what the manifest has for this content and version, and hands the rest to `batch.Workers`
(one document per worker at a time, under the Budget). Workers parse, write the report's
JSON atomically and send back the report's rows of the tables, ready made (record.tables_row),
and its compact record (the long table's rows, ~1.7 KB); the parent stores them. A child process (follow.py) writes the
tables from the manifest while the run goes on, in path order, and completes them when the run
ends (also after Ctrl-C / SIGTERM, with what is done). A second signal aborts the export (the
previous tables stay as they were).
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import stat
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import batch, jsonable
from ..files import problem_of, walk
from . import record
from .manifest import Busy, Manifest  # noqa: F401 - Busy: for callers
from .names import atomic_write, display, fit


@dataclass
class Options:
    out_dir: Path
    jobs: int = 1
    classifier: str | None = None
    explain: bool = False
    retry_failed: bool = False
    jsonl: bool = False
    xlsx: bool = False
    indent: bool = False
    budget: batch.Budget = field(default_factory=batch.Budget)


@dataclass
class Summary:
    total: int = 0
    done: int = 0  # parsed in this run
    skipped: int = 0  # already in the manifest
    duplicates: int = 0  # same bytes as a file parsed in this run
    failed: int = 0
    flagged: int = 0
    interrupted: str | None = None
    export: dict = field(default_factory=dict)
    seconds: float = 0.0


def versions(classifier: str | None, explain: bool) -> tuple[str, str]:
    """(full, loaders): what a parse's manifest row is keyed by (see manifest.py)."""
    from ..bundle import default_bundle
    from ..pipeline import NARRATIVE
    from ..version import __version__

    b = default_bundle()
    full = (f"xxgk {__version__}; bundle {b.name} {b.version}; classifier {classifier or 'default'} "
            f"{b.classifier.version}; calibration {b.calibration_sha256[:12]}; explain {int(explain)}; "
            f"narrative {int(NARRATIVE)}")
    return full, f"xxgk {__version__}; loaders"


# --- the worker side ------------------------------------------------------------------------

def dump(report: dict, indent: bool) -> bytes:
    text = json.dumps(report, ensure_ascii=False, default=jsonable.default,
                      **({"indent": 1} if indent else {"separators": (",", ":")}))
    return (text + "\n").encode("utf-8", "backslashreplace")  # a name's undecodable bytes stay visible


def work(task: dict, cfg: dict) -> dict:
    """One document in a worker: parse, write its JSON atomically, return the compact record."""
    from .. import pipeline

    res = pipeline.extract_path(task["path"], cfg["classifier"], cfg["explain"])
    if not res.get("ok"):
        return res
    report = res["report"]
    src = report.get("source")
    if isinstance(src, dict) and isinstance(src.get("name"), str):
        src["name"] = display(src["name"])
    try:
        if task.get("out"):  # (a Ray run writes no per-report JSON: its workers may be other machines)
            atomic_write(Path(task["out"]), dump(report, cfg["indent"]))
    except OSError as e:
        why = "the disk is full" if e.errno == errno.ENOSPC else (e.strerror or str(e))
        return batch.failure(batch.WRITE_FAILED, f"cannot write {display(task['out'])}: {why}", e)
    rev = report.get("review") or {}
    rec = record.make(report, task["name"])
    return {"ok": True, "row": record.tables_row(rec), "record": record.pack(rec),
            "flagged": bool(rev.get("required")), "seconds": res.get("seconds")}


# --- the parent side ------------------------------------------------------------------------

def _hash(path: str, cap: int | None) -> str:
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _Problem(batch.failure(batch.UNREADABLE, problem_of(Path(path), st)))
        if cap is not None and st.st_size > cap:
            raise _Problem(batch.too_large(st.st_size, cap))
        h = hashlib.sha256()
        want = min(max(st.st_size + 1, 1 << 16), 1 << 24)  # most files in one read (the size may have changed)
        got = 0
        while True:
            chunk = os.read(fd, want)
            h.update(chunk)
            got += len(chunk)
            if not chunk or (len(chunk) < want and got >= st.st_size):  # its end: no second read for it
                break
        return h.hexdigest()
    finally:
        os.close(fd)


class NoDocuments(Exception):
    pass


class _Problem(Exception):
    def __init__(self, rec: dict):
        super().__init__(rec["message"])
        self.rec = rec


def collect(inputs, m: Manifest, out_dir: Path, warn) -> None:
    """Every input into the manifest with its output name (mirrored tree for folders,
    OUT/<stem>.json for named files; `-2`, `-3` when a name is taken)."""
    for a in inputs:
        p = Path(a)
        if p.is_dir():
            found = ((f, f.relative_to(p), why) for f, why in walk(p, [out_dir]))
        else:
            found = [(p, None, problem_of(p))]
        for f, rel, why in found:
            if rel is not None:
                parent, stem = out_dir / rel.parent, rel.stem if why != "a folder" else rel.name
            else:
                parent, stem = out_dir, f.stem
            target = parent / fit(stem, ".json")
            n = 1
            while m.out_taken(str(target)):
                n += 1
                target = parent / fit(stem, f"-{n}.json")
            try:
                st = os.stat(f) if why is None else None
            except OSError as e:
                st, why = None, f"the file cannot be read: {e.strerror}"
            problem = None
            if why is not None:
                code = batch.INPUT_LOST if ("cannot be read" in why or "dangling" in why or "loop" in why) \
                    else batch.UNREADABLE
                problem = batch.failure(code, f"{display(f)}: {why}")
            if m.add_file(str(f), display(f), str(target), st, problem) and n > 1:
                warn(f"xxgk: {display(f)}: {display(parent / fit(stem, '.json'))} is already taken by another "
                     f"input; writing {display(target)}")


class Run:
    """What a folder run's driver does around the parsing, whoever parses (local workers or
    Ray): the manifest, the plan of what is left to do, the storing of outcomes, and the
    tables process (follow.py) that writes the tables meanwhile."""

    def __init__(self, inputs, opts: Options, progress=None, warn=print, failed=None):
        from .follow import Follower

        self.t0 = time.monotonic()
        self.opts, self.progress, self.failed_cb, self.warn = opts, progress, failed, warn
        self.follower = Follower()  # forked before the manifest is opened (and before Ray starts threads)
        self.finished = False
        try:
            opts.out_dir.mkdir(parents=True, exist_ok=True)
            full, load = versions(opts.classifier, opts.explain)
            self.m = m = Manifest(opts.out_dir, full, load)
            self.s = s = Summary()
            collect(inputs, m, opts.out_dir, warn)
            s.total = m.count()
            if s.total == 0:
                m.close("empty")
                raise NoDocuments("no documents found in " + ", ".join(display(a) for a in inputs))
            m.commit(force=True)
        except BaseException:
            self.follower.close()
            raise
        self.follower.start(m, opts.out_dir, opts.retry_failed, opts.jsonl, opts.xlsx)
        if progress is not None:
            progress(0, s.total)
        self.inflight: dict[str, tuple] = {}  # hash → (output, name, a parse is stored) of a file being parsed
        self.cfg = {"classifier": opts.classifier, "explain": opts.explain, "indent": opts.indent}

    def tick(self, n: int = 1) -> None:
        if self.progress is not None:
            self.progress(n, None)

    def stale(self, out: str | None, name: str | None = None, rec: dict | None = None) -> None:
        if self.failed_cb is not None and rec is not None:
            self.failed_cb(name, rec)
        # a failed file must not leave an older JSON looking current
        if out and os.path.lexists(out):
            try:
                os.unlink(out)
            except OSError:
                pass

    def tasks(self, with_json: bool = True):
        """(hash, task) of every file that must be parsed, in path order; what is done (same
        content and version), failed before (unless --retry-failed), unreadable or a duplicate
        of a file in flight is counted and skipped here."""
        m, s, opts, cap = self.m, self.s, self.opts, self.opts.budget.max_bytes
        for path, name, out, size, digest, problem in m.pages():
            if problem is not None:
                s.failed += 1
                self.stale(out, name, json.loads(problem))
                self.tick()
                continue
            if digest is None:
                try:
                    digest = _hash(os.fsdecode(path), cap)
                except _Problem as e:
                    m.set_problem(path, e.rec)
                    s.failed += 1
                    self.stale(out, name, e.rec)
                    self.tick()
                    continue
                except OSError as e:
                    rec = batch.failure(batch.INPUT_LOST, f"{name}: the file cannot be read: {e.strerror or e}", e)
                    m.set_problem(path, rec)
                    s.failed += 1
                    self.stale(out, name, rec)
                    self.tick()
                    continue
                m.set_hash(path, digest)
            if digest in self.inflight:
                s.duplicates += 1
                self.tick()
                continue
            known = m.parse_of(digest)
            verdict = m.judged(known, opts.retry_failed)
            if verdict is not None:
                if verdict[1]:  # parsed a moment ago under another name
                    s.duplicates += 1
                else:
                    s.skipped += 1
                    s.failed += not verdict[0]
                self.tick()
                continue
            self.inflight[digest] = (out, name, known is not None)
            yield digest, {"path": os.fsdecode(path), "out": out if with_json else None, "name": name, "hash": digest}

    def store(self, digest: str, outcome: dict, wrote_json: bool = True) -> None:
        out, name, stored = self.inflight.pop(digest, (None, None, True))
        s = self.s
        if outcome.get("ok"):
            s.done += 1
            s.flagged += bool(outcome.get("flagged"))
            self.m.put(digest, outcome, out if wrote_json else None, replace=stored)
        else:
            s.failed += 1
            self.m.put(digest, outcome, None, replace=stored)
            self.stale(out, name, outcome)
        self.tick()

    def finish(self) -> None:
        """Everything finished is durable; the tables of what is done are written (by the
        tables process; here if it failed)."""
        from .follow import Failed

        self.m.commit(force=True)
        try:
            self.s.export = self.follower.finish()
        except Failed as e:
            self.warn(f"xxgk: the tables process failed; writing the tables here instead\n{e}")
            self.s.export = export_tables(self.m, self.opts)
        self.finished = True

    def close(self, status: str) -> Summary:
        if not self.finished:  # stopped before the tables were complete: the previous ones stay
            self.follower.abort()
        self.follower.close()
        self.m.close(status)
        self.s.seconds = time.monotonic() - self.t0
        return self.s


def run(inputs, opts: Options, progress=None, warn=print, failed=None) -> Summary:
    """The whole folder run; see the module docstring. `progress(n, total)` is called as files
    finish; `failed(name, record)` for each file that fails in this run."""
    r = Run(inputs, opts, progress, warn, failed)
    s = r.s
    workers = batch.Workers(work, (r.cfg,), n=opts.jobs, budget=opts.budget)

    def on_signal(signum, frame):
        if s.interrupted is None:
            s.interrupted = signal.Signals(signum).name
            workers.stop()
        else:  # a second signal: stop now (the export in progress is abandoned, tables unchanged)
            raise KeyboardInterrupt

    old = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    status = "failed"
    try:
        for digest, outcome in workers.run(r.tasks()):
            r.store(digest, outcome)
        r.finish()
        status = "interrupted" if s.interrupted else "done"
    finally:
        for sig, h in old.items():
            signal.signal(sig, h)
        workers.stop()
        r.close(status)
    return s


def export_tables(m: Manifest, opts: Options) -> dict:
    from .export import export

    return export(m, opts.out_dir, jsonl=opts.jsonl, xlsx=opts.xlsx)


def exit_status(s: Summary) -> int:
    if s.interrupted:
        return 128 + int(getattr(signal, s.interrupted))
    return 1 if s.failed or s.export.get("failed") else 0


def summary_line(s: Summary, out_dir: Path) -> str:
    e = s.export
    msg = (f"xxgk: {s.total} files: {s.done} extracted, {s.skipped} already done, {s.duplicates} duplicates, "
           f"{s.failed} failed; dataset: {e.get('reports', 0)} reports ({e.get('flagged', 0)} flagged for review), "
           f"{e.get('failed', 0)} errors, {e.get('duplicates', 0)} duplicate files → {display(out_dir)}/ "
           f"({s.seconds:.1f} s)")
    if s.interrupted:
        msg += (f"\nxxgk: interrupted ({s.interrupted}): {e.get('pending', 0)} files not done yet; "
                "run the same command again to continue")
    if e and not e.get("parquet", True):
        msg += "\nxxgk: pyarrow is not installed: no Parquet tables (pip install pyarrow)"
    return msg


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use `xxgk extract DIR --out OUT`")
