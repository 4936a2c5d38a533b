"""A document's time budget is CPU time (extractor.batch.Budget): a loaded machine makes a
document wait for a core without failing it; a document that computes past its budget is
stopped; one that waits without computing is stopped by the wall-clock backstop."""
import sys
import time

import pytest

from extractor import batch

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="CPU time is read from /proc")


def _spin(seconds):
    t = time.process_time()
    while time.process_time() - t < seconds:
        pass
    return {"ok": True}


def _nap(seconds):
    time.sleep(seconds)
    return {"ok": True}


def _run(fn, tasks, budget):
    workers = batch.Workers(fn, n=1, budget=budget)
    return dict(workers.run(iter(tasks)))


def test_a_document_past_its_cpu_budget_is_stopped_and_the_next_one_runs():
    got = _run(_spin, [("busy", 60), ("light", 0.01)], batch.Budget(seconds=0.5, wall_seconds=120))
    assert got["busy"]["error"] == batch.TIMEOUT
    assert "CPU time" in got["busy"]["message"]
    assert got["light"] == {"ok": True}


def test_waiting_is_not_spending_the_budget():
    # 2 s of wall time, next to no CPU: under a wall-clock budget of 0.5 s this was a timeout
    assert _run(_nap, [("waits", 2)], batch.Budget(seconds=0.5, wall_seconds=120)) == {"waits": {"ok": True}}


def test_a_document_that_waits_forever_meets_the_wall_clock_backstop():
    got = _run(_nap, [("hangs", 600)], batch.Budget(seconds=0.5, wall_seconds=1.5))
    assert got["hangs"]["error"] == batch.TIMEOUT
    assert "wall clock" in got["hangs"]["message"]


def test_the_backstop_defaults_to_a_multiple_of_the_cpu_budget():
    assert batch.Budget(seconds=3).wall_seconds == 3 * batch.Budget.WALL_FACTOR
    assert batch.Budget(seconds=None).wall_seconds is None
