"""`xxgk extract DIR --out OUT --ray [ADDRESS]`: the folder run with its parsing on Ray Data.

The driver does what a local run's parent does (run.Run): walks the inputs into the same
manifest (OUT/.xxgk/manifest.sqlite), hashes them, skips what is done for the same content
and version (`--retry-failed` redoes failures), and writes the same tables (wide/long
Parquet, fields.csv, checks, errors.jsonl) from the manifest through the same tables process
(follow.py) — a Ray run and a
local run of a folder give the same tables, and either resumes the other's work. What is
left to do goes to Ray a chunk at a time:

    from_items(tasks) → map_batches(Extract: actors that build the Pipeline once and parse
    each document in a forked child under the run's Budget — past its time the child is
    killed and the document recorded as `timeout`, the batch goes on) → the outcomes back
    to the driver, stored in the manifest as they arrive (durable; an interrupted run
    continues where it stopped).

No per-report JSON is written (the workers may be other machines); the tables have every
report. Ray is an optional extra (`pip install 'xxgk[ray]'`). Without ADDRESS a local Ray
is started; with one (`ray://head:10001` or `auto`) the cluster's workers need xxgk
installed (same version and bundle) and the input files at the same paths (a shared file
system), since the driver hashes them and the workers read them.
"""
from __future__ import annotations

import itertools
import pickle

from .. import batch
from .names import display
from .run import NoDocuments, Options, Run, Summary  # noqa: F401 - NoDocuments: for callers

CHUNK = 5000  # documents per Ray dataset: the driver holds at most this many tasks


class RayUnavailable(Exception):
    pass


class Extract:
    """A Ray actor's work: the Pipeline built once (a forked child inherits it), then a batch
    of documents at a time, each under the Budget (batch.Workers with one child)."""

    def __init__(self, cfg: dict, budget: batch.Budget, parse=None):
        from ..pipeline import default_pipeline
        from .run import work

        try:  # built here, before the child is forked: it costs a document nothing
            default_pipeline(cfg["classifier"], cfg["explain"])
        except Exception:  # noqa: BLE001 - a broken bundle is reported per document by the child
            pass
        self.workers = batch.Workers(parse or work, (cfg,), n=1, budget=budget)

    def __call__(self, b: dict) -> dict:
        tasks = [(i, pickle.loads(t)) for i, t in enumerate(b["task"])]
        outs: list = [None] * len(tasks)
        for i, outcome in self.workers.run(iter(tasks)):
            outs[i] = pickle.dumps(outcome, protocol=4)
        for i, o in enumerate(outs):  # (only if the run was stopped: never left empty)
            if o is None:
                outs[i] = pickle.dumps(batch.crashed(RuntimeError("the Ray worker stopped")), protocol=4)
        return {"hash": [t["hash"] for _, t in tasks], "outcome": outs}


def run(inputs, opts: Options, address: str | None = None, num_cpus: int | None = None, batch_size: int = 8,
        progress=None, warn=print, failed=None, parse=None) -> Summary:
    """The folder run on Ray (see the module docstring); `parse(task, cfg)` replaces the
    per-document function (tests: a slow document)."""
    try:
        import ray
        import ray.data
    except ImportError as e:
        raise RayUnavailable(f"Ray is not installed (pip install 'xxgk[ray]'): {e}")
    r = Run(inputs, opts, progress, warn, failed)  # (before ray.init: it forks the tables process)
    status = "failed"
    try:
        todo = r.tasks(with_json=False)
        first = list(itertools.islice(todo, CHUNK))
        if first and not ray.is_initialized():
            if address:
                ray.init(address=address)
            else:
                ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False)
        chunk = first
        while chunk:
            ctx = ray.data.DataContext.get_current()
            ctx.enable_progress_bars = False
            n_cpu = max(1, int(ray.cluster_resources().get("CPU", 1)))
            ds = ray.data.from_items([{"task": pickle.dumps(t, protocol=4)} for _, t in chunk])
            parsed = ds.map_batches(Extract, fn_constructor_args=(r.cfg, opts.budget, parse),
                                    batch_size=batch_size, concurrency=(1, n_cpu), batch_format="numpy")
            for b in parsed.iter_batches(batch_format="numpy", batch_size=None):
                for digest, blob in zip(b["hash"], b["outcome"]):
                    r.store(str(digest), pickle.loads(blob), wrote_json=False)
            chunk = list(itertools.islice(todo, CHUNK))
        r.finish()
        status = "done"
    except KeyboardInterrupt:  # what is stored stays: the next run continues (the tables are written then)
        r.s.interrupted = "SIGINT"
        status = "interrupted"
    finally:
        r.close(status)
    return r.s


def summary_line(s: Summary, out_dir) -> str:
    from .run import summary_line as local

    return local(s, out_dir).replace("xxgk: ", "xxgk (Ray): ", 1)


__all__ = ["run", "summary_line", "RayUnavailable", "Extract", "display"]
