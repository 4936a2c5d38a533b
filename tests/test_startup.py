"""Start-up stays light: `xxgk --version` and extracting a text report import none of the heavy
optional engines (spaCy, thinc, torch, scikit-learn, the OCR engine, ...) — they are loaded only
by a document or an option that needs them. Checked in a fresh interpreter each time."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from corpus import REAL

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("spacy", "thinc", "torch", "sklearn", "rapidocr_onnxruntime", "onnxruntime", "cv2", "transformers",
         "pyarrow", "pandas", "openpyxl", "ray")
TEXT = REAL / "001.txt"


def loaded_after(code: str) -> list[str]:
    probe = (code + "\nimport json, sys\n"
             f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({list(HEAVY)!r}))))")
    r = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_extracting_a_text_report_imports_no_heavy_module():
    assert loaded_after(f"from extractor.pipeline import extract_file\n"
                        f"r = extract_file({str(TEXT)!r})\nassert r['fields']") == []


def test_the_cli_imports_no_heavy_module():
    assert loaded_after("from extractor import cli\n"
                        "try:\n    cli.main(['--version'])\nexcept SystemExit:\n    pass") == []
    assert loaded_after("from extractor import cli\n"
                        f"try:\n    cli.main(['extract', {str(TEXT)!r}, '-j', '1'])\nexcept SystemExit as e:\n"
                        "    assert not e.code, e.code") == []


def test_spacy_is_asked_for_only_by_name():
    """The narrative checks run without spaCy by default (same statements); XXGK_NARRATIVE_SPACY=1
    runs them in the spaCy pipeline, where it is installed."""
    code = ("import os\nos.environ['XXGK_NARRATIVE_SPACY'] = '1'\n"
            "import importlib.util\n"
            "if importlib.util.find_spec('spacy') is None:\n    import sys; print('[\"spacy\"]'); sys.exit(0)\n"
            f"from extractor.pipeline import extract_file\nextract_file({str(TEXT)!r})")
    assert "spacy" in loaded_after(code)


def _run_probe(code: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")}
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip().splitlines()[-1]


def test_one_file_forks_one_worker():
    """Each worker is a fork of the parent (and the child's own start-up): a run over one file
    starts one, whatever --jobs says."""
    code = ("from extractor import batch, cli\n"
            "n = []\nspawn = batch.Workers._spawn\n"
            "def counted(self):\n    n.append(1)\n    return spawn(self)\n"
            "batch.Workers._spawn = counted\n"
            f"try:\n    cli.main(['extract', {str(TEXT)!r}, '-j', '4'])\nexcept SystemExit as e:\n"
            "    assert not e.code, e.code\n"
            "print(len(n))")
    assert _run_probe(code) == "1"


def test_extract_runs_numpy_with_one_blas_thread():
    """numpy does no BLAS work in an extraction; an OpenBLAS pool per process (one thread per
    core, in every worker) only costs start-up CPU."""
    pytest.importorskip("threadpoolctl")
    code = ("from extractor import cli\n"
            f"try:\n    cli.main(['extract', {str(TEXT)!r}, '-j', '1'])\nexcept SystemExit as e:\n"
            "    assert not e.code, e.code\n"
            "import json, threadpoolctl\n"
            "print(json.dumps([i['num_threads'] for i in threadpoolctl.threadpool_info() "
            "if i['internal_api'] == 'openblas']))")
    assert set(json.loads(_run_probe(code))) <= {1}
