"""The wheel carries the model bundle: built from this checkout, installed (not editable) into a
fresh venv, `xxgk extract` run from a folder outside the checkout reports the bundle's learned
classifier, read from the installed copy, never the rules.

The fresh venv borrows the test environment's dependencies (a .pth line naming its
site-packages: a plain path entry, so that environment's own xxgk, an editable finder, is not
activated) and gets xxgk itself only from the wheel. Nothing is downloaded: the wheel is built
without build isolation and installed with --no-index --no-deps. Needs setuptools and pip here;
without them it skips, except under XXGK_CI=1 (.ci/run), where it fails.
"""
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CI = os.environ.get("XXGK_CI") == "1"
SAMPLE = ROOT / "samples" / "005.txt"
# what the wheel is built from (pyproject.toml's packages, readme and data-files)
SOURCES = ("pyproject.toml", "README.md", "extractor", "training", "service", "models")


def _run(cmd, **kw) -> subprocess.CompletedProcess:
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300, **kw)
    assert r.returncode == 0, f"{' '.join(map(str, cmd))}\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}"
    return r


def test_wheel_install_extracts_with_the_bundled_classifier(tmp_path):
    missing = [m for m in ("setuptools", "pip") if importlib.util.find_spec(m) is None]
    if missing:
        if CI:
            pytest.fail(f"{', '.join(missing)} missing: cannot build and install the wheel")
        pytest.skip(f"{', '.join(missing)} missing")
    manifest = json.loads((ROOT / "models" / "default" / "manifest.json").read_text())
    learned = manifest["classifier"]["version"]

    # 1. the wheel, built from a copy (a build/ folder left in the checkout can leak stale files)
    src = tmp_path / "src"
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SOURCES:
        p = ROOT / name
        (shutil.copytree(p, src / name, ignore=ignore) if p.is_dir() else shutil.copy2(p, src / name))
    _run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation",
          "--no-index", "-w", str(tmp_path / "wheels"), "-q"])
    (wheel,) = (tmp_path / "wheels").glob("xxgk-*.whl")

    # 2. a fresh venv that has the dependencies but not the checkout
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    py = venv / "bin" / "python"
    site = Path(_run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    deps = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (site / "_test_deps.pth").write_text("".join(f"{p}\n" for p in deps))
    _run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index", "-q", str(wheel)])

    # 3. run it from outside the checkout, with nothing pointing back at it
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "XXGK_MODELS_DIR", "XXGK_CLASSIFIER")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    code = ("import json, extractor, extractor.pipeline; from extractor.bundle import default_bundle; "
            "print(json.dumps([list(extractor.__path__), extractor.pipeline.__file__, str(default_bundle().root)]))")
    paths, pipeline, bundle = json.loads(_run([str(py), "-c", code], cwd=work, env=env).stdout)
    site = site.resolve()
    assert [Path(p).resolve() for p in paths] == [site / "extractor"], paths  # the installed package only
    assert Path(pipeline).resolve().is_relative_to(site), pipeline
    assert Path(bundle).resolve() == venv.resolve() / "share" / "xxgk" / "models" / "default", bundle
    _run([str(venv / "bin" / "xxgk"), "extract", str(SAMPLE), "--out", str(work / "out"), "-q"], cwd=work, env=env)
    out = json.loads((work / "out" / f"{SAMPLE.stem}.json").read_text())
    assert out["model"] == learned  # the learned classifier, not "rules-1"
    assert out["fields"] and out["template"] in manifest["templates"]
