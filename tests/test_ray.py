"""`xxgk extract --ray`: the folder run with its parsing on Ray Data (a local Ray with 2 CPUs):
the same tables as a local run, the same manifest (a second run parses nothing,
--retry-failed redoes failures) and a time budget per document (a slow one is `timeout`,
the others are parsed)."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from corpus import REAL
from extractor import batch, cli

ray = pytest.importorskip("ray")
pd = pytest.importorskip("pandas")

TABLES = ("wide.parquet", "long.parquet", "fields.csv", "dataset_checks.csv", "duplicates.csv", "errors.jsonl")


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def _folder(dst, names=("001", "002", "003")):
    dst.mkdir()
    for n in names:
        shutil.copy(REAL / f"{n}.txt", dst / f"{n}.txt")
    (dst / "empty.txt").write_bytes(b"")
    shutil.copy(REAL / f"{names[0]}.txt", dst / "zz-same-bytes.txt")
    return dst


def test_ray_run_writes_the_local_runs_tables_and_resumes(tmp_path, local_ray):
    from extractor.dataset import ray_run
    from extractor.dataset.run import Options

    src = _folder(tmp_path / "in")
    s = ray_run.run([str(src)], Options(tmp_path / "ray-out"))
    assert (s.done, s.failed, s.duplicates) == (3, 1, 1)
    errors = (tmp_path / "ray-out" / "errors.jsonl").read_text(encoding="utf-8")
    assert '"unreadable"' in errors and "empty.txt" in errors

    r = CliRunner().invoke(cli.main, ["extract", str(src), "--out", str(tmp_path / "local"), "-j", "1", "-q"])
    assert r.exit_code == 1
    for t in TABLES:  # one export from one manifest: the very same files
        assert (tmp_path / "ray-out" / t).read_bytes() == (tmp_path / "local" / t).read_bytes(), t
    wide = pd.read_parquet(tmp_path / "ray-out" / "wide.parquet")
    assert len(wide) == 3 and str(wide["year"].dtype) == "Int64"
    assert not list((tmp_path / "ray-out").rglob("00*.json"))  # no per-report JSON on Ray

    # a second run parses nothing (same content, same version) and writes the same tables
    before = {t: (tmp_path / "ray-out" / t).read_bytes() for t in TABLES}
    s = ray_run.run([str(src)], Options(tmp_path / "ray-out"))
    assert (s.done, s.skipped, s.duplicates) == (0, 5, 0)  # the twin too: its content is done
    assert {t: (tmp_path / "ray-out" / t).read_bytes() for t in TABLES} == before


def test_ray_run_stops_a_slow_document_and_goes_on(tmp_path, local_ray):
    from extractor.dataset import ray_run
    from extractor.dataset.run import Options

    src = _folder(tmp_path / "in", ("001", "002", "003", "004"))
    (src / "slow.txt").write_bytes((REAL / "005.txt").read_bytes())

    def slow(task, cfg):  # a document that never ends: its worker must be stopped
        import time

        from extractor.dataset.run import work

        if task["name"].endswith("slow.txt"):
            time.sleep(600)
        return work(task, cfg)

    opts = Options(tmp_path / "out", budget=batch.Budget(seconds=8, wall_seconds=20))
    s = ray_run.run([str(src)], opts, parse=slow, batch_size=8)
    assert s.done == 4 and s.failed == 2  # slow.txt (timeout) and empty.txt
    errors = [json.loads(x) for x in (tmp_path / "out" / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {e["file"].rsplit("/", 1)[-1]: e["error"] for e in errors} == {"slow.txt": batch.TIMEOUT,
                                                                         "empty.txt": batch.UNREADABLE}
    assert len(pd.read_parquet(tmp_path / "out" / "wide.parquet")) == 4

    # the timeout is a failure of that run: kept on a plain rerun, parsed again with --retry-failed
    s = ray_run.run([str(src)], Options(tmp_path / "out"))
    assert s.done == 0 and s.skipped == 7
    s = ray_run.run([str(src)], Options(tmp_path / "out", retry_failed=True))
    assert s.done == 1  # slow.txt, now at its normal speed (empty.txt stays unreadable: same loaders)
    assert len(pd.read_parquet(tmp_path / "out" / "wide.parquet")) == 5
