"""Where the labelled dev corpus lives: the public reports copied into the repository
(tests/data/corpus: seeds/, real/, real-pdf/ with their *.labels.json), so training,
evaluation and benchmarks run on a plain clone."""
from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEV_CORPUS = REPO / "tests" / "data" / "corpus"
