"""Which files of a folder are reports: the walk `xxgk extract`, `xxgk rank` and the
benchmarks share (explicitly named files are always tried)."""
from __future__ import annotations

import errno
import os
import stat
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
    (e.g. the output folder of this very run) are left out; so are the entries `walk`
    reports as problems (see there).
    """
    for p, problem in walk(root, exclude):
        if problem is None:
            yield p


def problem_of(path: Path, st: os.stat_result | None = None) -> str | None:
    """Why `path` cannot be read as a document (None when it is a regular file)."""
    if st is None:
        try:
            st = os.stat(path)
        except OSError as e:
            return _why(e, "file")
    if stat.S_ISREG(st.st_mode):
        return None
    if stat.S_ISDIR(st.st_mode):
        return "a folder"
    kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(st.st_mode) else "a character device" if stat.S_ISCHR(st.st_mode)
            else "a block device" if stat.S_ISBLK(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode)
            else "not a regular file")
    return f"not a regular file: {kind} (never read, it could block or never end)"


def _why(e: OSError, what: str) -> str:
    if e.errno == errno.ELOOP:
        return f"the {what} is a symbolic link loop"
    if e.errno == errno.ENOENT:
        return f"the {what} is a dangling symbolic link or was removed"
    if e.errno in (errno.EACCES, errno.EPERM):
        return f"the {what} cannot be read: permission denied"
    return f"the {what} cannot be read: {e.strerror or e}"


def walk(root: Path, exclude: Iterable[Path] = ()) -> Iterator[tuple[Path, str | None]]:
    """(path, problem) for every candidate document under `root`, sorted: problem is None for a
    regular file to extract, else why it cannot be read — an unreadable folder, a symbolic
    link loop, a dangling link, a FIFO or device, a link to a folder (not followed: name the
    folder itself). Nothing is skipped silently except what `is_document` and the hidden /
    SKIP_DIRS / `exclude` rules leave out on purpose."""
    excluded = {p.resolve() for p in exclude}
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        while errors:  # a folder os.walk could not list (reported where it was met)
            e = errors.pop()
            yield Path(e.filename or dirpath), _why(e, "folder")
        d = Path(dirpath)
        keep = []
        for n in sorted(dirnames):
            if n.startswith(".") or n in SKIP_DIRS or (d / n).resolve() in excluded:
                continue
            if (d / n).is_symlink():
                yield d / n, "a symbolic link to a folder: not followed (name the folder itself)"
                continue
            keep.append(n)
        dirnames[:] = keep
        for n in sorted(filenames):
            p = d / n
            if not is_document(p):
                continue
            yield p, problem_of(p)
    while errors:  # the root itself could not be listed
        e = errors.pop()
        yield Path(e.filename or root), _why(e, "folder")


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
