"""Upload checks done before anything is parsed: size, emptiness, file name, type.

The type is judged by content (magic bytes), like the loaders do, plus the declared
Content-Type of the part: images, audio, video, archives, executables, spreadsheets
and slide decks are refused with 415; a ZIP container (DOCX, ODT) whose members unpack to
too much (a ZIP bomb) with 413; whatever the loaders then cannot read (a corrupt PDF, an
encrypted DOCX, binary junk) is refused by the caller with 422.
"""
from __future__ import annotations

import io
import zipfile

from fastapi import HTTPException

from .storage import UnsafeName, clean_name

ACCEPTED = "PDF, Word (DOCX, DOC, WPS, RTF, ODT), HTML, Markdown, plain text or a page image (PNG, JPEG, TIFF)"

# page images the loaders read (PNG, JPEG, TIFF: extractor/loaders/image.py, through OCR) are
# not here: `page_image` lets them through by the loaders' own content check
_MAGIC = (
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"OggS", "an audio/video file"),
    (b"fLaC", "an audio file"),
    (b"ID3", "an audio file"),
    (b"SQLite format 3\x00", "a database file"),
    (b"\x00asm", "a WebAssembly module"),
)


MB = 1024 * 1024
# ZIP containers (DOCX, ODT): what their members may unpack to, by the sizes the archive declares
# (Python's zipfile never inflates past them; the DOCX loader has its own, tighter bounds)
MAX_UNPACKED = 128 * MB  # all members together (or twice the upload limit, when that is more)
MAX_RATIO = 100  # unpacked/packed past RATIO_FROM: real reports are ~20, ZIP bombs hundreds and more
RATIO_FROM = 16 * MB
MAX_MEMBERS = 10_000  # a Word document has a few dozen


class ApiError(HTTPException):
    """An HTTPException with a machine-readable error code."""

    def __init__(self, status: int, code: str, message: str, headers: dict | None = None):
        super().__init__(status, message, headers)
        self.code = code


class BodyTooLarge(ApiError):
    """Raised while a body is read, past the limit (an HTTPException, so FastAPI passes it on)."""

    def __init__(self, limit: str):
        super().__init__(413, "too_large", f"request body over the limit: {limit}")


def safe_name(name: str | None, default: str = "upload") -> str:
    try:
        return clean_name(name, default)
    except UnsafeName as e:
        raise ApiError(400, "unsafe_name", str(e)) from e


def refused_type(data: bytes, declared: str | None = None) -> str | None:
    """What the upload is, when it is a kind of file no loader reads; else None."""
    if page_image(data):
        return None
    head = data[:64]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if head[:4] == b"RIFF" and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "a WebP image" if head[8:12] == b"WEBP" else "an audio/video file"
    if head[4:8] == b"ftyp":
        return "an image/video file (ISO media)"
    if head[:2] == b"MZ" and b"PE\x00\x00" in data[:1024]:
        return "a Windows executable"
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        from extractor.loaders import legacy

        if legacy.sniff(data) != "odt" and b"word/" not in data:
            return "a ZIP archive that is not a Word document"
    if head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        from extractor.loaders import legacy

        kind = legacy.sniff(data)
        if kind in ("xls", "ppt"):
            return {"xls": "an Excel workbook", "ppt": "a PowerPoint file"}[kind]
    if declared:
        major = declared.split(";")[0].strip().lower().split("/")[0]
        if major in ("image", "audio", "video", "font", "model"):
            return f"declared as {declared.split(';')[0].strip()}"
    return None


def page_image(data: bytes) -> bool:
    """A picture of a page the loaders read through OCR (their `image` format)."""
    from extractor.loaders import registry

    try:
        return registry.detect(data[:1 << 16]).name == "image"
    except Exception:  # noqa: BLE001 - not an image the loaders know: judged below
        return False


def unpacked_problem(data: bytes, limit: int) -> str | None:
    """Why a ZIP container (DOCX, ODT) unpacks to too much to be read (a ZIP bomb); else None.
    Judged by the sizes in its central directory, without inflating anything."""
    if data[:4] not in (b"PK\x03\x04", b"PK\x05\x06"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except Exception:  # noqa: BLE001 - not a readable ZIP: the loader says why (422)
        return None
    if len(infos) > MAX_MEMBERS:
        return f"a ZIP container of {len(infos)} members (at most {MAX_MEMBERS})"
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    bound = max(MAX_UNPACKED, 2 * limit)
    if total > bound:
        return f"it unpacks to {total / MB:.0f} MB (at most {bound / MB:.0f} MB)"
    if total > RATIO_FROM and total > MAX_RATIO * max(packed, 1):
        return f"it unpacks to {total / MB:.0f} MB from {packed / MB:.2f} MB (compressed over {MAX_RATIO}:1)"
    return None


def check_upload(data: bytes, name: str, limit: int, declared: str | None = None) -> None:
    """Raise ApiError (400 empty, 413 too large or unpacking to too much, 415 wrong type) for an
    upload no parse should see."""
    if len(data) > limit:
        raise ApiError(413, "too_large", f"{name}: larger than the limit of {limit} bytes ({limit // (1024 * 1024)} MB)")
    if not data.strip():
        raise ApiError(400, "empty", f"{name}: the file is empty")
    what = refused_type(data, declared)
    if what:
        raise ApiError(415, "unsupported_type", f"{name}: {what} is not a report; send {ACCEPTED}")
    bomb = unpacked_problem(data, limit)
    if bomb:
        raise ApiError(413, "too_large", f"{name}: {bomb}; refused as a possible ZIP bomb")
