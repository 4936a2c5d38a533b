"""Where the tests find the real reports: tests/data/corpus/, public annual reports copied
into the repository (tests/data/README.md says where each comes from), so that a clone runs
the whole suite on its own.

    seeds/      five reports with their labels (<stem>.labels.json)
    real/       thirteen reports as found in the wild, five labelled; index.tsv gives sources
    real-pdf/   three WPS-exported PDFs; index.tsv gives sources

Tests import it as `from corpus import ...` (pytest puts tests/ on sys.path).
"""
from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
CORPUS = DATA / "corpus"
SEEDS = CORPUS / "seeds"
REAL = CORPUS / "real"
REAL_PDF = CORPUS / "real-pdf"
SETS = ("seeds", "real", "real-pdf")
GOLDEN = DATA / "golden"  # tests/test_golden.py: one snapshot per corpus document

_NOT_DOCUMENTS = ("index.tsv",)


def documents(set_name: str | None = None) -> list[Path]:
    """Every report of one set (or of all three), sorted; labels and index.tsv left out."""
    sets = [set_name] if set_name else SETS
    return [p for s in sets for p in sorted((CORPUS / s).iterdir())
            if p.is_file() and not p.name.endswith(".labels.json") and p.name not in _NOT_DOCUMENTS]


def labels_path(doc: Path) -> Path:
    return doc.with_name(doc.name.rsplit(".", 1)[0] + ".labels.json")


def labels(doc: Path) -> dict | None:
    """The labels of a report (template, year, agency, notes, ambiguous, fields), or None."""
    p = labels_path(doc)
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else None


def label_fields(path: Path) -> dict:
    """The fields of a labels file (`<stem>.labels.json`: {key: value, money as {"yuan": ...}})."""
    return json.loads(path.read_text(encoding="utf-8"))["fields"]


def plain(v):
    """A labelled or output value as tests compare it strictly: money by its yuan, a blank None."""
    return v.get("yuan") if isinstance(v, dict) else v


def wrong_counts(want: dict, got: dict, prefix: str = "") -> list[str]:
    """Labelled count keys under `prefix` (money left out) whose output value differs, blank = 0.
    `want`: a labels file's fields; `got`: an output's fields (every labelled key present)."""
    return [k for k, v in want.items() if k.startswith(prefix) and not isinstance(v, dict)
            and (got[k]["value"] or 0) != (v or 0)]


def wrong_keys(want: dict, got: dict) -> list[str]:
    """Labelled keys whose output value differs (lenient: blank = 0; money by its yuan).
    `want`: a labels file's fields; `got`: an output's fields."""
    def lenient(v):
        return plain(v) if isinstance(v, dict) else (v or 0)
    return [k for k, v in want.items() if lenient((got.get(k) or {}).get("value")) != lenient(v)]


def extract_against(path: Path, labels_file: Path) -> tuple[list[str], dict]:
    """A saved document extracted and compared with a labels file: (wrong keys, review)."""
    from extractor.pipeline import extract_bytes

    truth = label_fields(labels_file)
    out = extract_bytes(path.read_bytes(), path.name)
    return wrong_keys(truth, out["fields"]), out["review"]


def wrong_values(path: Path, labels_file: Path, prefix: str = "") -> dict[str, tuple]:
    """A saved document extracted and compared strictly with a labels file (blank != 0; money by
    its yuan): {key: (read, labelled, confidence)} of the keys under `prefix` read otherwise."""
    from extractor.pipeline import extract_bytes

    want = label_fields(labels_file)
    got = extract_bytes(path.read_bytes(), path.name)["fields"]
    return {k: (plain(got[k]["value"]), plain(v), got[k]["confidence"]) for k, v in want.items()
            if k.startswith(prefix) and plain(got[k]["value"]) != plain(v)}


def retab_rows(text: str) -> list[list[str]]:
    """Space-aligned text as the aligned-text reader lays it out: its tab rows' cells."""
    from extractor.loaders import aligned
    from extractor.loaders.text import _aligned_line
    out, _ = aligned.retab(text, _aligned_line)
    return [ln.split("\t") for ln in out.split("\n") if "\t" in ln]
