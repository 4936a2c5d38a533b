"""Write a model bundle's manifest, and choose the folder a training run writes its bundle to.

A bundle (see extractor.bundle) is a folder with the block classifier (block-classifier/), the
calibration fitted on it (calibration.json, which names that classifier's version), optionally
the neural model (block-neural/), and manifest.json naming each with its version and the sha256
of every file the extractor reads. `write_manifest` hashes what is in the folder now; run it
after any model file in a bundle changed:

    python -m training.bundle DIR [--name NAME] [--version V]
"""
from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

from extractor import templates
from extractor.blockmodel import MODEL_DIR_NAME as CLASSIFIER_DIR
from extractor.blockmodel import BlockClassifier
from extractor.bundle import FORMAT, Bundle, default_bundle, read_bundle, sha256_file
from extractor.neural import MODEL_DIR_NAME as NEURAL_DIR
from extractor.neural import NeuralBlockClassifier
from extractor.paths import BUNDLE_NAME, CHECKOUT_MODELS_DIR, MANIFEST, SHIPPED_BUNDLE_DIR, installed_bundle_dir

CALIBRATION = "calibration.json"
NEW_BUNDLES = Path("xxgk-models")  # where `xxgk train` puts a bundle when no --out is given


def trained_templates() -> list[str]:
    """The template revisions the training data covers (the generator and the annotations read
    both tables of each revision the template registry knows)."""
    return sorted(templates.versions("requests"))


def _member(root: Path, folder: str, cls, version_file: str) -> dict:
    meta = json.loads((root / folder / version_file).read_text(encoding="utf-8"))
    return {"kind": cls.kind, "path": folder, "version": meta["version"],
            "files": {f: sha256_file(root / folder / f) for f in cls.FILES}}


def write_manifest(root: Path, *, name: str | None = None, version: str | None = None,
                   templates: list[str] | None = None, training: dict | None = None,
                   created: str | None = None) -> dict:
    """Hash the models in `root` and write root/manifest.json; returns the manifest.

    Whatever is not given is kept from the manifest already there (rewriting one after a file
    changed keeps its name, version and history), else defaults: the folder's name, the
    creation time, `trained_templates()`. The calibration must name the classifier it was
    fitted for (`"classifier"` in calibration.json) and that must be the classifier here."""
    root = Path(root)
    old = json.loads((root / MANIFEST).read_text(encoding="utf-8")) if (root / MANIFEST).exists() else {}
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    classifier = _member(root, CLASSIFIER_DIR, BlockClassifier, "meta.json")
    cal = json.loads((root / CALIBRATION).read_text(encoding="utf-8"))
    if cal.get("classifier") != classifier["version"]:
        raise ValueError(f"{root / CALIBRATION} was fitted for classifier {cal.get('classifier')!r}, "
                         f"not for {classifier['version']!r} in {root / CLASSIFIER_DIR}")
    manifest = {
        "format": FORMAT,
        "name": name or old.get("name") or root.name,
        "version": version or old.get("version") or time.strftime("%Y.%m.%d", time.gmtime()),
        "created": created or old.get("created") or now,
        "templates": list(templates or old.get("templates") or trained_templates()),
        "classifier": classifier,
        "calibration": {"path": CALIBRATION, "sha256": sha256_file(root / CALIBRATION),
                        "classifier_version": cal["classifier"], "fitted_on": cal.get("fitted_on")},
    }
    if (root / NEURAL_DIR / "config.json").exists():
        # optional: read only on request (`--classifier neural|ensemble`), with the calibration
        # above (its model card measures it so)
        manifest["neural"] = _member(root, NEURAL_DIR, NeuralBlockClassifier, "config.json")
    manifest["training"] = training if training is not None else old.get("training", {})
    if old and old != manifest:
        manifest["updated"] = now
    (root / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    read_bundle(root)  # what was written must load
    return manifest


def start_bundle(dst: Path, src: Bundle | None = None) -> Bundle:
    """A bundle in `dst` holding the classifier and calibration of `src` (default: the bundle in
    use), for a model trained on its own (training.neural) to join; `dst` as is if it holds one."""
    dst = Path(dst)
    if (dst / MANIFEST).exists():
        return read_bundle(dst)
    src = src or default_bundle()
    dst.mkdir(parents=True, exist_ok=True)
    shutil.copytree(src.classifier_dir, dst / CLASSIFIER_DIR, dirs_exist_ok=True)
    shutil.copy2(src.root / src.calibration_path, dst / CALIBRATION)
    write_manifest(dst, name=dst.name, templates=list(src.templates),
                   training={**src.manifest.get("training", {}), "from_bundle": f"{src.name} {src.version}"})
    return read_bundle(dst)


def _protected() -> list[Path]:
    """Bundles a training run must not overwrite unasked: the shipped one and the copy a
    regular install carries."""
    out = [SHIPPED_BUNDLE_DIR.resolve()]
    installed = installed_bundle_dir()
    if installed is not None:
        out.append(installed.resolve())
    return out


def output_dir(out: Path | None, *, replace_shipped: bool = False, force: bool = False, stem: str = "bundle") -> Path:
    """The folder a training run writes its bundle to, or ValueError saying why not.

    No `out`: a new `xxgk-models/<stem>-<time>` in the current folder. The shipped bundle
    (models/default) only with `replace_shipped`; an existing bundle elsewhere only with `force`."""
    if replace_shipped:
        if not (SHIPPED_BUNDLE_DIR / MANIFEST).exists():
            raise ValueError(f"--replace-shipped rewrites a checkout's models/{BUNDLE_NAME}, and there is none at "
                             f"{SHIPPED_BUNDLE_DIR}: write a new bundle with --out")
        if out is not None and Path(out).resolve() != SHIPPED_BUNDLE_DIR.resolve():
            raise ValueError(f"--replace-shipped writes {SHIPPED_BUNDLE_DIR}; leave out --out")
        return SHIPPED_BUNDLE_DIR
    if out is None:
        out = NEW_BUNDLES / f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}"
    target = Path(out).resolve()
    if target == CHECKOUT_MODELS_DIR.resolve():  # the folder of bundles, not one
        raise ValueError(f"{out} holds the bundles; name a bundle folder in it, e.g. {Path(out) / 'mine'}")
    for p in _protected():
        if target == p or p.is_relative_to(target) or target.is_relative_to(p):
            raise ValueError(f"{out} is (or holds, or is inside) the shipped model bundle {SHIPPED_BUNDLE_DIR}: "
                             "write a new bundle elsewhere, or pass --replace-shipped to overwrite the shipped one")
    if target.exists() and any(target.iterdir()) and not force:
        raise ValueError(f"{out} exists and is not empty: name a new folder, or pass --force to overwrite it")
    return Path(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.bundle", description=__doc__.splitlines()[0])
    ap.add_argument("bundle", type=Path, help=f"the bundle folder (e.g. models/{BUNDLE_NAME})")
    ap.add_argument("--name")
    ap.add_argument("--version")
    args = ap.parse_args(argv)
    m = write_manifest(args.bundle, name=args.name, version=args.version)
    print(f"wrote {args.bundle / MANIFEST}: bundle {m['name']} {m['version']}, classifier {m['classifier']['version']}"
          + (f", neural {m['neural']['version']}" if "neural" in m else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
