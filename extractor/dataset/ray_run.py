"""`xxgk extract DIR --out OUT --ray [ADDRESS]`: the same Pipeline on Ray Data.

    read_binary_files(paths) → map_batches(Extract: Pipeline.extract_bytes per document, in
    actors that build the Pipeline once) → the compact records (record.py) → map_batches into
    the wide and long tables (export.columns: the same columns and dtypes as a local run) →
    write_parquet(OUT/ray/wide/, OUT/ray/long/); OUT/ray/errors.jsonl for files that failed.

Ray is an optional extra (`pip install 'xxgk[ray]'`). Without ADDRESS a local Ray is started;
with one (`ray://head:10001` or `auto`), the cluster's workers need xxgk installed (or a
runtime_env that installs it). The local multiprocess run stays the default: it is resumable
and has a budget per document; here Ray schedules and retries tasks, and each document's
parse is bounded by the Pipeline's own caps (not by a killed worker).
"""
from __future__ import annotations

import json
import time
from pathlib import Path

from .. import batch
from ..files import problem_of, walk
from . import export as X
from . import record
from .names import display


class RayUnavailable(Exception):
    pass


class Extract:
    """A Ray actor's work: the Pipeline built once, then a batch of files at a time."""

    def __init__(self, classifier=None, explain: bool = False):
        from ..pipeline import Pipeline

        self.nlp = Pipeline(classifier, explain=explain)

    def __call__(self, b: dict) -> dict:
        files, oks, recs, errs = [], [], [], []
        for data, path in zip(b["bytes"], b["path"]):
            name = display(path)
            out = batch.attempt(lambda: {"report": self.nlp.extract_bytes(bytes(data), Path(path).name)}, name=name)
            files.append(name)
            oks.append(bool(out["ok"]))
            if out["ok"]:
                recs.append(json.dumps(record.make(out["report"], name), ensure_ascii=False))
                errs.append(None)
            else:
                recs.append(None)
                errs.append(json.dumps({"file": name, "error": out["error"], "message": out["message"]},
                                       ensure_ascii=False))
        return {"file": files, "ok": oks, "record": recs, "error": errs}


def _wide(b: dict):
    from .codebook import codebook, keys, partial_keys

    wide_cols, _ = X.columns()
    money = {e.key for e in codebook() if e.money}
    rows = [X.wide_values(json.loads(r), keys(), money, partial_keys()) for r in b["record"] if r]
    return X.to_table(rows, X.schema(wide_cols))


def _long(b: dict):
    _, long_cols = X.columns()
    rows = []
    for r in b["record"]:
        if r:
            rec = json.loads(r)
            rows += X.long_values(rec, rec["head"].get("sha256"))
    return X.to_table(rows, X.schema(long_cols))


def run(inputs, out_dir: Path, address: str | None = None, classifier=None, explain: bool = False,
        num_cpus: int | None = None, batch_size: int = 8) -> dict:
    try:
        import ray
    except ImportError as e:
        raise RayUnavailable(f"Ray is not installed (pip install 'xxgk[ray]'): {e}")
    t0 = time.monotonic()
    paths, problems = [], []
    for a in inputs:
        p = Path(a)
        for f, why in (walk(p, [out_dir]) if p.is_dir() else [(p, problem_of(p))]):
            if why is None:
                paths.append(str(f))
            else:
                problems.append({"file": display(f), "error": batch.UNREADABLE if "regular" in why else batch.INPUT_LOST,
                                 "message": f"{display(f)}: {why}"})
    dest = out_dir / "ray"
    dest.mkdir(parents=True, exist_ok=True)
    if not ray.is_initialized():
        if address:
            ray.init(address=address)
        else:
            ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False)
    n_ok = n_failed = 0
    if paths:
        import ray.data

        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        ds = ray.data.read_binary_files(paths, include_paths=True)
        parsed = ds.map_batches(Extract, fn_constructor_kwargs={"classifier": classifier, "explain": explain},
                                batch_size=batch_size, concurrency=(1, max(1, int(ray.cluster_resources().get("CPU", 1)))),
                                batch_format="numpy").materialize()
        parsed.map_batches(_wide, batch_format="numpy").write_parquet(str(dest / "wide"))
        parsed.map_batches(_long, batch_format="numpy").write_parquet(str(dest / "long"))
        for row in parsed.select_columns(["ok", "error"]).iter_rows():
            if row["ok"]:
                n_ok += 1
            else:
                n_failed += 1
                problems.append(json.loads(row["error"]))
    with open(dest / "errors.jsonl", "w", encoding="utf-8") as f:
        for p in sorted(problems, key=lambda r: r["file"]):
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    return {"reports": n_ok, "failed": n_failed + (len(problems) - n_failed), "out": str(dest),
            "seconds": round(time.monotonic() - t0, 1)}


def summary_line(res: dict, out_dir: Path) -> str:
    return (f"xxgk: Ray: {res['reports']} reports, {res['failed']} failed → {res['out']}/ (wide/, long/, "
            f"errors.jsonl; {res['seconds']} s)")
