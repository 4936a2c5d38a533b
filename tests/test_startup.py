"""Start-up stays light: `xxgk --version` and extracting a text report import none of the heavy
optional engines (spaCy, thinc, torch, scikit-learn, the OCR engine, ...) — they are loaded only
by a document or an option that needs them. Checked in a fresh interpreter each time."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
