"""The dataset tables written while a folder run goes on, by a child process (`xxgk-tables`).

The parent's own work per document is the serial part of a run (what caps many cores), and
writing the tables was its largest share. So a child follows the manifest in path order as
the run commits it (WAL: a reader does not block the run), adds each file to the tables once
its outcome is final, and when the run ends (done or interrupted) adds the rest exactly as
the export after the run did: the same rows in the same order through the same
`export.Tables`, so the same bytes. If the child fails, the parent exports in-process.

The child is forked before the manifest is opened: a SQLite connection must not cross a fork.
"""
from __future__ import annotations

import os
import signal
import traceback
from pathlib import Path

from .manifest import Reader

PAGE = 1000  # manifest rows read at a time
POLL = 0.25  # seconds between looks at the manifest while the next file in path order is not final


def final(row: tuple, run: int, retry_failed: bool) -> bool:
    """Whether a file's row (manifest.ROWS) can no longer change in this run: an input problem,
    or a parse the run will not redo (Manifest.judged: a failure of an earlier run is redone
    under --retry-failed). A file not parsed yet, or not even hashed yet, has no parse."""
    problem, ok, parse_run = row[4], row[5], row[12]
    if problem is not None:
        return True
    if ok is None:
        return False
    return not (retry_failed and not ok and parse_run != run)


class Failed(Exception):
    pass


class Follower:
    """The parent's handle on the child. start() once the manifest and this run's files are
    committed; finish() after the run's last commit: the export's summary (or Failed)."""

    def __init__(self):
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_main, args=(child, os.getpid()), name="xxgk-tables", daemon=True)
        self.proc.start()
        child.close()
        self.out_dir: Path | None = None

    def start(self, manifest, out_dir: Path, retry_failed: bool, jsonl: bool, xlsx: bool) -> None:
        self.out_dir = out_dir
        self.conn.send(("start", {"path": str(manifest.path), "version": manifest.version,
                                  "load_version": manifest.load_version, "run": manifest.run,
                                  "retry_failed": retry_failed, "out_dir": str(out_dir),
                                  "jsonl": jsonl, "xlsx": xlsx}))

    def finish(self) -> dict:
        try:
            self.conn.send("finish")
        except OSError:  # it ended already: what it said before is still in the pipe
            pass
        try:
            kind, what = self.conn.recv()
        except (EOFError, OSError) as e:
            self.proc.join(1)
            raise Failed(f"the tables process ended (exit status {self.proc.exitcode})") from e
        self.proc.join(5)
        if kind != "done":
            raise Failed(what)
        return what

    def abort(self) -> None:
        """Stop now: the tables being written are dropped, the previous ones stay."""
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        if self.out_dir is not None:
            from .export import discard_partials

            discard_partials(self.out_dir)

    def close(self) -> None:
        if self.proc.is_alive():
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.proc.join(2)
        if self.proc.is_alive():
            self.abort()
        self.conn.close()


class _Aborted(Exception):
    pass


def _main(conn, parent: int) -> None:
    from ..batch import die_with_parent

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent, "xxgk-tables")
    try:
        msg = conn.recv()
        if isinstance(msg, tuple) and msg[0] == "start":
            conn.send(("done", _follow(conn, msg[1])))
    except (_Aborted, EOFError, OSError):
        pass
    except BaseException:  # noqa: BLE001 - the parent exports in-process instead
        try:
            conn.send(("failed", traceback.format_exc(limit=8)))
        except OSError:
            pass
    os._exit(0)  # no finalizers: nothing of the parent's (its SQLite state) is touched


def _follow(conn, cfg: dict) -> dict:
    from .export import open_tables

    reader = Reader(Path(cfg["path"]), cfg["version"], cfg["load_version"], cfg["run"])
    t = open_tables(Path(cfg["out_dir"]), cfg["jsonl"], cfg["xlsx"], reader.first_name)
    try:
        last, ending = b"", False
        while True:
            rows = reader.rows_after(last, PAGE)
            if ending and not rows:
                break
            blocked = not rows  # every file is in the tables: only the end is awaited
            for row in rows:
                if not ending and not final(row, cfg["run"], cfg["retry_failed"]):
                    blocked = True
                    break
                t.add(row)
                last = row[0]
            if blocked and conn.poll(POLL):
                msg = conn.recv()
                if msg != "finish":
                    raise _Aborted
                ending = True
        summary = t.finish()
    except BaseException:
        t.abort()
        raise
    finally:
        reader.close()
    return summary
