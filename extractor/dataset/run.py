"""A folder run (`xxgk extract ... --out OUT`): walk → manifest → budgeted workers → export.

The parent walks the inputs into the manifest (SQLite; nothing per document is held in
memory), hashes each file (reusing the hash while size/mtime/inode are unchanged), skips
what the manifest has for this content and version, and hands the rest to `batch.Workers`
(one document per worker at a time, under the Budget). Workers parse, write the report's
JSON atomically and send back the report's rows of the tables, ready made (record.tables_row,
Arrow IPC for the long table); the parent stores them. At the end
(also after Ctrl-C / SIGTERM, with what is done) export.py writes the tables from the
manifest. A second signal aborts the export (the previous tables stay as they were).
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
        atomic_write(Path(task["out"]), dump(report, cfg["indent"]))
    except OSError as e:
        why = "the disk is full" if e.errno == errno.ENOSPC else (e.strerror or str(e))
        return batch.failure(batch.WRITE_FAILED, f"cannot write {display(task['out'])}: {why}", e)
    rev = report.get("review") or {}
    rec = record.make(report, task["name"])
    return {"ok": True, "row": record.tables_row(rec), "long": record.long_ipc(rec, task.get("hash")),
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
        want = st.st_size + 1  # most files in one read (the size may have changed since)
        while True:
            chunk = os.read(fd, min(max(want, 1 << 16), 1 << 24))
            if not chunk:
                break
            h.update(chunk)
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


def run(inputs, opts: Options, progress=None, warn=print, failed=None) -> Summary:
    """The whole folder run; see the module docstring. `progress(n, total)` is called as files
    finish; `failed(name, record)` for each file that fails in this run."""
    t0 = time.monotonic()
    out_dir = opts.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    full, load = versions(opts.classifier, opts.explain)
    m = Manifest(out_dir, full, load)
    s = Summary()
    collect(inputs, m, out_dir, warn)
    s.total = m.count()
    if s.total == 0:
        m.close("empty")
        raise NoDocuments("no documents found in " + ", ".join(display(a) for a in inputs))
    m.commit(force=True)
    if progress is not None:
        progress(0, s.total)
    inflight: dict[str, tuple] = {}  # hash → (output, name, a parse is stored) of a file being parsed (≤ --jobs)
    cap = opts.budget.max_bytes
    cfg = {"classifier": opts.classifier, "explain": opts.explain, "indent": opts.indent}
    try:  # workers make Arrow data (record.long_ipc): import it once here, forked workers share it
        import pyarrow.ipc  # noqa: F401
    except ImportError:
        pass
    workers = batch.Workers(work, (cfg,), n=opts.jobs, budget=opts.budget)

    def stale(out: str | None, name: str | None = None, rec: dict | None = None) -> None:
        if failed is not None and rec is not None:
            failed(name, rec)
        # a failed file must not leave an older JSON looking current
        if out and os.path.lexists(out):
            try:
                os.unlink(out)
            except OSError:
                pass

    def tasks():
        for path, name, out, size, digest, problem in m.pages():
            if problem is not None:
                s.failed += 1
                stale(out, name, json.loads(problem))
                _tick(1)
                continue
            if digest is None:
                try:
                    digest = _hash(os.fsdecode(path), cap)
                except _Problem as e:
                    m.set_problem(path, e.rec)
                    s.failed += 1
                    stale(out, name, e.rec)
                    _tick(1)
                    continue
                except OSError as e:
                    rec = batch.failure(batch.INPUT_LOST, f"{name}: the file cannot be read: {e.strerror or e}", e)
                    m.set_problem(path, rec)
                    s.failed += 1
                    stale(out, name, rec)
                    _tick(1)
                    continue
                m.set_hash(path, digest)
            if digest in inflight:
                s.duplicates += 1
                _tick(1)
                continue
            known = m.parse_of(digest)
            if known is not None and not (opts.retry_failed and not known[0] and known[1] != m.run):
                if known[1] == m.run:  # parsed a moment ago under another name
                    s.duplicates += 1
                else:
                    s.skipped += 1
                    s.failed += not known[0]
                _tick(1)
                continue
            inflight[digest] = (out, name, known is not None)
            yield digest, {"path": os.fsdecode(path), "out": out, "name": name, "hash": digest}

    def _tick(n):
        if progress is not None:
            progress(n, None)

    def on_signal(signum, frame):
        if s.interrupted is None:
            s.interrupted = signal.Signals(signum).name
            workers.stop()
        else:  # a second signal: stop now (the export in progress is abandoned, tables unchanged)
            raise KeyboardInterrupt

    old = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    status = "failed"
    try:
        for digest, outcome in workers.run(tasks()):
            out, name, stored = inflight.pop(digest, (None, None, True))
            if outcome.get("ok"):
                s.done += 1
                s.flagged += bool(outcome.get("flagged"))
                m.put(digest, outcome, out, replace=stored)
            else:
                s.failed += 1
                m.put(digest, outcome, None, replace=stored)
                stale(out, name, outcome)
            _tick(1)
        m.commit(force=True)
        s.export = export_tables(m, opts)
        status = "interrupted" if s.interrupted else "done"
    finally:
        for sig, h in old.items():
            signal.signal(sig, h)
        workers.stop()
        m.close(status)
        s.seconds = time.monotonic() - t0
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
