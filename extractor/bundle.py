"""The model bundle: the block classifier, the confidence calibration fitted on it, and the
template revisions they were trained for, as one folder with a manifest.

    models/default/
        manifest.json          what is here, with versions and sha256 of every file read
        block-classifier/      the default block classifier (extractor.blockmodel)
        calibration.json       raw field score -> probability, fitted on that classifier's outputs
        block-neural/          optional: the transformer of extractor.neural (torch, on request)

`load_bundle()` finds the bundle (extractor.paths), reads the manifest and checks it: every file
it names exists and has its sha256, and the calibration was fitted for the manifest's classifier
version; the models check their own version against it when they load (blockmodel.load_default,
neural.load_default), and the calibration its `"classifier"` (confidence.calibration_file).
The neural model shares the bundle because it was trained on the same data and is measured and
used (`ensemble`) with this calibration; it is optional and read only on request. Anything else is a `BundleError` that says what is
wrong: a missing or mixed-up model is never replaced by the rules in silence (the rules run
only when asked for by name, `--classifier rules`). The manifest is written by
`training.bundle.write_manifest` (`xxgk train`, `python -m training.neural`).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .paths import BUNDLE_NAME, MANIFEST, find_bundle_dir

FORMAT = 1  # of manifest.json; a reader refuses a format it does not know
# the model classes that read each kind (their `kind`); this module never imports them, they
# load themselves from a checked bundle (blockmodel.load_default, neural.load_default)
CLASSIFIER_KINDS = ("block-lr",)  # extractor.blockmodel.BlockClassifier
NEURAL_KINDS = ("block-bert",)  # extractor.neural.NeuralBlockClassifier


class BundleError(RuntimeError):
    """A model bundle that is missing, incomplete or inconsistent."""


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True)
class Member:
    """A model in the bundle: a folder of files, each with its sha256."""
    kind: str
    path: str
    version: str
    files: dict[str, str]


@dataclass(frozen=True)
class Bundle:
    root: Path
    name: str
    version: str
    templates: tuple[str, ...]
    classifier: Member
    calibration_path: str
    calibration_sha256: str
    neural: Member | None
    manifest: dict

    def _where(self) -> str:
        return f"model bundle {self.name!r} ({self.root})"

    @property
    def classifier_dir(self) -> Path:
        return self.root / self.classifier.path

    @property
    def neural_dir(self) -> Path | None:
        return self.root / self.neural.path if self.neural else None

    def check_version(self, member: str, loaded: str) -> None:
        """A loaded model must be the version the manifest names (member: classifier | neural)."""
        m: Member = getattr(self, member)
        if loaded != m.version:
            raise BundleError(f"{self._where()}: the {member} in {m.path}/ is version {loaded!r}, "
                              f"the manifest names {m.version!r}")

    def read_calibration(self) -> dict:
        """calibration.json, checked to be fitted for the bundle's classifier."""
        cal = json.loads((self.root / self.calibration_path).read_text(encoding="utf-8"))
        fitted_for = cal.get("classifier")
        if fitted_for != self.classifier.version:
            raise BundleError(f"{self._where()}: {self.calibration_path} was fitted for classifier "
                              f"{fitted_for!r}, the bundle's classifier is {self.classifier.version!r} "
                              "(refit it with `xxgk train`)")
        return cal


def _member(d: dict, what: str, kinds: tuple[str, ...], where: str) -> Member:
    if not isinstance(d, dict):
        raise BundleError(f"{where}: manifest.json has no {what} entry")
    missing = [k for k in ("kind", "path", "version", "files") if not d.get(k)]
    if missing:
        raise BundleError(f"{where}: the manifest's {what} entry lacks {', '.join(missing)}")
    if d["kind"] not in kinds:
        raise BundleError(f"{where}: {what} kind {d['kind']!r} is not one this xxgk reads ({', '.join(kinds)})")
    return Member(d["kind"], d["path"], str(d["version"]), dict(d["files"]))


def _verify(root: Path, rel: str, want: str, where: str) -> None:
    p = root / rel
    if not p.is_file():
        raise BundleError(f"{where}: {rel} is missing (the manifest lists it)")
    got = sha256_file(p)
    if got != want:
        raise BundleError(f"{where}: {rel} does not match the manifest (sha256 {got[:12]}…, expected "
                          f"{want[:12]}…): a file was changed without rewriting the manifest "
                          "(`python -m training.bundle DIR`), or the bundle mixes files of two trainings")


def read_bundle(root: Path) -> Bundle:
    """Read and check the bundle in `root` (BundleError if it is not complete and consistent)."""
    root = Path(root)
    where = f"model bundle at {root}"
    mf = root / MANIFEST
    if not mf.is_file():
        raise BundleError(f"{where}: no {MANIFEST}" + ("" if root.is_dir() else " (the folder does not exist)"))
    try:
        m = json.loads(mf.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise BundleError(f"{where}: {MANIFEST} cannot be read: {e}") from e
    if m.get("format") != FORMAT:
        raise BundleError(f"{where}: manifest format {m.get('format')!r}, this xxgk reads format {FORMAT}")
    where = f"model bundle {m.get('name')!r} ({root})"
    clf = _member(m.get("classifier"), "classifier", CLASSIFIER_KINDS, where)
    neural = _member(m["neural"], "neural", NEURAL_KINDS, where) if m.get("neural") else None
    cal = m.get("calibration") or {}
    if not cal.get("path") or not cal.get("sha256"):
        raise BundleError(f"{where}: the manifest names no calibration (path and sha256)")
    if cal.get("classifier_version") != clf.version:
        raise BundleError(f"{where}: the calibration was fitted for classifier {cal.get('classifier_version')!r}, "
                          f"the bundle's classifier is {clf.version!r}")
    for member in (clf, neural):
        for name, digest in (member.files.items() if member else ()):
            _verify(root, f"{member.path}/{name}", digest, where)
    _verify(root, cal["path"], cal["sha256"], where)
    templates = m.get("templates")
    if not templates or not all(isinstance(t, str) for t in templates):
        raise BundleError(f"{where}: the manifest names no template revisions")
    return Bundle(root=root, name=str(m.get("name")), version=str(m.get("version")), templates=tuple(templates),
                  classifier=clf, calibration_path=cal["path"], calibration_sha256=cal["sha256"],
                  neural=neural, manifest=m)


def load_bundle(path: Path | str | None = None, name: str = BUNDLE_NAME) -> Bundle:
    """The bundle in `path`, or the one extractor.paths finds ($XXGK_MODELS_DIR, the checkout's
    models/default, the installed copy)."""
    if path is None:
        path, looked = find_bundle_dir(name)
        if path is None:
            raise BundleError(f"no model bundle {name!r} found (looked in: {'; '.join(looked)}); "
                              "reinstall xxgk, or point XXGK_MODELS_DIR at a bundle written by `xxgk train`")
    return read_bundle(Path(path))


@lru_cache(maxsize=1)
def default_bundle() -> Bundle:
    """The bundle this process extracts with, found and checked once."""
    return load_bundle()
