"""The dataset tables, built from the manifest in one streaming pass (constant memory; the
same bytes whether the run was interrupted and resumed or not: everything is derived from
the manifest, in path order). Written to temporary names and renamed when complete.

    wide.parquet     one row per report: HEAD columns, then one column per field key of the
                     codebook (nullable int64 counts, float64 yuan for money), then has.<key>
                     (bool) for the keys only some template revisions have
    long.parquet     one row per field of each report: file, sha256, table, row, column, key,
                     value (int64), yuan (float64), confidence, raw, flagged, reasons
    fields.csv       the wide table as UTF-8 with a BOM (Excel opens it with Chinese intact)
    codebook.csv     field key → 表/行/列, unit, templates (no .json beside the reports' JSON)
    duplicates.csv   files whose bytes another file already has (parsed once)
    dataset_checks.csv  checks across reports (checks.py)
    errors.jsonl     one line per file that could not be extracted
    reports.jsonl    (--jsonl) every report's JSON, one per line
    fields.xlsx      (--xlsx) sheets wide, codebook and (if it fits Excel's rows) long

A blank cell and a key the report's template does not have are both null in the value
column; `has.<key>` (false) and the per-table template columns tell them apart.
"""
from __future__ import annotations

import csv
import json
import os
from pathlib import Path

from . import checks as dchecks
from . import codebook as CB
from .columns import HEAD, columns, csv_line, long_columns, long_values, schema, wide_spec, wide_values  # noqa: F401 - re-exported
from .names import display
from .record import table_rows, unpack, untables_row

_FLAGGED = HEAD.index("review_required") - 1  # in a wide row after `file`

EXCEL_ROWS = 1_048_576
BATCH = 200  # reports per row group of long.parquet (~50,000 rows; the parent holds at most this many)
WIDE_BATCH = 500  # reports per row group of wide.parquet (one row each: 200-row groups cost twice the CPU)


# every file Tables writes (as .NAME.partial until complete)
TABLE_FILES = ("wide.parquet", "long.parquet", "fields.csv", "errors.jsonl", "duplicates.csv", "reports.jsonl",
               "fields.xlsx", "codebook.csv", "dataset_checks.csv")


class Tables:
    def __init__(self, out_dir: Path, jsonl: bool, xlsx: bool, parquet: bool = True, first_name=None):
        self.first_name = first_name or (lambda digest: None)  # the first file (path order) with these bytes
        if not parquet:
            self.pa = None
        else:
            import pyarrow as pa

            self.pa = pa
            self.ipc_read = pa.ipc.IpcReadOptions(use_threads=False)  # Arrow's thread pool costs more CPU than it saves
        self.out = out_dir
        self.cb = CB.codebook()
        self.wide_cols, self.long_cols = columns()
        self.tmp: list[tuple[Path, Path]] = []
        self.parquet = parquet
        self.wide_w = self.long_w = None
        if parquet:
            import pyarrow.parquet as pq

            self.wide_schema = schema(self.wide_cols)
            self.long_schema = schema(self.long_cols)
            self.wide_w = pq.ParquetWriter(self._tmp("wide.parquet"), self.wide_schema, compression="zstd")
            self.long_w = pq.ParquetWriter(self._tmp("long.parquet"), self.long_schema, compression="zstd")
        self.csv_f = open(self._tmp("fields.csv"), "w", encoding="utf-8-sig", newline="")
        self.csv = csv.writer(self.csv_f)
        self.csv.writerow([c for c, _ in self.wide_cols])
        self.err_f = open(self._tmp("errors.jsonl"), "w", encoding="utf-8")
        self.dup_f = open(self._tmp("duplicates.csv"), "w", encoding="utf-8-sig", newline="")
        self.dup = csv.writer(self.dup_f)
        self.dup.writerow(["file", "same_bytes_as", "sha256"])
        self.jsonl_f = open(self._tmp("reports.jsonl"), "wb") if jsonl else None
        self.xlsx = None
        if xlsx:
            from openpyxl import Workbook

            self.xlsx = Workbook(write_only=True)
            self.x_wide = self.xlsx.create_sheet("wide")
            self.x_wide.append([c for c, _ in self.wide_cols])
            self.x_long = self.xlsx.create_sheet("long")
            self.x_long.append([c for c, _ in self.long_cols])
            self.x_long_rows = 1
        self.wide_rows: list[tuple] = []  # the wide rows not yet written
        self.long_buf: list = []  # Arrow tables of the long rows not yet written (before long_rows)
        self.long_rows: list[list] = [[] for _ in self.long_cols]  # long rows not yet written (by column), after long_buf
        self.n_long = 0  # reports in long_buf and long_rows
        self.check_rows: list[tuple] = []
        self.checks = dchecks.Collector(self.out)
        self.n_ok = self.n_failed = self.n_dup = self.n_flagged = self.n_pending = 0

    def _tmp(self, name: str) -> Path:
        final = self.out / name
        tmp = _partial(self.out, name)
        self.tmp.append((tmp, final))
        return tmp

    # --- one file ---
    def add(self, row) -> None:
        path, name, out, digest, problem, ok, blob, error, json_out, long_blob, rank, made, _ = row
        if problem is not None or (ok == 0 and rank == 1):
            rec = json.loads(problem if problem is not None else error)
            line = {"file": name, "error": rec.get("error"), "message": rec.get("message")}
            for k in ("exception", "traceback"):
                if k in rec:
                    line[k] = rec[k]
            self.err_f.write(json.dumps(line, ensure_ascii=False) + "\n")
            self.n_failed += 1
            return
        if ok is None:  # not parsed yet (an interrupted run): the next run does it
            self.n_pending += 1
            return
        if rank > 1:
            first = self._first(digest)
            self.dup.writerow([name, first, digest])
            self.n_dup += 1
            if ok == 0:  # a failed file's twin failed too: it gets its own line
                rec = json.loads(error)
                self.err_f.write(json.dumps({"file": name, "error": rec.get("error"), "message": (
                    f"the same bytes as {first}: {rec.get('message')}")}, ensure_ascii=False) + "\n")
                self.n_failed += 1
            return
        if made is not None:  # the rows as the worker made them (record.tables_row)
            parsed_as, wide, line, chk = untables_row(made)
            rec = None
        else:  # a manifest of an earlier version: the rows from the compact record
            rec = unpack(blob)
            parsed_as, wide, line, chk = table_rows(rec)
        renamed = parsed_as != name  # parsed under another name in an earlier run
        self.wide_rows.append((name, *wide))
        self.n_ok += 1
        if wide[_FLAGGED]:
            self.n_flagged += 1
        self.csv_f.write(_csv_name(name) + "," + line)
        longs = long = None  # this report's long rows (lists), or its Arrow table
        if long_blob and self.parquet:  # an Arrow IPC stream: manifests of xxgk before the compact record
            long = self.pa.ipc.open_stream(long_blob, options=self.ipc_read).read_all()
            if renamed:
                long = long.set_column(0, long.schema.field(0), self.pa.array([name] * len(long), self.pa.string()))
            self._long_table(long)
        elif self.parquet or self.xlsx is not None:
            rec = rec or unpack(blob)
            rec["head"]["file"] = name
            if self.parquet:
                long_columns(rec, digest, self.long_rows)
            if self.xlsx is not None:
                longs = long_values(rec, digest)
        self.n_long += 1
        if self.xlsx is not None:
            self.x_wide.append([name, *wide])
            if longs is None:  # the long rows as decoded for long.parquet
                longs = [[name, *r[1:]] for r in zip(*(c.to_pylist() for c in long.columns))]
            if self.x_long_rows + len(longs) < EXCEL_ROWS:
                for lr in longs:
                    self.x_long.append(lr)
                self.x_long_rows += len(longs)
            else:
                self.x_long_rows = EXCEL_ROWS  # too long for one sheet: long.parquet has it all
        if self.jsonl_f is not None and json_out:
            try:
                data = Path(os.fsdecode(json_out)).read_bytes()
                self.jsonl_f.write(data.replace(b"\n", b"") + b"\n")  # JSON strings hold no raw newline
            except OSError:
                pass
        self.check_rows.append((name, *chk))
        if self.n_long >= BATCH:
            self._flush_long()
        if len(self.wide_rows) >= WIDE_BATCH:
            self._flush()

    def _first(self, digest: str) -> str:
        return self.first_name(digest) or ""

    def _long_table(self, table) -> None:
        if self.long_rows[0]:  # (keep path order)
            self.long_buf.append(self._rows_table())
        self.long_buf.append(table.replace_schema_metadata(None))

    def _rows_table(self):
        cols, self.long_rows = self.long_rows, [[] for _ in self.long_cols]
        sch = self.long_schema  # (pa.array converts a list in C: ~20x our own loop)
        return self.pa.Table.from_arrays([self.pa.array(c, type=sch.field(i).type) for i, c in enumerate(cols)],
                                         schema=sch).replace_schema_metadata(None)

    def _flush_long(self) -> None:
        """One row group of long.parquet: the long rows of BATCH reports, made into Arrow columns
        here at once (per report, building them cost several times more)."""
        if self.parquet and (self.long_buf or self.long_rows[0]):
            pa = self.pa
            if self.long_rows[0]:
                self.long_buf.append(self._rows_table())
            long = self.long_buf[0] if len(self.long_buf) == 1 else pa.concat_tables(self.long_buf)
            self.long_w.write_table(long.replace_schema_metadata(self.long_schema.metadata))
        self.long_buf, self.long_rows, self.n_long = [], [[] for _ in self.long_cols], 0
        if self.check_rows:
            self.checks.add_rows(self.check_rows)
        self.check_rows = []

    def _flush(self) -> None:
        self._flush_long()
        if self.parquet and self.wide_rows:
            arrays = [_column(col, kind) for col, (_, kind) in zip(zip(*self.wide_rows), self.wide_cols)]
            self.wide_w.write_table(self.pa.Table.from_arrays(arrays, schema=self.wide_schema))
        self.wide_rows = []

    # --- the end ---
    def finish(self) -> dict:
        self._flush()
        if self.parquet:
            self.wide_w.close()
            self.long_w.close()
        for f in (self.csv_f, self.err_f, self.dup_f, self.jsonl_f):
            if f is not None:
                f.close()
        if self.xlsx is not None:
            if self.x_long_rows >= EXCEL_ROWS:
                self.x_long.append(["(the long table has more rows than a sheet holds: see long.parquet)"])
            cbs = self.xlsx.create_sheet("codebook")
            cbs.append(CB.COLUMNS)
            for e in self.cb:
                d = e.as_row()
                cbs.append([d[c] for c in CB.COLUMNS])
            self.xlsx.save(self._tmp("fields.xlsx"))
        with open(self._tmp("codebook.csv"), "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(CB.COLUMNS)
            for e in self.cb:
                d = e.as_row()
                w.writerow([d[c] for c in CB.COLUMNS])
        n_checks = self.checks.write(self._tmp("dataset_checks.csv"))
        for tmp, final in self.tmp:
            os.replace(tmp, final)
        return {"reports": self.n_ok, "failed": self.n_failed, "duplicates": self.n_dup,
                "flagged": self.n_flagged, "pending": self.n_pending, "dataset_checks": n_checks,
                "parquet": self.parquet}

    def abort(self) -> None:
        for tmp, _ in self.tmp:
            try:
                os.unlink(tmp)
            except OSError:
                pass


_NONE = -(2**63)  # stands for null while a column of counts is made an int64 array


def _column(values: list, kind: str):
    """One column of Python values as an Arrow array, fast (the tables process's CPU per document)."""
    import numpy as np
    import pyarrow as pa

    if kind == "int":  # the buffers themselves: pa.array(ndarray[, mask]) measured ~2.5 ms per 200 values
        arr = np.array([_NONE if v is None else v for v in values], dtype=np.int64)
        valid = arr != _NONE
        bitmap = np.packbits(valid, bitorder="little")
        return pa.Array.from_buffers(pa.int64(), len(arr), [pa.py_buffer(bitmap), pa.py_buffer(arr)],
                                     null_count=int(len(arr) - valid.sum()))
    return pa.array(values, type={"float": pa.float64(), "bool": pa.bool_(), "str": pa.string()}[kind])


def _csv_name(name: str) -> str:
    """The file name as the first field of a fields.csv line (csv's minimal quoting)."""
    if any(c in name for c in ',"\r\n'):
        return '"' + name.replace('"', '""') + '"'
    return name


def _partial(out_dir: Path, name: str) -> Path:
    return out_dir / f".{name}.partial"


def discard_partials(out_dir: Path) -> None:
    """Remove what an export stopped midway left (the previous tables stay)."""
    for name in TABLE_FILES:
        try:
            os.unlink(_partial(out_dir, name))
        except OSError:
            pass


def open_tables(out_dir: Path, jsonl: bool, xlsx: bool, first_name) -> Tables:
    try:
        import pyarrow  # noqa: F401
        parquet = True
    except ImportError:  # the CSV and the rest are still written
        parquet = False
    return Tables(out_dir, jsonl, xlsx, parquet, first_name)


def export(manifest, out_dir: Path, jsonl: bool = False, xlsx: bool = False) -> dict:
    """Write every table of the dataset from the manifest (see the module docstring)."""
    t = open_tables(out_dir, jsonl, xlsx, manifest.first_name)
    try:
        for row in manifest.rows():
            t.add(row)
        return t.finish()
    except BaseException:
        t.abort()
        raise


__all__ = ["export", "display"]
