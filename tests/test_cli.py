"""The `xxgk` command line: file discovery, output layout, errors, summary, exit codes.

The mechanics tests replace `extractor.pipeline.extract_file` by a fake that returns a
report of the real shape (docs/spec/output.md); `test_end_to_end_real_report` runs
the real pipeline on a real report.
"""
from __future__ import annotations

import csv
import hashlib
import json
import multiprocessing
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

import extractor
from corpus import SEEDS
from extractor import batch, cli
from extractor.model import LoadError

REAL_REPORT = SEEDS / "000_26fa7c73a70403e4.txt"


# --- a fake pipeline ---------------------------------------------------------------------


def fake_extract_file(path) -> dict:
    """A report of the real shape; the file's first line decides what happens:
    empty or %PDF → LoadError, BUG → an unexpected exception, a number → the value of
    requests.new.natural (else 7)."""
    p = Path(path)
    raw = p.read_bytes()
    if not raw.strip():
        raise LoadError(f"{p.name}: the file is empty")
    if raw.startswith(b"%PDF"):
        raise LoadError(f"{p.name}: not a readable PDF (no xref table)")
    text = raw.decode("utf-8")
    first = text.strip().splitlines()[0]
    if first == "BUG":
        raise ZeroDivisionError("division by zero")
    n = int(first) if first.isdigit() else 7
    fields = {
        "active.rules.made": {"value": 3, "confidence": 0.99, "raw": "3"},
        "active.rules.published": {"value": None, "confidence": 0.97, "raw": ""},
        "active.procurement.amount": {
            "value": {"text": "594417.23万元", "yuan": 5944172300}, "confidence": 0.95, "raw": "594417.23万元"},
        "requests.new.natural": {"value": n, "confidence": 0.998, "raw": str(n)},
        "requests.new.total": {"value": n + 1, "confidence": 0.6, "raw": str(n + 1)},
        "requests.denied.state_secret.natural": {"value": 0, "confidence": 0.99, "raw": "0"},
        "requests.denied.state_secret.total": {"value": None, "confidence": 0.97, "raw": ""},
        "review.reconsideration.upheld": {"value": 1, "confidence": 0.93, "raw": "1"},
        "review.reconsideration.total": {"value": 2, "confidence": 0.5, "raw": "2"},
    }
    if "extra" in text:  # a report with one key the others lack (fields.csv takes the union)
        fields["requests.other.other.natural"] = {"value": 4, "confidence": 0.9, "raw": "4"}
    return {
        "schema_version": 1,
        "source": {"name": p.name, "sha256": hashlib.sha256(raw).hexdigest(), "format": "text"},
        "template": "2019",
        "year": 2020,
        "agency": "苏州市人民政府",
        "fields": fields,
        "checks": [{"rule": "requests.balance.natural", "ok": n == 7, "detail": f"{n}+0 == 7+0"}],
        "review": {
            "required": n != 7,
            "confidence": 0.97 if n == 7 else 0.41,
            "reasons": [] if n == 7 else ["新收+结转 ≠ 办理结果+结转下年 (requests.balance.natural)"],
        },
        "sections": {"overview": "…", "problems": "…", "other": "…"},
    }


@pytest.fixture
def fake_pipeline(monkeypatch):
    try:
        from extractor import pipeline
    except Exception:  # the real pipeline is not there (yet): stand in for the whole module
        pipeline = types.ModuleType("extractor.pipeline")
        monkeypatch.setitem(sys.modules, "extractor.pipeline", pipeline)
        monkeypatch.setattr(extractor, "pipeline", pipeline, raising=False)
    monkeypatch.setattr(pipeline, "extract_file", fake_extract_file, raising=False)
    return pipeline


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def run(args):
    """Invoke `xxgk ARGS` (all paths absolute); stdout and stderr are kept apart."""
    return CliRunner().invoke(cli.main, [str(a) for a in args], catch_exceptions=False)


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


# --- folders: mirroring, fields.csv, errors.jsonl ------------------------------------------


def test_folder_tree_is_mirrored(tmp_path, fake_pipeline):
    src = tmp_path / "scraped"
    write(src / "a" / "index.html", "1\n<html>")
    write(src / "b" / "index.html", "2\n<html>")
    write(src / "b" / "deep" / "report.txt", "3\ntext")
    write(src / "top.md", "4\n# md")
    # not documents: a labels file, other JSON, a hidden file, a hidden folder, a README
    write(src / "a" / "index.labels.json", "{}")
    write(src / "a" / "meta.json", "{}")
    write(src / ".hidden.txt", "5")
    write(src / ".git" / "x.txt", "5")
    write(src / "README.md", "about this folder")
    out = tmp_path / "out"

    r = run(["extract", src, "--out", out, "--quiet"])

    assert r.exit_code == 0, r.output
    produced = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json"))
    assert produced == ["a/index.json", "b/deep/report.json", "b/index.json", "top.json"]
    a = json.loads((out / "a" / "index.json").read_text(encoding="utf-8"))
    b = json.loads((out / "b" / "index.json").read_text(encoding="utf-8"))
    assert a["fields"]["requests.new.natural"]["value"] == 1
    assert b["fields"]["requests.new.natural"]["value"] == 2
    # UTF-8, not \u escapes; compact (one line) by default
    raw = (out / "a" / "index.json").read_text(encoding="utf-8")
    assert "苏州市人民政府" in raw and raw.startswith('{"schema_version":1,') and raw.count("\n") == 1
    assert (out / "errors.jsonl").read_text(encoding="utf-8") == ""
    assert r.stderr == ""  # --quiet


def test_fields_csv(tmp_path, fake_pipeline):
    from extractor.dataset import codebook
    from extractor.dataset.record import HEAD

    src = tmp_path / "in"
    write(src / "r1.txt", "7\nplain")
    write(src / "r2.txt", "9\nextra key")
    out = tmp_path / "out"

    r = run(["extract", src, "--out", out, "-q"])

    assert r.exit_code == 0, r.output
    assert (out / "fields.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    with open(out / "fields.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    assert head[:len(HEAD)] == HEAD
    # every key of the codebook (template registry), in its order, then has.<key> for the keys
    # only some template revisions have
    keys = codebook.keys()
    assert head[len(HEAD):len(HEAD) + len(keys)] == keys
    assert head[len(HEAD) + len(keys):] == [f"has.{k}" for k in codebook.partial_keys()]
    assert len(rows) == 3
    r1 = dict(zip(head, rows[1]))
    r2 = dict(zip(head, rows[2]))
    assert r1["file"].endswith("r1.txt") and r2["file"].endswith("r2.txt")
    assert r1["template"] == "2019" and r1["year"] == "2020" and r1["agency"] == "苏州市人民政府"
    assert r1["review_required"] == "false" and r2["review_required"] == "true"
    assert r1["review_confidence"] == "0.97"
    assert r1["requests.new.natural"] == "7" and r2["requests.new.natural"] == "9"
    assert r1["active.rules.published"] == ""  # blank cell stays blank, not 0
    assert r1["active.procurement.amount"] == "5944172300"  # money in yuan
    # a blank cell and a key the report does not have are both empty, has.<key> tells them apart
    assert r1["requests.other.other.natural"] == "" and r2["requests.other.other.natural"] == "4"
    assert r1["has.requests.other.other.natural"] == "false" and r2["has.requests.other.other.natural"] == "true"
    assert r1["has.active.rules.published"] == "true"


def test_bad_files_are_recorded_and_the_run_goes_on(tmp_path, fake_pipeline):
    src = tmp_path / "in"
    write(src / "a_good.txt", "7\nfine")
    write(src / "b_empty.txt", "")
    write(src / "c_fake.pdf", b"%PDF-1.7\n\x00\x01garbage")
    write(src / "d_bug.txt", "BUG")
    write(src / "e_good.html", "8\n<html>")
    out = tmp_path / "out"
    write(out / "b_empty.json", "{}")  # left over from an earlier run: must not look current

    r = run(["extract", src, "--out", out])

    assert r.exit_code == 1
    assert (out / "a_good.json").exists() and (out / "e_good.json").exists()
    assert not (out / "b_empty.json").exists() and not (out / "c_fake.json").exists()
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    by_file = {Path(e["file"]).name: e for e in errors}
    assert set(by_file) == {"b_empty.txt", "c_fake.pdf", "d_bug.txt"}
    # one vocabulary with the service (extractor.batch.ERRORS)
    assert by_file["b_empty.txt"]["error"] == "unreadable" and "empty" in by_file["b_empty.txt"]["message"]
    assert by_file["c_fake.pdf"]["error"] == "unreadable"
    assert by_file["d_bug.txt"]["error"] == "parse_failed"
    assert by_file["d_bug.txt"]["exception"] == "ZeroDivisionError"
    assert "traceback" in by_file["d_bug.txt"]  # a bug carries its traceback, unreadable input does not
    assert "traceback" not in by_file["b_empty.txt"]
    assert {e["error"] for e in errors} <= set(batch.ERRORS)
    rows = read_csv(out / "fields.csv")
    assert [Path(r[0]).name for r in rows[1:]] == ["a_good.txt", "e_good.html"]
    assert len(rows[0]) > 200
    assert "c_fake.pdf" in r.stderr and "failed" in r.stderr


def test_parallel_jobs(tmp_path, fake_pipeline):
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the fake pipeline reaches worker processes only when they are forked")
    src = tmp_path / "in"
    for i in range(10):
        write(src / f"d{i}" / "index.html", f"{i + 10}\n<html>")
    write(src / "d3" / "broken.txt", "")
    out = tmp_path / "out"

    r = run(["extract", src, "--out", out, "--jobs", "3"])

    assert r.exit_code == 1
    for i in range(10):
        data = json.loads((out / f"d{i}" / "index.json").read_text(encoding="utf-8"))
        assert data["fields"]["requests.new.natural"]["value"] == i + 10
    rows = read_csv(out / "fields.csv")
    # rows in input (sorted walk) order, whatever order the workers finished in
    assert [r[0] for r in rows[1:]] == sorted(r[0] for r in rows[1:])
    assert len(rows) == 11
    assert len((out / "errors.jsonl").read_text(encoding="utf-8").splitlines()) == 1


def test_a_crashing_worker_loses_only_its_file(tmp_path, fake_pipeline, monkeypatch):
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the fake pipeline reaches worker processes only when they are forked")
    import os

    def crashing(path):
        if Path(path).read_text(encoding="utf-8").startswith("CRASH"):
            os._exit(3)  # like a segfault in a C extension: the worker process is gone
        return fake_extract_file(path)

    monkeypatch.setattr(fake_pipeline, "extract_file", crashing)
    src = tmp_path / "in"
    for i in range(6):
        write(src / f"r{i}.txt", f"{i + 1}\ntext")
    write(src / "r3.txt", "CRASH")
    out = tmp_path / "out"

    r = run(["extract", src, "--out", out, "--jobs", "2", "-q"])

    assert r.exit_code == 1
    assert sorted(p.name for p in out.glob("*.json")) == [f"r{i}.json" for i in (0, 1, 2, 4, 5)]
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(Path(e["file"]).name, e["error"]) for e in errors] == [("r3.txt", "worker_crashed")]


# --- files named on the command line -------------------------------------------------------


def test_stem_collisions_do_not_overwrite(tmp_path, fake_pipeline):
    f1 = write(tmp_path / "x" / "report.html", "1\n<html>")
    f2 = write(tmp_path / "y" / "report.txt", "2\ntext")
    f3 = write(tmp_path / "z" / "report.md", "3\n# md")
    out = tmp_path / "out"

    r = run(["extract", f1, f2, f3, "--out", out])

    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in out.glob("*.json")) == ["report-2.json", "report-3.json", "report.json"]
    values = [json.loads((out / n).read_text(encoding="utf-8"))["fields"]["requests.new.natural"]["value"]
              for n in ("report.json", "report-2.json", "report-3.json")]
    assert values == [1, 2, 3]
    assert "report-2.json" in r.stderr and "report-3.json" in r.stderr


def test_same_file_twice_is_extracted_once(tmp_path, fake_pipeline):
    f = write(tmp_path / "r.txt", "7\ntext")
    out = tmp_path / "out"
    r = run(["extract", f, f, "--out", out, "-q"])
    assert r.exit_code == 0
    assert [p.name for p in out.glob("*.json")] == ["r.json"]


def test_single_file_summary(tmp_path, fake_pipeline):
    f = write(tmp_path / "report.txt", "9\nsomething")

    r = run(["extract", f])

    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "template: 2019" in out and "year: 2020" in out and "agency: 苏州市人民政府" in out
    assert "review: REQUIRED" in out and "0.41" in out
    assert "requests.balance.natural" in out  # the reason (and the failed check)
    lines = out.splitlines()
    # one grid per table; columns from the last key segment, rows may contain dots
    header = next(line for line in lines if line.strip().startswith("requests "))
    assert header.split() == ["requests", "natural", "total"]
    secret = next(line for line in lines if line.strip().startswith("denied.state_secret"))
    assert secret.split() == ["denied.state_secret", "0", "·"]  # blank shown as ·
    new = next(line for line in lines if line.strip().startswith("new "))
    assert new.split() == ["new", "9", "10?"]  # confidence 0.6 < 0.9 → ?
    assert next(line for line in lines if line.strip().startswith("reconsideration")).split() == \
        ["reconsideration", "1", "2?"]
    assert "594417.23万元" in out
    # grid columns are aligned: every line of the requests grid has the same display width
    i = lines.index(header)
    grid = lines[i:i + 3]
    assert len({cli._width(line) for line in grid}) == 1
    assert not list(tmp_path.glob("*.json"))  # nothing written without --out


def test_summary_for_several_files_without_out(tmp_path, fake_pipeline):
    f1 = write(tmp_path / "a.txt", "7\nx")
    f2 = write(tmp_path / "b.txt", "")
    f3 = write(tmp_path / "c.txt", "8\nx")
    r = run(["extract", f1, f2, f3])
    assert r.exit_code == 1
    assert r.stdout.count("== ") == 2
    assert r.stdout.index("a.txt") < r.stdout.index("c.txt")
    assert "b.txt" in r.stderr and "unreadable" in r.stderr


# --- usage ---------------------------------------------------------------------------------


def test_usage_errors_exit_2(tmp_path, fake_pipeline):
    assert run(["extract"]).exit_code == 2
    assert run(["extract", tmp_path / "missing.txt"]).exit_code == 2
    f = write(tmp_path / "r.txt", "7")
    assert run(["extract", f, "--jobs", "-1"]).exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    r = run(["extract", empty, "--out", tmp_path / "o"])
    assert r.exit_code == 2 and "no documents" in r.output


def test_version():
    r = CliRunner().invoke(cli.main, ["--version"])
    assert r.exit_code == 0 and "0.1.0" in r.output


def test_train_without_training_module_fails_clearly(monkeypatch):
    def missing(name, *a, **k):
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)

    monkeypatch.setattr(cli.importlib, "import_module", missing)
    r = CliRunner().invoke(cli.main, ["train", "--some-flag", "x"])
    assert r.exit_code == 1
    assert "training.train" in r.output and "not available" in r.output


def test_train_passes_arguments_through(monkeypatch):
    seen = {}
    fake = types.ModuleType("training.evaluate")

    def main(argv):
        seen["argv"] = argv
        return 0

    fake.main = main
    monkeypatch.setattr(cli.importlib, "import_module", lambda name: fake)
    r = CliRunner().invoke(cli.main, ["evaluate", "--split", "test", "-v", "models/x"])
    assert r.exit_code == 0, r.output
    assert seen["argv"] == ["--split", "test", "-v", "models/x"]


def test_is_document():
    assert cli.is_document(Path("a/index.html"))
    assert cli.is_document(Path("a/report"))  # no extension: still tried
    assert cli.is_document(Path("a/r.pdf"))
    assert not cli.is_document(Path("a/r.labels.json"))
    assert not cli.is_document(Path("a/r.json"))
    assert not cli.is_document(Path("a/.r.txt"))
    assert not cli.is_document(Path("a/index.tsv"))


# --- the real pipeline ---------------------------------------------------------------------


def test_end_to_end_real_report(tmp_path):
    out = tmp_path / "out"
    r = run(["extract", REAL_REPORT, "--out", out])
    errors = out / "errors.jsonl"
    assert r.exit_code == 0, r.output + (errors.read_text(encoding="utf-8") if errors.exists() else "")
    data = json.loads((out / f"{REAL_REPORT.stem}.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    assert isinstance(data["fields"], dict) and data["fields"]
    assert {"required", "confidence", "reasons"} <= set(data["review"])
    from extractor.dataset.record import HEAD

    with open(out / "fields.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert len(rows) == 2 and rows[0][:len(HEAD)] == HEAD

    # and the summary of the same file
    r = run(["extract", REAL_REPORT])
    assert r.exit_code == 0, r.output
    assert "template:" in r.stdout and "review:" in r.stdout


# --- --explain and the error vocabulary on the real pipeline -----------------------------------

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "005.txt"  # run-together digits: flagged cells


def test_explain_says_why_each_flagged_field_was_flagged(tmp_path):
    r = run(["extract", SAMPLE, "--explain"])
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "why flagged (为何需要复核):" in out
    plain = run(["extract", SAMPLE]).stdout
    assert out.startswith(plain.rstrip("\n"))  # the summary itself is unchanged
    data = json.loads(cli.dump_json(__import__("extractor.pipeline", fromlist=["x"]).extract_file(SAMPLE,
                                                                                                 explain=True)))
    flagged = [k for k, f in data["fields"].items() if "explain" in f]
    assert flagged
    for k in flagged:
        assert f"  {k} = " in out  # one entry per flagged field
        for zh, en in zip(data["fields"][k]["explain"]["why"], data["fields"][k]["explain"]["why_en"]):
            assert f"    - {zh}\n      {en}" in out  # Chinese first, then English
    assert "[uncertain_cells] " in out  # the reasons, Chinese, with their codes

    # with --out the JSON carries the explain entries; without --explain it does not
    r = run(["extract", SAMPLE, "--out", tmp_path / "a", "--explain", "-q"])
    assert r.exit_code == 0
    a = json.loads((tmp_path / "a" / "005.json").read_text(encoding="utf-8"))
    assert sorted(k for k, f in a["fields"].items() if "explain" in f) == sorted(flagged)
    run(["extract", SAMPLE, "--out", tmp_path / "b", "-q"])
    b = json.loads((tmp_path / "b" / "005.json").read_text(encoding="utf-8"))
    assert not any("explain" in f for f in b["fields"].values())


def test_errors_jsonl_speaks_the_batch_vocabulary(tmp_path):
    src = tmp_path / "in"
    write(src / "empty.txt", "")
    write(src / "fake.pdf", b"%PDF-1.7\n\x00\x01garbage")
    write(src / "ok.txt", SAMPLE.read_bytes())
    out = tmp_path / "out"
    r = run(["extract", src, "--out", out, "-q", "--jobs", "2"])
    assert r.exit_code == 1
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted((Path(e["file"]).name, e["error"]) for e in errors) == [("empty.txt", "unreadable"),
                                                                          ("fake.pdf", "unreadable")]
    assert all(set(e) == {"file", "error", "message"} and e["message"] for e in errors)
    assert set(batch.ERRORS) == {"unreadable", "input_lost", "parse_failed", "worker_crashed", "write_failed",
                                 "store_failed", "timeout", "too_large"}
    assert (out / "ok.json").is_file()


def test_a_broken_model_bundle_stops_the_run_once_with_its_reason(tmp_path, monkeypatch):
    """An incomplete bundle is one clear error before any document, not a failure per file
    and never a silent fallback to the rules."""
    import shutil

    from extractor import bundle, paths

    broken = tmp_path / "models" / "default"
    shutil.copytree(paths.SHIPPED_BUNDLE_DIR, broken)
    (broken / "calibration.json").unlink()
    monkeypatch.setenv("XXGK_MODELS_DIR", str(broken))
    bundle.default_bundle.cache_clear()
    try:
        res = CliRunner().invoke(cli.main, ["extract", str(SEEDS / "000_26fa7c73a70403e4.txt"),
                                            "--out", str(tmp_path / "out")])
    finally:
        bundle.default_bundle.cache_clear()
    assert res.exit_code == 1
    assert "calibration.json is missing" in res.output
    assert not (tmp_path / "out" / "000_26fa7c73a70403e4.json").exists()
