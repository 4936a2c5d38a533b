"""The data directory: source files stored by content hash, job inputs, annotations.

Every path built here comes from a sha256 / job id that was checked to be hex, never
from a request's file name, and is checked once more to lie inside the data directory.

    <data>/xxgk.db                        SQLite database (default)
    <data>/blobs/ab/cd/abcd…              source files, named by their sha256
    <data>/jobs/<job id>/<position>       inputs of a batch job, removed once parsed
    <data>/annotations/review-….json      accepted corrections (training.annotate format)
    <data>/annotations/sources/…          their sources
    <data>/tmp/                           scratch (atomic writes, annotation staging)
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
import uuid
from pathlib import Path

from extractor.loaders import document_suffixes

_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX32 = re.compile(r"[0-9a-f]{32}")
MAX_NAME = 200

# extension for a stored source, from the format the loader found
FORMAT_SUFFIX = {"text": ".txt", "html": ".html", "markdown": ".md", "pdf": ".pdf", "docx": ".docx",
                 "doc": ".doc", "rtf": ".rtf", "odt": ".odt", "wordxml": ".xml", "works": ".wps"}
DOCUMENT_SUFFIXES = document_suffixes()  # the loaders' format registry


class UnsafeName(ValueError):
    """A file name that is a path (separators, '..', control characters)."""


def clean_name(name: str | None, default: str = "upload") -> str:
    """A client's file name, for display and messages only: a plain name or UnsafeName.

    Never used to build a path. Names with a directory part, '..', NUL or other control
    characters are refused rather than silently cut, so a client learns it sent one."""
    if name is None:
        return default
    name = unicodedata.normalize("NFC", str(name)).strip()
    if not name:
        return default
    if "/" in name or "\\" in name or name in (".", "..") or name.startswith(".."):
        raise UnsafeName(f"file name {name[:80]!r} contains a path; send a plain file name")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name):
        raise UnsafeName("file name contains control characters")
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: MAX_NAME - len(ext) - 1] + "." + ext) if dot and len(ext) <= 10 else name[:MAX_NAME]
    return name


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_sha256(s: str) -> bool:
    return isinstance(s, str) and bool(_HEX64.fullmatch(s))  # fullmatch: `$` lets a trailing "\n" through


def is_job_id(s: str) -> bool:
    return isinstance(s, str) and bool(_HEX32.fullmatch(s))


def new_job_id() -> str:
    return uuid.uuid4().hex


class Storage:
    def __init__(self, root: Path):
        self.root = Path(root).expanduser().resolve()
        for d in ("blobs", "jobs", "annotations", "tmp"):
            (self.root / d).mkdir(parents=True, exist_ok=True)

    # --- paths ---------------------------------------------------------------------------
    def _inside(self, p: Path) -> Path:
        p = p.resolve()
        if p != self.root and self.root not in p.parents:
            raise ValueError(f"{p} is outside the data directory")
        return p

    @property
    def annotations(self) -> Path:
        return self.root / "annotations"

    def blob_path(self, digest: str) -> Path:
        if not is_sha256(digest):
            raise ValueError("not a sha256")
        return self._inside(self.root / "blobs" / digest[:2] / digest[2:4] / digest)

    def job_dir(self, job_id: str) -> Path:
        if not is_job_id(job_id):
            raise ValueError("not a job id")
        return self._inside(self.root / "jobs" / job_id)

    def job_input(self, job_id: str, position: int) -> Path:
        return self._inside(self.job_dir(job_id) / str(int(position)))

    # --- writing -------------------------------------------------------------------------
    def _atomic_write(self, target: Path, data: bytes) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root / "tmp", prefix="w-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, target)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def put_blob(self, data: bytes) -> str:
        """Store a source by content; the same bytes twice are one file. Returns the sha256."""
        digest = sha256(data)
        target = self.blob_path(digest)
        if not (target.is_file() and target.stat().st_size == len(data)):
            self._atomic_write(target, data)
        return digest

    def read_blob(self, digest: str) -> bytes:
        return self.blob_path(digest).read_bytes()

    def has_blob(self, digest: str) -> bool:
        return self.blob_path(digest).is_file()

    def put_job_input(self, job_id: str, position: int, data: bytes) -> Path:
        target = self.job_input(job_id, position)
        self._atomic_write(target, data)
        return target

    def drop_job_input(self, job_id: str, position: int) -> None:
        try:
            self.job_input(job_id, position).unlink()
        except FileNotFoundError:
            pass

    def drop_job_dir(self, job_id: str) -> None:
        shutil.rmtree(self.job_dir(job_id), ignore_errors=True)

    def drop_annotation(self, relpath: str) -> None:
        """Remove an annotation written by an accept (and its copy of the source): an undone
        accept leaves nothing for training."""
        import json

        path = self._inside(self.root / relpath)
        if not str(path).startswith(str(self.annotations) + "/") or not path.is_file():
            return
        try:
            src = json.loads(path.read_text(encoding="utf-8")).get("source")
        except (OSError, ValueError):
            src = None
        if isinstance(src, str) and src:
            source = self._inside(self.annotations / src)
            if str(source).startswith(str(self.annotations) + "/"):
                source.unlink(missing_ok=True)
        path.unlink(missing_ok=True)

    def staging_dir(self) -> Path:
        """A fresh scratch folder inside the data dir (the caller removes it)."""
        return Path(tempfile.mkdtemp(dir=self.root / "tmp", prefix="s-"))
