"""Folder runs as a dataset (extractor.dataset): resume after SIGTERM with identical outputs,
no orphan workers, duplicates parsed once, the manifest's versions, --retry-failed, the
tables' dtypes (pandas), the CSV's BOM, the xlsx, and a budget per document: every file ends
as a JSON or an errors.jsonl line whatever its name, type or cost, and the run goes on."""
from __future__ import annotations

import csv
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus import REAL, SEEDS
from extractor import batch, cli

ROOT = Path(__file__).resolve().parents[1]
XXGK = [sys.executable, "-m", "extractor.cli"]
RELIABILITY = Path(__file__).resolve().parent / "data" / "reliability"
TABLES = ("wide.parquet", "long.parquet", "fields.csv", "codebook.csv", "dataset_checks.csv", "duplicates.csv",
          "errors.jsonl")


def make_folder(dst: Path, copies: int = 2) -> Path:
    """The corpus' text reports, and `copies` altered copies of each (different bytes: one more
    line at the end), in sub-folders, plus one empty file (an error line) and one exact
    duplicate (same bytes, another name)."""
    src = sorted(p for p in list(SEEDS.iterdir()) + list(REAL.iterdir())
                 if p.suffix in (".txt", ".md", ".html"))
    for i, p in enumerate(src):
        data = p.read_bytes()
        for c in range(copies + 1):
            q = dst / f"set{c}" / f"{i:03d}{p.suffix}"
            q.parent.mkdir(parents=True, exist_ok=True)
            q.write_bytes(data + (f"\n\n附件{c}\n".encode() if c else b""))
    (dst / "set0" / "empty.txt").write_bytes(b"")
    shutil.copy(dst / "set0" / "000.txt", dst / "set0" / "zz-same-bytes.txt")
    return dst


def children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if int((d / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(d.name))
            except (OSError, IndexError, ValueError):
                pass
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def outputs(out: Path) -> dict[str, bytes]:
    got = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.json")}
    got.update({t: (out / t).read_bytes() for t in TABLES})
    return got


def test_sigterm_then_rerun_finishes_only_the_rest_with_identical_outputs(tmp_path):
    src = make_folder(tmp_path / "in")
    n_files = sum(1 for p in src.rglob("*") if p.is_file())
    ref = tmp_path / "ref"
    r = subprocess.run(XXGK + ["extract", str(src), "--out", str(ref), "-j", "2", "-q"], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 1, r.stderr  # the empty file
    out = tmp_path / "out"
    p = subprocess.Popen(XXGK + ["extract", str(src), "--out", str(out), "-j", "2"], cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # wait until some reports are written, not all
        workers.update(children(p.pid))
        if len(list(out.rglob("*.json"))) >= 8:
            break
        time.sleep(0.05)
    workers.update(children(p.pid))
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 128 + signal.SIGTERM, err
    assert "interrupted (SIGTERM)" in err and "run the same command again" in err
    assert workers
    time.sleep(0.5)
    assert not [w for w in workers if alive(w)], "worker processes outlived the run"
    done_before = len(list(out.rglob("*.json")))
    assert 0 < done_before < n_files

    r = subprocess.run(XXGK + ["extract", str(src), "--out", str(out), "-j", "2"], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 1, r.stderr
    summary = r.stderr.strip().splitlines()[-2]
    already = int(summary.split(" extracted, ")[1].split(" already done")[0])
    extracted = int(summary.split(" files: ")[1].split(" extracted")[0])
    # a worker may have written its JSON and been stopped before the parent stored it: one per worker (-j 2)
    assert already >= done_before - 2 and extracted + already + 1 < n_files + 1  # only the rest was parsed
    assert outputs(out) == outputs(ref)

    # a third run parses nothing and changes nothing
    r = subprocess.run(XXGK + ["extract", str(src), "--out", str(out), "-j", "2"], cwd=ROOT,
                       capture_output=True, text=True)
    assert " 0 extracted, " in r.stderr
    assert outputs(out) == outputs(ref)


def test_duplicates_are_parsed_once_and_reported(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    data = (SEEDS / "000_26fa7c73a70403e4.txt").read_bytes()
    (src / "a.txt").write_bytes(data)
    (src / "b.txt").write_bytes(data)
    out = tmp_path / "out"
    r = CliRunner().invoke(cli.main, ["extract", str(src), "--out", str(out), "-j", "1"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert "1 extracted" in r.stderr and "1 duplicates" in r.stderr
    assert sorted(p.name for p in out.glob("*.json")) == ["a.json"]
    with open(out / "duplicates.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["file", "same_bytes_as", "sha256"]
    assert [Path(rows[1][0]).name, Path(rows[1][1]).name] == ["b.txt", "a.txt"]
    pd = pytest.importorskip("pandas")
    assert len(pd.read_parquet(out / "wide.parquet")) == 1


def test_the_tables_process_writes_what_an_export_after_the_run_writes(tmp_path, monkeypatch):
    """A child process writes the tables while the run goes on (extractor/dataset/follow.py);
    they are the bytes the run writes itself when that process fails (it says so and loses
    nothing)."""
    from extractor.dataset import follow

    src = make_folder(tmp_path / "in", copies=1)
    args = ["extract", str(src), "-j", "2", "-q", "--jsonl"]
    r = CliRunner().invoke(cli.main, args + ["--out", str(tmp_path / "a")])
    assert r.exit_code == 1 and "tables process" not in r.stderr, r.output  # (1: the empty file)

    def broken(conn, cfg):
        raise RuntimeError("the tables process broke")

    monkeypatch.setattr(follow, "_follow", broken)
    r = CliRunner().invoke(cli.main, args + ["--out", str(tmp_path / "b")])
    assert r.exit_code == 1 and "the tables process failed" in r.stderr and "broke" in r.stderr, r.output
    for t in TABLES + ("reports.jsonl",):
        a, b = (tmp_path / d / t for d in "ab")
        assert a.read_bytes().replace(b"/a/", b"/b/") == b.read_bytes(), t
    assert (tmp_path / "a" / "wide.parquet").stat().st_size > 0
    assert not list((tmp_path / "a").glob(".*.partial")) and not list((tmp_path / "b").glob(".*.partial"))


def test_the_manifest_filter_never_misses_what_was_added():
    from extractor.dataset.manifest import Seen

    s = Seen()
    added = [f"{i:064x}" for i in range(0, 200_000, 7)]
    for k in added:
        s.add(k)
    assert all(s.maybe(k) for k in added)  # a Bloom filter has no false "no"
    others = [f"{i:064x}" for i in range(1, 200_000, 7)]
    assert sum(s.maybe(k) for k in others) < len(others) * 0.01  # and few false "maybe"


def test_manifest_versions(tmp_path):
    """A parse is keyed by content and the full version (a new model redoes it); an input no
    loader reads is keyed by the loaders' version only (a new model does not retry it)."""
    from extractor.dataset.manifest import Manifest

    m = Manifest(tmp_path, "xxgk 1; model A", "xxgk 1; loaders")
    m.put("h-ok", {"ok": True, "record": b"x"}, None)
    m.put("h-bad", batch.failure(batch.UNREADABLE, "empty"), None)
    m.put("h-bug", batch.failure(batch.PARSE_FAILED, "bug"), None)
    assert m.done("h-ok", False) == (True, True) and m.done("h-bad", False)[0] is False
    assert m.done("h-bug", True) is not None  # failed in this very run: --retry-failed retries earlier ones
    assert m.done("h-new", False) is None
    m.close("done")
    m = Manifest(tmp_path, "xxgk 1; model A", "xxgk 1; loaders")
    assert m.done("h-ok", False) == (True, False) and m.done("h-bug", True) is None
    m.close("done")
    m = Manifest(tmp_path, "xxgk 1; model B", "xxgk 1; loaders")
    assert m.done("h-ok", False) is None  # a changed model redoes reports
    assert m.done("h-bad", False) is not None  # but not what no loader could read
    m.close("done")
    m = Manifest(tmp_path, "xxgk 2; model B", "xxgk 2; loaders")
    assert m.done("h-bad", False) is None  # a new xxgk may read it
    m.close("done")


def test_retry_failed(tmp_path, monkeypatch):
    from extractor import pipeline

    calls = []

    def flaky(path, *a, **k):
        calls.append(path)
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(pipeline, "extract_file", flaky)
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEEDS / "000_26fa7c73a70403e4.txt", src / "r.txt")
    out = tmp_path / "out"
    args = ["extract", str(src), "--out", str(out), "-j", "1", "-q"]
    assert CliRunner().invoke(cli.main, args).exit_code == 1
    monkeypatch.undo()
    r = CliRunner().invoke(cli.main, args)  # the failure is remembered: not parsed again
    assert r.exit_code == 1 and not (out / "r.json").exists()
    assert json.loads((out / "errors.jsonl").read_text(encoding="utf-8"))["error"] == "parse_failed"
    r = CliRunner().invoke(cli.main, args + ["--retry-failed"])
    assert r.exit_code == 0, r.output
    assert (out / "r.json").exists() and (out / "errors.jsonl").read_text(encoding="utf-8") == ""


def test_tables_for_pandas_excel_and_jsonl(tmp_path):
    pd = pytest.importorskip("pandas")
    openpyxl = pytest.importorskip("openpyxl")
    src = tmp_path / "in"
    src.mkdir()
    for p in sorted(REAL.glob("00[1-3].txt")):
        shutil.copy(p, src / p.name)
    out = tmp_path / "out"
    r = CliRunner().invoke(cli.main, ["extract", str(src), "--out", str(out), "-j", "1", "-q", "--jsonl", "--xlsx"],
                           catch_exceptions=False)
    assert r.exit_code == 0, r.output
    wide = pd.read_parquet(out / "wide.parquet")
    assert len(wide) == 3
    assert str(wide["year"].dtype) == "Int64" and str(wide["requests.new.total"].dtype) == "Int64"
    assert str(wide["review_required"].dtype) == "boolean"
    assert str(wide["active.procurement.amount"].dtype) == "float64"
    assert list(wide["year"]) == [2019, 2020, 2021]
    assert set(wide["agency"]) == {"平潭综合实验区"}
    rep = json.loads((out / "001.json").read_text(encoding="utf-8"))
    assert wide.loc[0, "requests.new.total"] == rep["fields"]["requests.new.total"]["value"]
    # a key of the other template: null, and has.<key> says it is not in this report's template
    assert pd.isna(wide.loc[0, "active.rules.issued"]) and not wide.loc[0, "has.active.rules.issued"]
    long = pd.read_parquet(out / "long.parquet")
    assert str(long["value"].dtype) == "Int64" and str(long["flagged"].dtype) == "boolean"
    one = long[(long["file"] == wide.loc[0, "file"]) & (long["key"] == "requests.new.total")].iloc[0]
    assert (one["table"], one["row"], one["column"]) == ("requests", "new", "total")
    assert one["raw"] == rep["fields"]["requests.new.total"]["raw"]
    assert len(long) == sum(len(json.loads((out / f"{p.stem}.json").read_text(encoding="utf-8"))["fields"])
                            for p in sorted(src.iterdir()))
    # the CSV opens in Excel with the Chinese intact (BOM), the xlsx has the same rows
    raw = (out / "fields.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "平潭综合实验区".encode() in raw
    wb = openpyxl.load_workbook(out / "fields.xlsx", read_only=True)
    assert wb.sheetnames == ["wide", "long", "codebook"]
    rows = list(wb["wide"].iter_rows(values_only=True))
    assert len(rows) == 4 and rows[1][rows[0].index("agency")] == "平潭综合实验区"
    cb = list(wb["codebook"].iter_rows(values_only=True))
    assert cb[0][:7] == ("key", "table", "row", "column", "表", "行", "列")
    assert ("requests.new.total", "requests", "new", "total") == cb[[c[0] for c in cb].index("requests.new.total")][:4]
    lines = (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["source"]["name"] for x in lines] == ["001.txt", "002.txt", "003.txt"]
    # across reports: 上年结转 of 2020 against 结转下年度 of 2019, same agency
    with open(out / "dataset_checks.csv", encoding="utf-8-sig", newline="") as f:
        checks = list(csv.DictReader(f))
    assert {(c["check"], c["year"]) for c in checks} >= {("carry_over_ok", "2020"), ("carry_over_ok", "2021")}


def test_agency_names_are_matched_normalised():
    from extractor.dataset.checks import agency_key

    assert agency_key("苏州市 人民政府") == agency_key("苏州市政府") == "苏州市政府"
    assert agency_key("（苏州市）人民政府") == agency_key("苏州市人民政府")
    assert agency_key("苏州市人民政府办公室") != agency_key("苏州市人民政府")
    assert agency_key("") is None


# --- a budget per document; no file lost, whatever its name, type or cost ---------------------


def test_odd_names_and_file_types_never_stop_the_run(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    report = (SEEDS / "000_26fa7c73a70403e4.txt").read_bytes()
    gbk = os.fsdecode(bytes(src) + b"/" + "年度报告".encode("gbk") + b".txt")
    Path(gbk).write_bytes(report)
    (src / ("名" * 84 + ".md")).write_bytes(report + b"\n1")  # 255 bytes: NAME.json would not fit
    (src / "new\nline.txt").write_bytes(report + b"\n2")
    os.mkfifo(src / "pipe.txt")
    os.symlink("loop.txt", src / "loop.txt")
    out = tmp_path / "out"
    r = subprocess.run(XXGK + ["extract", str(src), "--out", str(out), "-j", "2", "--timeout", "60"], cwd=ROOT,
                       capture_output=True, timeout=300)
    assert r.returncode == 1, r.stderr
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted((Path(e["file"]).name, e["error"]) for e in errors) == [("loop.txt", "input_lost"),
                                                                          ("pipe.txt", "unreadable")]
    assert "FIFO" in errors[[Path(e["file"]).name for e in errors].index("pipe.txt")]["message"]
    jsons = sorted(out.glob("*.json"))
    assert len(jsons) == 3 and all(p.stat().st_size > 0 for p in jsons)
    assert all(len(os.fsencode(p.name)) <= 255 for p in jsons)
    with open(out / "fields.csv", encoding="utf-8-sig", newline="") as f:
        files = [row[0] for row in list(csv.reader(f))[1:]]
    assert len(files) == 3
    assert any("\\xc4\\xea" in f for f in files)  # the GBK bytes, escaped, not lost
    assert any("new\nline.txt" in f for f in files)
    assert not list(out.rglob("*.tmp"))


def test_a_device_named_on_the_command_line_is_not_read(tmp_path):
    r = subprocess.run(XXGK + ["extract", "/dev/zero"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "not a regular file" in r.stderr
    r = subprocess.run(XXGK + ["extract", "/dev/zero", "--out", str(tmp_path / "o")], cwd=ROOT,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1
    e = json.loads((tmp_path / "o" / "errors.jsonl").read_text(encoding="utf-8"))
    assert e["error"] == "unreadable" and "character device" in e["message"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_an_unreadable_folder_is_reported(tmp_path):
    src = tmp_path / "in"
    (src / "locked").mkdir(parents=True)
    shutil.copy(SEEDS / "000_26fa7c73a70403e4.txt", src / "locked" / "r.txt")
    shutil.copy(SEEDS / "001_ae5d534637d2dda6.txt", src / "ok.txt")
    os.chmod(src / "locked", 0)
    try:
        r = CliRunner().invoke(cli.main, ["extract", str(src), "--out", str(tmp_path / "o"), "-q"])
    finally:
        os.chmod(src / "locked", 0o755)
    assert r.exit_code == 1
    e = json.loads((tmp_path / "o" / "errors.jsonl").read_text(encoding="utf-8"))
    assert e["error"] == "input_lost" and "permission denied" in e["message"]


def test_walk_reports_what_it_cannot_read(tmp_path, monkeypatch):
    """Whoever runs the tests (root reads every folder): os.walk's error for a folder is a problem."""
    from extractor import files

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "r.txt").write_text("x")
    real_walk = os.walk

    def walk(top, onerror=None, **k):
        for item in real_walk(top, onerror=onerror, **k):
            yield item
            if onerror and item[0] == str(tmp_path):
                onerror(PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "locked")))

    monkeypatch.setattr(files.os, "walk", walk)
    got = [(p.name, why) for p, why in files.walk(tmp_path)]
    assert ("locked", "the folder cannot be read: permission denied") in got and ("r.txt", None) in got


def test_budgets_timeout_memory_size_and_a_full_disk(tmp_path, monkeypatch):
    from extractor import pipeline
    from extractor.dataset import names

    real = pipeline.extract_file

    def costly(path, *a, **k):
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        if text.startswith("SLOW"):
            time.sleep(60)
        if text.startswith("HUGE"):
            return {"x": bytearray(3 * 2**30)}
        return real(path, *a, **k)

    monkeypatch.setattr(pipeline, "extract_file", costly)
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_slow.txt").write_text("SLOW")
    (src / "b_huge.txt").write_text("HUGE")
    (src / "c_big.txt").write_bytes(b"x" * (2 * 2**20 + 1))
    shutil.copy(SEEDS / "000_26fa7c73a70403e4.txt", src / "d_ok.txt")
    out = tmp_path / "out"
    t0 = time.monotonic()
    r = CliRunner().invoke(cli.main, ["extract", str(src), "--out", str(out), "-j", "2", "-q", "--timeout", "3",
                                      "--max-memory", "1024", "--max-size", "2"], catch_exceptions=False)
    assert time.monotonic() - t0 < 45
    assert r.exit_code == 1
    errors = {Path(e["file"]).name: e for e in map(json.loads, (out / "errors.jsonl").read_text("utf-8").splitlines())}
    assert {k: e["error"] for k, e in errors.items()} == {"a_slow.txt": "timeout", "b_huge.txt": "too_large",
                                                           "c_big.txt": "too_large"}
    assert (out / "d_ok.json").stat().st_size > 0

    # a full disk: a clear error line, no 0-byte or partial JSON, the run goes on
    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(names, "atomic_write", full)
    from extractor.dataset import run as drun

    monkeypatch.setattr(drun, "atomic_write", full)
    out2 = tmp_path / "out2"
    r = CliRunner().invoke(cli.main, ["extract", str(src / "d_ok.txt"), "--out", str(out2), "-j", "1", "-q"],
                           catch_exceptions=False)
    assert r.exit_code == 1
    e = json.loads((out2 / "errors.jsonl").read_text(encoding="utf-8"))
    assert e["error"] == "write_failed" and "disk is full" in e["message"]
    assert not list(out2.glob("*.json"))


@pytest.mark.parametrize("name", ["membombs/span_bomb_diag.html", "hang_huge_number/row_granted_90digits.txt"])
def test_reliability_inputs_end_within_their_budget(tmp_path, name):
    """Inputs that once took gigabytes or minutes: a result or a timeout/too_large line, in budget."""
    f = RELIABILITY / name
    out = tmp_path / "out"
    t0 = time.monotonic()
    r = subprocess.run(XXGK + ["extract", str(f), "--out", str(out), "-q", "--timeout", "20", "--max-memory", "1024"],
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert time.monotonic() - t0 < 60
    assert r.returncode in (0, 1), r.stderr
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    if r.returncode == 0:
        assert (out / f"{f.stem}.json").stat().st_size > 0 and not errors
    else:
        assert [e["error"] for e in errors] in (["timeout"], ["too_large"], ["unreadable"])
