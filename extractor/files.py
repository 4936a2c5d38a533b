"""Which files of a folder are reports: the walk `xxgk extract`, `xxgk rank` and the
benchmarks share (explicitly named files are always tried)."""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

# Files a directory walk never treats as reports.
NON_DOCUMENT_SUFFIXES = frozenset(
    """
    .json .jsonl .csv .tsv .py .pyc .pyo .sh .bat .ps1 .toml .ini .cfg .yaml .yml .lock
    .log .css .js .mjs .map .ico .svg .woff .woff2 .ttf .eot .gif .png .jpg .jpeg .webp
    .bmp .zip .gz .bz2 .xz .7z .rar .tar .joblib .pkl .pickle .npz .npy .pt .bin
    .safetensors .db .sqlite .exe .dll .so .dylib .swp .tmp .bak .orig .ds_store
    """.split()
)
NON_DOCUMENT_STEMS = frozenset({"readme", "license", "licence", "changelog", "notice", "authors"})
SKIP_DIRS = frozenset({"__pycache__", "node_modules", "venv"})


def is_document(path: Path) -> bool:
    """Whether a directory walk should treat `path` as a report to extract."""
    name = path.name
    if name.startswith(".") or name.startswith("~$"):
        return False
    low = name.lower()
    if low.endswith(".labels.json"):
        return False
    if path.suffix.lower() in NON_DOCUMENT_SUFFIXES:
        return False
    if path.stem.lower() in NON_DOCUMENT_STEMS:
        return False
    return True


def iter_documents(root: Path, exclude: Iterable[Path] = ()) -> Iterator[Path]:
    """Documents under `root`, recursively, in a stable (sorted) order.

    Hidden files and folders, folders in SKIP_DIRS and anything under `exclude`
    (e.g. the output folder of this very run) are left out.
    """
    excluded = {p.resolve() for p in exclude}
    for dirpath, dirnames, filenames in os.walk(root):
        d = Path(dirpath)
        dirnames[:] = sorted(
            n for n in dirnames
            if not n.startswith(".") and n not in SKIP_DIRS and (d / n).resolve() not in excluded
        )
        for n in sorted(filenames):
            p = d / n
            if p.is_file() and is_document(p):
                yield p


def expand(paths: Iterable[str | Path], exclude: Iterable[Path] = ()) -> list[Path]:
    """Files named, and the documents under folders named (sorted), each once."""
    seen, out = set(), []
    exclude = list(exclude)
    for a in paths:
        p = Path(a)
        for f in (iter_documents(p, exclude) if p.is_dir() else [p]):
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out
