"""Checks across reports that no single report can make, per agency and year.

    carry_over      上年结转 (requests.carried_over.*) of year N against 结转下年度继续办理
                    (requests.carried_forward.*) of year N−1 of the same agency, column by column
    same_report     a file with the same agency, year and every value as an earlier file (path
                    order; different bytes): the same report published twice (byte-identical files
                    are in duplicates.csv)
    conflict        a file with the same agency and year as an earlier one but other values: two
                    versions of a report, or a wrong year or agency in one of them (one row per
                    new set of values, against the group's first file)
    no_agency / no_year   a report whose agency or year was not found (it joins no check)

Agencies are matched on a normalised name (`agency_key`): Unicode NFKC, whitespace and
punctuation removed, 人民政府 → 政府, 办公厅/办公室 kept (they are different agencies). Names
that still differ (苏州市政府 vs 苏州市人民政府办公室) are different agencies here.
The rows are collected in a scratch SQLite file and grouped there (constant memory).
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import sqlite3
import unicodedata
from pathlib import Path

_PUNCT = re.compile(r"[\s\u3000·•．.、,，:：;；()（）\[\]【】《》\"'“”‘’_\-—–]+")
CARRY = ("natural", "commercial", "research", "social", "legal", "other", "total")
COLUMNS = ["check", "agency", "year", "file", "other_file", "detail"]


def agency_key(name: str | None) -> str | None:
    if not name:
        return None
    s = unicodedata.normalize("NFKC", str(name))
    s = _PUNCT.sub("", s)
    s = s.replace("人民政府", "政府")
    return s or None


def row_of(head: dict, fields: dict) -> tuple:
    """What the checks need of one report, but its file name: (agency, agency key, year, values'
    fingerprint, 上年结转 and 结转下年度 as JSON). Made in the worker with the report's other rows."""
    fp = head.get("fp")
    if fp is None:
        vals = [(k, f[1], f[2]) for k, f in sorted(fields.items())]
        fp = hashlib.sha1(json.dumps(vals, separators=(",", ":")).encode()).hexdigest()
    co = {c: fields[f"requests.carried_over.{c}"][1] for c in CARRY if f"requests.carried_over.{c}" in fields}
    cf = {c: fields[f"requests.carried_forward.{c}"][1] for c in CARRY if f"requests.carried_forward.{c}" in fields}
    return head.get("agency"), agency_key(head.get("agency")), head.get("year"), fp, json.dumps(co), json.dumps(cf)


class Collector:
    def __init__(self, out_dir: Path):
        d = out_dir / ".xxgk"
        d.mkdir(parents=True, exist_ok=True)
        self.path = d / "checks.scratch.sqlite"
        if self.path.exists():
            self.path.unlink()
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute("CREATE TABLE r(file TEXT, agency TEXT, akey TEXT, year INT, fp TEXT, co TEXT, cf TEXT)")

    def add(self, head: dict, fields: dict) -> None:
        self.add_rows([(head.get("file"), *row_of(head, fields))])

    def add_rows(self, rows: list[tuple]) -> None:
        """Rows of (file, *row_of(...)), many at a time (one statement per batch)."""
        self.db.executemany("INSERT INTO r VALUES(?,?,?,?,?,?,?)", rows)

    def write(self, path: Path) -> int:
        db = self.db
        db.execute("CREATE INDEX r_ay ON r(akey, year, file)")
        n = 0
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(COLUMNS)
            for file, agency, year in db.execute("SELECT file, agency, year FROM r WHERE akey IS NULL OR year IS NULL "
                                                 "ORDER BY file"):
                w.writerow(["no_agency" if not agency else "no_year", agency or "", year if year is not None else "",
                            file, "", "not matched with other reports"])
                n += 1
            # files of one agency and year, against the first file (path order) with the same
            # values (same_report) or against the first file of the group (conflict): one row per
            # file, never one per pair (a folder with many copies stays linear)
            db.execute("CREATE TEMP TABLE g AS SELECT rowid AS id, akey, year, file, agency, fp, "
                       "FIRST_VALUE(file) OVER (PARTITION BY akey, year ORDER BY file) AS first_file, "
                       "FIRST_VALUE(fp) OVER (PARTITION BY akey, year ORDER BY file) AS first_fp, "
                       "FIRST_VALUE(file) OVER (PARTITION BY akey, year, fp ORDER BY file) AS same_file "
                       "FROM r WHERE akey IS NOT NULL AND year IS NOT NULL")
            for file, agency, year, fp, first_file, first_fp, same_file in db.execute(
                    "SELECT file, agency, year, fp, first_file, first_fp, same_file FROM g "
                    "WHERE file <> first_file ORDER BY akey, year, file"):
                if same_file != file:
                    w.writerow(["same_report", agency, year, file, same_file,
                                "the same agency, year and every value: published twice"])
                    n += 1
                if fp != first_fp and same_file == file:  # a new set of values for this agency and year
                    w.writerow(["conflict", agency, year, file, first_file, "the same agency and year, different "
                                "values: two versions of the report, or a wrong year or agency in one"])
                    n += 1
            # 上年结转 of year N vs 结转下年度 of year N-1: each report of year N against each distinct
            # version (values) of year N-1, represented by its first file
            db.execute("CREATE TEMP TABLE prev AS SELECT akey, year, MIN(file) AS file, cf FROM r "
                       "WHERE akey IS NOT NULL AND year IS NOT NULL GROUP BY akey, year, fp")
            for fa, ag, yr, co, fb, cf in db.execute(
                    "SELECT n.file, n.agency, n.year, n.co, p.file, p.cf FROM r n JOIN prev p "
                    "ON n.akey=p.akey AND p.year=n.year-1 ORDER BY n.akey, n.year, n.file, p.file"):
                co, cf = json.loads(co), json.loads(cf)
                diffs = [f"{c}: {co[c]} ≠ {cf[c]}" for c in CARRY
                         if co.get(c) is not None and cf.get(c) is not None and co[c] != cf[c]]
                both = [c for c in CARRY if co.get(c) is not None and cf.get(c) is not None]
                if not both:
                    continue
                status = "carry_over_mismatch" if diffs else "carry_over_ok"
                detail = ("上年结转 ≠ 上一年报告的结转下年度继续办理: " + "; ".join(diffs)) if diffs else \
                    f"上年结转 = 上一年报告的结转下年度继续办理 ({len(both)} columns)"
                w.writerow([status, ag, yr, fa, fb, detail])
                n += 1
        db.close()
        try:
            os.unlink(self.path)
        except OSError:
            pass
        return n
