"""The manifest of a folder run: SQLite in OUT/.xxgk/manifest.sqlite.

Durable (each finished document is committed within a second; WAL journal), constant memory
(nothing per document is kept in the parent), and what makes a run resumable:

    files(path, run, name, out, out_key, size, mtime, ino, hash, problem)
        every input seen, by its path (bytes); `run` is the last run that saw it; `hash` its
        content's sha256, reused while size/mtime/inode are unchanged; `problem` an error
        record of the file itself (a FIFO, an unreadable folder, over the size cap, ...)
    docs(hash, version, ok, record, long, error, json, run, row)
        one parse per content and version: its rows of the tables as the worker made them
        (`row`: wide, CSV and checks, record.tables_row; `record`: the compact record, the
        long table's rows), or the error record; `json` the per-report JSON written for it;
        `run` the run that made it. (`long`, the long rows as Arrow IPC, only in manifests of
        earlier versions; so is a `record` without `row`: both are still read)

`version` says which extractor and model made a parse (see `versions`): a document is done
when a row for its hash and the current version exists. A parse's row carries the full
version (xxgk version + model bundle + classifier + options), so a changed model redoes the
reports; an input no loader could read (`unreadable`) is stored under the loaders' version
only, so a new model does not retry it, a new xxgk does.
"""
from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE IF NOT EXISTS runs(id INTEGER PRIMARY KEY, started REAL, version TEXT, finished REAL, status TEXT);
CREATE TABLE IF NOT EXISTS files(path BLOB PRIMARY KEY, run INT, name TEXT, out TEXT, out_key TEXT,
                                 size INT, mtime INT, ino INT, hash TEXT, problem TEXT);
CREATE INDEX IF NOT EXISTS files_run_out ON files(run, out_key);
CREATE INDEX IF NOT EXISTS files_run_hash ON files(run, hash, path);
CREATE TABLE IF NOT EXISTS docs(hash TEXT, version TEXT, ok INT, record BLOB, long BLOB, error TEXT, json BLOB, run INT,
                                row BLOB, PRIMARY KEY(hash, version));
"""


class Busy(Exception):
    pass


class Seen:
    """A set of strings as a Bloom filter: constant memory (1 MiB) however many documents a run
    has; `maybe(s)` False means never added, True means probably (ask the database). At 700,000
    entries about 1 % of the answers are a false "maybe"."""

    BITS = 1 << 23

    def __init__(self):
        self.bits = bytearray(self.BITS // 8)

    @staticmethod
    def _spots(s: str) -> tuple[int, ...]:
        h = hash(s) & 0xFFFFFFFFFFFFFFFF  # (Python's string hash: random per process, which is all this needs)
        return h & (Seen.BITS - 1), (h >> 21) & (Seen.BITS - 1), (h >> 41) & (Seen.BITS - 1)

    def add(self, s: str) -> None:
        for i in self._spots(s):
            self.bits[i >> 3] |= 1 << (i & 7)

    def maybe(self, s: str) -> bool:
        return all(self.bits[i >> 3] & (1 << (i & 7)) for i in self._spots(s))


class Manifest:
    COMMIT_EVERY = 1.0  # seconds: at most this much finished work is redone after a kill -9

    def __init__(self, out_dir: Path, version: str, load_version: str):
        d = out_dir / ".xxgk"
        d.mkdir(parents=True, exist_ok=True)
        self.path = d / "manifest.sqlite"
        self.db = sqlite3.connect(self.path, isolation_level=None)  # explicit transactions below
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        have = {r[1] for r in self.db.execute("PRAGMA table_info(docs)")}
        for col, kind in (("long", "BLOB"), ("run", "INT"), ("row", "BLOB")):  # manifests of earlier xxgk versions
            if col not in have:
                self.db.execute(f"ALTER TABLE docs ADD COLUMN {col} {kind}")
        self.version, self.load_version = version, load_version
        self._last = time.monotonic()
        # writes of the current second, made at the commit in one statement each (executemany):
        # per document, one statement each was a good part of the parent's CPU
        self._hashes: list[tuple] = []
        self._drop: list[tuple] = []
        self._docs: list[tuple] = []
        self._stored: dict[str, tuple[int, int]] = {}  # digest → (ok, run) of the parses in _docs
        # what this run added, so that most lookups need no query: the output names taken, and
        # (while no earlier run left a parse for these versions) the contents parsed
        self._outs, self._parsed = Seen(), Seen()
        try:
            self.db.execute("BEGIN IMMEDIATE")  # one run per output folder at a time
        except sqlite3.OperationalError as e:
            self.db.close()
            raise Busy(f"{out_dir} is in use by another xxgk run ({e})") from e
        cur = self.db.execute("INSERT INTO runs(started, version, status) VALUES(?,?,?)",
                              (time.time(), version, "running"))
        self.run = cur.lastrowid
        self._fresh = self.db.execute("SELECT 1 FROM docs WHERE version IN (?, ?) LIMIT 1",
                                      (version, load_version)).fetchone() is None

    # --- transactions ---
    def _write(self) -> None:
        if self._hashes:
            self.db.executemany("UPDATE files SET hash=? WHERE path=?", self._hashes)
        if self._drop:
            self.db.executemany("DELETE FROM docs WHERE hash=? AND version IN (?, ?)", self._drop)
        if self._docs:
            self.db.executemany("INSERT INTO docs(hash, version, ok, record, long, error, json, run, row) "
                                "VALUES(?,?,?,?,?,?,?,?,?)", self._docs)
        self._hashes, self._drop, self._docs = [], [], []
        self._stored.clear()

    def commit(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._last >= self.COMMIT_EVERY:
            self._write()
            self.db.execute("COMMIT")
            self.db.execute("BEGIN IMMEDIATE")
            self._last = now

    def close(self, status: str) -> None:
        self._write()
        self.db.execute("UPDATE runs SET finished=?, status=? WHERE id=?", (time.time(), status, self.run))
        self.db.execute("COMMIT")
        self.db.close()

    # --- files ---
    def add_file(self, path: str, name: str, out: str | None, st: os.stat_result | None,
                 problem: dict | None) -> bool:
        """Record an input of this run; False when it was already named in this run."""
        key = os.fsencode(path)
        size, mtime, ino = (st.st_size, st.st_mtime_ns, st.st_ino) if st is not None else (None, None, None)
        cur = self.db.execute(
            "INSERT INTO files(path, run, name, out, out_key, size, mtime, ino, problem) VALUES(?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT(path) DO UPDATE SET run=excluded.run, name=excluded.name, out=excluded.out, "
            "out_key=excluded.out_key, problem=excluded.problem, "
            "hash=CASE WHEN files.size IS excluded.size AND files.mtime IS excluded.mtime "
            "AND files.ino IS excluded.ino THEN files.hash ELSE NULL END, "
            "size=excluded.size, mtime=excluded.mtime, ino=excluded.ino WHERE files.run IS NOT excluded.run",
            (key, self.run, name, None if out is None else os.fsencode(out), None if out is None else out_key(out),
             size, mtime, ino,
             None if problem is None else json.dumps(problem, ensure_ascii=False)))
        if cur.rowcount == 0:  # the row is this run's already
            return False
        if out is not None:
            self._outs.add(out_key(out))
        return True

    def out_taken(self, out: str) -> bool:
        key = out_key(out)
        if not self._outs.maybe(key):
            return False
        return self.db.execute("SELECT 1 FROM files WHERE run=? AND out_key=?",
                               (self.run, key)).fetchone() is not None

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM files WHERE run=?", (self.run,)).fetchone()[0]

    def pages(self, size: int = 500):
        """This run's files in path order, a page at a time (the table is updated meanwhile)."""
        last = b""
        while True:
            self._write()
            rows = self.db.execute(
                "SELECT path, name, out, size, hash, problem FROM files WHERE run=? AND path>? "
                "ORDER BY path LIMIT ?", (self.run, last, size)).fetchall()
            if not rows:
                return
            for path, name, out, *rest in rows:
                yield (path, name, None if out is None else os.fsdecode(out), *rest)
            last = rows[-1][0]

    def set_hash(self, path: bytes, digest: str) -> None:
        self._hashes.append((digest, path))

    def set_problem(self, path: bytes, problem: dict) -> None:
        self.db.execute("UPDATE files SET problem=? WHERE path=?", (json.dumps(problem, ensure_ascii=False), path))

    # --- docs ---
    def done(self, digest: str, retry_failed: bool) -> tuple[bool, bool] | None:
        """(ok, made in this run) of the current parse of this content; None when it must be
        (re)done. retry_failed: a failure of an earlier run is not done."""
        return self.judged(self.parse_of(digest), retry_failed)

    def judged(self, row: tuple[int, int] | None, retry_failed: bool) -> tuple[bool, bool] | None:
        """done() of a row parse_of() returned."""
        if row is None or (retry_failed and not row[0] and row[1] != self.run):
            return None
        return bool(row[0]), row[1] == self.run

    def parse_of(self, digest: str) -> tuple[int, int] | None:
        """(ok, run) of the stored parse of this content for the current version, or None."""
        if digest in self._stored:
            return self._stored[digest]
        if self._fresh and not self._parsed.maybe(digest):
            return None
        return self.db.execute("SELECT ok, run FROM docs WHERE hash=? AND version IN (?, ?) ORDER BY ok DESC LIMIT 1",
                               (digest, self.version, self.load_version)).fetchone()

    def put(self, digest: str, outcome: dict, json_out: str | None, replace: bool = True) -> None:
        """Store a parse. replace=False when no parse of this content is stored for the current
        versions (the caller just looked: one statement less per document)."""
        long, row = outcome.get("long"), outcome.get("row")
        if outcome.get("ok"):
            version, rec, err = self.version, outcome.get("record"), None
        else:
            from ..batch import UNREADABLE

            err = {k: outcome[k] for k in ("error", "message", "exception", "traceback") if k in outcome}
            version = self.load_version if outcome.get("error") == UNREADABLE else self.version
            rec, row, err = None, None, json.dumps(err, ensure_ascii=False)
        ok = 1 if outcome.get("ok") else 0
        if replace:
            self._drop.append((digest, self.version, self.load_version))
        self._docs.append((digest, version, ok, rec, long, err, None if json_out is None else os.fsencode(json_out),
                           self.run, row))
        self._stored[digest] = (ok, self.run)
        self._parsed.add(digest)
        self.commit()

    def rows(self, size: int = 1000):
        """This run's files in path order with their parse (see ROWS)."""
        self._write()
        last = b""
        while True:
            rows = rows_after(self.db, self.version, self.load_version, self.run, last, size)
            if not rows:
                return
            yield from rows
            last = rows[-1][0]

    def first_name(self, digest: str) -> str | None:
        self._write()
        return first_name(self.db, self.run, digest)


# This run's files in path order with their parse: (path, name, out, hash, problem, ok, record,
# error, json, long, rank, row, parse's run) — rank > 1 for a second name of the same content.
ROWS = ("SELECT f.path, f.name, f.out, f.hash, f.problem, d.ok, d.record, d.error, d.json, d.long, "
        "(SELECT COUNT(*) FROM files g WHERE g.run=f.run AND g.hash=f.hash AND g.path<f.path) + 1, d.row, d.run "
        "FROM files f LEFT JOIN docs d ON d.hash=f.hash AND d.version IN (?, ?) "
        "WHERE f.run=? AND f.path>? ORDER BY f.path LIMIT ?")


def rows_after(db, version: str, load_version: str, run: int, last: bytes, size: int) -> list:
    return db.execute(ROWS, (version, load_version, run, last, size)).fetchall()


def first_name(db, run: int, digest: str) -> str | None:
    row = db.execute("SELECT name FROM files WHERE run=? AND hash=? ORDER BY path LIMIT 1", (run, digest)).fetchone()
    return row[0] if row else None


class Reader:
    """A read-only view of one run of a manifest, from another process while the run goes on
    (WAL: it sees what the run has committed, without blocking it)."""

    def __init__(self, path: Path, version: str, load_version: str, run: int):
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
        self.version, self.load_version, self.run = version, load_version, run

    def rows_after(self, last: bytes, size: int = 1000) -> list:
        return rows_after(self.db, self.version, self.load_version, self.run, last, size)

    def first_name(self, digest: str) -> str | None:
        return first_name(self.db, self.run, digest)

    def close(self) -> None:
        self.db.close()


def out_key(out: str) -> str:
    return os.fsencode(out).decode("utf-8", "backslashreplace").casefold()
