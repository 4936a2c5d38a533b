"""Converters are training tools (training/install_converters.sh), not run-time dependencies:
a test that needs a missing one skips - except under XXGK_CI=1, where .ci/run installs them and
a missing one fails the test."""
from __future__ import annotations

import os

import pytest


def need(*routes: str) -> None:
    """Skip (fail in CI) unless every program the routes use is installed."""
    from training import converters as C

    lack = [p for r in routes for p in C.missing(r)]
    if lack:
        msg = f"{', '.join(routes)} needs {', '.join(lack)} (training/install_converters.sh)"
        if os.environ.get("XXGK_CI") == "1":
            pytest.fail(msg + ": .ci/run installs it")
        pytest.skip(msg)
