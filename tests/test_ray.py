"""`xxgk extract --ray`: the same Pipeline on Ray Data (a local Ray with 2 CPUs), the same
wide and long tables as a local run."""
from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from corpus import REAL
from extractor import cli

ray = pytest.importorskip("ray")
pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def test_ray_run_matches_the_local_run(tmp_path, local_ray):
    from extractor.dataset import ray_run

    src = tmp_path / "in"
    src.mkdir()
    for p in sorted(REAL.glob("00[1-3].txt")):
        shutil.copy(p, src / p.name)
    (src / "empty.txt").write_bytes(b"")
    res = ray_run.run([str(src)], tmp_path / "ray-out")
    assert res["reports"] == 3 and res["failed"] == 1
    wide = pd.read_parquet(tmp_path / "ray-out" / "ray" / "wide").sort_values("file").reset_index(drop=True)
    long = pd.read_parquet(tmp_path / "ray-out" / "ray" / "long")
    errors = (tmp_path / "ray-out" / "ray" / "errors.jsonl").read_text(encoding="utf-8")
    assert '"unreadable"' in errors and "empty.txt" in errors

    r = CliRunner().invoke(cli.main, ["extract", str(src), "--out", str(tmp_path / "local"), "-j", "1", "-q"])
    assert r.exit_code == 1
    local = pd.read_parquet(tmp_path / "local" / "wide.parquet")
    assert list(wide.columns) == list(local.columns)
    assert list(wide.dtypes.astype(str)) == list(local.dtypes.astype(str))
    cols = [c for c in local.columns if c.startswith(("requests.", "active.", "review.")) or c in ("year", "agency")]
    pd.testing.assert_frame_equal(wide[cols], local[cols])
    assert len(long) == len(pd.read_parquet(tmp_path / "local" / "long.parquet"))
