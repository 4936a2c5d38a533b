"""Names that never stop a run: file names shown safely, output names that fit, atomic writes."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

NAME_MAX = 255  # bytes per path component (Linux, most file systems)


def display(path: str | os.PathLike) -> str:
    """A path as text that can be written anywhere (JSON, CSV, a terminal): bytes that are not
    UTF-8 (os.fsdecode keeps them as surrogates) become \\xNN escapes."""
    from ..batch import clean

    return clean(os.fspath(path) if not isinstance(path, bytes) else os.fsdecode(path))


def fit(component: str, suffix: str) -> str:
    """`component + suffix`, shortened with a hash of the whole name when it would be longer
    than NAME_MAX bytes (a legal 255-byte input name plus `.json` would not fit)."""
    name = component + suffix
    raw = os.fsencode(name)
    if len(raw) <= NAME_MAX:
        return name
    digest = hashlib.sha256(raw).hexdigest()[:12]
    keep = NAME_MAX - len(os.fsencode(suffix)) - 13
    head = os.fsencode(component)[:keep]
    while head:  # do not cut a multi-byte character in half
        try:
            head.decode("utf-8")
            break
        except UnicodeDecodeError:
            head = head[:-1]
    return os.fsdecode(head) + "-" + digest + suffix


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, fsync'd and renamed:
    a reader (or a crash) sees the old file or the whole new one, never a partial or 0-byte one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(fit(f".{path.name}", f".{os.getpid()}.tmp"))
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
