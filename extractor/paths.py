"""Where the model bundle lives (what a bundle holds and how it is checked: extractor/bundle.py).

A bundle is a folder with a ``manifest.json``. The shipped one is ``models/default/`` of the
repository, the only source of it. It is looked for, in this order:

1. ``$XXGK_MODELS_DIR``: a bundle folder (it has a manifest.json), or a folder of bundles, of
   which ``default/`` is taken (as the repository's ``models/``);
2. the checkout's ``models/default`` (a checkout, or an editable ``pip install -e .``);
3. the installed copy: a regular install (a wheel) puts it in ``<data>/share/xxgk/models/default``
   (pyproject's data-files), found through the installed distribution's own file list, so a
   venv, ``--user`` and ``--prefix`` install all work.
"""
from __future__ import annotations

import os
from pathlib import Path

BUNDLE_NAME = "default"
MANIFEST = "manifest.json"
REPO_ROOT = Path(__file__).resolve().parents[1]
CHECKOUT_MODELS_DIR = REPO_ROOT / "models"
SHIPPED_BUNDLE_DIR = CHECKOUT_MODELS_DIR / BUNDLE_NAME  # the source of the bundle the wheel carries
INSTALLED_MODELS = "share/xxgk/models"  # pyproject.toml [tool.setuptools.data-files]


def installed_bundle_dir(name: str = BUNDLE_NAME) -> Path | None:
    """The bundle a regular install of xxgk put under its data folder, if any."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        dist = distribution("xxgk")
    except PackageNotFoundError:
        return None
    want = f"{INSTALLED_MODELS}/{name}/{MANIFEST}"
    for f in dist.files or ():  # RECORD paths are relative to site-packages, whatever the scheme
        if f.as_posix().endswith(want):
            return Path(dist.locate_file(f)).resolve().parent
    return None


def env_bundle_dir(name: str = BUNDLE_NAME) -> Path | None:
    """The bundle $XXGK_MODELS_DIR names (existing or not: a wrong path must fail, not be skipped)."""
    env = os.environ.get("XXGK_MODELS_DIR")
    if not env:
        return None
    p = Path(env).expanduser().resolve()
    if not (p / MANIFEST).exists() and (p / name / MANIFEST).exists():
        return p / name
    return p


def find_bundle_dir(name: str = BUNDLE_NAME) -> tuple[Path | None, list[str]]:
    """(the bundle folder, or None; where it was looked for, for an error message)."""
    looked: list[str] = []
    env = env_bundle_dir(name)
    if env is not None:
        return env, [f"$XXGK_MODELS_DIR={env}"]
    checkout = CHECKOUT_MODELS_DIR / name
    looked.append(str(checkout))
    if (checkout / MANIFEST).exists():
        return checkout, looked
    installed = installed_bundle_dir(name)
    looked.append(f"the installed xxgk's {INSTALLED_MODELS}/{name}")
    return installed, looked
