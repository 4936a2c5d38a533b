"""Where the trained models live.

Models are kept in the top-level ``models/`` folder of the repository. From a checkout
(including an editable ``pip install -e .``) that folder is used in place; a regular
install copies it to ``<prefix>/share/xxgk/models`` (pyproject's data-files). The
environment variable ``XXGK_MODELS_DIR`` overrides both.
"""
from __future__ import annotations

import os
import site
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
CHECKOUT_MODELS_DIR = REPO_ROOT / "models"


def _installed_candidates() -> list[Path]:
    bases = [sys.prefix, sys.base_prefix]
    try:
        bases.append(site.getuserbase())
    except Exception:  # site may be disabled (python -S)
        pass
    out: list[Path] = []
    for b in bases:
        p = Path(b) / "share" / "xxgk" / "models"
        if p not in out:
            out.append(p)
    return out


def find_models_dir() -> Path:
    """The models folder: $XXGK_MODELS_DIR, else the checkout's, else the installed copy.

    When none exists the checkout path is returned, so that a missing model fails with
    a path a developer recognises (see `model_path`).
    """
    env = os.environ.get("XXGK_MODELS_DIR")
    if env:
        return Path(env).expanduser().resolve()
    if CHECKOUT_MODELS_DIR.is_dir():
        return CHECKOUT_MODELS_DIR
    for p in _installed_candidates():
        if p.is_dir():
            return p
    return CHECKOUT_MODELS_DIR


MODELS_DIR: Path = find_models_dir()


def model_path(*parts: str) -> Path:
    """Path of a file under MODELS_DIR; FileNotFoundError with a clear message if absent."""
    p = MODELS_DIR.joinpath(*parts)
    if not p.exists():
        raise FileNotFoundError(
            f"model file {'/'.join(parts)} not found in {MODELS_DIR} "
            "(train it with `xxgk train`, or point XXGK_MODELS_DIR at a models folder)"
        )
    return p
