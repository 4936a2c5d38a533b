"""The model bundle (extractor.bundle): the shipped one is complete and consistent; a bundle with
a file missing, changed, or a calibration of another classifier is a clear BundleError, never a
silent fall back to the rules; XXGK_MODELS_DIR picks the bundle; training writes manifests and
never overwrites the shipped bundle unasked (training.bundle)."""
import json
import shutil
from pathlib import Path

import pytest

from extractor import blockmodel, bundle, classify, confidence
from extractor.bundle import BundleError, load_bundle, read_bundle, sha256_file
from extractor.paths import SHIPPED_BUNDLE_DIR

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "005.txt"


def _clear_caches():
    for f in (bundle.default_bundle, classify.default_classifier, classify._neural_classifier,
              confidence.calibration_file, confidence.default_calibration, confidence.document_calibration):
        f.cache_clear()


@pytest.fixture
def fresh(monkeypatch):
    """Caches of the bundle in use emptied before and after: the test may point at another one."""
    monkeypatch.delenv("XXGK_MODELS_DIR", raising=False)
    _clear_caches()
    yield monkeypatch
    monkeypatch.undo()
    _clear_caches()


@pytest.fixture
def copy(tmp_path) -> Path:
    dst = tmp_path / "models" / "default"
    shutil.copytree(SHIPPED_BUNDLE_DIR, dst)
    return dst


def _manifest(root: Path) -> dict:
    return json.loads((root / "manifest.json").read_text())


def test_the_shipped_bundle_is_complete_and_consistent():
    b = read_bundle(SHIPPED_BUNDLE_DIR)
    m = _manifest(SHIPPED_BUNDLE_DIR)
    assert b.name == "default" and b.templates == ("2019", "2021")
    for member in ("classifier", "neural"):
        files = m[member]["files"]
        assert files, member
        for name, digest in files.items():
            assert sha256_file(SHIPPED_BUNDLE_DIR / m[member]["path"] / name) == digest
    assert sha256_file(SHIPPED_BUNDLE_DIR / "calibration.json") == m["calibration"]["sha256"]
    meta = json.loads((SHIPPED_BUNDLE_DIR / "block-classifier" / "meta.json").read_text())
    cal = json.loads((SHIPPED_BUNDLE_DIR / "calibration.json").read_text())
    assert meta["version"] == b.classifier.version == cal["classifier"] == m["calibration"]["classifier_version"]
    assert blockmodel.load_default(b).version == b.classifier.version
    assert (SHIPPED_BUNDLE_DIR / "block-classifier" / "MODEL_CARD.md").exists()


@pytest.mark.parametrize("missing", ["block-classifier/weights.npz", "block-classifier/meta.json",
                                     "calibration.json", "block-neural/config.json", "manifest.json"])
def test_a_missing_file_is_a_clear_error(copy, missing):
    (copy / missing).unlink()
    with pytest.raises(BundleError) as e:
        read_bundle(copy)
    assert str(copy) in str(e.value)
    assert (missing if missing != "manifest.json" else "no manifest.json") in str(e.value)


def test_a_changed_file_is_a_clear_error(copy):
    with open(copy / "block-classifier" / "weights.npz", "ab") as f:
        f.write(b"\0")
    with pytest.raises(BundleError, match=r"block-classifier/weights.npz does not match the manifest"):
        read_bundle(copy)


def test_a_calibration_fitted_for_another_classifier_is_an_error(copy):
    cal = json.loads((copy / "calibration.json").read_text())
    cal["classifier"] = "blocks-lr-seed8-20270101"
    (copy / "calibration.json").write_text(json.dumps(cal))
    m = _manifest(copy)
    m["calibration"]["sha256"] = sha256_file(copy / "calibration.json")  # the files agree with the manifest
    (copy / "manifest.json").write_text(json.dumps(m))
    b = read_bundle(copy)
    with pytest.raises(BundleError, match="fitted for classifier 'blocks-lr-seed8-20270101'"):
        b.read_calibration()
    m["calibration"]["classifier_version"] = "blocks-lr-seed8-20270101"  # the manifest says so too
    (copy / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(BundleError, match="calibration was fitted for classifier 'blocks-lr-seed8-20270101'"):
        read_bundle(copy)
    from training.bundle import write_manifest

    with pytest.raises(ValueError, match="fitted for classifier"):  # nor can one be written
        write_manifest(copy)


def test_a_classifier_of_another_version_than_the_manifest_says_is_an_error(copy):
    m = _manifest(copy)
    m["classifier"]["version"] = m["calibration"]["classifier_version"] = "blocks-lr-other"
    (copy / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(BundleError, match="version 'blocks-lr-seed7"):
        blockmodel.load_default(read_bundle(copy))


def test_models_dir_variable_picks_the_bundle(fresh, copy):
    from training.bundle import write_manifest

    write_manifest(copy, name="copy", version="9.9")
    for env in (copy, copy.parent):  # the bundle itself, or a folder of bundles holding default/
        fresh.setenv("XXGK_MODELS_DIR", str(env))
        b = load_bundle()
        assert (b.root, b.name, b.version) == (copy, "copy", "9.9")
    fresh.setenv("XXGK_MODELS_DIR", str(copy.parent / "nowhere"))
    with pytest.raises(BundleError, match="nowhere"):  # a wrong path fails; the shipped one is not taken
        load_bundle()


def test_the_default_classifier_is_never_the_rules_in_silence(fresh, copy):
    from extractor.pipeline import extract_file

    version = _manifest(SHIPPED_BUNDLE_DIR)["classifier"]["version"]
    clf = classify.named_classifier("default")
    assert isinstance(clf, blockmodel.BlockClassifier) and clf.version == version
    assert extract_file(SAMPLE)["model"] == version

    (copy / "block-classifier" / "weights.npz").unlink()
    fresh.setenv("XXGK_MODELS_DIR", str(copy))
    _clear_caches()
    for name in (None, "default"):
        with pytest.raises(BundleError, match="weights.npz is missing"):
            classify.named_classifier(name)
    with pytest.raises(BundleError):
        extract_file(SAMPLE)
    assert isinstance(classify.named_classifier("rules"), classify.RuleClassifier)  # only when asked by name


def test_write_manifest_hashes_what_is_there(copy):
    from training.bundle import write_manifest

    shutil.rmtree(copy / "block-neural")  # a bundle `xxgk train` writes has no neural model
    (copy / "manifest.json").unlink()
    m = write_manifest(copy, name="new", version="1", templates=["2019", "2021"], training={"seed": 3})
    assert "neural" not in m and m["training"] == {"seed": 3} and m["format"] == bundle.FORMAT
    assert m["classifier"]["files"]["weights.npz"] == sha256_file(copy / "block-classifier" / "weights.npz")
    b = read_bundle(copy)
    assert b.neural is None and b.classifier.version == json.loads(
        (copy / "calibration.json").read_text())["classifier"]
    # a changed file, then the manifest rewritten: consistent again, name and history kept
    with open(copy / "block-classifier" / "weights.npz", "ab") as f:
        f.write(b"\0")
    with pytest.raises(BundleError):
        read_bundle(copy)
    m2 = write_manifest(copy)
    assert (m2["name"], m2["version"], m2["training"]) == ("new", "1", {"seed": 3}) and "updated" in m2
    read_bundle(copy)


def test_training_never_overwrites_the_shipped_bundle_unasked(tmp_path, monkeypatch):
    from training.bundle import output_dir
    from training.train import main as train

    for out in (SHIPPED_BUNDLE_DIR, SHIPPED_BUNDLE_DIR / "block-classifier", SHIPPED_BUNDLE_DIR.parent):
        with pytest.raises(ValueError):
            output_dir(out)
        with pytest.raises(SystemExit) as e:  # refused before any training
            train(["--out", str(out)])
        assert e.value.code == 2
    assert output_dir(None, replace_shipped=True) == SHIPPED_BUNDLE_DIR
    with pytest.raises(ValueError):
        output_dir(tmp_path / "x", replace_shipped=True)
    monkeypatch.chdir(tmp_path)
    assert output_dir(None).parent == Path("xxgk-models")  # a new folder by default
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "manifest.json").write_text("{}")
    with pytest.raises(ValueError, match="--force"):
        output_dir(tmp_path / "old")
    assert output_dir(tmp_path / "old", force=True) == tmp_path / "old"
    assert output_dir(SHIPPED_BUNDLE_DIR.parent / "mine") == SHIPPED_BUNDLE_DIR.parent / "mine"


def test_a_bundle_without_a_neural_model_says_so(fresh, copy):
    from extractor import neural

    if not neural.available():
        pytest.skip("torch/transformers not installed")
    from training.bundle import write_manifest

    shutil.rmtree(copy / "block-neural")
    write_manifest(copy)
    fresh.setenv("XXGK_MODELS_DIR", str(copy))
    assert neural.load_default() is None
    with pytest.raises(classify.ClassifierUnavailable, match="has no neural block model"):
        classify.named_classifier("ensemble")


def test_train_writes_a_complete_bundle_where_asked(tmp_path, monkeypatch, capsys):
    """`xxgk train --out DIR` end to end on a tiny training set (the real recipe takes minutes)."""
    import training.train as tr

    pool = tr.build_docs(7, 0, layouts=("html",))[:6]
    real_reports = tr.rendered_reports
    monkeypatch.setattr(tr, "build_docs", lambda seed, n, **kw: list(pool) if n else [])
    monkeypatch.setattr(tr, "rendered_reports", lambda seed, n, prefix: real_reports(seed, 2, prefix))
    out = tmp_path / "mine"
    assert tr.main(["--quick", "--seed", "3", "--out", str(out)]) == 0
    assert f"wrote the model bundle {out}" in capsys.readouterr().out
    b = read_bundle(out)
    model = blockmodel.load_default(b)
    assert b.name == "mine" and b.neural is None and model.version.startswith("blocks-lr-seed3-")
    assert b.read_calibration()["classifier"] == model.version and b.templates == ("2019", "2021")
    assert b.manifest["training"]["seed"] == 3 and (out / "block-classifier" / "MODEL_CARD.md").exists()
    with pytest.raises(SystemExit):  # the same folder again: only with --force
        tr.main(["--quick", "--out", str(out)])


def test_training_names_the_commit_that_rebuilds_the_model():
    """A model is rebuilt only by the code that read its training data: the manifest names it."""
    import subprocess

    from training.train import _source_commit

    root = Path(__file__).resolve().parents[1]
    head = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True)
    if head.returncode != 0:
        pytest.skip("not a git checkout")
    got = _source_commit()
    assert got is not None and got.removesuffix("-dirty") == head.stdout.strip()


def test_training_names_the_commit_it_started_from_before_writing_the_bundle(monkeypatch, tmp_path):
    """`xxgk train --replace-shipped` writes models/default inside the checkout: the commit is taken
    before anything is written, or every shipped model would name a '-dirty' checkout."""
    from training import train as tr

    calls = []

    class Started(Exception):
        pass

    def build_docs(*a, **k):
        raise Started

    monkeypatch.setattr(tr, "_source_commit", lambda: calls.append("commit") or "abc")
    monkeypatch.setattr(tr, "build_docs", build_docs)
    with pytest.raises(Started):
        tr.main(["--quick", "--out", str(tmp_path / "b")])
    assert calls == ["commit"]


def test_shipped_manifest_names_the_commit_that_rebuilds_it():
    """The shipped model is rebuilt by `xxgk train --seed 7` only at the code that read its training
    data (4cdb217, verified in the model card's "Session 25" note): the manifest says which."""
    import re
    import subprocess

    training = json.loads((SHIPPED_BUNDLE_DIR / "manifest.json").read_text(encoding="utf-8"))["training"]
    commit = training.get("commit") or ""
    assert re.fullmatch(r"[0-9a-f]{40}", commit) and training["seed"] == 7
    root = Path(__file__).resolve().parents[1]
    got = subprocess.run(["git", "-C", str(root), "cat-file", "-t", commit], capture_output=True, text=True)
    if got.returncode != 0 and "not a git repository" in got.stderr:
        pytest.skip("not a git checkout")
    shallow = subprocess.run(["git", "-C", str(root), "rev-parse", "--is-shallow-repository"],
                             capture_output=True, text=True).stdout.strip() == "true"
    if got.returncode != 0 and shallow:
        pytest.skip("a shallow clone (CI) does not hold the history")
    assert got.stdout.strip() == "commit"
